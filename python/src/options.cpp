#include "options.hpp"

#include <pybind11/stl.h>

#include <optional>
#include <utility>

#include "core/fraction.hpp"
#include "io/byte_range.hpp"
#include "qc/core/error.hpp"
#include "train/split.hpp"

namespace qc::python {
namespace py = pybind11;

std::string string_option(const py::dict& o, const char* key) {
  return option<std::string>(o, key, std::string());
}

byte_range byte_range_option(const py::dict& o) {
  if (!o.contains("byte_range") || o["byte_range"].is_none()) return {};
  const py::object r = o["byte_range"];
  if (py::isinstance<py::str>(r)) return parse_byte_range(r.cast<std::string>());
  const auto pair = r.cast<std::pair<std::uint64_t, std::optional<std::uint64_t>>>();
  return parse_byte_range(std::to_string(pair.first) + ":" +
                          (pair.second ? std::to_string(*pair.second) : std::string()));
}

pipeline_options read_options(const py::dict& o, std::size_t default_batch) {
  pipeline_options p;
  p.reader.label_field = option<std::string>(o, "label_field", "labels");
  const std::string on_err = option<std::string>(o, "on_error", "fail");
  if (on_err != "fail" && on_err != "skip")
    throw usage_error("on_error must be fail or skip (got '" + on_err + "')");
  p.reader.errors = on_err == "skip" ? on_error::skip : on_error::fail;
  p.threads = option<unsigned>(o, "threads", 0);
  p.reader.parse_threads = p.threads;
  p.batch_posts = option<std::size_t>(o, "batch", default_batch);
  if (p.batch_posts == 0) throw usage_error("batch must be at least 1");
  p.reader.range = byte_range_option(o);
  return p;
}

text_options text_options_of(const py::dict& o) {
  text_options t;
  t.norm.title_only = option<bool>(o, "title_only", false);
  t.norm.keep_code = option<bool>(o, "keep_code", false);
  t.norm.lemma = parse_lemma_mode(option<std::string>(o, "lemma", "vn"));
  t.norm.body = parse_body_format(option<std::string>(o, "body_format", "auto"));
  t.stopwords = option<std::string>(o, "stopwords", "gensim");
  t.wordnet_dir = string_option(o, "wordnet_dir");
  return t;
}

vocab_options vocab_options_of(const py::dict& o) {
  vocab_options v;
  v.min_df = option<std::uint32_t>(o, "min_df", v.min_df);
  v.max_vocab = option<std::size_t>(o, "max_vocab", v.max_vocab);
  v.max_df_frac = option<double>(o, "max_df_frac", v.max_df_frac);
  return v;
}

keyword_model base_model_of(const py::dict& o) {
  keyword_model base;
  base.top_k = option<std::size_t>(o, "top_k", base.top_k);
  if (o.contains("alpha") && !o["alpha"].is_none())
    base.alpha = parse_decimal_double(o["alpha"].cast<std::string>());
  base.norm = parse_norm(option<std::string>(o, "norm", "l2"));
  base.scope = parse_manual_scope(option<std::string>(o, "manual_scope", "topk"));
  base.split = option<std::string>(o, "split", "0.6");
  parse_split_fraction(base.split);  // early usage error
  base.seed = option<std::uint64_t>(o, "seed", 0);
  base.ties = parse_ties(option<std::string>(o, "ties", "lowest"));
  base.vocab_opts = vocab_options_of(o);
  base.vocab_from = parse_vocab_source(option<std::string>(o, "vocab_from", "all"));
  return base;
}

}  // namespace qc::python
