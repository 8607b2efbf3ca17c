# qc_add_test(NAME SOURCES... LABELS ...): one GoogleTest binary, tests discovered for CTest.
include(GoogleTest)
function(qc_add_test name)
  cmake_parse_arguments(A "" "" "SOURCES;LABELS;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE qc_host qc_flags GTest::gtest GTest::gtest_main ${A_LIBS})
  target_compile_definitions(${name} PRIVATE
    QC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" QC_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  gtest_discover_tests(${name} PROPERTIES LABELS "${A_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
