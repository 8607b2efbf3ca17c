#include "formats/explain_text.hpp"

#include <algorithm>
#include <numeric>

#include "core/format_double.hpp"

namespace qc {
namespace {

const std::string& label_of(const keyword_model& m, int k) {
  return m.labels[static_cast<std::size_t>(k)];
}
const std::string& word_of(const keyword_model& m, const word_part& p) {
  return m.vocab.words()[static_cast<std::size_t>(p.word)];
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::vector<std::string> names_of(const keyword_model& m, const std::vector<int>& ks) {
  std::vector<std::string> names;
  for (int k : ks) names.push_back(label_of(m, k));
  return names;
}

// "predicted: api (score ..., runner-up Others, margin ...)".
void append_prediction(std::string& out, const scored_post& p, const keyword_model& m,
                       const std::vector<std::string>& predicted) {
  out += "  predicted: " + joined(predicted) + " (score " + format_double(p.score);
  if (p.runner_up >= 0)
    out += ", runner-up " + label_of(m, p.runner_up) + ", margin " + format_double(p.margin);
  out += ")\n";
}

// Ties at the top, the post's own labels, no evidence: one line each.
void append_notes(std::string& out, const post_explanation& e, const keyword_model& m,
                  const explain_display& d, const std::vector<std::string>& predicted) {
  const scored_post& p = e.prediction;
  const bool tied = (p.tied & (p.tied - 1)) != 0;
  if (tied && d.ties == tie_rule::lowest) {
    const auto all = predicted_categories(p, tie_rule::all, static_cast<int>(m.labels.size()));
    out += "  tied at the top: " + joined(names_of(m, all)) + " (--ties lowest: the first wins)\n";
  }
  if (!e.labels.empty()) {
    const bool hit = std::any_of(predicted.begin(), predicted.end(), [&](const std::string& c) {
      return std::find(e.labels.begin(), e.labels.end(), c) != e.labels.end();
    });
    out += hit ? "  the prediction is one of the post's labels\n"
               : "  misclassified: the post is labeled " + joined(e.labels) + "\n";
  }
  if (p.no_evidence)
    out += "  no scoring word: every score is 0; counted as unclassified, not as " +
           label_of(m, p.best) + "\n";
}

// "    tensor  3 x 120 = 360  (0.25 of s0)  manual"
void append_words(std::string& out, const category_explanation& c, const keyword_model& m,
                  std::size_t top) {
  const word_listing l = list_words(c, top);
  if (l.shown.empty()) return;
  out += "    words (in post x count in training = d; d / N):\n";
  for (const word_part* p : l.shown) {
    out += "      " + word_of(m, *p) + "  " + std::to_string(p->in_post) + " x " +
           std::to_string(p->count) + " = " + std::to_string(p->d()) + "; " +
           format_double(s0_of(p->d(), c.norm)) + (p->manual ? "  (manual keyword)\n" : "\n");
  }
  if (l.others > 0)
    out += "      and " + std::to_string(l.others) +
           " more words: d = " + std::to_string(l.others_d) + "\n";
}

void append_manual(std::string& out, const category_explanation& c, const keyword_model& m,
                   double alpha) {
  const std::vector<const word_part*> hits = manual_hits(c, m.vocab);
  if (hits.empty()) return;
  std::string list;
  for (const word_part* p : hits)
    list += (list.empty() ? "" : ", ") + word_of(m, *p) + " x" + std::to_string(p->in_post);
  out += "    manual keywords hit: " + list + ": S1 = " + std::to_string(c.s1) + ", alpha adds " +
         format_double(alpha) + " x " + std::to_string(c.s1) + " = " + format_double(c.alpha_part) +
         "\n";
}

void append_category(std::string& out, const category_explanation& c, const std::string& label,
                     const keyword_model& m, const explain_display& d) {
  out += "  " + label + ": score " + format_double(c.score) + " = s0 " + format_double(c.s0) +
         " + alpha x S1 " + format_double(c.alpha_part) + "\n";
  out += "    s0 = D / N = " + std::to_string(c.d) + " / " + format_double(c.norm) +
         "; S1 = " + std::to_string(c.s1) + (c.reconstructs ? "" : "  (NOT reconstructed)") + "\n";
  append_words(out, c, m, d.top);
  append_manual(out, c, m, d.alpha);
}

// Category indices, highest score first (ties: lower index first).
std::vector<std::size_t> by_score(const post_explanation& e) {
  std::vector<std::size_t> order(e.categories.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return e.categories[a].score > e.categories[b].score;
  });
  return order;
}

}  // namespace

void append_explanation_text(std::string& out, const post_explanation& e, const keyword_model& m,
                             const explain_display& d) {
  out += "post " + id_text(e.id_json) + " (" + e.where + ")";
  if (!e.labels.empty()) out += ", labeled " + joined(e.labels);
  out += "\n  title: " + e.title + "\n";
  const std::vector<std::string> predicted =
      names_of(m, predicted_categories(e.prediction, d.ties, static_cast<int>(m.labels.size())));
  append_prediction(out, e.prediction, m, predicted);
  append_notes(out, e, m, d, predicted);
  for (std::size_t k : by_score(e)) append_category(out, e.categories[k], m.labels[k], m, d);
  out += "\n";
}

}  // namespace qc
