#include "model_api.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "core/backend_select.hpp"
#include "core/fraction.hpp"
#include "eval/model_eval.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "options.hpp"
#include "post_columns.hpp"
#include "posts_input.hpp"
#include "score/bulk_score.hpp"
#include "train/training.hpp"

namespace qc::python {
namespace py = pybind11;

std::vector<keyword_entry> keywords_of(py::handle k) {
  if (k.is_none()) return {};
  if (py::isinstance<py::str>(k) || py::hasattr(k, "__fspath__"))
    return read_keywords_file(py::module_::import("os").attr("fspath")(k).cast<std::string>());
  std::vector<keyword_entry> out;
  for (py::handle item : py::iter(k)) {
    const auto pair = item.cast<std::pair<std::string, std::vector<std::string>>>();
    out.push_back(keyword_entry{pair.first, pair.second, out.size() + 1});
  }
  return out;
}

label_map label_map_of(py::handle k) {
  if (k.is_none()) return label_map();
  return label_map::read(py::module_::import("os").attr("fspath")(k).cast<std::string>());
}

std::unique_ptr<backend> backend_of(const py::dict& o) {
  return make_backend(string_option(o, "device"), option<unsigned>(o, "threads", 0));
}

namespace {

double alpha_of(const keyword_model& m, const py::dict& o) {
  const std::string a = string_option(o, "alpha");
  return a.empty() ? m.alpha : parse_decimal_double(a);
}

// Trains as `qclass train` does: (model, {"warnings", "metrics_json" (the
// test part's, or None), "stats"}).
py::tuple train(py::handle posts, py::handle keywords, py::handle map, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const text_options topts = text_options_of(o);
  keyword_model base = base_model_of(o);
  const std::vector<keyword_entry> kws = keywords_of(keywords);
  const label_map lm = label_map_of(map);
  std::unique_ptr<trained_run> run;
  std::string metrics;
  {
    py::gil_scoped_release nogil;
    const auto be = backend_of(o);
    run = std::make_unique<trained_run>(train_from_files(in.names, p, topts, base, kws, lm));
    const training_result& t = run->result;
    if (!t.test_rows.empty()) {
      const confusion_counts c = evaluate_test_part(*be, t);
      metrics = metrics_json(c, compute_metrics(c), t.model.labels);
    }
  }
  py::dict info;
  info["warnings"] = py::cast(run->result.warnings);
  info["metrics_json"] = metrics.empty() ? py::object(py::none()) : py::object(py::str(metrics));
  info["stats"] = stats_dict(run->data.stats);
  return py::make_tuple(std::move(run->result.model), info);
}

// The rows `qclass score` writes, kept as columns.
class column_sink : public score_sink {
 public:
  void row(const std::string& id_json, const scored_post& p) override {
    ids.push_back(id_json);
    rows.push_back(p);
    status.emplace_back();
  }
  void skipped(const std::string& id_json, const std::string& message) override {
    ids.push_back(id_json);
    rows.emplace_back();
    status.push_back("skipped: " + message);
  }
  py::dict columns(const std::vector<std::string>& labels) const;

  std::vector<std::string> ids;
  std::vector<scored_post> rows;
  std::vector<std::string> status;  // empty: ok
};

py::dict column_sink::columns(const std::vector<std::string>& labels) const {
  const std::size_t n = ids.size();
  py::list id(n), category(n), runner_up(n), no_evidence(n), stat(n);
  std::vector<double> score(n), margin(n);
  const py::object none = py::none();
  const auto label = [&](int k) -> py::object {
    return k >= 0 ? py::object(py::str(labels[static_cast<std::size_t>(k)])) : none;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const scored_post& r = rows[i];
    const bool ok = status[i].empty();
    id[i] = ids[i].empty() ? none : id_value(ids[i]);
    category[i] = ok ? label(r.best) : none;
    runner_up[i] = ok ? label(r.runner_up) : none;
    no_evidence[i] = ok ? py::object(py::bool_(r.no_evidence)) : none;
    stat[i] = py::str(ok ? std::string("ok") : status[i]);
    score[i] = ok ? r.score : std::nan("");
    margin[i] = ok ? r.margin : std::nan("");
  }
  py::dict d;
  d["id"] = id;
  d["category"] = category;
  d["score"] = hand_over(std::move(score));
  d["runner_up"] = runner_up;
  d["margin"] = hand_over(std::move(margin));
  d["no_evidence"] = no_evidence;
  d["status"] = stat;
  return d;
}

// Scores as `qclass score` does: (columns, summary).
py::tuple score(const keyword_model& m, py::handle posts, const py::dict& o) {
  column_sink sink;
  py::dict info = score_into(m, posts, o, sink);
  return py::make_tuple(sink.columns(m.labels), info);
}

// Scores as `qclass score -o FILE.csv` does: (the file's text, summary).
py::tuple score_csv(const keyword_model& m, py::handle posts, const py::dict& o) {
  text_sink sink(prediction_format::csv, m);
  py::dict info = score_into(m, posts, o, sink);
  return py::make_tuple(py::bytes(sink.text), info);
}

// Evaluates as `qclass eval` does: (metrics JSON, posts evaluated, stats).
py::tuple evaluate(const keyword_model& m, py::handle posts, py::handle map, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const double alpha = alpha_of(m, o);
  const eval_part part = parse_eval_part(option<std::string>(o, "part", "all"));
  const std::string wordnet = string_option(o, "wordnet_dir");
  const label_map lm = label_map_of(map);
  std::string json;
  model_evaluation ev;
  labeled_data data;
  {
    py::gil_scoped_release nogil;
    const auto be = backend_of(o);
    const text_resources res = load_model_text_resources(m, wordnet);
    data = load_labeled(in.names, p, m.pre, res, &lm);
    ev = evaluate_model(*be, m, data, part, alpha, p.threads);
    json = metrics_json(ev.counts, compute_metrics(ev.counts), m.labels);
  }
  return py::make_tuple(json, ev.rows, stats_dict(data.stats));
}

// Every post's score per category at alpha (DEFINITIONS.md 6), row-major:
// (ids, scores as a flat array).
py::tuple decision_scores(const keyword_model& m, py::handle posts, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const double alpha = alpha_of(m, o);
  const std::string wordnet = string_option(o, "wordnet_dir");
  std::vector<std::string> ids;
  std::vector<double> scores;
  {
    py::gil_scoped_release nogil;
    const auto be = backend_of(o);
    const text_resources res = load_model_text_resources(m, wordnet);
    const dense_weights w = m.weights();
    const auto K = static_cast<std::size_t>(w.n_cats);
    tokenize_files(in.names, p, m.pre, res, [&](token_batch& b) {
      std::vector<std::vector<std::string>> lists;
      for (std::size_t i = 0; i < b.posts.size(); ++i) lists.push_back(b.tokens_of(i));
      const term_matrix mat = term_matrix::from_token_lists(lists, m.vocab, p.threads);
      const row_scores r = score_rows(*be, mat, w);
      for (std::size_t i = 0; i < b.posts.size(); ++i) {
        ids.push_back(std::move(b.posts[i].id_json));
        for (std::size_t k = 0; k < K; ++k)
          scores.push_back(score_of(r.s0[i * K + k], alpha, r.s1[i * K + k]));
      }
    });
  }
  py::list id_list(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) id_list[i] = id_value(ids[i]);
  return py::make_tuple(id_list, hand_over(std::move(scores)));
}

}  // namespace

py::dict score_into(const keyword_model& m, py::handle posts, const py::dict& o, score_sink& sink) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o, default_score_batch_posts));
  const double alpha = alpha_of(m, o);
  const std::string wordnet = string_option(o, "wordnet_dir");
  bulk_score_summary sum;
  std::string backend_name;
  {
    py::gil_scoped_release nogil;
    const auto be = backend_of(o);
    backend_name = be->name();
    const text_resources res = load_model_text_resources(m, wordnet);
    sum = score_posts(m, *be, alpha, in.names, p, res, sink);
  }
  py::dict info;
  info["scored"] = sum.scored;
  info["skipped"] = sum.skipped;
  info["no_evidence"] = sum.no_evidence;
  info["per_category"] = sum.per_category;
  info["stats"] = stats_dict(sum.stats);
  info["backend"] = backend_name;
  return info;
}

void bind_model_api(py::module_& m) {
  py::class_<keyword_model> cls(m, "Model");
  cls.def_static("train", &train, py::arg("posts"), py::arg("keywords"), py::arg("label_map"),
                 py::arg("options"));
  cls.def_static(
      "load", [](const std::string& path) { return load_model(path); }, py::arg("path"),
      py::call_guard<py::gil_scoped_release>());
  cls.def(
      "save", [](const keyword_model& k, const std::string& path) { save_model(k, path); },
      py::arg("path"), py::call_guard<py::gil_scoped_release>());
  cls.def("to_json", [](const keyword_model& k) { return model_to_json(k); });
  cls.def_static(
      "from_json",
      [](const std::string& text, const std::string& name) { return parse_model(text, name); },
      py::arg("text"), py::arg("name"), py::call_guard<py::gil_scoped_release>());
  cls.def("score", &score, py::arg("posts"), py::arg("options"));
  cls.def("score_csv", &score_csv, py::arg("posts"), py::arg("options"));
  cls.def("evaluate", &evaluate, py::arg("posts"), py::arg("label_map"), py::arg("options"));
  cls.def_readonly("labels", &keyword_model::labels);
  cls.def_readonly("alpha", &keyword_model::alpha);
  cls.def_readonly("top_k", &keyword_model::top_k);
  cls.def_readonly("train_ids", &keyword_model::train_ids);
  cls.def_readonly("test_ids", &keyword_model::test_ids);
  cls.def_property_readonly("norm", [](const keyword_model& k) { return to_string(k.norm); });
  cls.def_property_readonly("manual_scope",
                            [](const keyword_model& k) { return to_string(k.scope); });
  cls.def_property_readonly("ties", [](const keyword_model& k) { return to_string(k.ties); });
  cls.def_property_readonly("vocabulary", [](const keyword_model& k) { return k.vocab.words(); });
  cls.def("decision_scores", &decision_scores, py::arg("posts"), py::arg("options"));
}

}  // namespace qc::python
