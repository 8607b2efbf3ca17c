// Checks qclass's standard metrics against scikit-learn (DEFINITIONS.md 7:
// for single-label posts they equal sklearn with labels=range(L) and
// zero_division=0).
//
// Usage: metrics_oracle_main PYTHON SCRIPT WORKDIR
//
// Writes deterministic pseudo-random single-label cases as TSV files under
// WORKDIR, runs `PYTHON SCRIPT L1 f1.tsv L2 f2.tsv ...` once
// (tests/tools/check_metrics_sklearn.py), and compares bit for bit:
// per-class precision/recall/F1, macro and micro precision/recall/F1,
// accuracy, and the confusion matrix exactly. numpy averages with pairwise
// summation, which for L >= 8 may differ in the last bit from the left-to-right
// sum that DEFINITIONS.md prescribes; there the macro values must equal the
// left-to-right mean of sklearn's per-class values and lie within 4 ulps of
// sklearn's own average. With 0 posts qclass reports null aggregates where
// sklearn gives 0.0 (and nan accuracy); only the per-class values and the
// matrix are compared then. Exit status 0 when everything agrees, 1 otherwise.
#include <sys/wait.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/format_double.hpp"
#include "eval/metrics.hpp"
#include "train/split.hpp"

namespace {

struct test_case {
  int labels = 0;
  std::vector<int> y, p;
  std::string path;
};

// Generation modes: which labels may be true or predicted.
enum class mode { uniform, never_predicted, never_true, mostly_right };

test_case make_case(int L, int n, mode md, std::uint64_t seed) {
  qc::splitmix64 rng(seed);
  const auto pick = [&rng](int upto) {
    return static_cast<int>(rng.next() % static_cast<std::uint64_t>(upto));
  };
  test_case c;
  c.labels = L;
  for (int i = 0; i < n; ++i) {
    int y = pick(L), p = pick(L);
    switch (md) {
      case mode::uniform:
        break;
      case mode::never_predicted:  // only the lower half is ever predicted
        p = pick((L + 1) / 2);
        break;
      case mode::never_true:  // the last label never occurs as truth
        y = L > 1 ? pick(L - 1) : 0;
        break;
      case mode::mostly_right:
        if (pick(10) < 8) p = y;
        break;
    }
    c.y.push_back(y);
    c.p.push_back(p);
  }
  return c;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out.push_back(ch);
    }
  }
  return out + "'";
}

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

bool same_bits(double a, double b) { return bits_of(a) == bits_of(b); }

// Distance in ulps between two finite doubles of the same sign.
std::uint64_t ulps_apart(double a, double b) {
  if (std::signbit(a) != std::signbit(b)) return UINT64_MAX;
  const std::uint64_t x = bits_of(a), y = bits_of(b);
  return x > y ? x - y : y - x;
}

struct oracle_block {
  int labels = -1;
  long n = -1;
  std::map<std::string, std::vector<std::string>> rows;
};

std::vector<double> doubles(const oracle_block& b, const std::string& key) {
  std::vector<double> out;
  const auto it = b.rows.find(key);
  if (it == b.rows.end()) return out;
  for (const std::string& s : it->second) out.push_back(std::strtod(s.c_str(), nullptr));
  return out;
}

class checker {
 public:
  explicit checker(std::size_t case_index) : case_(case_index) {}

  void fail(const std::string& what) {
    std::cerr << "MISMATCH case " << case_ << ": " << what << "\n";
    ++failures_;
  }
  void bits(const std::string& name, const std::optional<double>& ours, double theirs) {
    if (!ours) {
      fail(name + ": qclass null, sklearn " + qc::format_double(theirs));
    } else if (!same_bits(*ours, theirs)) {
      fail(name + ": qclass " + qc::format_double(*ours) + ", sklearn " +
           qc::format_double(theirs));
    }
  }
  void vec(const std::string& name, const std::vector<double>& ours,
           const std::vector<double>& theirs) {
    if (ours.size() != theirs.size()) {
      fail(name + ": " + std::to_string(ours.size()) + " values vs sklearn's " +
           std::to_string(theirs.size()));
      return;
    }
    for (std::size_t k = 0; k < ours.size(); ++k)
      bits(name + "[" + std::to_string(k) + "]", ours[k], theirs[k]);
  }
  int failures() const { return failures_; }

 private:
  std::size_t case_;
  int failures_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: metrics_oracle_main PYTHON SCRIPT WORKDIR\n";
    return 2;
  }
  const std::string python = argv[1], script = argv[2];
  const std::filesystem::path workdir = argv[3];
  std::filesystem::create_directories(workdir);

  // The cases: several L (below and above numpy's 8-element pairwise block),
  // several n including 0, and four label patterns.
  std::vector<test_case> cases;
  std::uint64_t seed = 2019;
  for (int L : {1, 2, 3, 5, 6, 7, 8, 9, 13, 24}) {
    for (int n : {0, 1, 2, 7, 60, 500}) {
      for (mode md : {mode::uniform, mode::never_predicted, mode::never_true, mode::mostly_right}) {
        if (n == 0 && md != mode::uniform) continue;
        test_case c = make_case(L, n, md, seed++);
        c.path = (workdir / ("case_" + std::to_string(cases.size()) + ".tsv")).string();
        std::ofstream f(c.path, std::ios::binary);
        for (std::size_t i = 0; i < c.y.size(); ++i) f << c.y[i] << '\t' << c.p[i] << '\n';
        if (!f) {
          std::cerr << "FAIL: cannot write " << c.path << "\n";
          return 1;
        }
        cases.push_back(std::move(c));
      }
    }
  }

  std::string cmd = shell_quote(python) + " " + shell_quote(script);
  for (const test_case& c : cases)
    cmd += " " + std::to_string(c.labels) + " " + shell_quote(c.path);
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    std::cerr << "FAIL: cannot start " << python << "\n";
    return 1;
  }
  std::string output;
  char buf[65536];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, got);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const int code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::cerr << "FAIL: the sklearn oracle (" << python << " " << script << ") exited with status "
              << code << ".";
    if (code == 3) std::cerr << " scikit-learn is not importable: install python3-sklearn.";
    if (code == 127) std::cerr << " The interpreter was not found.";
    std::cerr << "\n";
    return 1;
  }

  // Parse the blocks.
  std::vector<oracle_block> blocks;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key;
    ls >> key;
    if (key.empty()) continue;
    if (key == "case") {
      oracle_block b;
      std::size_t index = 0;
      ls >> index >> b.labels >> b.n;
      blocks.push_back(std::move(b));
      continue;
    }
    if (blocks.empty() || key == "end") continue;
    std::vector<std::string> values;
    for (std::string v; ls >> v;) values.push_back(v);
    blocks.back().rows[key] = std::move(values);
  }
  if (blocks.size() != cases.size()) {
    std::cerr << "FAIL: the oracle answered " << blocks.size() << " cases, expected "
              << cases.size() << "\n";
    return 1;
  }

  int failures = 0;
  std::size_t pairwise_differences = 0;
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    const test_case& c = cases[ci];
    const oracle_block& b = blocks[ci];
    checker chk(ci);
    if (b.labels != c.labels || b.n != static_cast<long>(c.y.size())) {
      chk.fail("oracle read L=" + std::to_string(b.labels) + " n=" + std::to_string(b.n));
      failures += chk.failures();
      continue;
    }
    const auto L = static_cast<std::size_t>(c.labels);
    qc::confusion_counts counts(L);
    for (std::size_t i = 0; i < c.y.size(); ++i) counts.add_single(c.y[i], c.p[i]);
    const qc::metrics m = qc::compute_metrics(counts);

    chk.vec("precision", m.precision, doubles(b, "per_precision"));
    chk.vec("recall", m.recall, doubles(b, "per_recall"));
    chk.vec("f1", m.f1, doubles(b, "per_f1"));

    std::vector<std::uint64_t> cm;
    const auto it = b.rows.find("confusion");
    if (it != b.rows.end()) {
      for (const std::string& s : it->second) cm.push_back(std::strtoull(s.c_str(), nullptr, 10));
    }
    if (cm != counts.confusion) chk.fail("confusion matrix differs");

    const std::vector<double> macro = doubles(b, "macro"), seq = doubles(b, "macro_seq"),
                              micro = doubles(b, "micro"), acc = doubles(b, "accuracy");
    if (macro.size() != 3 || seq.size() != 3 || micro.size() != 3 || acc.size() != 1) {
      chk.fail("malformed oracle block");
      failures += chk.failures();
      continue;
    }
    if (c.y.empty()) {
      // DEFINITIONS.md 10.10: null means and accuracy over an empty test part.
      if (m.macro_precision || m.macro_recall || m.macro_f1 || m.micro_precision ||
          m.micro_recall || m.micro_f1 || m.accuracy) {
        chk.fail("aggregates over 0 posts must be null");
      }
      if (!std::isnan(acc[0])) chk.fail("sklearn accuracy over 0 posts is not nan");
      failures += chk.failures();
      continue;
    }
    const std::optional<double> ours[3] = {m.macro_precision, m.macro_recall, m.macro_f1};
    const char* names[3] = {"macro precision", "macro recall", "macro F1"};
    for (int k = 0; k < 3; ++k) {
      chk.bits(std::string(names[k]) + " (left-to-right mean of sklearn's per-class values)",
               ours[k], seq[static_cast<std::size_t>(k)]);
      if (L < 8) {
        chk.bits(std::string(names[k]), ours[k], macro[static_cast<std::size_t>(k)]);
      } else if (ours[k] && !same_bits(*ours[k], macro[static_cast<std::size_t>(k)])) {
        ++pairwise_differences;
        if (ulps_apart(*ours[k], macro[static_cast<std::size_t>(k)]) > 4) {
          chk.fail(std::string(names[k]) + ": qclass " + qc::format_double(*ours[k]) +
                   ", sklearn " + qc::format_double(macro[static_cast<std::size_t>(k)]) +
                   " (more than 4 ulps apart)");
        }
      }
    }
    chk.bits("micro precision", m.micro_precision, micro[0]);
    chk.bits("micro recall", m.micro_recall, micro[1]);
    chk.bits("micro F1", m.micro_f1, micro[2]);
    chk.bits("accuracy", m.accuracy, acc[0]);
    failures += chk.failures();
  }

  if (failures) {
    std::cerr << "FAIL: " << failures << " value(s) differ between qclass and scikit-learn\n";
    return 1;
  }
  std::cout << "sklearn_metrics_agreement: " << cases.size()
            << " cases agree with scikit-learn bit for bit (" << pairwise_differences
            << " macro values with L >= 8 differ from numpy's pairwise mean by at most 4 ulps)\n";
  return 0;
}
