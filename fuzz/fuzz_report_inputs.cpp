// The inputs of `qclass report` besides the posts: the predictions file
// (CSV or JSON Lines) and the answers (JSON Lines or Posts.xml), each read
// or rejected with a qclass error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "formats/predictions.hpp"
#include "fuzz_input.hpp"
#include "study/answer_times.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static qc_fuzz::memory_file file("report-input");
  const std::string& path = file.write(qc_fuzz::as_view(data, size));
  qc_fuzz::expecting_qc_errors([&] {
    const qc::prediction_table t = qc::read_predictions(path);
    if (t.by_id.size() > t.rows) std::abort();
  });
  qc_fuzz::expecting_qc_errors([&] {
    qc::answer_index idx;
    qc::read_answers(path, idx);
    if (idx.accepted_by_question.size() > idx.answers) std::abort();
  });
  return 0;
}
