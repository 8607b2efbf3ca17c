// What the backend needs to know about a device.
#pragma once

namespace qc::cuda_detail {

struct device_info {
  int sm_count = 0;
  double peak_bytes_per_second = 0;
};

device_info query_device(int device);

}  // namespace qc::cuda_detail
