# qc_add_test(NAME SOURCES... LABELS ...): one GoogleTest binary, tests discovered for CTest.
include(GoogleTest)

# QC_SOURCE_DIR and QC_TEST_DATA_DIR, found at run time (qc_source_root.hpp):
# $QC_SOURCE_DIR, else relative to the program, else this source folder.
function(qc_find_data_at_run_time target)
  target_compile_definitions(${target} PRIVATE QC_CONFIGURED_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-include ${PROJECT_SOURCE_DIR}/cmake/qc_source_root.hpp>")
endfunction()
# A test program's own code at -O1 in Release builds (QC_TEST_CODE_O1): the
# library under test keeps the build type's flags; what -O3 would buy a
# test's assertions is not worth the 40% longer compile of every test.
function(qc_test_code_optimization target)
  if(QC_TEST_CODE_O1)
    target_compile_options(${target} PRIVATE "$<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CONFIG:Release>>:-O1>")
  endif()
endfunction()
function(qc_add_test name)
  cmake_parse_arguments(A "" "" "SOURCES;LABELS;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  # A test of several files compiles as one unit: gtest's headers are parsed once.
  set_target_properties(${name} PROPERTIES UNITY_BUILD ${QC_UNITY_BUILD} UNITY_BUILD_BATCH_SIZE 0)
  target_link_libraries(${name} PRIVATE qc_host qc_flags GTest::gtest GTest::gtest_main ${A_LIBS})
  qc_test_code_optimization(${name})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  qc_find_data_at_run_time(${name})
  gtest_discover_tests(${name} PROPERTIES LABELS "${A_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
