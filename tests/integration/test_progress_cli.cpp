// Progress on stderr, verb by verb: with --progress forced, stderr carries
// the verb's progress lines (every reading phase at 100% of its input's
// bytes, the sweep's grid points all done) and every output file is byte
// for byte that of a run without progress; with stderr not a terminal (a
// file here) and no flag, nothing is drawn; --quiet wins over --progress.
// On a terminal (a pseudo-terminal from `script`) it shows by default.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using qc::test::result;
using qc::test::slurp;

std::string data(const std::string& name) { return std::string(QC_SOURCE_DIR) + "/data/" + name; }
std::string labeled() { return data("dl_bug_classification.jsonl"); }
std::string keywords() { return data("keywords/dl_bug_classification.tsv"); }
std::string posts() { return data("pytorch_sample.jsonl"); }

// Every file under `dir`, by its path relative to it, with its bytes.
std::map<std::string, std::string> files_under(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = slurp(e.path());
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// A verb's command line, OUT standing for its output folder, and the
// progress lines its forced run must end with ("\rLABEL: ..." up to the
// line's end), one per phase.
struct verb_case {
  std::string args;
  std::vector<std::string> finals;
};

class progress_cli : public qc::test::cli_fixture {
 protected:
  // Runs `c` with `extra` flags into the folder dir_/run (outputs may name
  // their folder), then moved to dir_/variant.
  std::pair<result, fs::path> run_variant(const verb_case& c, const std::string& variant,
                                          const std::string& extra) {
    const fs::path out = dir_ / "run", kept = dir_ / variant;
    fs::create_directories(out);
    result r = run(replace_all(c.args, "OUT", out.string()) + extra);
    fs::rename(out, kept);
    return {r, kept};
  }

  // The three runs of `c`, checked as the file's header says.
  void check(const verb_case& c) {
    SCOPED_TRACE(c.args);
    const auto [plain, plain_dir] = run_variant(c, "plain", "");
    ASSERT_EQ(plain.code, 0) << plain.err;
    EXPECT_EQ(plain.err.find('\r'), std::string::npos) << plain.err;
    const auto [forced, forced_dir] = run_variant(c, "forced", " --progress");
    ASSERT_EQ(forced.code, 0) << forced.err;
    for (const std::string& line : c.finals)
      EXPECT_NE(forced.err.find("\r" + line + " "), std::string::npos) << line << "\n"
                                                                       << forced.err;
    EXPECT_EQ(forced.out.find('\r'), std::string::npos) << "progress on stdout";
    const auto [quiet, quiet_dir] = run_variant(c, "quiet", " --progress --quiet");
    ASSERT_EQ(quiet.code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, plain.err);
    const auto want = files_under(plain_dir);
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(files_under(forced_dir), want);
    EXPECT_EQ(files_under(quiet_dir), want);
    fs::remove_all(plain_dir);
    fs::remove_all(forced_dir);
    fs::remove_all(quiet_dir);
  }

  // A model trained on the labeled posts, and the bundled posts scored with it.
  void SetUp() override {
    cli_fixture::SetUp();
    model_ = (dir_ / "model.json").string();
    predictions_ = (dir_ / "predictions.csv").string();
    ASSERT_EQ(
        run("train --input " + labeled() + " --keywords " + keywords() + " -o " + model_).code, 0);
    ASSERT_EQ(run("score --model " + model_ + " --input " + posts() + " -o " + predictions_).code,
              0);
  }

  std::string model_, predictions_;
};

// "3.4 of 3.4 MB (100%)" for the whole of `path`: the final figures of a
// reading phase.
std::string all_of(const std::string& label, const std::vector<std::string>& paths) {
  std::uintmax_t bytes = 0;
  for (const auto& p : paths) bytes += fs::file_size(p);
  char line[200];
  std::snprintf(line, sizeof line, "%s: %.1f of %.1f MB (100%%),", label.c_str(),
                static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / 1e6);
  return line;
}

TEST_F(progress_cli, reading_verbs) {
  const std::string in = " --input " + labeled();
  check({"tokens" + in + " -o OUT/tokens.jsonl", {all_of("tokens", {labeled()})}});
  check({"vocab" + in + " -o OUT/vocab.tsv", {all_of("vocab", {labeled()})}});
  check({"matrix" + in + " --input " + posts() + " -o OUT/m.mtx --vocab-out OUT/v.tsv",
         {all_of("matrix", {labeled(), posts()})}});
  check({"train" + in + " --keywords " + keywords() + " -o OUT/model.json --confusion OUT/c.csv",
         {all_of("train", {labeled()})}});
  check({"eval --model " + model_ + in + " --part test --metrics-json OUT/m.json",
         {all_of("eval", {labeled()})}});
  check({"baseline" + in + " --keywords " + keywords() + " --metrics-json OUT/b.json",
         {all_of("baseline", {labeled()})}});
  check({"explain --model " + model_ + in + " --id 31556268 --json OUT/e.json",
         {all_of("explain", {labeled()})}});
  check({"score --model " + model_ + " --input " + posts() + " --batch 500 -o OUT/p.csv",
         {all_of("score", {posts()})}});
  check({"sample --input " + posts() + " --frameworks pytorch --random 3 --seed 1 -o OUT/s.csv",
         {all_of("sample", {posts()})}});
  const fs::path sheet = write("sheet.csv", "id,labels\n42479902,model\n42703500,api;training\n");
  check({"labels merge --sheet " + sheet.string() + " --input " + posts() + " --categories " +
             keywords() + " -o OUT/merged.jsonl",
         {all_of("labels merge", {posts()})}});
}

// sweep: the reading phase, then grid points (x folds with --folds).
TEST_F(progress_cli, sweep_counts_grid_points) {
  const std::string sweep =
      "sweep --input " + labeled() + " --keywords " + keywords() + " --alpha 0:1:0.05 ";
  check({sweep + "--top-k 50,200 --norm l2,sum -o OUT/sweep.csv",
         {all_of("sweep", {labeled()}), "sweep: 84 of 84 grid points (100%),"}});
  check({sweep + "--folds 3 -o OUT/cv.csv",
         {all_of("sweep", {labeled()}), "sweep: 63 of 63 grid points x folds (100%),"}});
}

TEST_F(progress_cli, convert_report_and_study) {
  const std::string beer = std::string(QC_TEST_DATA_DIR) + "/posts_xml_beer.xml";
  // convert reads its input twice.
  check({"convert " + beer + " -o OUT/q.jsonl --answers OUT/a.jsonl",
         {all_of("convert", {beer, beer})}});
  check({"report --posts " + posts() + " --predictions " + predictions_ + " --answers " +
             data("pytorch_sample_answers.jsonl") + " -o OUT/report",
         {all_of("report", {posts()})}});
  check({"study --labeled " + labeled() + " --keywords " + keywords() + " --posts " + posts() +
             " --alpha-grid 0:1:0.1 --bootstrap 20 -o OUT/study",
         {all_of("study train", {labeled()}), "study sweep: 11 of 11 grid points (100%),",
          all_of("study score", {posts()}), all_of("study report", {posts()})}});
}

// A compressed input: progress in its compressed bytes, of the file's size.
TEST_F(progress_cli, compressed_input_counts_compressed_bytes) {
  const fs::path gz = dir_ / "posts.jsonl.gz";
  ASSERT_EQ(std::system(("gzip -c " + posts() + " >" + gz.string()).c_str()), 0);
  ASSERT_LT(fs::file_size(gz), fs::file_size(posts()));
  check({"score --model " + model_ + " --input " + gz.string() + " --batch 500 -o OUT/p.csv",
         {all_of("score", {gz.string()})}});
}

// On a terminal the progress shows without a flag, and not with --quiet;
// with the data itself on that terminal (-o -) it stays off.
TEST_F(progress_cli, shown_on_a_terminal_by_default) {
  if (std::system("script --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no `script` (util-linux) to give qclass a pseudo-terminal";
  const std::string tokens = std::string(QC_QCLASS_EXE) + " tokens --input " + labeled();
  const auto on_tty = [&](const std::string& cmd) {
    const fs::path log = dir_ / "tty.txt";
    const std::string line = "script -qec '" + cmd + "' /dev/null >" + log.string() + " 2>&1";
    EXPECT_EQ(std::system(line.c_str()), 0) << line;
    return slurp(log);
  };
  const std::string file = " -o " + (dir_ / "t.jsonl").string();
  EXPECT_NE(on_tty(tokens + file).find("\rtokens: "), std::string::npos);
  EXPECT_EQ(on_tty(tokens + file + " --quiet").find("\rtokens: "), std::string::npos);
  const std::string to_tty = on_tty(tokens + " -o -");
  EXPECT_EQ(to_tty.find("\rtokens: "), std::string::npos);
  EXPECT_NE(to_tty.find("{\"id\": "), std::string::npos);
}

}  // namespace
