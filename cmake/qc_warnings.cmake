# Warning flags and the floating-point contract (DEFINITIONS.md: no FMA).
add_library(qc_flags INTERFACE)
target_compile_options(qc_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -ffp-contract=off>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${QC_WERROR}>>:-Werror>
  $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-ffp-contract=off --fmad=false>
  $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${QC_WERROR}>>:-Werror=all-warnings>)
if(QC_SANITIZE)
  target_compile_options(qc_flags INTERFACE -fsanitize=${QC_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(qc_flags INTERFACE -fsanitize=${QC_SANITIZE})
endif()
