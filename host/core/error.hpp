// The error types live in the core library shared with kernels/
// (kernels/include/qc/core/error.hpp); this name is kept so that host files
// not yet moved to "qc/core/error.hpp" keep compiling.
#pragma once
#include "qc/core/error.hpp"
