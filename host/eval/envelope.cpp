#include "eval/envelope.hpp"

#include <gmp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {
namespace {

// ------------------------------------------------------------------ GMP RAII

// One exact rational (mpq_t), owned.
class mpq {
 public:
  mpq() { mpq_init(v_); }
  ~mpq() { mpq_clear(v_); }
  mpq(const mpq&) = delete;
  mpq& operator=(const mpq&) = delete;
  mpq_ptr get() noexcept { return v_; }
  mpq_srcptr get() const noexcept { return v_; }

 private:
  mpq_t v_;
};

// A growable array of exact rationals, each with a sort key: its value
// truncated to a double (mpq_get_d), which is monotone, so keys that differ
// order their rationals and only equal keys need an exact comparison. GMP's
// structs hold only a size and a pointer to their limbs, so moving them
// bitwise (as the vector does when it grows) is safe; each is cleared exactly
// once, here.
class mpq_array {
 public:
  mpq_array() = default;
  mpq_array(const mpq_array&) = delete;
  mpq_array& operator=(const mpq_array&) = delete;
  ~mpq_array() {
    for (auto& q : v_) mpq_clear(&q);
  }
  void push(mpq_srcptr x) {
    v_.emplace_back();
    mpq_init(&v_.back());
    mpq_set(&v_.back(), x);
    key_.push_back(mpq_get_d(x));
  }
  mpq_srcptr operator[](std::size_t i) const noexcept { return &v_[i]; }
  double key(std::size_t i) const noexcept { return key_[i]; }
  std::size_t size() const noexcept { return v_.size(); }
  // Three-way exact comparison of entry i with q, whose key is kq.
  int cmp(std::size_t i, mpq_srcptr q, double kq) const {
    if (key_[i] != kq) return key_[i] < kq ? -1 : 1;
    if (mpq_equal(&v_[i], q)) return 0;
    return mpq_cmp(&v_[i], q);
  }

 private:
  std::vector<__mpq_struct> v_;
  std::vector<double> key_;
};

void set_rational(mpq_ptr q, const rational& r) {
  mpq_set_si(q, static_cast<long>(r.num()), static_cast<unsigned long>(r.den()));
  mpq_canonicalize(q);
}

// Reads "p/q" or "p" (optional sign on p, q > 0 after canonicalizing).
void parse_fraction(mpq_ptr q, std::string_view text) {
  const std::string s(text);
  const auto bad = [&]() { return usage_error("not a fraction: '" + s + "'"); };
  // mpq_set_str skips white space; a fraction here has none.
  if (s.empty() || s.find_first_not_of("+-0123456789/") != std::string::npos) throw bad();
  if (mpq_set_str(q, s.c_str(), 10) != 0) throw bad();
  if (mpz_sgn(mpq_denref(q)) == 0) throw bad();
  mpq_canonicalize(q);
}

std::string fraction_string(mpq_srcptr q) {
  std::string out(mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3, '\0');
  mpq_get_str(out.data(), 10, q);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool mantissa_even(double x) noexcept {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & 1) == 0;
}

// The double nearest to q, ties to even. mpq_get_d truncates towards zero, so
// q lies in [d, next) where next is d's neighbour away from zero; the exact
// midpoint of the two decides. |q| < 2^1024 (checked by the callers).
double nearest_double(mpq_srcptr q) {
  const double d = mpq_get_d(q);
  mpq exact_d;
  mpq_set_d(exact_d.get(), d);
  if (mpq_equal(q, exact_d.get())) return d;
  const bool negative = mpq_sgn(q) < 0;
  const double inf = std::numeric_limits<double>::infinity();
  const double next = std::nextafter(d, negative ? -inf : inf);
  mpq mid;
  if (std::isinf(next)) {
    // The neighbour would be ±2^1024: the midpoint is d + (d - prev)/2.
    const double prev = std::nextafter(d, 0.0);
    mpq half_ulp;
    mpq_set_d(half_ulp.get(), d - prev);  // one ulp, exact
    mpq_div_2exp(half_ulp.get(), half_ulp.get(), 1);
    mpq_add(mid.get(), exact_d.get(), half_ulp.get());
  } else {
    mpq exact_next;
    mpq_set_d(exact_next.get(), next);
    mpq_add(mid.get(), exact_d.get(), exact_next.get());
    mpq_div_2exp(mid.get(), mid.get(), 1);
  }
  int c = mpq_cmp(q, mid.get());
  if (negative) c = -c;  // now > 0: q is further from zero than mid
  const double r = c < 0 ? d : c > 0 ? next : mantissa_even(d) ? d : next;
  return r == 0.0 && negative ? -0.0 : r;
}

// |q| < 2^1024  <=>  |trunc(q)| < 2^1024  <=>  trunc(q) has at most 1024 bits.
void check_below_2_1024(mpq_srcptr q, std::string_view text) {
  mpz_t whole;
  mpz_init(whole);
  mpz_tdiv_q(whole, mpq_numref(q), mpq_denref(q));
  const bool ok = mpz_sizeinbase(whole, 2) <= 1024;
  mpz_clear(whole);
  if (!ok) throw usage_error("fraction out of the double range: '" + std::string(text) + "'");
}

// ------------------------------------------------------------ one post, exact

// Scratch space for the exact scores of one post, reused from post to post.
struct post_scratch {
  explicit post_scratch(int k)
      : s0(static_cast<std::size_t>(k)), val(static_cast<std::size_t>(k)) {}
  std::vector<mpq> s0;   // exact s0_k
  std::vector<mpq> val;  // exact score_k at some α
  mpq tmp, x, best;
};

void load_s0(post_scratch& ps, const double* s0, int K) {
  for (int k = 0; k < K; ++k) {
    if (!std::isfinite(s0[k])) throw usage_error("sweep: a score part s0 is not finite");
    mpq_set_d(ps.s0[static_cast<std::size_t>(k)].get(), s0[k]);
  }
}

// The categories tied at the maximum of s0_k + a·S1_k, as a bit mask.
std::uint64_t exact_top_set(post_scratch& ps, const std::int64_t* s1, int K, mpq_srcptr a) {
  std::size_t best = 0;
  for (int k = 0; k < K; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    mpq_ptr v = ps.val[uk].get();
    mpq_set_si(ps.tmp.get(), static_cast<long>(s1[k]), 1);
    mpq_mul(v, a, ps.tmp.get());
    mpq_add(v, v, ps.s0[uk].get());
    if (k > 0 && mpq_cmp(v, ps.val[best].get()) > 0) best = uk;
  }
  std::uint64_t set = 0;
  for (int k = 0; k < K; ++k) {
    if (mpq_equal(ps.val[static_cast<std::size_t>(k)].get(), ps.val[best].get())) {
      set |= std::uint64_t{1} << k;
    }
  }
  return set;
}

int lowest_bit(std::uint64_t set) noexcept {
  int k = 0;
  while ((set & (std::uint64_t{1} << k)) == 0) ++k;
  return k;
}

std::uint64_t apply_rule(std::uint64_t set, bool ties_all) noexcept {
  return ties_all ? set : std::uint64_t{1} << lowest_bit(set);
}

// ------------------------------------------------------------ confusion counts

// The predicted set as ascending indices.
std::size_t mask_to_list(std::uint64_t mask, int K, int* out) noexcept {
  std::size_t n = 0;
  for (int k = 0; k < K; ++k) {
    if (mask & (std::uint64_t{1} << k)) out[n++] = k;
  }
  return n;
}

bool contains(const int* v, std::size_t n, int x) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    if (v[i] == x) return true;
  }
  return false;
}

// Undoes confusion_counts::add_post(y, p) of a post added before.
void remove_post(confusion_counts& c, const std::vector<int>& y, const int* p, std::size_t np) {
  const std::size_t L = c.n_labels;
  const auto first = static_cast<std::size_t>(y[0]);
  std::size_t hits = 0;
  for (std::size_t i = 0; i < np; ++i) {
    const auto k = static_cast<std::size_t>(p[i]);
    if (contains(y.data(), y.size(), p[i])) {
      --c.tp[k];
      --c.confusion[k * L + k];
      ++hits;
    } else {
      --c.fp[k];
      --c.confusion[first * L + k];
    }
  }
  for (int t : y) {
    if (!contains(p, np, t)) --c.fn[static_cast<std::size_t>(t)];
  }
  --c.n_posts;
  if (hits == np && np == y.size()) --c.n_exact;
}

void add_mask(confusion_counts& c, const std::vector<int>& y, std::uint64_t mask, int K) {
  int p[kMaxCategories];
  const std::size_t np = mask_to_list(mask, K, p);
  c.add_post(y.data(), y.size(), p, np);
}

void remove_mask(confusion_counts& c, const std::vector<int>& y, std::uint64_t mask, int K) {
  int p[kMaxCategories];
  const std::size_t np = mask_to_list(mask, K, p);
  remove_post(c, y, p, np);
}

// A post's prediction changes to `mask` from piece `piece` on.
struct change {
  std::size_t piece;
  std::size_t post;
  std::uint64_t mask;
};

// Index of q in the sorted, distinct points, which must hold it.
std::size_t find_point(const mpq_array& pts, const std::vector<std::size_t>& order, mpq_srcptr q) {
  const double kq = mpq_get_d(q);
  std::size_t lo = 0, hi = order.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const int c = pts.cmp(order[mid], q, kq);
    if (c == 0) return mid;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  throw std::logic_error("envelope: a crossing is missing from the breakpoint set");
}

// The objective in m; null only without test posts.
double objective_of(const metrics& m, sweep_objective objective) {
  std::optional<double> v;
  switch (objective) {
    case sweep_objective::macro_f1:
      v = m.macro_f1;
      break;
    case sweep_objective::macro_precision:
      v = m.macro_precision;
      break;
    case sweep_objective::macro_recall:
      v = m.macro_recall;
      break;
    case sweep_objective::micro_f1:
      v = m.micro_f1;
      break;
    case sweep_objective::accuracy:
      v = m.accuracy;
      break;
    case sweep_objective::study_f1:
      v = m.study_f1;
      break;
  }
  if (!v) throw usage_error("sweep needs at least one test post");
  return *v;
}

}  // namespace

// ------------------------------------------------------------------ objective

sweep_objective parse_objective(std::string_view name) {
  static constexpr sweep_objective all[] = {
      sweep_objective::macro_f1, sweep_objective::macro_precision, sweep_objective::macro_recall,
      sweep_objective::micro_f1, sweep_objective::accuracy,        sweep_objective::study_f1,
  };
  for (sweep_objective o : all) {
    if (name == to_string(o)) return o;
  }
  throw usage_error("unknown objective '" + std::string(name) +
                    "' (expected macro_f1, macro_precision, macro_recall, micro_f1, accuracy or "
                    "study_f1)");
}

const char* to_string(sweep_objective objective) noexcept {
  switch (objective) {
    case sweep_objective::macro_f1:
      return "macro_f1";
    case sweep_objective::macro_precision:
      return "macro_precision";
    case sweep_objective::macro_recall:
      return "macro_recall";
    case sweep_objective::micro_f1:
      return "micro_f1";
    case sweep_objective::accuracy:
      return "accuracy";
    case sweep_objective::study_f1:
      return "study_f1";
  }
  return "macro_f1";
}

// ------------------------------------------------------------------ helpers

std::uint64_t exact_prediction(const double* s0, const std::int64_t* s1, int n_cats,
                               std::string_view alpha, bool ties_all) {
  if (n_cats < 1 || n_cats > kMaxCategories) {
    throw usage_error("exact_prediction: the number of categories must be 1.." +
                      std::to_string(kMaxCategories));
  }
  mpq a;
  parse_fraction(a.get(), alpha);
  post_scratch ps(n_cats);
  load_s0(ps, s0, n_cats);
  return apply_rule(exact_top_set(ps, s1, n_cats, a.get()), ties_all);
}

int compare_fractions(std::string_view a, std::string_view b) {
  mpq x, y;
  parse_fraction(x.get(), a);
  parse_fraction(y.get(), b);
  const int c = mpq_cmp(x.get(), y.get());
  return (c > 0) - (c < 0);
}

double fraction_to_double(std::string_view fraction) {
  mpq q;
  parse_fraction(q.get(), fraction);
  check_below_2_1024(q.get(), fraction);
  return nearest_double(q.get());
}

// ------------------------------------------------------------------ the sweep

envelope_result exact_best_alpha(const envelope_input& in, std::vector<envelope_piece>* pieces) {
  const int K = in.n_cats;
  if (in.n_posts == 0) throw usage_error("sweep needs at least one test post");
  if (K < 1 || K > kMaxCategories) {
    throw usage_error("sweep: the number of categories must be 1.." +
                      std::to_string(kMaxCategories) + ", not " + std::to_string(K));
  }
  if (in.start > in.stop) {
    throw usage_error("sweep: START " + in.start.str() + " is above STOP " + in.stop.str());
  }
  if (in.s0 == nullptr || in.s1 == nullptr || in.truth == nullptr) {
    throw std::invalid_argument("exact_best_alpha: null input");
  }
  if (in.truth->size() != in.n_posts) {
    throw std::invalid_argument("exact_best_alpha: " + std::to_string(in.truth->size()) +
                                " label lists for " + std::to_string(in.n_posts) + " posts");
  }
  const auto uK = static_cast<std::size_t>(K);
  const std::vector<std::vector<int>>& truth = *in.truth;

  mpq start, stop;
  set_rational(start.get(), in.start);
  set_rational(stop.get(), in.stop);
  post_scratch ps(K);

  // 1. Every crossing strictly inside (START, STOP), pooled over the posts.
  // A double estimate first skips crossings far outside: it is within a
  // relative 4e-16 of the exact value, far less than the margin.
  const double start_d = in.start.to_double(), stop_d = in.stop.to_double();
  const double lo_cut = start_d - 1e-9 * (1.0 + std::fabs(start_d));
  const double hi_cut = stop_d + 1e-9 * (1.0 + std::fabs(stop_d));
  mpq_array pool;
  pool.push(start.get());
  if (in.stop != in.start) pool.push(stop.get());
  for (std::size_t i = 0; i < in.n_posts; ++i) {
    const double* s0 = in.s0 + i * uK;
    const std::int64_t* s1 = in.s1 + i * uK;
    load_s0(ps, s0, K);
    for (int j = 0; j < K; ++j) {
      for (int k = j + 1; k < K; ++k) {
        if (s1[j] == s1[k]) continue;
        // α* = (s0_k - s0_j) / (S1_j - S1_k)
        const double estimate = (s0[k] - s0[j]) / static_cast<double>(s1[j] - s1[k]);
        if (!(estimate > lo_cut && estimate < hi_cut)) continue;
        mpq_sub(ps.x.get(), ps.s0[static_cast<std::size_t>(k)].get(),
                ps.s0[static_cast<std::size_t>(j)].get());
        mpz_set_si(mpq_numref(ps.tmp.get()), static_cast<long>(s1[j] - s1[k]));
        mpz_set_ui(mpq_denref(ps.tmp.get()), 1);
        mpq_div(ps.x.get(), ps.x.get(), ps.tmp.get());
        if (mpq_cmp(ps.x.get(), start.get()) > 0 && mpq_cmp(ps.x.get(), stop.get()) < 0) {
          pool.push(ps.x.get());
        }
      }
    }
  }
  // B: sorted and distinct, as indices into the pool (sorted with their keys
  // alongside, for locality).
  std::vector<std::pair<double, std::size_t>> keyed(pool.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) keyed[i] = {pool.key(i), i};
  const auto keyed_cmp = [&](const std::pair<double, std::size_t>& a,
                             const std::pair<double, std::size_t>& b) {
    if (a.first != b.first) return a.first < b.first ? -1 : 1;
    // Equal keys mostly mean equal values (the same crossing in many posts),
    // and equality of canonical fractions is a cheap limb comparison.
    if (mpq_equal(pool[a.second], pool[b.second])) return 0;
    return mpq_cmp(pool[a.second], pool[b.second]);
  };
  std::sort(keyed.begin(), keyed.end(),
            [&](const auto& a, const auto& b) { return keyed_cmp(a, b) < 0; });
  keyed.erase(std::unique(keyed.begin(), keyed.end(),
                          [&](const auto& a, const auto& b) { return keyed_cmp(a, b) == 0; }),
              keyed.end());
  std::vector<std::size_t> order(keyed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = keyed[i].second;
  keyed = {};
  const std::size_t M = order.size();      // |B|
  const std::size_t n_pieces = 2 * M - 1;  // piece 2g: point g; piece 2g+1: (B_g, B_g+1)

  // 2. Per post, walk its upper envelope from START to STOP: the prediction
  // at START, then only the pieces where it changes.
  std::vector<std::uint64_t> initial(in.n_posts);
  std::vector<change> changes;
  for (std::size_t i = 0; i < in.n_posts; ++i) {
    const double* s0 = in.s0 + i * uK;
    const std::int64_t* s1 = in.s1 + i * uK;
    load_s0(ps, s0, K);
    std::uint64_t current = 0;
    const auto record = [&](std::size_t piece, std::uint64_t mask) {
      if (piece == 0) {
        initial[i] = mask;
      } else if (mask != current) {
        changes.push_back({piece, i, mask});
      }
      current = mask;
    };

    // The tied set at START; ps.val holds the scores there.
    std::uint64_t top = exact_top_set(ps, s1, K, start.get());
    record(0, apply_rule(top, in.ties_all));
    std::size_t g = 0;
    while (g + 1 < M) {
      // On (B_g, next crossing) the winners are the tied lines of steepest
      // slope; lines tied with them there are identical to them.
      std::int64_t slope = std::numeric_limits<std::int64_t>::min();
      for (int k = 0; k < K; ++k) {
        if ((top >> k) & 1) slope = std::max(slope, s1[k]);
      }
      std::uint64_t steep = 0;
      for (int k = 0; k < K; ++k) {
        if (((top >> k) & 1) && s1[k] == slope) steep |= std::uint64_t{1} << k;
      }
      record(2 * g + 1, apply_rule(steep, in.ties_all));
      // The next crossing: the first steeper line to reach the winner.
      const auto t = static_cast<std::size_t>(lowest_bit(steep));
      bool found = false;
      for (int k = 0; k < K; ++k) {
        if (s1[k] <= slope) continue;
        // x = (s0_t - s0_k) / (S1_k - slope), which is above B_g.
        mpq_sub(ps.x.get(), ps.s0[t].get(), ps.s0[static_cast<std::size_t>(k)].get());
        mpz_set_si(mpq_numref(ps.tmp.get()), static_cast<long>(s1[k] - slope));
        mpz_set_ui(mpq_denref(ps.tmp.get()), 1);
        mpq_div(ps.x.get(), ps.x.get(), ps.tmp.get());
        if (!found || mpq_cmp(ps.x.get(), ps.best.get()) < 0) {
          mpq_swap(ps.best.get(), ps.x.get());
          found = true;
        }
      }
      if (!found || mpq_cmp(ps.best.get(), stop.get()) >= 0) break;
      g = find_point(pool, order, ps.best.get());
      top = exact_top_set(ps, s1, K, ps.best.get());
      record(2 * g, apply_rule(top, in.ties_all));
    }
    if (M > 1) record(n_pieces - 1, apply_rule(exact_top_set(ps, s1, K, stop.get()), in.ties_all));
  }
  std::sort(changes.begin(), changes.end(), [](const change& a, const change& b) {
    return a.piece != b.piece ? a.piece < b.piece : a.post < b.post;
  });

  // 3. Sweep the pieces left to right; recompute the metrics only where some
  // prediction changed.
  std::vector<std::string> point_text;
  if (pieces) {
    pieces->clear();
    pieces->reserve(n_pieces);
    point_text.reserve(M);
    for (std::size_t g = 0; g < M; ++g) point_text.push_back(fraction_string(pool[order[g]]));
  }
  std::vector<double> values(n_pieces);
  confusion_counts counts(uK);
  for (std::size_t i = 0; i < in.n_posts; ++i) add_mask(counts, truth[i], initial[i], K);
  std::vector<std::uint64_t> current = initial;
  std::size_t next = 0;
  double value = objective_of(compute_metrics(counts), in.objective);
  mpq mid;
  for (std::size_t p = 0; p < n_pieces; ++p) {
    bool changed = false;
    for (; next < changes.size() && changes[next].piece == p; ++next) {
      const change& ch = changes[next];
      remove_mask(counts, truth[ch.post], current[ch.post], K);
      add_mask(counts, truth[ch.post], ch.mask, K);
      current[ch.post] = ch.mask;
      changed = true;
    }
    if (changed) value = objective_of(compute_metrics(counts), in.objective);
    values[p] = value;
    if (pieces) {
      envelope_piece piece;
      piece.point = p % 2 == 0;
      piece.lo = point_text[p / 2];
      piece.hi = piece.point ? piece.lo : point_text[p / 2 + 1];
      if (piece.point) {
        piece.at = piece.lo;
      } else {
        mpq_add(mid.get(), pool[order[p / 2]], pool[order[p / 2 + 1]]);
        mpq_div_2exp(mid.get(), mid.get(), 1);
        piece.at = fraction_string(mid.get());
      }
      piece.value = value;
      piece.counts = counts;
      pieces->push_back(std::move(piece));
    }
  }

  // 4. The best run and its maximal-run count.
  const double best = *std::max_element(values.begin(), values.end());
  std::size_t first = 0;
  while (values[first] != best) ++first;
  std::size_t last = first;
  while (last + 1 < n_pieces && values[last + 1] == best) ++last;
  std::size_t runs = 0;
  for (std::size_t p = 0; p < n_pieces; ++p) {
    if (values[p] == best && (p == 0 || values[p - 1] != best)) ++runs;
  }

  envelope_result r;
  mpq_srcptr lo = pool[order[first / 2]];
  mpq_srcptr hi = pool[order[last % 2 == 0 ? last / 2 : last / 2 + 1]];
  r.lo = fraction_string(lo);
  r.hi = fraction_string(hi);
  r.lo_closed = first % 2 == 0;
  r.hi_closed = last % 2 == 0;
  r.n_breakpoints = M;
  r.n_pieces = n_pieces;
  r.n_best_runs = runs;

  // α exactly: lo for a single point, else the midpoint; its piece.
  std::size_t at_piece = first;
  if (first == last && r.lo_closed) {
    mpq_set(mid.get(), lo);
  } else {
    mpq_add(mid.get(), lo, hi);
    mpq_div_2exp(mid.get(), mid.get(), 1);
    const std::size_t g0 = first / 2;
    std::size_t g = g0;
    while (g + 1 < M && mpq_cmp(pool[order[g + 1]], mid.get()) <= 0) ++g;
    at_piece = mpq_equal(pool[order[g]], mid.get()) ? 2 * g : 2 * g + 1;
  }
  r.alpha = nearest_double(mid.get());
  {
    mpq a;
    mpq_set_d(a.get(), r.alpha);
    const int clo = mpq_cmp(a.get(), lo);
    const int chi = mpq_cmp(a.get(), hi);
    r.alpha_in_run =
        (clo > 0 || (clo == 0 && r.lo_closed)) && (chi < 0 || (chi == 0 && r.hi_closed));
  }
  r.value = values[at_piece];
  // The counts of that piece: replay the changes up to it.
  r.counts = confusion_counts(uK);
  current = initial;
  for (std::size_t c = 0; c < changes.size() && changes[c].piece <= at_piece; ++c) {
    current[changes[c].post] = changes[c].mask;
  }
  for (std::size_t i = 0; i < in.n_posts; ++i) add_mask(r.counts, truth[i], current[i], K);
  return r;
}

}  // namespace qc
