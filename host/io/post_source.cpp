// Picks the reader for an input: by the name's extension (under any
// compression extension) when it says .xml, else by the first bytes.
#include "io/post_source.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "io/byte_range.hpp"
#include "io/byte_source.hpp"
#include "io/jsonl_reader.hpp"
#include "io/posts_xml_reader.hpp"

namespace qc {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool named_xml(std::string_view path) {
  for (std::string_view ext : {".gz", ".bz2", ".xz", ".zst", ".lz4", ".7z"}) {
    if (ends_with(path, ext)) {
      path.remove_suffix(ext.size());
      break;
    }
  }
  return ends_with(path, ".xml");
}

// `<?xml` or `<posts` after an optional BOM and white space.
bool looks_like_xml(byte_source& src) {
  constexpr std::size_t window = 4096;
  std::string_view head = src.peek(window);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && (head[0] == ' ' || head[0] == '\t' || head[0] == '\r' || head[0] == '\n'))
    head.remove_prefix(1);
  return head.substr(0, 5) == "<?xml" || head.substr(0, 6) == "<posts";
}

// A byte range of a plain file (see byte_range.hpp): the format from the
// file's name or first bytes, then a reader of the range's records only.
std::unique_ptr<post_source> open_post_range(const std::string& path, const reader_options& opts) {
  constexpr std::size_t head = 4096;
  const bool xml = named_xml(path) || looks_like_xml(*open_byte_window(path, 0, head));
  const post_format format = xml ? post_format::posts_xml : post_format::jsonl;
  const range_span span = resolve_byte_range(path, format, opts.range);
  if (!xml) return std::make_unique<jsonl_reader>(open_span(path, span, format), path, opts, span);
  std::string root;  // a range past the file's first row starts inside the root element
  if (!span.empty() && !span.at_file_start()) {
    constexpr std::uint64_t prolog_limit = std::uint64_t{1} << 20;  // where <posts> must start
    root = posts_xml_scanner::root_element(open_byte_window(path, 0, span.begin), path,
                                           std::min(span.begin, prolog_limit));
  }
  return std::make_unique<posts_xml_reader>(open_span(path, span, format), path, opts, span, root);
}

}  // namespace

post_source::~post_source() = default;

void add_read_stats(read_stats& total, const read_stats& part, std::size_t max_reasons) {
  total.records += part.records;
  total.skipped += part.skipped;
  total.blank_lines += part.blank_lines;
  total.bytes += part.bytes;
  total.other_rows += part.other_rows;
  for (const auto& r : part.skip_reasons)
    if (total.skip_reasons.size() < max_reasons) total.skip_reasons.push_back(r);
}

std::string record_too_long(std::size_t max_bytes) {
  constexpr std::size_t kib = 1024, mib = kib * 1024;
  std::string size = max_bytes % mib == 0   ? std::to_string(max_bytes / mib) + " MiB"
                     : max_bytes % kib == 0 ? std::to_string(max_bytes / kib) + " KiB"
                                            : std::to_string(max_bytes) + " bytes";
  return "record longer than the maximum record size (" + size + ", see --max-record-size)";
}

std::unique_ptr<post_source> open_post_source(const std::string& path, const reader_options& opts) {
  if (!opts.range.whole()) return open_post_range(path, opts);
  std::unique_ptr<byte_source> src = open_byte_source(path);
  if (named_xml(path) || looks_like_xml(*src)) {
    return std::make_unique<posts_xml_reader>(std::move(src), path, opts);
  }
  return std::make_unique<jsonl_reader>(std::move(src), path, opts);
}

post_format detect_post_format(const std::string& path) {
  if (named_xml(path)) return post_format::posts_xml;
  std::unique_ptr<byte_source> src = open_byte_source_unthreaded(path);
  return looks_like_xml(*src) ? post_format::posts_xml : post_format::jsonl;
}

std::vector<post> read_all_posts(const std::string& path, const reader_options& opts,
                                 read_stats* stats) {
  std::unique_ptr<post_source> reader = open_post_source(path, opts);
  std::vector<post> all;
  std::vector<post> batch;
  while (reader->next_batch(batch, 1 << 16)) {
    if (all.empty()) {
      all = std::move(batch);
      batch = {};
    } else {
      for (post& p : batch) all.push_back(std::move(p));
    }
  }
  if (stats) *stats = reader->stats();
  return all;
}

read_stats for_each_post_batch(const std::vector<std::string>& inputs, const reader_options& opts,
                               std::size_t batch_posts, const post_batch_fn& f,
                               const std::function<void(std::size_t)>& file_done,
                               const source_opener& open) {
  read_stats total;
  std::vector<post> batch;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::unique_ptr<post_source> src =
        open ? open(inputs[i], opts) : open_post_source(inputs[i], opts);
    while (src->next_batch(batch, batch_posts)) {
      const std::size_t delivered = total.records + src->stats().records;
      f(batch, i, total.bytes + src->stats().bytes);
      if (opts.on_progress) opts.on_progress(delivered);
    }
    if (file_done) file_done(i);
    add_read_stats(total, src->stats());
  }
  return total;
}

}  // namespace qc
