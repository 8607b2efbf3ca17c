// The columns of a `qclass sweep` table, in file order: the one list that
// write_sweep_csv (formats/sweep_csv) writes and read_sweep_curve
// (formats/sweep_table) looks up.
#pragma once
#include <array>
#include <string_view>

namespace qc {

// A grid point's configuration and alpha.
inline constexpr std::array<std::string_view, 4> kSweepPointColumns = {"top_k", "norm",
                                                                       "manual_scope", "alpha"};
// Its metrics (an empty field: undefined).
inline constexpr std::array<std::string_view, 6> kSweepMetricColumns = {
    "precision", "recall", "f1", "accuracy", "study_precision", "study_recall"};

}  // namespace qc
