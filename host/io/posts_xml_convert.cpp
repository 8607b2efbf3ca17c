// Two passes over one Posts.xml. Pass 1 reads only what the join needs (Id,
// PostTypeId, Tags and AcceptedAnswerId of questions; Id and CreationDate of
// the answers wanted); pass 2 decodes and writes. Pass 2 checks everything
// pass 1 checked, so under --on-error skip every bad row is reported once,
// by pass 2, in input order.
#include "io/posts_xml_convert.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <utility>

#include "formats/json_write.hpp"
#include "io/byte_source.hpp"
#include "io/posts_xml_reader.hpp"
#include "io/posts_xml_scanner.hpp"
#include "qc/core/error.hpp"

namespace qc {
namespace {

constexpr std::size_t flush_bytes = std::size_t{1} << 20;
constexpr std::size_t max_skip_reasons = 20;
constexpr std::int64_t no_key = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::min();

// Accepted answer id -> the answer's CreationDate (ms), open addressing with
// linear probing: 16 bytes a slot, at most 80% full (so 24 million ids, all
// of Stack Overflow's questions, fit in 2^25 slots: 512 MiB).
class answer_time_map {
 public:
  void want(std::int64_t id) {
    if (id == no_key) return;  // the empty-slot marker; no dump has such an id
    if ((size_ + 1) * 10 > keys_.size() * 8) grow();
    std::size_t i = slot(id);
    while (keys_[i] != no_key) {
      if (keys_[i] == id) return;
      i = (i + 1) & mask_;
    }
    keys_[i] = id;
    times_[i] = no_time;
    ++size_;
  }

  // The slot's time for `id`, or nullptr when the id is not wanted.
  std::int64_t* find(std::int64_t id) {
    if (size_ == 0) return nullptr;
    std::size_t i = slot(id);
    while (keys_[i] != no_key) {
      if (keys_[i] == id) return &times_[i];
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t bytes() const noexcept { return peak_bytes_; }

 private:
  std::size_t slot(std::int64_t id) const noexcept {
    auto h = static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> 32) & mask_;
  }

  void grow() {
    const std::size_t cap = keys_.empty() ? 1024 : keys_.size() * 2;
    std::vector<std::int64_t> old_keys = std::move(keys_);
    std::vector<std::int64_t> old_times = std::move(times_);
    keys_.assign(cap, no_key);
    times_.assign(cap, no_time);
    mask_ = cap - 1;
    peak_bytes_ = std::max(peak_bytes_, (cap + old_keys.size()) * 2 * sizeof(std::int64_t));
    for (std::size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == no_key) continue;
      std::size_t i = slot(old_keys[j]);
      while (keys_[i] != no_key) i = (i + 1) & mask_;
      keys_[i] = old_keys[j];
      times_[i] = old_times[j];
    }
  }

  std::vector<std::int64_t> keys_;
  std::vector<std::int64_t> times_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::size_t peak_bytes_ = 0;
};

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_nocase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool contains_nocase(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (equal_nocase(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// The member names of the rows, escaped once.
const json_key k_id("id"), k_title("title"), k_body("body"), k_body_format("body_format"),
    k_tags("tags"), k_creation_date("creation_date"), k_accepted_answer_id("accepted_answer_id"),
    k_answer_count("answer_count"), k_view_count("view_count"), k_score("score"),
    k_comment_count("comment_count"), k_favorite_count("favorite_count"),
    k_closed_date("closed_date"), k_last_activity_date("last_activity_date"),
    k_accepted_answer_creation_date("accepted_answer_creation_date"), k_answer_id("answer_id"),
    k_question_id("question_id"), k_is_accepted("is_accepted");

// A date as an ISO 8601 string, or null.
void time_member(json_writer& w, const json_key& name, const std::optional<std::int64_t>& ms) {
  if (!ms) {
    w.key(name).null();
    return;
  }
  std::string& o = w.key(name).value_out();
  o += '"';
  o += format_iso8601_ms(*ms);
  o += '"';
}

struct converter {
  const std::string& input;
  const convert_options& opts;
  convert_stats& stats;
  std::ostream& questions_out;
  std::ostream* answers_out;

  answer_time_map accepted;
  std::vector<std::int64_t> kept_questions;  // sorted, only with an answers output
  std::string display;
  std::string qbuf;
  std::string abuf;
  std::string scratch;
  std::vector<std::string> tags;
  std::uint64_t rows_seen = 0;  // over both passes, for opts.on_progress

  void count_row() {
    if ((++rows_seen & 1023) == 0) report_rows();
  }
  void report_rows() {
    if (opts.on_progress) opts.on_progress(rows_seen);
  }

  // Throws under on_error::fail; under skip, pass 2 reports and counts.
  void bad_row(std::size_t line, const std::string& reason, bool report) {
    if (opts.errors == on_error::fail) throw parse_error(display, line, reason);
    if (!report) return;
    ++stats.skipped;
    const std::string message = display + ":" + std::to_string(line) + ": " + reason;
    if (opts.on_skip) opts.on_skip(line, message);
    if (stats.skip_reasons.size() < max_skip_reasons) stats.skip_reasons.push_back(message);
  }

  bool keep(const std::vector<std::string>& row_tags) const {
    return tags_match(row_tags, opts.tags, opts.match);
  }

  void flush(bool force) {
    if (force || qbuf.size() >= flush_bytes) {
      questions_out << qbuf;
      qbuf.clear();
    }
    if (answers_out && (force || abuf.size() >= flush_bytes)) {
      *answers_out << abuf;
      abuf.clear();
    }
  }

  void pass1() {
    posts_xml_scanner scan(open_byte_source(input), display, opts.max_record_bytes);
    dump_row row;
    std::string reason;
    std::int64_t type = 0;
    std::optional<std::int64_t> id, aid, ms;
    for (;;) {
      const auto st = scan.next(row);
      if (st == posts_xml_scanner::status::end) break;
      count_row();
      if (st == posts_xml_scanner::status::error) {
        bad_row(scan.error_line(), scan.error_reason(), false);
        continue;
      }
      if (!(reason = row_post_type(row, type)).empty()) {
        bad_row(row.line, reason, false);
        continue;
      }
      if (type == 1) {
        if (!(reason = dump_int(row, dump_attr::id, id)).empty() ||
            !(reason = dump_tags(row, tags, scratch)).empty()) {
          bad_row(row.line, reason, false);
          continue;
        }
        if (!id) {
          bad_row(row.line, "missing attribute 'Id'", false);
          continue;
        }
        if (!keep(tags)) continue;
        if (!(reason = dump_int(row, dump_attr::accepted_answer_id, aid)).empty()) {
          bad_row(row.line, reason, false);
          continue;
        }
        if (aid) accepted.want(*aid);
        if (answers_out) kept_questions.push_back(*id);
      } else if (type == 2 && !accepted.empty()) {
        if (!(reason = dump_int(row, dump_attr::id, id)).empty()) {
          bad_row(row.line, reason, false);
          continue;
        }
        std::int64_t* slot = id ? accepted.find(*id) : nullptr;
        if (slot == nullptr || *slot != no_time) continue;
        if (!(reason = dump_time(row, dump_attr::creation_date, ms)).empty()) {
          bad_row(row.line, reason, false);
          continue;
        }
        if (ms) *slot = *ms;
      }
    }
    stats.xml_bytes = scan.bytes();
    report_rows();
    std::sort(kept_questions.begin(), kept_questions.end());
    kept_questions.erase(std::unique(kept_questions.begin(), kept_questions.end()),
                         kept_questions.end());
  }

  // Returns the reason a kept question cannot be written, or "".
  std::string write_question(const dump_row& row, std::int64_t id,
                             const std::optional<std::int64_t>& aid) {
    std::optional<std::int64_t> created, answer_count, view_count, score, comment_count,
        favorite_count, closed, last_activity;
    std::string reason;
    if (!(reason = dump_time(row, dump_attr::creation_date, created)).empty() ||
        !(reason = dump_int(row, dump_attr::answer_count, answer_count)).empty() ||
        !(reason = dump_int(row, dump_attr::view_count, view_count)).empty() ||
        !(reason = dump_int(row, dump_attr::score, score)).empty() ||
        !(reason = dump_int(row, dump_attr::comment_count, comment_count)).empty() ||
        !(reason = dump_int(row, dump_attr::favorite_count, favorite_count)).empty() ||
        !(reason = dump_time(row, dump_attr::closed_date, closed)).empty() ||
        !(reason = dump_time(row, dump_attr::last_activity_date, last_activity)).empty()) {
      return reason;
    }
    const std::size_t rollback = qbuf.size();
    json_writer w(qbuf);
    w.begin_object().member(k_id, id);
    if (!(reason = dump_text_json(row, dump_attr::title, w.key(k_title).value_out())).empty() ||
        !(reason = dump_text_json(row, dump_attr::body, w.key(k_body).value_out())).empty()) {
      qbuf.resize(rollback);
      return reason;
    }
    w.member(k_body_format, "html").key(k_tags).strings(tags);
    time_member(w, k_creation_date, created);
    w.member(k_accepted_answer_id, aid).member(k_answer_count, answer_count);
    w.member(k_view_count, view_count).member(k_score, score);
    w.member(k_comment_count, comment_count).member(k_favorite_count, favorite_count);
    time_member(w, k_closed_date, closed);
    time_member(w, k_last_activity_date, last_activity);
    std::optional<std::int64_t> answered;
    if (aid) {
      ++stats.accepted_wanted;
      const std::int64_t* t = accepted.find(*aid);
      if (t && *t != no_time) {
        answered = *t;
        ++stats.accepted_found;
      }
    }
    time_member(w, k_accepted_answer_creation_date, answered);
    w.end_object();
    qbuf += '\n';
    ++stats.questions_written;
    return {};
  }

  std::string write_answer(const dump_row& row, std::int64_t id, std::int64_t parent,
                           const std::optional<std::int64_t>& created) {
    std::optional<std::int64_t> score;
    std::string reason;
    if (!(reason = dump_int(row, dump_attr::score, score)).empty()) return reason;
    const std::size_t rollback = abuf.size();
    json_writer w(abuf);
    w.begin_object().member(k_answer_id, id).member(k_question_id, parent);
    time_member(w, k_creation_date, created);
    w.member(k_score, score);
    if (!(reason = dump_text_json(row, dump_attr::body, w.key(k_body).value_out())).empty()) {
      abuf.resize(rollback);
      return reason;
    }
    w.member(k_body_format, "html").member(k_is_accepted, accepted.find(id) != nullptr);
    w.end_object();
    abuf += '\n';
    ++stats.answers_written;
    return {};
  }

  void pass2() {
    posts_xml_scanner scan(open_byte_source(input), display, opts.max_record_bytes);
    dump_row row;
    std::string reason;
    std::int64_t type = 0;
    std::optional<std::int64_t> id, aid, parent, created;
    for (;;) {
      const auto st = scan.next(row);
      if (st == posts_xml_scanner::status::end) break;
      count_row();
      if (st == posts_xml_scanner::status::error) {
        bad_row(scan.error_line(), scan.error_reason(), true);
        continue;
      }
      if (!(reason = row_post_type(row, type)).empty()) {
        bad_row(row.line, reason, true);
        continue;
      }
      if (type == 1) {
        ++stats.questions;
        if (!(reason = dump_int(row, dump_attr::id, id)).empty() ||
            !(reason = dump_tags(row, tags, scratch)).empty()) {
          bad_row(row.line, reason, true);
          continue;
        }
        if (!id) {
          bad_row(row.line, "missing attribute 'Id'", true);
          continue;
        }
        if (!keep(tags)) continue;
        if (!(reason = dump_int(row, dump_attr::accepted_answer_id, aid)).empty() ||
            !(reason = write_question(row, *id, aid)).empty()) {
          bad_row(row.line, reason, true);
          continue;
        }
      } else if (type == 2) {
        ++stats.answers;
        if (!(reason = dump_int(row, dump_attr::id, id)).empty() ||
            !(reason = dump_time(row, dump_attr::creation_date, created)).empty()) {
          bad_row(row.line, reason, true);
          continue;
        }
        if (!id) {
          bad_row(row.line, "missing attribute 'Id'", true);
          continue;
        }
        // An answer before its question (moved there by a merge): its time
        // is needed later in this pass.
        std::int64_t* slot = accepted.find(*id);
        if (slot && *slot == no_time && created) *slot = *created;
        if (answers_out == nullptr) continue;
        if (!(reason = dump_int(row, dump_attr::parent_id, parent)).empty()) {
          bad_row(row.line, reason, true);
          continue;
        }
        if (!parent || !std::binary_search(kept_questions.begin(), kept_questions.end(), *parent)) {
          continue;
        }
        if (!(reason = write_answer(row, *id, *parent, created)).empty()) {
          bad_row(row.line, reason, true);
          continue;
        }
      } else {
        ++stats.other_rows;
      }
      flush(false);
    }
    flush(true);
    report_rows();
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

bool tags_match(const std::vector<std::string>& tags, const std::vector<std::string>& wanted,
                tag_match match) {
  if (wanted.empty()) return true;
  for (const std::string& t : tags) {
    for (const std::string& w : wanted) {
      if (match == tag_match::exact ? equal_nocase(t, w) : contains_nocase(t, w)) return true;
    }
  }
  return false;
}

convert_stats convert_posts_xml(const std::string& input, std::ostream& questions,
                                std::ostream* answers, const convert_options& opts) {
  if (input == "-") {
    throw usage_error("convert reads its input twice: give a file, not '-' (standard input)");
  }
  if (detect_post_format(input) != post_format::posts_xml) {
    throw usage_error("'" + input +
                      "' is not a Stack Exchange Posts.xml (it does not start with <?xml or "
                      "<posts); JSON Lines inputs are read by every verb as they are");
  }
  convert_stats stats;
  converter c{input, opts, stats, questions, answers, {}, {}, input, {}, {}, {}, {}};
  const auto t0 = std::chrono::steady_clock::now();
  c.pass1();
  stats.pass1_seconds = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  c.pass2();
  stats.pass2_seconds = seconds_since(t1);
  stats.join_bytes = c.accepted.bytes() + c.kept_questions.capacity() * sizeof(std::int64_t);
  return stats;
}

}  // namespace qc
