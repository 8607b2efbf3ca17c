// QC_HOST_DEVICE marks functions compiled for both the CPU and, under nvcc, the GPU.
#pragma once

#if defined(__CUDACC__)
#define QC_HOST_DEVICE __host__ __device__
#else
#define QC_HOST_DEVICE
#endif
