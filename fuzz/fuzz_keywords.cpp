// The keywords file and the label map on arbitrary bytes: each is read, or
// rejected with a qclass error naming the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "model/keywords.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static qc_fuzz::memory_file file("keywords.tsv");
  const std::string& path = file.write(qc_fuzz::as_view(data, size));
  qc_fuzz::expecting_qc_errors([&] {
    for (const qc::keyword_entry& e : qc::read_keywords_file(path)) {
      if (e.category.empty() || e.line == 0) std::abort();
    }
  });
  qc_fuzz::expecting_qc_errors([&] {
    const qc::label_map m = qc::label_map::read(path);
    (void)m.apply({"a", "b", "a"}, "posts.jsonl", 1);
  });
  return 0;
}
