// Posts.xml throughput: MB/s of XML scanned, read into questions, and
// converted to JSON Lines, plain and from .7z (plus .gz and .zst), with the
// share of the time decompression takes.
//
// The input is realistic but synthetic: the genuine beer.stackexchange.com
// dump (../shared/data/raw/se_dump_beer_sample/Posts.xml, else the excerpt in
// tests/data) repeated to about 64 MB with renumbered ids and each copy's
// text letter-permuted (see disguise()), written once to the temporary
// folder with its compressed copies (libarchive's writer; 7z: LZMA2, level 6)
// and reused by later runs (delete /tmp/qc_bench_Posts* to rebuild them).
#include <archive.h>
#include <archive_entry.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/post_source.hpp"
#include "io/posts_xml_convert.hpp"
#include "io/posts_xml_reader.hpp"
#include "io/posts_xml_scanner.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::size_t target_bytes = std::size_t{64} << 20;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Adds `offset` to the number of attribute `name` ("Id", "ParentId", ...) in one row.
void shift_attr(std::string& row, const std::string& name, std::int64_t offset) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = row.find(key);
  if (at == std::string::npos) return;
  const std::size_t begin = at + key.size();
  const std::size_t end = row.find('"', begin);
  const std::int64_t v =
      static_cast<std::int64_t>(std::stoll(row.substr(begin, end - begin))) + offset;
  row.replace(begin, end - begin, std::to_string(v));
}

// Copy `k` of the text: the letters of Title and Body values (not of the
// entity names in them) go through a permutation of the alphabet seeded by
// k, so that the copies differ as distinct posts do and a compressor finds
// no long matches between them (the real dump compresses about 5:1 in 7z).
void disguise(std::string& row, std::uint64_t k) {
  char map[26];
  for (int i = 0; i < 26; ++i) map[i] = static_cast<char>('a' + i);
  std::uint64_t state = k * 0x9E3779B97F4A7C15ULL + 1;
  for (int i = 25; i > 0; --i) {  // Fisher-Yates with a SplitMix64 stream
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    std::swap(map[i], map[z % static_cast<std::uint64_t>(i + 1)]);
  }
  for (const char* name : {" Body=\"", " Title=\""}) {
    const std::size_t at = row.find(name);
    if (at == std::string::npos) continue;
    const std::size_t end = row.find('"', at + std::string(name).size());
    bool in_entity = false;
    for (std::size_t i = at + std::string(name).size(); i < end; ++i) {
      char& c = row[i];
      if (c == '&') in_entity = true;
      if (c == ';') in_entity = false;
      if (in_entity) continue;
      if (c >= 'a' && c <= 'z') c = map[c - 'a'];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(map[c - 'A'] - 'a' + 'A');
    }
  }
}

std::string make_synthetic() {
  std::string src =
      slurp(std::string(QC_SOURCE_DIR) + "/../shared/data/raw/se_dump_beer_sample/Posts.xml");
  if (src.empty()) src = slurp(std::string(QC_SOURCE_DIR) + "/tests/data/posts_xml_beer.xml");
  std::vector<std::string> rows;
  std::int64_t max_id = 0;
  std::istringstream in(src);
  for (std::string line; std::getline(in, line);) {
    if (line.find("<row ") == std::string::npos) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t at = line.find(" Id=\"");
    if (at != std::string::npos)
      max_id = std::max<std::int64_t>(max_id, std::stoll(line.substr(at + 5)));
    rows.push_back(line);
  }
  std::string out = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<posts>\r\n";
  for (std::int64_t copy = 0; out.size() < target_bytes && !rows.empty(); ++copy) {
    const std::int64_t offset = copy * (max_id + 1);
    for (std::string row : rows) {
      shift_attr(row, "Id", offset);
      shift_attr(row, "ParentId", offset);
      shift_attr(row, "AcceptedAnswerId", offset);
      if (copy > 0) disguise(row, static_cast<std::uint64_t>(copy));
      out += row;
      out += "\r\n";
    }
  }
  return out + "</posts>";
}

bool write_archive(const std::string& path, const std::string& data, const std::string& kind) {
  archive* a = archive_write_new();
  bool ok = true;
  if (kind == "7z") {
    ok = archive_write_set_format_7zip(a) == ARCHIVE_OK &&
         archive_write_set_format_option(a, "7zip", "compression", "lzma2") == ARCHIVE_OK;
  } else {
    ok = archive_write_set_format_raw(a) == ARCHIVE_OK &&
         (kind == "gz" ? archive_write_add_filter_gzip(a) : archive_write_add_filter_zstd(a)) ==
             ARCHIVE_OK;
  }
  const std::string tmp = path + ".tmp";
  ok = ok && archive_write_open_filename(a, tmp.c_str()) == ARCHIVE_OK;
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "Posts.xml");
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  ok = ok && archive_write_header(a, e) == ARCHIVE_OK;
  std::size_t done = 0;
  while (ok && done < data.size()) {
    const la_ssize_t n = archive_write_data(a, data.data() + done, data.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  archive_entry_free(e);
  ok = archive_write_close(a) == ARCHIVE_OK && ok;
  archive_write_free(a);
  std::error_code ec;
  if (ok) fs::rename(tmp, path, ec);
  return ok && !ec;
}

struct inputs {
  std::string xml, sevenzip, gz, zst;
  std::uint64_t bytes = 0;
  double decompress_7z_seconds = 0;  // decompression alone, one thread
  std::string error;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::uint64_t drain(qc::byte_source& src) {
  std::vector<char> buf(std::size_t{1} << 20);
  std::uint64_t total = 0;
  for (std::size_t n; (n = src.read(buf.data(), buf.size())) > 0;) total += n;
  return total;
}

const inputs& files() {
  static const inputs in = [] {
    inputs r;
    const fs::path dir = fs::temp_directory_path();
    r.xml = (dir / "qc_bench_Posts.xml").string();
    r.sevenzip = (dir / "qc_bench_Posts.7z").string();
    r.gz = (dir / "qc_bench_Posts.xml.gz").string();
    r.zst = (dir / "qc_bench_Posts.xml.zst").string();
    std::error_code ec;
    if (!fs::exists(r.xml, ec) || !fs::exists(r.sevenzip, ec) || !fs::exists(r.gz, ec) ||
        !fs::exists(r.zst, ec)) {
      const std::string data = make_synthetic();
      std::ofstream(r.xml + ".tmp", std::ios::binary) << data;
      fs::rename(r.xml + ".tmp", r.xml, ec);
      if (!write_archive(r.sevenzip, data, "7z") || !write_archive(r.gz, data, "gz") ||
          !write_archive(r.zst, data, "zst")) {
        r.error = "cannot write the compressed inputs to " + dir.string();
      }
    }
    r.bytes = fs::file_size(r.xml, ec);
    const auto t0 = std::chrono::steady_clock::now();
    auto src = qc::open_byte_source_unthreaded(r.sevenzip);
    if (drain(*src) != r.bytes) r.error = "the .7z does not hold the XML";
    r.decompress_7z_seconds = seconds_since(t0);
    return r;
  }();
  return in;
}

enum class which { plain, sevenzip, gz, zst };

// The input's path; empty (and the benchmark skipped) when it could not be built.
std::string path_of(benchmark::State& state, which w) {
  const inputs& f = files();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return {};
  }
  switch (w) {
    case which::plain:
      return f.xml;
    case which::sevenzip:
      return f.sevenzip;
    case which::gz:
      return f.gz;
    case which::zst:
      return f.zst;
  }
  return {};
}

void report(benchmark::State& state, std::uint64_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes_per_iteration * state.iterations()));
  state.counters["xml_MB"] = static_cast<double>(bytes_per_iteration) / 1e6;
}

// Decompression alone (no parsing), in the calling thread.
void BM_posts_xml_decompress(benchmark::State& state, which w) {
  const std::string path = path_of(state, w);
  if (path.empty()) return;
  for (auto _ : state) {
    auto src = qc::open_byte_source_unthreaded(path);
    benchmark::DoNotOptimize(drain(*src));
  }
  report(state, files().bytes);
}

// Rows scanned, nothing decoded.
void BM_posts_xml_scan(benchmark::State& state, which w) {
  const std::string path = path_of(state, w);
  if (path.empty()) return;
  std::size_t rows = 0;
  for (auto _ : state) {
    qc::posts_xml_scanner scan(qc::open_byte_source(path), path);
    qc::dump_row row;
    while (scan.next(row) == qc::posts_xml_scanner::status::row) ++rows;
  }
  report(state, files().bytes);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

// Questions read into posts, as every verb reads them. `threaded`: the
// decompressor runs ahead in its own thread (the default).
void BM_posts_xml_read(benchmark::State& state, which w, bool threaded) {
  const std::string path = path_of(state, w);
  if (path.empty()) return;
  std::size_t posts = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    qc::posts_xml_reader reader(
        threaded ? qc::open_byte_source(path) : qc::open_byte_source_unthreaded(path), path, {});
    std::vector<qc::post> batch;
    while (reader.next_batch(batch, 4096)) posts += batch.size();
    seconds += seconds_since(t0);
  }
  report(state, files().bytes);
  state.counters["posts/s"] =
      benchmark::Counter(static_cast<double>(posts), benchmark::Counter::kIsRate);
  if (w == which::sevenzip) {
    // Decompression alone over the whole read's time (per iteration).
    state.counters["decompress_share"] =
        files().decompress_7z_seconds / (seconds / static_cast<double>(state.iterations()));
  }
}

// convert: both passes, questions (and answers) written to /dev/null.
void BM_posts_xml_convert(benchmark::State& state, which w, bool answers) {
  const std::string path = path_of(state, w);
  if (path.empty()) return;
  double seconds = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    std::ofstream q("/dev/null");
    std::ofstream a("/dev/null");
    const qc::convert_stats s = qc::convert_posts_xml(path, q, answers ? &a : nullptr, {});
    benchmark::DoNotOptimize(s.questions_written);
    seconds += seconds_since(t0);
  }
  report(state, files().bytes);
  if (w == which::sevenzip) {  // two passes: two decompressions
    state.counters["decompress_share"] =
        2 * files().decompress_7z_seconds / (seconds / static_cast<double>(state.iterations()));
  }
}

void opts(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
}

// The inputs are built on first use, so a run filtered to other benchmarks builds nothing.
const bool registered = [] {
  using benchmark::RegisterBenchmark;
  opts(RegisterBenchmark("BM_posts_xml_scan/plain", BM_posts_xml_scan, which::plain));
  opts(RegisterBenchmark("BM_posts_xml_read/plain", BM_posts_xml_read, which::plain, true));
  opts(RegisterBenchmark("BM_posts_xml_convert/plain", BM_posts_xml_convert, which::plain, false));
  opts(RegisterBenchmark("BM_posts_xml_convert/plain_with_answers", BM_posts_xml_convert,
                         which::plain, true));
  opts(RegisterBenchmark("BM_posts_xml_decompress/7z", BM_posts_xml_decompress, which::sevenzip));
  opts(RegisterBenchmark("BM_posts_xml_read/7z", BM_posts_xml_read, which::sevenzip, true));
  opts(RegisterBenchmark("BM_posts_xml_read/7z_one_thread", BM_posts_xml_read, which::sevenzip,
                         false));
  opts(RegisterBenchmark("BM_posts_xml_convert/7z", BM_posts_xml_convert, which::sevenzip, false));
  opts(RegisterBenchmark("BM_posts_xml_decompress/gz", BM_posts_xml_decompress, which::gz));
  opts(RegisterBenchmark("BM_posts_xml_read/gz", BM_posts_xml_read, which::gz, true));
  opts(RegisterBenchmark("BM_posts_xml_decompress/zst", BM_posts_xml_decompress, which::zst));
  opts(RegisterBenchmark("BM_posts_xml_read/zst", BM_posts_xml_read, which::zst, true));
  return true;
}();

}  // namespace
