/* placeholder: being written */
typedef int gv_placeholder_gl_gl_format_c;
