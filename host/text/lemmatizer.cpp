// WordNet lemmatizer: NLTK 3.8 WordNetLemmatizer semantics (DEFINITIONS.md 2.2).
//
// Forms produced by morphy's rules are never materialised as strings unless
// they are looked up. A form is stored as `word[0:keep] + tail`, where the
// tail has at most 3 characters: every substitution replaces a suffix by one
// that is no longer and at most 3 characters long, so this shape is closed
// under the rules. Lookups skip forms longer than the longest DB entry, so
// very long tokens cost O(length) rather than O(length^2).
#include "text/lemmatizer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <utility>

#include "core/string_view_map.hpp"
#include "qc/core/error.hpp"

#ifndef QC_DEFAULT_WORDNET_DIR
#define QC_DEFAULT_WORDNET_DIR "/usr/share/wordnet"
#endif

namespace qc {

namespace {

struct rule {
  std::string_view old_suffix;
  std::string_view new_suffix;
};

// MORPHOLOGICAL_SUBSTITUTIONS of NLTK 3.8, in order.
constexpr std::array<rule, 9> noun_rules{{{"s", ""},
                                          {"ses", "s"},
                                          {"ves", "f"},
                                          {"xes", "x"},
                                          {"zes", "z"},
                                          {"ches", "ch"},
                                          {"shes", "sh"},
                                          {"men", "man"},
                                          {"ies", "y"}}};
constexpr std::array<rule, 8> verb_rules{{{"s", ""},
                                          {"ies", "y"},
                                          {"es", "e"},
                                          {"es", ""},
                                          {"ed", "e"},
                                          {"ed", ""},
                                          {"ing", "e"},
                                          {"ing", ""}}};

constexpr std::size_t max_tail = 3;

template <std::size_t N>
constexpr bool rules_fit_tail(const std::array<rule, N>& rules) {
  for (const rule& r : rules) {
    if (r.new_suffix.size() > r.old_suffix.size() || r.new_suffix.size() > max_tail ||
        r.old_suffix.empty()) {
      return false;
    }
  }
  return true;
}
static_assert(rules_fit_tail(noun_rules) && rules_fit_tail(verb_rules),
              "a substitution lengthens a form or has a tail over max_tail characters");

// Python's str.split() whitespace, restricted to ASCII (the WordNet files are ASCII).
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         (c >= '\x1c' && c <= '\x1f');
}

// Calls fn(field) for each whitespace-separated field of `line`.
template <class Fn>
void for_each_field(std::string_view line, Fn&& fn) {
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (true) {
    while (i < n && is_space(line[i])) ++i;
    if (i == n) return;
    const std::size_t start = i;
    while (i < n && !is_space(line[i])) ++i;
    fn(line.substr(start, i - start));
  }
}

// The end of the field that starts at i: the first whitespace byte at or
// after i, or text.size(). Eight bytes at a time: whitespace bytes are all
// below 0x21, and the lowest byte below 0x21 in a word is found exactly
// (borrows only mark bytes above it); a control byte that is not
// whitespace sends the search on past it.
std::size_t field_end(std::string_view text, std::size_t i) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  while (i + 8 <= text.size()) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, sizeof w);
    const std::uint64_t below = (w - 0x21 * ones) & ~w & highs;
    if (below == 0) {
      i += 8;
      continue;
    }
    const std::size_t j = i + static_cast<std::size_t>(__builtin_ctzll(below)) / 8;
    if (is_space(text[j])) return j;
    i = j + 1;
  }
#endif
  while (i < text.size() && !is_space(text[i])) ++i;
  return i;
}

// Calls fn(line) for each line of `text` (split at '\n', the terminator dropped).
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

const char* const kWordnetHint =
    ". qclass needs the WordNet 3.0 dictionary files (index.noun, index.verb, noun.exc, "
    "verb.exc): install Debian's wordnet-base package (apt-get install wordnet-base), or "
    "pass --wordnet-dir DIR or set QC_WORDNET_DIR to a folder holding them";

// dir/name, once it is known to exist and not to be a folder (a clear error
// naming it, with how to install WordNet, when not).
std::filesystem::path existing_wordnet_file(const std::string& dir, const char* name) {
  const std::filesystem::path path = std::filesystem::path(dir) / name;
  const std::string shown = path.string();
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && !ec) {
    if (!std::filesystem::is_directory(std::filesystem::path(dir), ec)) {
      throw io_error("WordNet folder '" + dir + "' does not exist (missing file '" + shown + "')" +
                     kWordnetHint);
    }
    throw io_error("WordNet file '" + shown + "' is missing" + kWordnetHint);
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw io_error("WordNet file '" + shown + "' is a directory, not a file" + kWordnetHint);
  }
  return path;
}

[[noreturn]] void throw_cannot_open(const std::filesystem::path& path, int err) {
  throw io_error("cannot open WordNet file '" + path.string() + "': " + std::strerror(err) +
                 kWordnetHint);
}

std::string read_wordnet_file(const std::string& dir, const char* name) {
  const std::filesystem::path path = existing_wordnet_file(dir, name);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw_cannot_open(path, errno);
  const std::streamoff size = in.tellg();
  std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  in.seekg(0);
  if (size < 0 || !in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    throw io_error("cannot read WordNet file '" + path.string() + "'");
  }
  return text;
}

// A WordNet file's bytes, mapped read-only rather than copied (the noun
// index is 4.8 MB: copying it was a third of every command's start-up);
// read into memory when it cannot be mapped. Kept while the tables that
// point into it live. (A file cut short in place while mapped would fault
// on access; packages replace WordNet's files by rename, which leaves the
// mapped file whole.)
class wordnet_text {
 public:
  wordnet_text(const std::string& dir, const char* name) {
    const std::filesystem::path path = existing_wordnet_file(dir, name);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_cannot_open(path, errno);
    struct stat st {};
    void* map = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
      map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) {
      copy_ = read_wordnet_file(dir, name);
      text_ = copy_;
    } else {
      map_ = map;
      text_ = std::string_view(static_cast<const char*>(map), static_cast<std::size_t>(st.st_size));
    }
  }
  wordnet_text(const wordnet_text&) = delete;
  wordnet_text& operator=(const wordnet_text&) = delete;
  ~wordnet_text() {
    if (map_) ::munmap(map_, text_.size());
  }
  std::string_view text() const noexcept { return text_; }

 private:
  void* map_ = nullptr;
  std::string copy_;
  std::string_view text_;
};

// The lemma keys of an index file, sorted bytewise for binary search (the
// files come sorted; a folder whose files are not is sorted at load). A key
// is its offset and length in the file's text, which must outlive this
// object: 8 bytes a key and nothing copied, so every command's start-up
// stays short (a hash set of views cost more to build than all the lookups
// of a run). A search starts among the keys with the word's first byte.
class sorted_keys {
 public:
  void build(std::string_view text) {
    text_ = text.data();
    keys_.reserve(text.size() / 24);  // index.noun: about 33 bytes a line
    bool sorted = true;               // strictly increasing (WordNet's own files)
    for (std::size_t pos = 0; pos < text.size();) {
      // NLTK skips lines starting with a space: the license header.
      if (text[pos] != ' ') pos = add_first_field(text, pos, sorted);
      const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
      pos = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_) + 1 : text.size();
    }
    if (sorted) {
      end_first_bytes();
      return;
    }
    auto less = [this](key a, key b) { return view(a) < view(b); };
    std::sort(keys_.begin(), keys_.end(), less);
    keys_.erase(std::unique(keys_.begin(), keys_.end(),
                            [this](key a, key b) { return view(a) == view(b); }),
                keys_.end());
    next_byte_ = 0;
    for (std::size_t i = 0; i < keys_.size(); ++i) note_first_byte(text_[keys_[i].offset], i);
    end_first_bytes();
  }

  bool empty() const noexcept { return keys_.empty(); }
  std::size_t max_len() const noexcept { return max_len_; }

  // The stored copy of `s`, or nullopt.
  std::optional<std::string_view> find(std::string_view s) const noexcept {
    if (s.empty() || s.size() > max_len_) return std::nullopt;
    const auto c = static_cast<unsigned char>(s.front());
    const auto last = keys_.begin() + first_with_[c + 1];
    const auto it = std::lower_bound(keys_.begin() + first_with_[c], last, s,
                                     [this](key k, std::string_view v) { return view(k) < v; });
    if (it == last || view(*it) != s) return std::nullopt;
    return view(*it);
  }

 private:
  struct key {
    std::uint32_t offset;
    std::uint32_t size;
  };
  std::string_view view(key k) const noexcept { return std::string_view(text_ + k.offset, k.size); }
  // The key of the line at `pos` (its first field, if any), noting whether
  // the keys so far still increase; returns where the field ends.
  std::size_t add_first_field(std::string_view text, std::size_t pos, bool& sorted) {
    while (pos < text.size() && text[pos] != '\n' && is_space(text[pos])) ++pos;
    const std::size_t end = field_end(text, pos);
    if (end == pos) return end;
    const key k{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(end - pos)};
    sorted = sorted && (keys_.empty() || view(keys_.back()) < view(k));
    note_first_byte(text[pos], keys_.size());
    keys_.push_back(k);
    max_len_ = std::max(max_len_, end - pos);
    return end;
  }
  // Called with each key's first byte and place, in sorted order: the bytes
  // up to it start at that place.
  void note_first_byte(char first, std::size_t at) noexcept {
    const auto c = static_cast<unsigned char>(first);
    while (next_byte_ <= c) first_with_[next_byte_++] = static_cast<std::uint32_t>(at);
  }
  void end_first_bytes() noexcept {
    while (next_byte_ <= 256) first_with_[next_byte_++] = static_cast<std::uint32_t>(keys_.size());
  }
  const char* text_ = nullptr;
  std::vector<key> keys_;
  std::size_t max_len_ = 0;
  // Keys whose first byte is c: [first_with_[c], first_with_[c + 1]).
  std::array<std::uint32_t, 257> first_with_{};
  unsigned next_byte_ = 0;
};

// An exception list (a .exc file): each first field maps to the fields after
// it, views into the file's text, which must outlive this object. A later
// line with the same first field replaces an earlier one. Flat: one hash
// table and one array of views, so loading allocates a few blocks, not a
// node and a vector per line.
class exception_list {
 public:
  void build(std::string_view text) {
    struct line_fields {
      std::string_view key;
      std::uint32_t begin, end;  // in forms_
    };
    std::vector<line_fields> lines;
    for_each_line(text, [&](std::string_view line) {
      line_fields l{{}, static_cast<std::uint32_t>(forms_.size()), 0};
      bool first = true;
      for_each_field(line, [&](std::string_view field) {
        if (first)
          l.key = field;
        else
          forms_.push_back(field);
        first = false;
      });
      l.end = static_cast<std::uint32_t>(forms_.size());
      if (!first) lines.push_back(l);  // not a blank line
    });
    index_.reserve(lines.size());
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {  // the last line of a key wins
      const std::uint64_t h = index_.hash(it->key);
      if (!index_.find(it->key, h)) index_.insert(it->key, range{it->begin, it->end}, h);
    }
  }

  // The forms listed for w (possibly none), or nullopt when w has no line.
  struct forms {
    const std::string_view* first;
    const std::string_view* last;
    const std::string_view* begin() const noexcept { return first; }
    const std::string_view* end() const noexcept { return last; }
  };
  std::optional<forms> find(std::string_view w) const noexcept {
    const range* r = index_.find(w);
    if (!r) return std::nullopt;
    return forms{forms_.data() + r->begin, forms_.data() + r->end};
  }

 private:
  struct range {
    std::uint32_t begin = 0, end = 0;
  };
  string_view_map<range> index_;
  std::vector<std::string_view> forms_;
};

}  // namespace

struct lemmatizer::table {
  std::unique_ptr<wordnet_text> index_text;  // `db` points into it
  sorted_keys db;
  // The whole .exc file; `exc` holds views into it.
  std::unique_ptr<wordnet_text> exc_text;
  exception_list exc;
  const rule* rules = nullptr;
  std::size_t n_rules = 0;

  void load_index(const std::string& dir, const char* name);
  void load_exc(const std::string& dir, const char* name);
};

struct lemmatizer::tables {
  table noun;
  table verb;
};

void lemmatizer::table::load_index(const std::string& dir, const char* name) {
  index_text = std::make_unique<wordnet_text>(dir, name);
  if (index_text->text().size() > UINT32_MAX) {
    throw io_error("WordNet file '" + (std::filesystem::path(dir) / name).string() +
                   "' is larger than 4 GiB; is this a WordNet 3.0 dict folder?");
  }
  db.build(index_text->text());
  if (db.empty()) {
    throw io_error("WordNet file '" + (std::filesystem::path(dir) / name).string() +
                   "' holds no entries; is this a WordNet 3.0 dict folder?");
  }
}

void lemmatizer::table::load_exc(const std::string& dir, const char* name) {
  exc_text = std::make_unique<wordnet_text>(dir, name);
  exc.build(exc_text->text());
}

namespace {

// A candidate form: word[0:keep] + tail[0:tail_len].
struct form {
  std::size_t keep;
  std::uint8_t tail_len;
  std::array<char, max_tail> tail;

  std::size_t size() const { return keep + tail_len; }
  bool operator==(const form& o) const {
    return keep == o.keep && tail_len == o.tail_len &&
           std::equal(tail.begin(), tail.begin() + tail_len, o.tail.begin());
  }
};

// A list of forms with inline storage; morphy's generations are tiny (one
// form per generation can match a rule, and it matches at most 4 rules), but
// the heap takes over if that ever stops holding.
class form_list {
 public:
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  void clear() {
    n_ = 0;
    heap_.clear();
  }
  const form& operator[](std::size_t i) const {
    return i < inline_n ? inline_[i] : heap_[i - inline_n];
  }
  // Appends f unless an equal form is present (dropping later duplicates
  // changes neither filter() nor whether a generation is empty).
  void push_unique(const form& f) {
    for (std::size_t i = 0; i < n_; ++i) {
      if ((*this)[i] == f) return;
    }
    if (n_ < inline_n) {
      inline_[n_] = f;
    } else {
      heap_.push_back(f);
    }
    ++n_;
  }
  void swap(form_list& o) noexcept {
    std::swap(inline_, o.inline_);
    std::swap(n_, o.n_);
    heap_.swap(o.heap_);
  }

 private:
  static constexpr std::size_t inline_n = 16;
  std::array<form, inline_n> inline_{};
  std::vector<form> heap_;
  std::size_t n_ = 0;
};

class morphy_engine {
 public:
  morphy_engine(std::string_view word, const rule* rules, std::size_t n_rules)
      : w_(word), rules_(rules), n_rules_(n_rules) {}

  form whole() const { return form{w_.size(), 0, {}}; }

  // rules(F) appended to `out` (deduplicated), in NLTK's order.
  void apply_rules(const form_list& in, form_list& out) const {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
      const form& f = in[i];
      for (std::size_t r = 0; r < n_rules_; ++r) {
        if (ends_with(f, rules_[r].old_suffix)) out.push_unique(substitute(f, rules_[r]));
      }
    }
  }

  // Writes the text of f into buf (which must hold f.size() chars).
  void write(const form& f, char* buf) const {
    std::memcpy(buf, w_.data(), f.keep);
    std::memcpy(buf + f.keep, f.tail.data(), f.tail_len);
  }

 private:
  char char_from_end(const form& f, std::size_t i) const {  // i in 1..size()
    return i <= f.tail_len ? f.tail[f.tail_len - i] : w_[f.keep - (i - f.tail_len)];
  }

  bool ends_with(const form& f, std::string_view suffix) const {
    if (suffix.size() > f.size()) return false;
    for (std::size_t i = 1; i <= suffix.size(); ++i) {
      if (char_from_end(f, i) != suffix[suffix.size() - i]) return false;
    }
    return true;
  }

  form substitute(const form& f, const rule& r) const {
    const std::size_t cut = r.old_suffix.size();
    form g{};
    if (cut <= f.tail_len) {
      g.keep = f.keep;
      g.tail_len = static_cast<std::uint8_t>(f.tail_len - cut);
      std::copy(f.tail.begin(), f.tail.begin() + g.tail_len, g.tail.begin());
    } else {
      g.keep = f.keep - (cut - f.tail_len);
      g.tail_len = 0;
    }
    for (char c : r.new_suffix) g.tail[g.tail_len++] = c;
    // Canonical shape (longest keep), so equal texts compare equal.
    std::size_t shift = 0;
    while (shift < g.tail_len && g.keep < w_.size() && w_[g.keep] == g.tail[shift]) {
      ++g.keep;
      ++shift;
    }
    if (shift) {
      std::copy(g.tail.begin() + static_cast<std::ptrdiff_t>(shift), g.tail.begin() + g.tail_len,
                g.tail.begin());
      g.tail_len = static_cast<std::uint8_t>(g.tail_len - shift);
    }
    return g;
  }

  std::string_view w_;
  const rule* rules_;
  std::size_t n_rules_;
};

// Runs morphy and calls visit(entry) for each element of its answer, in
// order (possibly with repeats). `entry` views the DB's own copy.
// `t` is a lemmatizer::table (deduced: the type is private to lemmatizer).
template <class Table, class Visit>
void run_morphy(const Table& t, std::string_view w, Visit&& visit) {
  const auto& exc = t.exc;
  const rule* rules = t.rules;
  const std::size_t n_rules = t.n_rules;
  const std::size_t db_max_len = t.db.max_len();
  bool found = false;
  auto check_view = [&](std::string_view s) {
    if (const std::optional<std::string_view> entry = t.db.find(s)) {
      found = true;
      visit(*entry);
    }
  };

  // 1. The exception list decides alone, even when nothing survives filter().
  if (const auto listed = exc.find(w)) {
    check_view(w);
    for (const std::string_view e : *listed) check_view(e);
    return;
  }

  const morphy_engine eng(w, rules, n_rules);
  std::array<char, 128> small{};
  std::string big;
  auto check_form = [&](const form& f) {
    const std::size_t n = f.size();
    if (n > db_max_len) return;
    char* buf = small.data();
    if (n > small.size()) {
      big.resize(n);
      buf = big.data();
    }
    eng.write(f, buf);
    check_view(std::string_view(buf, n));
  };

  // 2. filter([w] + rules([w])).
  form_list cur;
  form_list next;
  cur.push_unique(eng.whole());
  eng.apply_rules(cur, next);
  cur.swap(next);
  check_view(w);
  for (std::size_t i = 0; i < cur.size(); ++i) check_form(cur[i]);
  if (found) return;

  // 3. Keep applying the rules while there are forms left.
  while (!cur.empty()) {
    eng.apply_rules(cur, next);
    cur.swap(next);
    for (std::size_t i = 0; i < cur.size(); ++i) check_form(cur[i]);
    if (found) return;
  }
}

}  // namespace

const lemmatizer::table* lemmatizer::of(wn_pos pos) const {
  if (!data_) return nullptr;
  return pos == wn_pos::noun ? &data_->noun : &data_->verb;
}

lemmatizer lemmatizer::load(const std::string& dir) {
  auto t = std::make_shared<tables>();
  t->noun.rules = noun_rules.data();
  t->noun.n_rules = noun_rules.size();
  t->verb.rules = verb_rules.data();
  t->verb.n_rules = verb_rules.size();
  t->noun.load_index(dir, "index.noun");
  t->verb.load_index(dir, "index.verb");
  t->noun.load_exc(dir, "noun.exc");
  t->verb.load_exc(dir, "verb.exc");
  lemmatizer lem;
  lem.data_ = std::move(t);
  return lem;
}

std::string lemmatizer::default_dir() {
  const char* env = std::getenv("QC_WORDNET_DIR");
  if (env && *env) return env;
  return QC_DEFAULT_WORDNET_DIR;
}

std::vector<std::string> lemmatizer::morphy(std::string_view word, wn_pos pos) const {
  std::vector<std::string> out;
  const table* t = of(pos);
  if (!t) return out;
  std::vector<std::string_view> seen;
  run_morphy(*t, word, [&](std::string_view s) {
    if (std::find(seen.begin(), seen.end(), s) == seen.end()) {
      seen.push_back(s);
      out.emplace_back(s);
    }
  });
  return out;
}

std::string lemmatizer::lemmatize(std::string_view word, wn_pos pos) const {
  return std::string(lemma_view(of(pos), word));
}

std::string lemmatizer::lemmatize_vn(std::string_view word) const {
  const std::string_view v = lemma_view(of(wn_pos::verb), word);
  if (v == "prosses" || v == "acsses") return std::string(v);
  const std::string_view n = lemma_view(of(wn_pos::noun), v);
  const bool v_ends_ss = v.size() >= 2 && v.substr(v.size() - 2) == "ss";
  return std::string(n != v && !v_ends_ss ? n : v);
}

std::string_view lemmatizer::lemma_view(const table* t, std::string_view w) {
  if (!t) return w;
  // min(lemmas, key=len): the first of the shortest.
  std::string_view best;
  bool any = false;
  run_morphy(*t, w, [&](std::string_view s) {
    if (!any || s.size() < best.size()) {
      best = s;
      any = true;
    }
  });
  return any ? best : w;
}

}  // namespace qc
