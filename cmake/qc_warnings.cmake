# Warning flags and the floating-point contract (DEFINITIONS.md: no FMA).
add_library(qc_flags INTERFACE)
target_compile_options(qc_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -ffp-contract=off>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${QC_WERROR}>>:-Werror>
  $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-ffp-contract=off --fmad=false>
  $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${QC_WERROR}>>:-Werror=all-warnings>)
if(QC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "QC_FUZZ=ON needs clang (libFuzzer), e.g. -DCMAKE_CXX_COMPILER=clang++-19")
  endif()
  if(NOT QC_SANITIZE)
    set(QC_SANITIZE "address,undefined")
  endif()
  # Every object reports coverage to libFuzzer; only fuzz/ links its main.
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=fuzzer-no-link>)
endif()
if(QC_SANITIZE)
  # The whole build (library, tools, tests) is instrumented, and a
  # sanitizer's finding stops the program: a failed test, a fuzzer crash.
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${QC_SANITIZE}>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>)
  add_link_options($<$<LINK_LANGUAGE:CXX>:-fsanitize=${QC_SANITIZE}>
                   $<$<LINK_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
endif()
