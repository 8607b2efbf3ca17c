// Model file writing and reading.
#include "formats/model_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/fnv1a.hpp"
#include "core/format_double.hpp"
#include "formats/json_write.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

constexpr std::string_view kChecksumKey = ",\n  \"checksum\": \"";

void write_preprocessing(json_writer& w, const keyword_model& m) {
  w.begin_object().member("title_only", m.pre.title_only).member("lemma", to_string(m.pre.lemma));
  w.member("keep_code", m.pre.keep_code).member("body_format", to_string(m.pre.body));
  w.member("stopwords", m.stopwords).end_object();
}

void write_options(json_writer& w, const keyword_model& m) {
  w.begin_object().member("top_k", m.top_k).member("norm", to_string(m.norm));
  w.member("manual_scope", to_string(m.scope)).member("split", m.split).member("seed", m.seed);
  w.member("ties", to_string(m.ties)).member("min_df", m.vocab_opts.min_df);
  w.member("max_vocab", m.vocab_opts.max_vocab).member("max_df_frac", m.vocab_opts.max_df_frac);
  w.member("vocab_from", to_string(m.vocab_from)).end_object();
}

// One category per line: label and norm, then its top, manual and ignored
// words on lines of their own.
void write_categories(json_writer& w, const keyword_model& m) {
  const auto& words = m.vocab.words();
  w.begin_array();
  for (const category_weights& c : m.categories) {
    w.newline("    ").begin_object().member("label", c.label).member("norm_value", c.norm_value);
    w.newline("     ").key("top").begin_array();
    for (const auto& [id, count] : c.top)
      w.begin_array().value(words[static_cast<std::size_t>(id)]).value(count).end_array();
    w.end_array().newline("     ").key("manual").begin_array();
    for (std::int32_t id : c.manual) w.value(words[static_cast<std::size_t>(id)]);
    w.end_array().newline("     ").key("manual_ignored").strings(c.manual_ignored);
    w.end_object();
  }
  w.newline("  ").end_array();
}

void write_vocab(json_writer& w, const vocabulary& v) {
  w.begin_array();
  for (std::size_t i = 0; i < v.words().size(); ++i)
    w.begin_array().value(v.words()[i]).value(v.df()[i]).end_array();
  w.end_array();
}

void write_raw_array(json_writer& w, const std::vector<std::string>& json_values) {
  w.begin_array();
  for (const std::string& v : json_values) w.raw(v);
  w.end_array();
}

}  // namespace

// The layout is fixed (the checksum covers it): one top-level member a line.
std::string model_to_json(const keyword_model& m) {
  std::string o;
  json_writer w(o);
  w.begin_object().newline("  ").member("format", kModelFormat);
  w.newline("  ").member("version", kModelVersion);
  write_preprocessing(w.newline("  ").key("preprocessing"), m);
  write_options(w.newline("  ").key("options"), m);
  w.newline("  ").member("alpha", m.alpha);
  w.newline("  ").key("labels").strings(m.labels);
  write_categories(w.newline("  ").key("categories"), m);
  w.newline("  ").key("keywords_raw").begin_array();
  for (const keyword_entry& k : m.keywords_raw)
    w.begin_array().value(k.category).strings(k.keywords).end_array();
  w.end_array();
  write_vocab(w.newline("  ").key("vocab"), m.vocab);
  write_raw_array(w.newline("  ").key("train_ids"), m.train_ids);
  write_raw_array(w.newline("  ").key("test_ids"), m.test_ids);
  const std::uint64_t h = fnv1a64(o);
  w.newline("  ").member("checksum", "fnv1a64:" + hex64(h));
  w.newline("").end_object();
  o += '\n';
  return o;
}

void save_model(const keyword_model& m, const std::string& path) {
  write_file_atomically(path, model_to_json(m));
}

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

[[noreturn]] void bad(const std::string& path, const std::string& why) {
  throw parse_error(path, 0, "not a valid qclass model: " + why);
}

template <class T>
T get(const std::string& path, simdjson::simdjson_result<T> r, const char* what) {
  T v;
  if (std::move(r).get(v))
    bad(path, std::string("field '") + what + "' is missing or has the wrong type");
  return v;
}

std::string get_str(const std::string& path, element e, const char* what) {
  return std::string(get<std::string_view>(path, e[what].get_string(), what));
}

std::vector<std::string> str_array(const std::string& path, element e, const char* what) {
  std::vector<std::string> out;
  for (element x : get<array>(path, e[what].get_array(), what))
    out.emplace_back(get<std::string_view>(path, x.get_string(), what));
  return out;
}

// The file's bytes; a folder is refused with a hint.
std::string read_model_text(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw io_error("cannot read model file '" + path +
                   "': it is a folder, not a file (give the model's .json file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read model file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Refuses anything but a JSON object of this format and version whose
// checksum matches the text.
void check_model_header(const std::string& path, const std::string& text, element root) {
  if (!root.is_object()) {
    const char* kind = root.is_array()    ? "an array"
                       : root.is_string() ? "a string"
                       : root.is_null()   ? "null"
                       : root.is_bool()   ? "a boolean"
                                          : "a number";
    bad(path, std::string("the file is JSON, but ") + kind + ", not a model (an object)");
  }
  std::string_view format;
  if (root["format"].get_string().get(format) || format != kModelFormat)
    bad(path, "its format is not '" + std::string(kModelFormat) + "'");
  const std::int64_t version = get<std::int64_t>(path, root["version"].get_int64(), "version");
  if (version != kModelVersion)
    throw parse_error(path, 0,
                      "model file version " + std::to_string(version) +
                          " is not supported by this qclass (reads version " +
                          std::to_string(kModelVersion) + "); retrain the model");
  const std::size_t pos = text.rfind(kChecksumKey);
  std::string_view sum;
  if (pos == std::string::npos || root["checksum"].get_string().get(sum) ||
      sum != "fnv1a64:" + hex64(fnv1a64(std::string_view(text).substr(0, pos))))
    bad(path, "checksum mismatch (the file was damaged or edited)");
}

// "preprocessing" and "options".
void read_settings(const std::string& path, element root, keyword_model& m) {
  const element pre = root["preprocessing"];
  m.pre.title_only = get<bool>(path, pre["title_only"].get_bool(), "title_only");
  m.pre.keep_code = get<bool>(path, pre["keep_code"].get_bool(), "keep_code");
  m.pre.lemma = parse_lemma_mode(get_str(path, pre, "lemma"));
  m.pre.body = parse_body_format(get_str(path, pre, "body_format"));
  m.stopwords = get_str(path, pre, "stopwords");
  const element opt = root["options"];
  m.top_k = static_cast<std::size_t>(get<std::uint64_t>(path, opt["top_k"].get_uint64(), "top_k"));
  m.norm = parse_norm(get_str(path, opt, "norm"));
  m.scope = parse_manual_scope(get_str(path, opt, "manual_scope"));
  m.split = get_str(path, opt, "split");
  m.seed = get<std::uint64_t>(path, opt["seed"].get_uint64(), "seed");
  m.ties = parse_ties(get_str(path, opt, "ties"));
  m.vocab_opts.min_df =
      static_cast<std::uint32_t>(get<std::uint64_t>(path, opt["min_df"].get_uint64(), "min_df"));
  m.vocab_opts.max_vocab = static_cast<std::size_t>(
      get<std::uint64_t>(path, opt["max_vocab"].get_uint64(), "max_vocab"));
  m.vocab_opts.max_df_frac = get<double>(path, opt["max_df_frac"].get_double(), "max_df_frac");
  m.vocab_from = parse_vocab_source(get_str(path, opt, "vocab_from"));
}

vocabulary read_vocab(const std::string& path, element root) {
  std::vector<std::string> words;
  std::vector<std::uint32_t> df;
  for (element x : get<array>(path, root["vocab"].get_array(), "vocab")) {
    array pair = get<array>(path, x.get_array(), "vocab");
    words.emplace_back(get<std::string_view>(path, pair.at(0).get_string(), "vocab"));
    df.push_back(
        static_cast<std::uint32_t>(get<std::uint64_t>(path, pair.at(1).get_uint64(), "vocab")));
  }
  return vocabulary::from_words(std::move(words), std::move(df));
}

// "categories", their words looked up in m.vocab.
void read_categories(const std::string& path, element root, keyword_model& m) {
  auto word_id = [&](std::string_view w) {
    const std::int32_t id = m.vocab.id_of(w);
    if (id < 0) bad(path, "category word '" + std::string(w) + "' is not in the vocabulary");
    return id;
  };
  for (element c : get<array>(path, root["categories"].get_array(), "categories")) {
    category_weights cw;
    cw.label = get_str(path, c, "label");
    cw.norm_value = get<double>(path, c["norm_value"].get_double(), "norm_value");
    for (element t : get<array>(path, c["top"].get_array(), "top")) {
      array pair = get<array>(path, t.get_array(), "top");
      const std::int32_t id = word_id(get<std::string_view>(path, pair.at(0).get_string(), "top"));
      cw.top.emplace_back(id, get<std::int64_t>(path, pair.at(1).get_int64(), "top"));
    }
    for (const std::string& w : str_array(path, c, "manual")) cw.manual.push_back(word_id(w));
    cw.manual_ignored = str_array(path, c, "manual_ignored");
    m.categories.push_back(std::move(cw));
  }
  if (m.categories.size() != m.labels.size()) bad(path, "categories and labels differ in number");
}

std::vector<keyword_entry> read_keywords_raw(const std::string& path, element root) {
  std::vector<keyword_entry> out;
  for (element e : get<array>(path, root["keywords_raw"].get_array(), "keywords_raw")) {
    array pair = get<array>(path, e.get_array(), "keywords_raw");
    keyword_entry k;
    k.category = std::string(get<std::string_view>(path, pair.at(0).get_string(), "keywords_raw"));
    for (element kw : get<array>(path, pair.at(1).get_array(), "keywords_raw"))
      k.keywords.emplace_back(get<std::string_view>(path, kw.get_string(), "keywords_raw"));
    out.push_back(std::move(k));
  }
  return out;
}

// An array of ids, each kept as its JSON text.
std::vector<std::string> read_ids(const std::string& path, element root, const char* part) {
  std::vector<std::string> ids;
  for (element e : get<array>(path, root[part].get_array(), part))
    ids.push_back(simdjson::minify(e));
  return ids;
}

}  // namespace

keyword_model load_model(const std::string& path) {
  return parse_model(read_model_text(path), path);
}

keyword_model parse_model(const std::string& text, const std::string& path) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(text).get(root)) bad(path, "the file is not JSON (damaged, or not a model)");
  check_model_header(path, text, root);
  keyword_model m;
  read_settings(path, root, m);
  m.alpha = get<double>(path, root["alpha"].get_double(), "alpha");
  m.labels = str_array(path, root, "labels");
  m.vocab = read_vocab(path, root);
  read_categories(path, root, m);
  m.keywords_raw = read_keywords_raw(path, root);
  m.train_ids = read_ids(path, root, "train_ids");
  m.test_ids = read_ids(path, root, "test_ids");
  return m;
}

}  // namespace qc
