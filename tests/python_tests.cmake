# The Python module's pytest suite (python/tests), with Debian's python3,
# against the qclass CLI of this build. Skipped (exit 77) when the module is
# not built or pytest, pandas, scipy or scikit-learn are missing.
if(QC_HAVE_PYTHON)
  set(_qc_py ${Python3_EXECUTABLE})
  add_test(NAME python_tests
    COMMAND sh -c "${_qc_py} -c 'import pytest, pandas, scipy, sklearn' 2>/dev/null || { echo 'python_tests skipped: needs python3-pytest, python3-pandas, python3-scipy, python3-sklearn'; exit 77; }; exec ${_qc_py} -m pytest -q -p no:cacheprovider ${PROJECT_SOURCE_DIR}/python/tests")
  set_tests_properties(python_tests PROPERTIES
    ENVIRONMENT "PYTHONPATH=${PROJECT_BINARY_DIR}/python;QCLASS_EXE=$<TARGET_FILE:qclass>;PYTHONDONTWRITEBYTECODE=1"
    LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 1200)
else()
  add_test(NAME python_tests
    COMMAND sh -c "echo 'python_tests skipped: the Python module is not built (QC_BUILD_PYTHON; needs python3-dev and pybind11-dev)'; exit 77")
  set_tests_properties(python_tests PROPERTIES LABELS integration SKIP_RETURN_CODE 77)
endif()
