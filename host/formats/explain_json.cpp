#include "formats/explain_json.hpp"

namespace qc {
namespace {

constexpr const char* kReconstruction =
    "d = sum of words[].d + other_words.d and s1 = sum of manual_hits[].in_post, in integers "
    "(exact, any order); s0 = d / norm (one rounding; 0.0 when norm is 0); alpha_part = alpha * "
    "s1 (one rounding); score = s0 + alpha_part (one rounding). \"exact\" says the post's words "
    "give d, s1, s0 and score back bit for bit. words[].s0_part = d / norm of that word alone, "
    "rounded: for reading, their sum may differ from s0 in the last bits";

}  // namespace

explain_json_writer::explain_json_writer(std::string& out, const keyword_model& m,
                                         const explain_display& d)
    : w_(out), m_(m), d_(d) {
  w_.begin_object().newline("  ").member("format", kExplainFormat);
  w_.newline("  ").member("version", kExplainVersion);
  w_.newline("  ").member("alpha", d.alpha).member("ties", to_string(d.ties));
  w_.member("norm", to_string(m.norm)).member("manual_scope", to_string(m.scope));
  w_.member("top", static_cast<std::uint64_t>(d.top));
  w_.newline("  ").key("categories").strings(m.labels);
  w_.newline("  ").member("reconstruction", kReconstruction);
  w_.newline("  ").key("posts").begin_array();
}

void explain_json_writer::append(const post_explanation& e) {
  const scored_post& p = e.prediction;
  w_.newline("    ").begin_object().key("id").raw(e.id_json).member("where", e.where);
  w_.member("title", e.title).key("labels").strings(e.labels);
  w_.member("category", m_.labels[static_cast<std::size_t>(p.best)]);
  if (d_.ties == tie_rule::all) {
    w_.key("categories").begin_array();
    for (int k : predicted_categories(p, d_.ties, static_cast<int>(m_.labels.size())))
      w_.value(m_.labels[static_cast<std::size_t>(k)]);
    w_.end_array();
  }
  w_.member("score", p.score).key("runner_up");
  p.runner_up >= 0 ? w_.value(m_.labels[static_cast<std::size_t>(p.runner_up)]) : w_.null();
  w_.member("margin", p.margin).member("no_evidence", p.no_evidence);
  w_.key("explanation").begin_array();
  for (std::size_t k = 0; k < e.categories.size(); ++k) append_category(e.categories[k], k);
  w_.end_array().end_object();
}

void explain_json_writer::append_category(const category_explanation& c, std::size_t k) {
  w_.begin_object().member("category", m_.labels[k]).member("score", c.score);
  w_.member("s0", c.s0).member("d", c.d).member("norm", c.norm);
  w_.member("s1", c.s1).member("alpha_part", c.alpha_part);
  append_words(c);
  w_.key("manual_hits").begin_array();
  for (const word_part* p : manual_hits(c, m_.vocab)) {
    w_.begin_object().member("word", m_.vocab.words()[static_cast<std::size_t>(p->word)]);
    w_.member("in_post", p->in_post).end_object();
  }
  w_.end_array().member("exact", c.reconstructs).end_object();
}

void explain_json_writer::append_words(const category_explanation& c) {
  const word_listing l = list_words(c, d_.top);
  w_.key("words").begin_array();
  for (const word_part* p : l.shown) {
    w_.begin_object().member("word", m_.vocab.words()[static_cast<std::size_t>(p->word)]);
    w_.member("in_post", p->in_post).member("count", p->count).member("d", p->d());
    w_.member("s0_part", s0_of(p->d(), c.norm)).member("manual", p->manual).end_object();
  }
  w_.end_array().key("other_words").begin_object();
  w_.member("words", static_cast<std::uint64_t>(l.others)).member("d", l.others_d);
  w_.end_object();
}

void explain_json_writer::finish() { w_.newline("  ").end_array().newline("").end_object(); }

}  // namespace qc
