// Non-owning view of a CSR term matrix: row per post, column per vocabulary
// word, integer counts. Trivially copyable, so kernels take it by value; the
// CPU backends and the CUDA backend share it.
#pragma once
#include <cstdint>

#include "qc/kernels/host_device.hpp"

namespace qc {

struct csr_view {
  std::int64_t n_rows = 0;
  std::int32_t n_cols = 0;
  // n_rows + 1 entries; row_ptr[0] == 0 for a whole matrix, the offset of its
  // first row for a view of some rows of one (csr_rows). Entries are always
  // indexed through row_ptr.
  const std::int64_t* row_ptr = nullptr;
  const std::int32_t* col_idx = nullptr;  // strictly increasing within a row
  const std::int32_t* values = nullptr;   // counts, > 0
  // Identity of the owning matrix's contents (0: unknown). Equal ids mean
  // equal contents, so a device backend may keep the matrix resident.
  std::uint64_t content_id = 0;

  QC_HOST_DEVICE std::int64_t nnz() const { return n_rows ? row_ptr[n_rows] - row_ptr[0] : 0; }
  QC_HOST_DEVICE std::int64_t row_begin(std::int64_t r) const { return row_ptr[r]; }
  QC_HOST_DEVICE std::int64_t row_end(std::int64_t r) const { return row_ptr[r + 1]; }
};

// Rows [first, last) of m, on m's arrays (content_id 0: a view of part of
// a matrix is not that matrix).
QC_HOST_DEVICE inline csr_view csr_rows(const csr_view& m, std::int64_t first, std::int64_t last) {
  return csr_view{last - first, m.n_cols, m.row_ptr + first, m.col_idx, m.values, 0};
}

}  // namespace qc
