# CUDA detection. AUTO enables CUDA only if a CUDA compiler is found; a machine
# without any toolkit configures fine. ON without a toolkit is an error.
include(CheckLanguage)
set(QC_HAVE_CUDA OFF)
string(TOUPPER "${QC_ENABLE_CUDA}" _qc_cuda_mode)
if(_qc_cuda_mode STREQUAL "OFF")
  message(STATUS "qclass: CUDA backend disabled (QC_ENABLE_CUDA=OFF)")
elseif(_qc_cuda_mode STREQUAL "AUTO" OR _qc_cuda_mode STREQUAL "ON")
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Default GPU architectures, in this one place: sm_90 (H100/H200).
    # Override with -DCMAKE_CUDA_ARCHITECTURES=... on the command line.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 90)
    endif()
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(QC_HAVE_CUDA ON)
    message(STATUS "qclass: CUDA backend enabled (${CMAKE_CUDA_COMPILER}, archs ${CMAKE_CUDA_ARCHITECTURES})")
  elseif(_qc_cuda_mode STREQUAL "ON")
    message(FATAL_ERROR
      "qclass: QC_ENABLE_CUDA=ON but no CUDA compiler was found. Install the CUDA toolkit "
      "and put nvcc on PATH (or set CMAKE_CUDA_COMPILER), or configure with QC_ENABLE_CUDA=AUTO or OFF.")
  else()
    message(STATUS "qclass: no CUDA compiler found; building the CPU backends only")
  endif()
else()
  message(FATAL_ERROR "qclass: QC_ENABLE_CUDA must be AUTO, ON or OFF (got '${QC_ENABLE_CUDA}')")
endif()
