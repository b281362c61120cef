# Script-level tests, included from tests/CMakeLists.txt:
#   script.AREA.NAME   tests/scripts/AREA/NAME.mp under minipy vs recorded CPython output
#   example.NAME       examples/NAME.mp vs tests/examples/NAME.out
#   python3.crosscheck every script and example under CPython 3.11 vs the same
#                      recordings, so the expectations can never drift from CPython
#   robust.CASE        huge/deep generated inputs: no crash, a clean result or error
#   cli.CASE           the command line: -c, stdin, argv, -h, --version, exit statuses
#   bench.smoke        every benchmark workload once at a small size, minipy vs CPython
# Expectations are recorded with tests/scripts/regen.sh, never written by hand.

set(MP_RUN_SCRIPT sh ${CMAKE_CURRENT_SOURCE_DIR}/run_script.sh)
set(MP_EXE $<TARGET_FILE:minipy>)

function(mp_add_test name labels)
  add_test(NAME ${name} COMMAND ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "${labels};${MP_BUILD_LABEL}" TIMEOUT 120)
endfunction()

file(GLOB MP_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scripts/*/*.mp)
foreach(mp ${MP_SCRIPTS})
  get_filename_component(dir ${mp} DIRECTORY)
  get_filename_component(area ${dir} NAME)
  get_filename_component(name ${mp} NAME_WE)
  mp_add_test(script.${area}.${name} script ${MP_RUN_SCRIPT} check ${MP_EXE} ${mp})
endforeach()

file(GLOB MP_EXAMPLES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/*.mp)
foreach(mp ${MP_EXAMPLES})
  get_filename_component(name ${mp} NAME_WE)
  mp_add_test(example.${name} example ${MP_RUN_SCRIPT} check ${MP_EXE} ${mp})
endforeach()

foreach(case neg_chain plus_chain list_literal nested_parens nested_brackets
             nested_calls long_string long_line many_lines deep_blocks)
  mp_add_test(robust.${case} robust sh ${CMAKE_CURRENT_SOURCE_DIR}/run_robust.sh ${MP_EXE} ${case})
endforeach()

foreach(case c_flag argv stdin_dash stdin_pipe help version usage_error missing_file
             exit_status syntax_status)
  mp_add_test(cli.${case} cli sh ${CMAKE_CURRENT_SOURCE_DIR}/run_cli.sh ${MP_EXE} ${case})
endforeach()

# CPython 3.11 is the reference: a different version words some messages
# differently, so only 3.11 may judge the recordings.
find_package(Python3 3.11...<3.12 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME python3.crosscheck
           COMMAND ${MP_RUN_SCRIPT} all ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR})
  set_tests_properties(python3.crosscheck PROPERTIES LABELS python3 TIMEOUT 300)
  mp_add_test(bench.smoke bench ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/run.py
              --smoke --minipy ${MP_EXE} --python ${Python3_EXECUTABLE})
else()
  message(STATUS "CPython 3.11 not found: python3.crosscheck and bench.smoke are disabled")
  foreach(t python3.crosscheck bench.smoke)
    add_test(NAME ${t} COMMAND false)
    set_tests_properties(${t} PROPERTIES DISABLED TRUE)
  endforeach()
endif()
