// The table `qclass sweep` writes: a CSV header (formats/sweep_columns.hpp),
// one row per grid point, then a `#best {json}` line. read_sweep_curve
// (formats/sweep_table.hpp) reads it back.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "eval/sweep.hpp"

namespace qc {

// The whole table: write_sweep_csv, then "#best " and best_json.
void write_sweep_table(std::ostream& out, const sweep_result& r, const sweep_spec& spec,
                       const std::vector<std::string>& labels);

// The header and one row per point, streamed in pieces, so a grid of
// millions of points is never one string in memory.
void write_sweep_csv(std::ostream& out, const sweep_result& r);
// The `#best` line's JSON: the best point, and the exact best alpha with its
// metrics when r has one.
std::string best_json(const sweep_result& r, const sweep_spec& spec,
                      const std::vector<std::string>& labels);

}  // namespace qc
