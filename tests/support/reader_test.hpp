// The fixture of the reader tests (JSON Lines and Posts.xml): a scratch
// folder, and every post of a file read at once.
#pragma once
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "scratch_test.hpp"

namespace qc_test {

// A scratch test that reads posts with the library's readers.
class reader_test : public scratch_test {
 protected:
  static std::vector<qc::post> read(const std::string& path, qc::reader_options opts = {},
                                    qc::read_stats* stats = nullptr) {
    return qc::read_all_posts(path, opts, stats);
  }
  static qc::reader_options skipping() {
    qc::reader_options o;
    o.errors = qc::on_error::skip;
    return o;
  }
};

}  // namespace qc_test
