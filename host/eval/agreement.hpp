// Agreement between two labelers of the same posts (DEFINITIONS.md 12):
// Cohen's kappa with its bootstrap interval (section 11), raw agreement,
// per-category agreement and the confusion between the labelers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/bootstrap.hpp"

namespace qc {

struct kappa_parts {
  double observed = 0;  // p_o
  double expected = 0;  // p_e
  double kappa = 0;
};

// Section 12 on n = a.size() == b.size() > 0 posts: a[i] and b[i] are post
// i's (first) labels. Categories: the union of both, sorted bytewise.
// p_o = equal/n; p_e = sum over categories of (a_c/n)*(b_c/n) in category
// order; kappa = (p_o - p_e)/(1 - p_e), or when p_e == 1: 1 if p_o == 1
// else 0. Throws std::invalid_argument for n = 0 or different sizes.
kappa_parts cohen_kappa(const std::vector<std::string>& a, const std::vector<std::string>& b);

// The bootstrap percentile interval of kappa (section 11, eval/bootstrap).
// Kappa is never null, so no resample is left out. nullopt when
// resamples == 0.
std::optional<interval> bootstrap_kappa(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b, std::size_t resamples,
                                        double confidence, std::uint64_t seed);

// One labeler's posts: id (as in the sheet) and labels (empty: not labeled).
struct labeled_post {
  std::string id;
  std::vector<std::string> labels;
};

struct category_agreement {
  std::string category;
  std::size_t a = 0;     // posts A put in it (first label)
  std::size_t b = 0;     // posts B put in it
  std::size_t both = 0;  // posts both put in it
  // Specific agreement 2*both/(a + b) (the share of the two labelers'
  // assignments to the category that the other shares); never null, since
  // a + b > 0 for every category listed.
  double agreement = 0;
};

struct agreement_result {
  std::size_t rows_a = 0, rows_b = 0;        // sheet rows
  std::size_t labeled_a = 0, labeled_b = 0;  // rows with a label
  std::size_t common = 0;                    // n: labeled by both
  std::size_t only_a = 0;  // labeled by A, not by B (absent from B's sheet or empty there)
  std::size_t only_b = 0;
  std::vector<std::string> categories;  // sorted bytewise
  kappa_parts kappa;
  std::size_t agreed = 0;  // posts with equal first labels
  std::optional<interval> kappa_interval;
  std::vector<category_agreement> per_category;  // in category order
  // confusion[i][j]: posts A put in categories[i] and B in categories[j].
  std::vector<std::vector<std::size_t>> confusion;
  // The common posts, in A's order: index into A's and B's posts.
  std::vector<std::size_t> common_a, common_b;
  std::vector<std::size_t> disagreements;  // indices into common_a/common_b
};

struct agreement_options {
  std::size_t bootstrap = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 0;
};

// Joins A and B by id (the common posts in A's order) and measures their
// agreement on the first labels. Ids must be unique within each list.
// Throws qc::error when no post is labeled by both.
agreement_result measure_agreement(const std::vector<labeled_post>& a,
                                   const std::vector<labeled_post>& b,
                                   const agreement_options& opts);

}  // namespace qc
