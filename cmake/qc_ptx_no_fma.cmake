# ptx_no_fma: the scoring path's PTX must hold no fused multiply-add, whatever
# nvcc's --fmad says. Run in script mode by CTest:
#   cmake -DNVCC=... -DSOURCES="a.cu;b.cu" -DINCLUDES="dir;dir" -DWORK=dir -P qc_ptx_no_fma.cmake
# Each source is compiled to PTX with --fmad=true (nvcc's default, which
# fuses a*b+c wherever it may), so only the explicitly rounded intrinsics in
# keyword_score.hpp keep the multiply and the add apart. Fails on any fma.*
# or floating mad.* instruction.
cmake_minimum_required(VERSION 3.22)
foreach(v NVCC SOURCES INCLUDES WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "qc_ptx_no_fma: ${v} is not set")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK}")
set(inc_flags)
foreach(d ${INCLUDES})
  list(APPEND inc_flags "-I${d}")
endforeach()
set(failed 0)
foreach(src ${SOURCES})
  get_filename_component(name "${src}" NAME_WE)
  set(ptx "${WORK}/${name}.ptx")
  execute_process(
    COMMAND "${NVCC}" -ptx --fmad=true -O3 -std=c++17 -arch=compute_90 --extended-lambda
            ${inc_flags} "${src}" -o "${ptx}"
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "qc_ptx_no_fma: nvcc -ptx failed for ${src}:\n${out}${err}")
  endif()
  file(STRINGS "${ptx}" lines REGEX "^[ \t]*(@!?%p[0-9]+[ \t]+)?(fma\\.|mad(\\.[a-z]+)*\\.f(16|32|64))")
  list(LENGTH lines n)
  file(STRINGS "${ptx}" all_lines)
  list(LENGTH all_lines n_all)
  if(n_all EQUAL 0)
    message(FATAL_ERROR "qc_ptx_no_fma: ${ptx} is empty")
  endif()
  if(n GREATER 0)
    set(failed 1)
    list(SUBLIST lines 0 5 shown)
    string(REPLACE ";" "\n" shown "${shown}")
    message(SEND_ERROR "qc_ptx_no_fma: ${src}: ${n} fused multiply-add instruction(s) in its PTX "
                       "(${ptx}), e.g.\n${shown}")
  else()
    message(STATUS "qc_ptx_no_fma: ${name}: ${n_all} PTX lines, no fused multiply-add")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "qc_ptx_no_fma: FAILED")
endif()
