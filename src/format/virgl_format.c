/* placeholder: being written */
typedef int gv_placeholder_format_virgl_format_c;
