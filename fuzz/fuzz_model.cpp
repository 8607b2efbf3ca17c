// The model loader on arbitrary bytes: a model, or a qclass error.
#include <cstddef>
#include <cstdint>

#include "formats/model_file.hpp"
#include "fuzz_input.hpp"
#include "model/keyword_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static qc_fuzz::memory_file file("model.json");
  const std::string& path = file.write(qc_fuzz::as_view(data, size));
  qc_fuzz::expecting_qc_errors([&] { (void)qc::load_model(path); });
  return 0;
}
