#include "text_api.hpp"

#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "io/byte_range.hpp"
#include "matrix/term_matrix.hpp"
#include "model/vocabulary.hpp"
#include "options.hpp"
#include "post_columns.hpp"
#include "posts_input.hpp"
#include "train/training.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

// Every post of the inputs, in order: (columns, stats).
py::tuple read_posts(py::handle posts, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  std::vector<post> all;
  read_stats total;
  {
    py::gil_scoped_release nogil;
    total = for_each_post_batch(
        in.names, p.reader, p.batch_posts,
        [&](std::vector<post>& batch, std::size_t, std::size_t) {
          all.insert(all.end(), std::make_move_iterator(batch.begin()),
                     std::make_move_iterator(batch.end()));
        },
        {}, p.open);
  }
  return py::make_tuple(post_columns(all), stats_dict(total));
}

// Each post's normalized tokens: (ids, token lists, stats).
py::tuple tokens(py::handle posts, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const text_options topts = text_options_of(o);
  std::vector<std::string> ids;
  std::vector<std::vector<std::string>> toks;
  read_stats stats;
  {
    py::gil_scoped_release nogil;
    const text_resources res = load_text_resources(topts);
    stats = tokenize_files(in.names, p, topts.norm, res, [&](token_batch& b) {
      for (std::size_t i = 0; i < b.posts.size(); ++i) {
        ids.push_back(std::move(b.posts[i].id_json));
        toks.push_back(b.tokens_of(i));
      }
    });
  }
  py::list id_list(ids.size()), tok_list(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    id_list[i] = id_value(ids[i]);
    tok_list[i] = py::cast(toks[i]);
  }
  return py::make_tuple(id_list, tok_list, stats_dict(stats));
}

// The vocabulary and the CSR term matrix: (indptr, indices, data, shape,
// words, df, ids, stats); the arrays own the matrix's vectors.
py::tuple term_matrix_of(py::handle posts, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const text_options topts = text_options_of(o);
  const vocab_options vopts = vocab_options_of(o);
  labeled_data data;
  vocabulary vocab;
  term_matrix::arrays a;
  {
    py::gil_scoped_release nogil;
    const text_resources res = load_text_resources(topts);
    data = load_labeled(in.names, p, topts.norm, res, nullptr);
    vocab = vocabulary::build(data.corpus, vopts);
    a = term_matrix::build(data.corpus, vocab, p.threads).release();
  }
  const auto rows = static_cast<py::ssize_t>(a.row_ptr.size() - 1);
  const py::tuple shape = py::make_tuple(rows, a.n_cols);
  py::list ids(data.ids.size());
  for (std::size_t i = 0; i < data.ids.size(); ++i) ids[i] = id_value(data.ids[i]);
  return py::make_tuple(hand_over(std::move(a.row_ptr)), hand_over(std::move(a.col_idx)),
                        hand_over(std::move(a.values)), shape, py::cast(vocab.words()),
                        py::cast(vocab.df()), ids, stats_dict(data.stats));
}

// The byte ranges a distributed reader splits a file into (qclass info
// --splits for a plain file; the whole file, (0, None), for a compressed one).
std::vector<std::pair<std::uint64_t, std::optional<std::uint64_t>>> plan_splits(
    const std::string& path, std::size_t n) {
  std::vector<std::pair<std::uint64_t, std::optional<std::uint64_t>>> out;
  for (const byte_range& r : plan_file_splits(path, n))
    out.emplace_back(r.begin, r.end == UINT64_MAX ? std::nullopt : std::optional(r.end));
  return out;
}

}  // namespace

void bind_text_api(py::module_& m) {
  m.def("plan_splits", &plan_splits, py::arg("path"), py::arg("parts"),
        py::call_guard<py::gil_scoped_release>());
  m.def("read_posts", &read_posts, py::arg("posts"), py::arg("options"));
  m.def("tokens", &tokens, py::arg("posts"), py::arg("options"));
  m.def("term_matrix", &term_matrix_of, py::arg("posts"), py::arg("options"));
}

}  // namespace qc::python
