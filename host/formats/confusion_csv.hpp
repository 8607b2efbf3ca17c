// A confusion matrix as `qclass train --confusion` writes it:
// `true\predicted,<labels...>`, then one row per true label.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "eval/metrics.hpp"

namespace qc {

struct confusion_table {
  std::vector<std::string> labels;
  std::vector<std::vector<std::uint64_t>> counts;  // [true][predicted]
};

// Throws io_error, or parse_error (file:line) unless the file is a square
// matrix of non-negative integers whose row labels repeat the header's.
confusion_table read_confusion(const std::string& path);

// The same CSV layout.
std::string confusion_table_csv(const confusion_table& c);

// The confusion matrix C as CSV: header `true\predicted,<label_0>,...`, then
// one row per true label `<label_i>,<C[i][0]>,...`; "\n" line ends. Labels
// holding ',', '"', CR or LF are quoted as RFC 4180 says. `labels` must have
// L entries (std::invalid_argument otherwise).
std::string confusion_csv(const confusion_counts& counts, const std::vector<std::string>& labels);

}  // namespace qc
