// Model file writing and reading.
#include "formats/model_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/format_double.hpp"
#include "formats/json_write.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

constexpr std::string_view kChecksumKey = ",\n  \"checksum\": \"";

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = kHex[v & 15];
  return s;
}

void add_string_array(std::string& o, const std::vector<std::string>& v) {
  o += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) o += ", ";
    append_json_string(o, v[i]);
  }
  o += ']';
}

void add_raw_array(std::string& o, const std::vector<std::string>& v) {
  o += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) o += ", ";
    o += v[i];
  }
  o += ']';
}

}  // namespace

std::string model_to_json(const keyword_model& m) {
  std::string o;
  o += "{\n  \"format\": \"";
  o += kModelFormat;
  o += "\",\n  \"version\": " + std::to_string(kModelVersion);
  o += ",\n  \"preprocessing\": {\"title_only\": ";
  o += m.pre.title_only ? "true" : "false";
  o += ", \"lemma\": \"";
  o += to_string(m.pre.lemma);
  o += "\", \"keep_code\": ";
  o += m.pre.keep_code ? "true" : "false";
  o += ", \"body_format\": \"";
  o += to_string(m.pre.body);
  o += "\", \"stopwords\": ";
  append_json_string(o, m.stopwords);
  o += "},\n  \"options\": {\"top_k\": " + std::to_string(m.top_k) + ", \"norm\": \"" +
       to_string(m.norm) + "\", \"manual_scope\": \"" + to_string(m.scope) + "\", \"split\": ";
  append_json_string(o, m.split);
  o += ", \"seed\": " + std::to_string(m.seed) + ", \"ties\": \"" + to_string(m.ties) +
       "\", \"min_df\": " + std::to_string(m.vocab_opts.min_df) +
       ", \"max_vocab\": " + std::to_string(m.vocab_opts.max_vocab) + ", \"max_df_frac\": ";
  append_double(o, m.vocab_opts.max_df_frac);
  o += ", \"vocab_from\": \"";
  o += to_string(m.vocab_from);
  o += "\"},\n  \"alpha\": ";
  append_double(o, m.alpha);
  o += ",\n  \"labels\": ";
  add_string_array(o, m.labels);
  o += ",\n  \"categories\": [";
  const auto& words = m.vocab.words();
  for (std::size_t k = 0; k < m.categories.size(); ++k) {
    const category_weights& c = m.categories[k];
    o += k ? ",\n    {" : "\n    {";
    o += "\"label\": ";
    append_json_string(o, c.label);
    o += ", \"norm_value\": ";
    append_double(o, c.norm_value);
    o += ",\n     \"top\": [";
    for (std::size_t i = 0; i < c.top.size(); ++i) {
      if (i) o += ", ";
      o += '[';
      append_json_string(o, words[static_cast<std::size_t>(c.top[i].first)]);
      o += ", " + std::to_string(c.top[i].second) + ']';
    }
    o += "],\n     \"manual\": [";
    for (std::size_t i = 0; i < c.manual.size(); ++i) {
      if (i) o += ", ";
      append_json_string(o, words[static_cast<std::size_t>(c.manual[i])]);
    }
    o += "],\n     \"manual_ignored\": ";
    add_string_array(o, c.manual_ignored);
    o += '}';
  }
  o += "\n  ],\n  \"keywords_raw\": [";
  for (std::size_t i = 0; i < m.keywords_raw.size(); ++i) {
    o += i ? ", " : "";
    o += "[";
    append_json_string(o, m.keywords_raw[i].category);
    o += ", ";
    add_string_array(o, m.keywords_raw[i].keywords);
    o += "]";
  }
  o += "],\n  \"vocab\": [";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) o += ", ";
    o += '[';
    append_json_string(o, words[i]);
    o += ", " + std::to_string(m.vocab.df()[i]) + ']';
  }
  o += "],\n  \"train_ids\": ";
  add_raw_array(o, m.train_ids);
  o += ",\n  \"test_ids\": ";
  add_raw_array(o, m.test_ids);
  const std::uint64_t h = fnv1a64(o);
  o += kChecksumKey;
  o += "fnv1a64:" + hex64(h) + "\"\n}\n";
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

}  // namespace

keyword_model load_model(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw io_error("cannot read model file '" + path +
                   "': it is a folder, not a file (give the model's .json file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read model file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();

  const std::size_t pos = text.rfind(kChecksumKey);
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(text).get(root)) bad(path, "the file is not JSON (damaged, or not a model)");
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
  std::string_view sum;
  if (pos == std::string::npos || root["checksum"].get_string().get(sum) ||
      sum != "fnv1a64:" + hex64(fnv1a64(std::string_view(text).substr(0, pos))))
    bad(path, "checksum mismatch (the file was damaged or edited)");

  keyword_model m;
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
  m.alpha = get<double>(path, root["alpha"].get_double(), "alpha");
  m.labels = str_array(path, root, "labels");

  std::vector<std::string> words;
  std::vector<std::uint32_t> df;
  for (element x : get<array>(path, root["vocab"].get_array(), "vocab")) {
    array pair = get<array>(path, x.get_array(), "vocab");
    words.emplace_back(get<std::string_view>(path, pair.at(0).get_string(), "vocab"));
    df.push_back(
        static_cast<std::uint32_t>(get<std::uint64_t>(path, pair.at(1).get_uint64(), "vocab")));
  }
  m.vocab = vocabulary::from_words(std::move(words), std::move(df));

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
  for (element e : get<array>(path, root["keywords_raw"].get_array(), "keywords_raw")) {
    array pair = get<array>(path, e.get_array(), "keywords_raw");
    keyword_entry k;
    k.category = std::string(get<std::string_view>(path, pair.at(0).get_string(), "keywords_raw"));
    for (element kw : get<array>(path, pair.at(1).get_array(), "keywords_raw"))
      k.keywords.emplace_back(get<std::string_view>(path, kw.get_string(), "keywords_raw"));
    m.keywords_raw.push_back(std::move(k));
  }
  for (const char* part : {"train_ids", "test_ids"}) {
    auto& ids = std::string_view(part) == "train_ids" ? m.train_ids : m.test_ids;
    for (element e : get<array>(path, root[part].get_array(), part))
      ids.push_back(simdjson::minify(e));
  }
  return m;
}

}  // namespace qc
