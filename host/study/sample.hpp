// Choosing posts to label (DEFINITIONS.md 12): the reproducible sample of
// top-viewed and random questions per framework, and Cochran's sample size.
// Pure functions: the verb (cli/cmd_sample.cpp) reads the posts and writes
// the labeling sheet (formats/label_sheet.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/post.hpp"
#include "study/frameworks.hpp"

namespace qc {

enum class draw_how { top_viewed, random };
const char* to_string(draw_how h);  // "top_viewed" | "random"

struct sample_options {
  std::size_t top_viewed = 0;  // --top-viewed M
  std::size_t random = 0;      // --random N
  std::uint64_t seed = 0;      // --seed S
};

// One drawn post.
struct sample_entry {
  std::size_t position = 0;   // index into the posts given to draw_sample
  std::size_t framework = 0;  // index into the framework_set's names
  draw_how how = draw_how::top_viewed;
  std::size_t rank = 0;  // 0, 1, ... within (framework, how)
};

// What was drawn for one framework.
struct framework_draw {
  std::string name;
  // Questions with a tag that matches the framework, whether or not they
  // were drawn for an earlier one: the population of the sample size.
  std::size_t questions = 0;
  // Those not already drawn for an earlier framework (section 12 step 2).
  std::size_t candidates = 0;
  std::size_t top_viewed = 0;            // drawn as top-viewed (min(M, candidates))
  std::size_t random = 0;                // drawn at random
  std::size_t top_viewed_shortfall = 0;  // M - top_viewed
  std::size_t random_shortfall = 0;      // N - random
};

struct sample_result {
  std::vector<sample_entry> entries;  // framework by framework: top-viewed, then random
  std::vector<framework_draw> frameworks;
};

// DEFINITIONS.md 12, Sample. `posts` are the questions in input order (only
// their tags and view_count are read). One SplitMix64 stream seeded with
// opts.seed for the whole sample; frameworks in the set's order; a post is
// drawn at most once.
sample_result draw_sample(const std::vector<post>& posts, const framework_set& frameworks,
                          const sample_options& opts);

// z, the standard normal quantile of (1 + C)/2 (DEFINITIONS.md 11): for
// C = 0.95 exactly the double of the literal 1.959963984540054, otherwise an
// accurate quantile (Acklam's approximation refined by one Halley step on
// erfc, about 1e-15 relative). Throws usage_error unless 0 < C < 1.
double confidence_z(double confidence);

struct sample_size {
  double exact = 0;              // n = n0 / (1 + (n0 - 1)/N)
  std::uint64_t rounded_up = 0;  // ceil(exact)
};

// Cochran's sample size with the finite-population correction
// (DEFINITIONS.md 12): n0 = z*z*0.25/(e*e), n = n0/(1 + (n0 - 1)/N), in
// doubles in that order. nullopt for a population of 0. Throws usage_error
// unless 0 < C < 1 and 0 < e < 1. For N = 39628, C = 0.95, e = 0.05:
// 380.467..., rounded up 381.
std::optional<sample_size> cochran_sample_size(std::uint64_t population, double confidence,
                                               double margin);

}  // namespace qc
