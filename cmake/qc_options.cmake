# User-facing build options, all in one place.
set(QC_ENABLE_CUDA AUTO CACHE STRING "Build the CUDA backend: AUTO (if a CUDA compiler is found), ON, OFF")
set_property(CACHE QC_ENABLE_CUDA PROPERTY STRINGS AUTO ON OFF)
option(QC_BUILD_TESTS "Build the GoogleTest suites" ON)
option(QC_BUILD_BENCH "Build the Google Benchmark programs" ON)
option(QC_WERROR "Treat compiler warnings as errors" OFF)
option(QC_TEST_CODE_O1 "Compile the test programs' own code at -O1 in Release builds (the library they test keeps -O3): a clean build about a ninth shorter" ON)
option(QC_UNITY_BUILD "Compile the CLI, the host library, the Python module and multi-file tests a few files per unit (about half the time of a clean build; OFF for quicker rebuilds of one file)" ON)
set(QC_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
option(QC_FUZZ "Build the libFuzzer targets in fuzz/ (clang only; implies address,undefined unless QC_SANITIZE says otherwise)" OFF)
set(QC_WORDNET_DIR "/usr/share/wordnet" CACHE PATH "Default WordNet 3.0 dictionary folder (overridable at run time)")
set(QC_BUILD_PYTHON AUTO CACHE STRING
    "Build the Python module (python/): AUTO (if Python 3 headers and pybind11 are found), ON, OFF")
set_property(CACHE QC_BUILD_PYTHON PROPERTY STRINGS AUTO ON OFF)
