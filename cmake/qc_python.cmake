# Python module detection (QC_BUILD_PYTHON). AUTO builds the module when the
# Python 3 headers (python3-dev) and pybind11 (pybind11-dev) are found; ON
# without them is an error. The interpreter is Debian's /usr/bin/python3 when
# it exists (override with -DPython3_EXECUTABLE=...), so the module matches
# the Python that has numpy, pandas and scikit-learn.
set(QC_HAVE_PYTHON OFF)
string(TOUPPER "${QC_BUILD_PYTHON}" _qc_python_mode)
if(_qc_python_mode STREQUAL "OFF")
  message(STATUS "qclass: Python module disabled (QC_BUILD_PYTHON=OFF)")
elseif(_qc_python_mode STREQUAL "AUTO" OR _qc_python_mode STREQUAL "ON")
  if(NOT Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python 3 interpreter")
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  if(Python3_Development.Module_FOUND)
    set(PYBIND11_FINDPYTHON ON)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_Development.Module_FOUND AND pybind11_FOUND)
    set(QC_HAVE_PYTHON ON)
    message(STATUS "qclass: Python module enabled (${Python3_EXECUTABLE}, pybind11 ${pybind11_VERSION})")
  elseif(_qc_python_mode STREQUAL "ON")
    message(FATAL_ERROR
      "qclass: QC_BUILD_PYTHON=ON but the Python 3 headers or pybind11 were not found. "
      "Install python3-dev and pybind11-dev, or configure with QC_BUILD_PYTHON=AUTO or OFF.")
  else()
    message(STATUS "qclass: no Python 3 headers or pybind11; the Python module is not built")
  endif()
else()
  message(FATAL_ERROR "qclass: QC_BUILD_PYTHON must be AUTO, ON or OFF (got '${QC_BUILD_PYTHON}')")
endif()
