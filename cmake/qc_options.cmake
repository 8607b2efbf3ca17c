# User-facing build options, all in one place.
set(QC_ENABLE_CUDA AUTO CACHE STRING "Build the CUDA backend: AUTO (if a CUDA compiler is found), ON, OFF")
set_property(CACHE QC_ENABLE_CUDA PROPERTY STRINGS AUTO ON OFF)
option(QC_BUILD_TESTS "Build the GoogleTest suites" ON)
option(QC_BUILD_BENCH "Build the Google Benchmark programs" ON)
option(QC_WERROR "Treat compiler warnings as errors" OFF)
set(QC_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
set(QC_WORDNET_DIR "/usr/share/wordnet" CACHE PATH "Default WordNet 3.0 dictionary folder (overridable at run time)")
set(QC_BUILD_PYTHON AUTO CACHE STRING
    "Build the Python module (python/): AUTO (if Python 3 headers and pybind11 are found), ON, OFF")
set_property(CACHE QC_BUILD_PYTHON PROPERTY STRINGS AUTO ON OFF)
