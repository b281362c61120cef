/*
 * check_main.h — the shared main() of the Check unit-test programs.
 * Each tests/unit/test_<name>.c builds one Suite and ends with
 *     MP_CHECK_MAIN(make_suite)          -- runtime initialised first
 * or  MP_CHECK_MAIN_BARE(make_suite)     -- no runtime (lexer/parser tests)
 * Check's fork mode gives every test a fresh copy of the initialised
 * process; run with CK_FORK=no under gdb or valgrind.
 */
#ifndef MP_CHECK_MAIN_H
#define MP_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#define MP_CHECK_RUN_(make_suite)                                              \
    SRunner *sr = srunner_create(make_suite());                                \
    srunner_run_all(sr, CK_ENV);                                               \
    int failed = srunner_ntests_failed(sr);                                    \
    srunner_free(sr);                                                          \
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;

#define MP_CHECK_MAIN_BARE(make_suite)                                         \
    int main(void) { MP_CHECK_RUN_(make_suite) }

#include "runtime/object.h"
#define MP_CHECK_MAIN(make_suite)                                              \
    int main(void) {                                                           \
        static char *argv0[] = {"unit-test", NULL};                            \
        mp_runtime_init(1, argv0);                                             \
        MP_CHECK_RUN_(make_suite)                                              \
    }

#endif /* MP_CHECK_MAIN_H */
