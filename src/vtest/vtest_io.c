/* placeholder: being written */
typedef int gv_placeholder_vtest_vtest_io_c;
