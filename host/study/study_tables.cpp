#include "study/study_tables.hpp"

#include "study/study_partial.hpp"

namespace qc {

study_post make_study_post(const post& p, const framework_set& frameworks) {
  study_post s;
  s.id = id_text(p.id_json);
  s.frameworks = frameworks.match(p.tags);
  s.created = p.creation_time;
  s.accepted_answer_id = p.accepted_answer_id;
  s.accepted_time = p.accepted_answer_time;
  s.views = p.view_count;
  return s;
}

void apply_answers(study_post& p, const answer_index& answers, answer_merge_counts& counts) {
  auto take = [&](std::int64_t t) {
    if (!p.accepted_time) {
      ++counts.filled;
    } else if (*p.accepted_time == t) {
      ++counts.confirmed;
    } else {
      ++counts.changed;
    }
    p.accepted_time = t;
  };
  if (p.accepted_answer_id) {
    const auto it = answers.time_by_answer.find(*p.accepted_answer_id);
    if (it != answers.time_by_answer.end() && it->second) take(*it->second);
    return;
  }
  const auto it = answers.accepted_by_question.find(p.id);
  if (it == answers.accepted_by_question.end()) return;
  p.accepted_answer_id = it->second.answer_id;
  if (it->second.time) take(*it->second.time);
}

int utc_year(std::int64_t unix_seconds) {
  // Days to civil date (H. Hinnant's algorithm), year only.
  std::int64_t z = unix_seconds / 86400;
  if (unix_seconds % 86400 < 0) --z;
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t y = yoe + era * 400 + (mp >= 10 ? 1 : 0);
  return static_cast<int>(y);
}

study_tables compute_study_tables(const std::vector<study_post>& posts,
                                  const prediction_table& predictions,
                                  const std::vector<std::string>& frameworks,
                                  const bootstrap_spec& uncertainty) {
  return merge_study_partials({partial_study_tables(posts, predictions, frameworks)}, frameworks,
                              uncertainty);
}

}  // namespace qc
