#include "study_api.hpp"

#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/backend_select.hpp"
#include "core/comma_list.hpp"
#include "formats/predictions.hpp"
#include "model_api.hpp"
#include "options.hpp"
#include "post_columns.hpp"
#include "posts_input.hpp"
#include "qc/core/error.hpp"
#include "study/run_study.hpp"
#include "study/study_partial.hpp"
#include "study/study_report.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

using merge_tuple = std::tuple<std::size_t, std::size_t, std::size_t>;

// The study's options from o (the flags of `qclass study`); `train` reads
// and trains on `labeled` as the CLI does.
study_options study_options_of(py::handle labeled, py::handle keywords, py::handle map,
                               const py::dict& o) {
  study_options s;
  s.out_dir = option<std::string>(o, "out_dir", "");
  s.posts = option<std::vector<std::string>>(o, "posts", {});
  s.answers = option<std::vector<std::string>>(o, "answers", {});
  s.frameworks = option<std::string>(o, "frameworks", s.frameworks);
  s.tag_match = option<std::string>(o, "tag_match", s.tag_match);
  s.alpha_grid = option<std::string>(o, "alpha_grid", s.alpha_grid);
  s.use_best_alpha = option<bool>(o, "use_best_alpha", false);
  s.device = string_option(o, "device");
  const pipeline_options p = read_options(o, default_score_batch_posts);
  s.threads = p.threads;
  s.batch_posts = p.batch_posts;
  s.errors = p.reader.errors;
  const keyword_model base = base_model_of(o);
  s.bootstrap = {option<std::size_t>(o, "bootstrap", 1000), option<double>(o, "ci", 0.95),
                 base.seed};
  check_confidence(s.bootstrap.confidence);
  s.cv = {option<std::size_t>(o, "folds", 0), option<std::size_t>(o, "repeats", 1), base.seed};
  if (s.cv.folds == 1) throw usage_error("folds must be at least 2");
  const auto in = std::make_shared<posts_input>(make_posts_input(labeled));
  const auto kws = std::make_shared<std::vector<keyword_entry>>(keywords_of(keywords));
  const auto lm = std::make_shared<label_map>(label_map_of(map));
  s.train = [in, kws, lm, base, topts = text_options_of(o), p] {
    trained_run run = train_from_files(in->names, in->reading(p), topts, base, *kws, *lm);
    study_training st;
    st.read_summary = std::to_string(run.data.stats.records) + " labeled posts read";
    st.data = std::move(run.data);
    st.result = std::move(run.result);
    st.resources = std::move(run.resources);
    return st;
  };
  s.print_metrics = [](std::ostream&, const confusion_counts&, const std::vector<std::string>&) {};
  s.print_significance = [](std::ostream&, const paired_uncertainty&) {};
  return s;
}

// `qclass study` up to the scoring (qclass.dask.study): the model, sweep,
// evaluation, baseline and cross-validation files in out_dir; then the
// report from the merged parts of the posts.
class prepared {
 public:
  prepared(py::handle labeled, py::handle keywords, py::handle map, const py::dict& o)
      : o_(study_options_of(labeled, keywords, map, o)) {
    py::gil_scoped_release nogil;
    const auto be = make_backend(o_.device, o_.threads);
    p_ = prepare_study(o_, *be, log_, log_);
  }
  const keyword_model& model() const { return p_.run.result.model; }
  std::string log() const { return log_.str(); }

  // Merges the parts (in posts order) and writes out_dir/report; returns
  // report.html's path.
  std::string write_report(const std::vector<study_partial>& parts, const std::string& predictions,
                           std::size_t answers_read, const merge_tuple& counts) const {
    const answer_merge_counts merged{std::get<0>(counts), std::get<1>(counts), std::get<2>(counts)};
    py::gil_scoped_release nogil;
    const framework_set fw(split_comma_list(o_.frameworks), parse_tag_match(o_.tag_match));
    study_tables t = merge_study_partials(parts, fw.names(), o_.bootstrap);
    const report_request rq =
        study_report_request(o_, p_, predictions, study_scoring_options(o_).reader);
    return write_merged_study_report(rq, std::move(t), answers_read, merged).html_path;
  }

 private:
  study_options o_;
  prepared_study p_;
  std::ostringstream log_;
};

// One range of the posts, scored and read for the tables on a worker: its
// predictions (CSV text), and the posts with their answers merged in, kept
// for partial() once the ids of the earlier ranges are known.
class study_part {
 public:
  study_part(const keyword_model& m, const std::string& path, const py::dict& o) {
    text_sink sink(prediction_format::csv, m);
    info_ = score_into(m, py::str(path), o, sink);
    csv_ = std::move(sink.text);
    report_request r;
    r.posts = {path};
    r.answers = option<std::vector<std::string>>(o, "answers", {});
    r.reader = read_options(o).reader;
    const framework_set fw(split_comma_list(option<std::string>(o, "frameworks", "")),
                           parse_tag_match(option<std::string>(o, "tag_match", "exact")));
    frameworks_ = fw.names();
    py::gil_scoped_release nogil;
    report_result res;
    posts_ = read_study_posts(r, fw, res);
    answers_read_ = res.answers_read;
    merged_ = res.merged;
    predictions_ = parse_predictions(csv_, path + " (predictions)");
  }

  py::bytes csv() const { return py::bytes(csv_); }
  const py::dict& info() const { return info_; }
  std::size_t answers_read() const { return answers_read_; }
  // The answers merged into the posts: (filled, changed, confirmed).
  merge_tuple merged() const { return {merged_.filled, merged_.changed, merged_.confirmed}; }
  // The posts' ids, in order, each once.
  std::vector<std::string> ids() const {
    std::unordered_set<std::string> seen;
    std::vector<std::string> out;
    for (const study_post& p : posts_)
      if (seen.insert(p.id).second) out.push_back(p.id);
    return out;
  }
  study_partial partial(const std::vector<std::string>& earlier) const {
    const std::unordered_set<std::string> before(earlier.begin(), earlier.end());
    py::gil_scoped_release nogil;
    return partial_study_tables(posts_, predictions_, frameworks_, &before);
  }

 private:
  py::dict info_;
  std::string csv_;
  std::vector<std::string> frameworks_;
  std::vector<study_post> posts_;
  prediction_table predictions_;
  std::size_t answers_read_ = 0;
  answer_merge_counts merged_;
};

}  // namespace

void bind_study_api(py::module_& m) {
  py::class_<prepared>(m, "PreparedStudy")
      .def(py::init<py::handle, py::handle, py::handle, const py::dict&>(), py::arg("labeled"),
           py::arg("keywords"), py::arg("label_map"), py::arg("options"))
      .def_property_readonly("model", &prepared::model)
      .def_property_readonly("log", &prepared::log)
      .def("write_report", &prepared::write_report, py::arg("parts"), py::arg("predictions"),
           py::arg("answers_read"), py::arg("merged"));
  py::class_<study_part>(m, "StudyPart")
      .def(py::init<const keyword_model&, const std::string&, const py::dict&>(), py::arg("model"),
           py::arg("path"), py::arg("options"))
      .def_property_readonly("csv", &study_part::csv)
      .def_property_readonly("info", &study_part::info)
      .def_property_readonly("answers_read", &study_part::answers_read)
      .def_property_readonly("merged", &study_part::merged)
      .def("ids", &study_part::ids)
      .def("partial", &study_part::partial, py::arg("earlier"));
  bind_study_partial(m);
}

}  // namespace qc::python
