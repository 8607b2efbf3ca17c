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
    # Default GPU architectures, in this one place (the README's GPU section
    # points here): machine code for sm_80 (A100) and sm_90 (H100/H200), and
    # PTX of compute_90, which the driver compiles at load time for any newer
    # GPU (Blackwell sm_100/sm_120 and later). PTX of a newer virtual
    # architecture would not do: PTX runs only on GPUs at least as new as its
    # own compute capability, so compute_120 PTX would leave out sm_100.
    # CUDA 13 dropped everything before sm_75 (nvcc --list-gpu-arch).
    # Override with -DCMAKE_CUDA_ARCHITECTURES=... on the command line.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES "80-real;90-real;90-virtual")
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
