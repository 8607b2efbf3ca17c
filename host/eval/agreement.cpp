#include "eval/agreement.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "qc/core/error.hpp"

namespace qc {

kappa_parts cohen_kappa(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("cohen_kappa: different sizes");
  if (a.empty()) throw std::invalid_argument("cohen_kappa: no posts");
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // bytewise order
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ++counts[a[i]].first;
    ++counts[b[i]].second;
    if (a[i] == b[i]) ++equal;
  }
  const double n = static_cast<double>(a.size());
  kappa_parts k;
  k.observed = static_cast<double>(equal) / n;
  double pe = 0;
  for (const auto& [c, ab] : counts)
    pe += (static_cast<double>(ab.first) / n) * (static_cast<double>(ab.second) / n);
  k.expected = pe;
  if (pe == 1)
    k.kappa = k.observed == 1 ? 1.0 : 0.0;
  else
    k.kappa = (k.observed - pe) / (1 - pe);
  return k;
}

std::optional<interval> bootstrap_kappa(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b, std::size_t resamples,
                                        double confidence, std::uint64_t seed) {
  if (resamples == 0) return std::nullopt;
  check_confidence(confidence);
  const std::size_t n = a.size();
  if (n == 0 || b.size() != n) throw std::invalid_argument("bootstrap_kappa: bad input");
  std::vector<std::string> ra(n), rb(n);
  const auto kappa = [&](const std::vector<std::size_t>& draws) -> std::optional<double> {
    for (std::size_t j = 0; j < n; ++j) {
      ra[j] = a[draws[j]];
      rb[j] = b[draws[j]];
    }
    return cohen_kappa(ra, rb).kappa;
  };
  return bootstrap(n, bootstrap_spec{resamples, confidence, seed}, kappa).ci;
}

agreement_result measure_agreement(const std::vector<labeled_post>& a,
                                   const std::vector<labeled_post>& b,
                                   const agreement_options& opts) {
  agreement_result res;
  res.rows_a = a.size();
  res.rows_b = b.size();
  std::unordered_map<std::string, std::size_t> b_index;
  for (std::size_t j = 0; j < b.size(); ++j) {
    b_index.emplace(b[j].id, j);
    if (!b[j].labels.empty()) ++res.labeled_b;
  }
  std::unordered_map<std::string, bool> a_labeled;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool la = !a[i].labels.empty();
    a_labeled.emplace(a[i].id, la);
    if (!la) continue;
    ++res.labeled_a;
    const auto it = b_index.find(a[i].id);
    if (it == b_index.end() || b[it->second].labels.empty()) {
      ++res.only_a;
      continue;
    }
    res.common_a.push_back(i);
    res.common_b.push_back(it->second);
  }
  for (const labeled_post& p : b) {
    if (p.labels.empty()) continue;
    const auto it = a_labeled.find(p.id);
    if (it == a_labeled.end() || !it->second) ++res.only_b;
  }
  res.common = res.common_a.size();
  if (res.common == 0)
    throw error("no post is labeled in both sheets (" + std::to_string(res.labeled_a) +
                " labeled in the first, " + std::to_string(res.labeled_b) +
                " in the second); are they sheets of the same sample?");

  std::vector<std::string> la(res.common), lb(res.common);
  for (std::size_t k = 0; k < res.common; ++k) {
    la[k] = a[res.common_a[k]].labels.front();
    lb[k] = b[res.common_b[k]].labels.front();
    if (la[k] == lb[k])
      ++res.agreed;
    else
      res.disagreements.push_back(k);
  }
  res.kappa = cohen_kappa(la, lb);
  res.kappa_interval = bootstrap_kappa(la, lb, opts.bootstrap, opts.confidence, opts.seed);

  std::map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < res.common; ++k) {
    index.emplace(la[k], 0);
    index.emplace(lb[k], 0);
  }
  for (auto& [c, i] : index) {
    i = res.categories.size();
    res.categories.push_back(c);
  }
  const std::size_t m = res.categories.size();
  res.confusion.assign(m, std::vector<std::size_t>(m, 0));
  res.per_category.resize(m);
  for (std::size_t c = 0; c < m; ++c) res.per_category[c].category = res.categories[c];
  for (std::size_t k = 0; k < res.common; ++k) {
    const std::size_t i = index[la[k]], j = index[lb[k]];
    ++res.confusion[i][j];
    ++res.per_category[i].a;
    ++res.per_category[j].b;
    if (i == j) ++res.per_category[i].both;
  }
  for (category_agreement& c : res.per_category)
    c.agreement = 2.0 * static_cast<double>(c.both) / static_cast<double>(c.a + c.b);
  return res;
}

}  // namespace qc
