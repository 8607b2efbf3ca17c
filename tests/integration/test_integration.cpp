// End-to-end: the qclass executable on the bundled real posts and on bad input.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "backend_cases.hpp"
#include "cli_test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using qc::test::peak_rss_kib;
using qc::test::result;
using qc::test::slurp;

class cli : public qc::test::cli_fixture {
 protected:
  static std::string data(const std::string& name) {
    return std::string(QC_SOURCE_DIR) + "/data/" + name;
  }
};

// The backend options an equivalence test compares, plus --device cuda when
// a GPU answers; without one, QC_REQUIRE_GPU=1 makes that a failure.
std::vector<std::string> devices_to_compare(std::vector<std::string> opts) {
  const std::string no_gpu = qc_test::gpu_unavailable_reason();
  if (no_gpu.empty()) {
    opts.push_back("--device cuda --threads 2 --batch 100");
  } else if (qc_test::gpu_required()) {
    ADD_FAILURE() << "QC_REQUIRE_GPU=1, but " << no_gpu;
  }
  return opts;
}

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST_F(cli, matrix_on_bundled_sample) {
  const fs::path mtx = dir_ / "m.mtx", voc = dir_ / "v.tsv";
  const result r =
      run("matrix --input " + data("dl_bug_classification.jsonl") + " --input " +
          data("pytorch_sample.jsonl") + " -o " + mtx.string() + " --vocab-out " + voc.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("posts read: 3600"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("top words"), std::string::npos) << r.out;
  // Matrix Market header: rows = posts, cols = vocabulary size.
  const std::string m = slurp(mtx);
  std::istringstream in(m);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "%%MatrixMarket matrix coordinate integer general");
  std::getline(in, line);
  long rows = 0, cols = 0, nnz = 0;
  in >> rows >> cols >> nnz;
  EXPECT_EQ(rows, 3600);
  EXPECT_EQ(static_cast<std::size_t>(cols), count_lines(slurp(voc)) - 1);
  EXPECT_GT(cols, 1000);
  EXPECT_EQ(static_cast<std::size_t>(nnz), count_lines(m) - 3);
  EXPECT_FALSE(fs::exists(dir_ / "m.mtx.tmp"));
}

TEST_F(cli, outputs_identical_for_every_thread_count) {
  const std::string in = "--input " + data("pytorch_sample.jsonl");
  const result a = run("tokens " + in + " --threads 1");
  const result b = run("tokens " + in + " --threads 2 --batch 7");
  const result c = run("tokens " + in + " --threads 5 --batch 1000");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(count_lines(a.out), 3000u);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, c.out);
  const result v1 = run("vocab " + in + " --threads 1");
  const result v2 = run("vocab " + in + " --threads 2 --batch 13");
  ASSERT_EQ(v1.code, 0) << v1.err;
  EXPECT_EQ(v1.out, v2.out);
  EXPECT_EQ(v1.out.rfind("id\tword\tdf\n", 0), 0u);
  // Posts.xml: from 4 parsing threads, its rows are parsed on them.
  const std::string xml = "--input " + std::string(QC_TEST_DATA_DIR) + "/posts_xml_beer.xml";
  const result x1 = run("tokens " + xml + " --threads 1");
  const result x4 = run("tokens " + xml + " --threads 4 --batch 3");
  ASSERT_EQ(x1.code, 0) << x1.err;
  EXPECT_GT(count_lines(x1.out), 10u);
  EXPECT_EQ(x1.out, x4.out);
}

TEST_F(cli, tokens_echo_ids_and_follow_options) {
  const fs::path p = write("p.jsonl",
                           "{\"id\": \"q-1\", \"title\": \"Using GPUs\", \"body\": \"<p>3d "
                           "8GB <code>x = 1</code></p>\"}\n{\"id\": 7, \"title\": \"the\"}\n");
  const result r = run("tokens --input " + p.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"id\": \"q-1\", \"tokens\": [\"use\", \"gpus\", \"<dim>\", \"<mem>\"]}\n"
            "{\"id\": 7, \"tokens\": []}\n");
  const result t = run("tokens --title-only --no-lemma --keep-code --input " + p.string());
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(t.out, "{\"id\": \"q-1\", \"tokens\": [\"gpus\"]}\n{\"id\": 7, \"tokens\": []}\n");
}

TEST_F(cli, bad_input_names_file_and_line) {
  const fs::path p = write("bad.jsonl",
                           "{\"id\": 1, \"title\": \"ok\"}\n{\"id\": 2, \"title\": \n"
                           "{\"title\": \"no id\"}\n{\"id\": 4}\n");
  const result r = run("vocab --input " + p.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(p.string() + ":2:"), std::string::npos) << r.err;
  const result s = run("vocab --min-df 1 --on-error skip --input " + p.string());
  EXPECT_EQ(s.code, 0) << s.err;
  EXPECT_NE(s.err.find("posts read: 2, skipped (bad records): 2"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find(":3:"), std::string::npos) << s.err;
}

TEST_F(cli, usage_errors_and_missing_files) {
  EXPECT_NE(run("vocab --input " + (dir_ / "missing.jsonl").string()).code, 0);
  EXPECT_EQ(run("tokens").code, 2);                 // --input is required
  EXPECT_EQ(run("tokens --no-such-flag").code, 2);  // unknown option
  EXPECT_EQ(run("tokens --help").code, 0);
  // An unknown lemma mode on a readable file: refused for the option alone
  // (the same file with a valid mode is fine), and the message says why.
  const std::string one = write("lemma.jsonl", "{\"id\":1,\"title\":\"classes\"}\n").string();
  const result v = run("tokens --lemma v --input " + one);
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_EQ(v.out, "{\"id\": 1, \"tokens\": [\"class\"]}\n");
  const result bad_lemma = run("tokens --lemma xyz --input " + one);
  EXPECT_EQ(bad_lemma.code, 2);  // bad usage, also when the option parser finds it
  EXPECT_EQ(bad_lemma.out, "");
  EXPECT_NE(bad_lemma.err.find("--lemma"), std::string::npos) << bad_lemma.err;
  EXPECT_NE(bad_lemma.err.find("xyz"), std::string::npos) << bad_lemma.err;
  const result w = run("tokens --wordnet-dir " + (dir_ / "nowhere").string() + " --input " +
                       data("pytorch_sample.jsonl"));
  EXPECT_EQ(w.code, 1);
  EXPECT_NE(w.err.find("nowhere"), std::string::npos) << w.err;
  const result ok =
      run("tokens --no-lemma --wordnet-dir " + (dir_ / "nowhere").string() + " --input " +
          write("one.jsonl", "{\"id\":1,\"title\":\"x yz\"}\n").string());
  EXPECT_EQ(ok.code, 0) << ok.err;  // WordNet is not needed without lemmas
}

TEST_F(cli, empty_input_gives_empty_outputs) {
  const fs::path p = write("empty.jsonl", "");
  const result r = run("matrix --input " + p.string() + " -o " + (dir_ / "e.mtx").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("posts read: 0"), std::string::npos);
  EXPECT_NE(slurp(dir_ / "e.mtx").find("\n0 0 0\n"), std::string::npos);
}

TEST_F(cli, version_and_help) {
  const result v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("qclass"), std::string::npos);
  const result h = run("matrix --help");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("--min-df"), std::string::npos);
}

// ---- classifier verbs: train, eval, sweep, score ----

std::string labeled() { return std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl"; }
std::string keywords() {
  return std::string(QC_SOURCE_DIR) + "/data/keywords/dl_bug_classification.tsv";
}

TEST_F(cli, train_eval_score_end_to_end_and_identical_across_backends) {
  const std::string model = (dir_ / "m.json").string();
  const result t = run("train --input " + labeled() + " --keywords " + keywords() + " -o " + model +
                       " --metrics-json " + (dir_ / "mt.json").string());
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("train posts: 360, test posts: 240"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("study"), std::string::npos);
  // eval on the model's own test part reproduces train's test metrics exactly.
  const result e = run("eval --model " + model + " --input " + labeled() +
                       " --part test --metrics-json " + (dir_ / "me.json").string());
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(slurp(dir_ / "mt.json"), slurp(dir_ / "me.json"));
  // The same model twice: byte-identical files.
  ASSERT_EQ(run("train --input " + labeled() + " --keywords " + keywords() + " --threads 1 -o " +
                (dir_ / "m2.json").string())
                .code,
            0);
  EXPECT_EQ(slurp(model), slurp(dir_ / "m2.json"));

  // score: every backend and thread count gives the same bytes.
  const std::string in = " --input " + std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl";
  std::string first;
  for (const std::string& opts :
       devices_to_compare({"--device reference --threads 1", "--device cpu --threads 1",
                           "--device cpu --threads 2 --batch 100", "--threads 3 --batch 7"})) {
    const fs::path out = dir_ / "p.jsonl";
    const result s = run("score --model " + model + in + " -o " + out.string() + " " + opts);
    ASSERT_EQ(s.code, 0) << opts << s.err;
    const std::string bytes = slurp(out);
    EXPECT_EQ(count_lines(bytes), 3000u);
    if (first.empty()) first = bytes;
    EXPECT_EQ(bytes, first) << opts;
  }
  const result csv = run("score --model " + model + in + " -o " + (dir_ / "p.csv").string());
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(
      slurp(dir_ / "p.csv").rfind("id,category,score,runner_up,margin,no_evidence,status\n", 0),
      0u);
  EXPECT_EQ(count_lines(slurp(dir_ / "p.csv")), 3001u);
}

TEST_F(cli, score_writes_a_row_for_every_record_including_skipped_ones) {
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const fs::path bad = write("bad.jsonl",
                             "{\"id\": 1, \"title\": \"gpu memory\"}\n"
                             "{\"id\": 2, \"title\": \n"
                             "{\"id\": 3, \"title\": \"tensor shape\"}\n"
                             "not json\n");
  const fs::path bad2 = write("bad2.jsonl", "{\"title\": \"no id\"}\n{\"id\": 9}\n");
  EXPECT_EQ(run("score --model " + model + " --input " + bad.string() + " -o -").code, 1);
  const result r = run("score --on-error skip --model " + model + " --input " + bad.string() +
                       " --input " + bad2.string() + " -o -");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::string> rows;
  for (std::string l; std::getline(lines, l);) rows.push_back(l);
  ASSERT_EQ(rows.size(), 6u) << r.out;
  EXPECT_EQ(rows[0].rfind("{\"id\": 1,", 0), 0u);
  EXPECT_NE(rows[1].find("\"skipped\": \"" + bad.string() + ":2:"), std::string::npos) << rows[1];
  // A skipped record keeps its id when it could be read, else null (here:
  // JSON cut short, which the parser refuses as a whole).
  EXPECT_EQ(rows[1].rfind("{\"id\": null, \"skipped\": ", 0), 0u) << rows[1];
  EXPECT_EQ(rows[3].rfind("{\"id\": null, \"skipped\": ", 0), 0u) << rows[3];
  EXPECT_EQ(rows[4].rfind("{\"id\": null, \"skipped\": ", 0), 0u) << rows[4];
  EXPECT_EQ(rows[2].rfind("{\"id\": 3,", 0), 0u);
  EXPECT_NE(rows[3].find(bad.string() + ":4:"), std::string::npos) << rows[3];
  EXPECT_NE(rows[4].find(bad2.string() + ":1:"), std::string::npos) << rows[4];
  EXPECT_EQ(rows[5].rfind("{\"id\": 9,", 0), 0u);
  EXPECT_NE(r.err.find("scored: 3, skipped: 3"), std::string::npos) << r.err;
  // In CSV too, string ids unquoted; and from Posts.xml.
  const fs::path bad3 =
      write("bad3.jsonl", "{\"id\": \"a,b\", \"title\": 5}\n{\"id\": 8, \"tags\": 1}\n");
  const result j =
      run("score --on-error skip --model " + model + " --input " + bad3.string() + " -o -");
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(j.out.rfind("{\"id\": \"a,b\", \"skipped\": \"" + bad3.string() + ":1: ", 0), 0u)
      << j.out;
  EXPECT_NE(j.out.find("\n{\"id\": 8, \"skipped\": \"" + bad3.string() + ":2: "), std::string::npos)
      << j.out;
  const result c = run("score --on-error skip --model " + model + " --input " + bad3.string() +
                       " --format csv -o -");
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("\n\"a,b\",,,,,,\"skipped: " + bad3.string() + ":1: "), std::string::npos)
      << c.out;
  const fs::path xml =
      write("bad.xml", "<posts>\n<row Id=\"7\" PostTypeId=\"1\" Score=\"x\" />\n</posts>\n");
  const result x = run("score --on-error skip --model " + model + " --input " + xml.string() +
                       " --format csv -o -");
  ASSERT_EQ(x.code, 0) << x.err;
  EXPECT_NE(x.out.find("\n7,,,,,,\"skipped: " + xml.string() + ":2: "), std::string::npos) << x.out;
}

// Batches are written one behind the backend (two slots in flight): rows and
// skipped records keep input order whatever the batch size, across files.
TEST_F(cli, score_rows_keep_input_order_with_small_batches_and_skips) {
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  std::string a, b;
  for (int i = 0; i < 40; ++i) {
    a += i % 7 == 3 ? "{broken\n"
                    : "{\"id\": " + std::to_string(i) + ", \"title\": \"gpu loss " +
                          std::to_string(i) + "\"}\n";
    b += i % 5 == 0 ? "[]\n" : "{\"id\": \"b" + std::to_string(i) + "\", \"title\": \"tensor\"}\n";
  }
  const std::string in =
      " --input " + write("a.jsonl", a).string() + " --input " + write("b.jsonl", b).string();
  const result big = run("score --on-error skip --model " + model + in + " -o -");
  ASSERT_EQ(big.code, 0) << big.err;
  EXPECT_EQ(count_lines(big.out), 80u);
  std::vector<std::string> rows;
  std::istringstream lines(big.out);
  for (std::string l; std::getline(lines, l);) rows.push_back(l);
  ASSERT_EQ(rows.size(), 80u);
  for (std::size_t i = 0; i < 40; ++i) {
    const bool skipped_a = i % 7 == 3, skipped_b = i % 5 == 0;
    EXPECT_EQ(rows[i].find("a.jsonl:" + std::to_string(i + 1) + ":") != std::string::npos,
              skipped_a)
        << rows[i];
    if (!skipped_a) {
      EXPECT_EQ(rows[i].rfind("{\"id\": " + std::to_string(i) + ",", 0), 0u) << rows[i];
    }
    EXPECT_EQ(rows[40 + i].find("b.jsonl:" + std::to_string(i + 1) + ":") != std::string::npos,
              skipped_b)
        << rows[40 + i];
  }
  for (const char* batch : {"1", "2", "3", "16"}) {
    const result small = run("score --on-error skip --batch " + std::string(batch) + " --model " +
                             model + in + " -o -");
    ASSERT_EQ(small.code, 0) << small.err;
    EXPECT_EQ(small.out, big.out) << "--batch " << batch;
  }
}

TEST_F(cli, sweep_table_and_exact_best) {
  const fs::path csv = dir_ / "s.csv";
  const result r = run("sweep --input " + labeled() + " --keywords " + keywords() +
                       " --alpha 0:1:0.05 --top-k 100,200 --norm l2,sum -o " + csv.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string s = slurp(csv);
  EXPECT_EQ(s.rfind("top_k,norm,manual_scope,alpha,precision,recall,f1,accuracy,study_precision,"
                    "study_recall\n",
                    0),
            0u);
  EXPECT_EQ(count_lines(s), 1u + 21u * 4u + 1u);
  EXPECT_NE(s.find("\n#best {\"objective\": \"macro_f1\""), std::string::npos);
  EXPECT_NE(r.out.find("exact best alpha"), std::string::npos) << r.out;
  // The same table on every backend.
  for (const std::string& opts : devices_to_compare({"--device reference", "--device cpu"})) {
    const fs::path other = dir_ / "s_other.csv";
    const result o =
        run("sweep --input " + labeled() + " --keywords " + keywords() +
            " --alpha 0:1:0.05 --top-k 100,200 --norm l2,sum -o " + other.string() + " " + opts);
    ASSERT_EQ(o.code, 0) << opts << o.err;
    EXPECT_EQ(slurp(other), s) << opts;
  }
  // A sweep needs a test part.
  EXPECT_EQ(run("sweep --split 1 --input " + labeled() + " -o " + csv.string()).code, 2);
}

TEST_F(cli, classifier_usage_errors_are_clear) {
  const std::string model = (dir_ / "m.json").string();
  result r = run("train --input " + labeled() + " --split 1.5 -o " + model);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("1.5"), std::string::npos) << r.err;
  const fs::path kw = write("kw.tsv", "gpu\tcuda\nno tab here\n");
  r = run("train --input " + labeled() + " --keywords " + kw.string() + " -o " + model);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(kw.string() + ":2:"), std::string::npos) << r.err;
  const fs::path unlabeled = write("u.jsonl", "{\"id\": 1, \"title\": \"x\"}\n");
  r = run("train --input " + unlabeled.string() + " -o " + model);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no labeled posts"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(model));  // nothing half-written
  r = run("score --model " + (dir_ / "nope.json").string() + " --input " + labeled() + " -o -");
  EXPECT_EQ(r.code, 1);
  // --device cuda: the same model as on the cpu where a GPU answers, else a
  // usage error that says why (never a silent fallback to the cpu).
  r = run("train --device cuda --input " + labeled() + " -o " + model);
  if (qc_test::gpu_unavailable_reason().empty()) {
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string cpu_model = (dir_ / "cpu.json").string();
    ASSERT_EQ(run("train --device cpu --input " + labeled() + " -o " + cpu_model).code, 0);
    EXPECT_EQ(slurp(model), slurp(cpu_model));
  } else {
    EXPECT_EQ(r.code, 2);
#ifdef QC_HAVE_CUDA
    // The driver's own reason is passed on (e.g. cudaErrorInsufficientDriver).
    EXPECT_NE(r.err.find("no usable CUDA GPU: " + qc::probe_gpu().reason), std::string::npos)
        << r.err;
#else
    EXPECT_NE(r.err.find("built without the CUDA backend"), std::string::npos) << r.err;
#endif
    EXPECT_FALSE(fs::exists(model));
  }
  // Unknown labels in eval input are named with file and line.
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const fs::path other = write("o.jsonl", "{\"id\": 1, \"title\": \"x\", \"labels\": [\"zzz\"]}\n");
  r = run("eval --model " + model + " --input " + other.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(other.string() + ":1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("zzz"), std::string::npos) << r.err;
}

// `study` gives the same model and predictions as train + score, plus the report.
TEST_F(cli, study_is_train_sweep_score_report_in_one_command) {
  const std::string posts = std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl";
  const fs::path out = dir_ / "study";
  const result r = run("study --labeled " + labeled() + " --keywords " + keywords() + " --posts " +
                       posts + " -o " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"model.json", "metrics.json", "confusion.csv", "sweep.csv",
                        "predictions.csv", "report/report.html", "report/fig1_categories.csv"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --input " + labeled() + " --keywords " + keywords() + " -o " + model).code,
            0);
  EXPECT_EQ(slurp(model), slurp(out / "model.json"));
  ASSERT_EQ(
      run("score --model " + model + " --input " + posts + " -o " + (dir_ / "p.csv").string()).code,
      0);
  EXPECT_EQ(slurp(dir_ / "p.csv"), slurp(out / "predictions.csv"));
  EXPECT_NE(r.out.find("report: " + (out / "report" / "report.html").string()), std::string::npos)
      << r.out;
}

// `study --use-best-alpha`: the evaluation files, the baseline comparison,
// the saved model and the predictions all use the sweep's exact best alpha,
// and the report names it: `eval` of the saved model repeats study's metrics.
TEST_F(cli, study_use_best_alpha_uses_one_alpha_throughout) {
  const std::string posts = std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl";
  const fs::path out = dir_ / "study";
  const result r = run("study --labeled " + labeled() + " --keywords " + keywords() + " --posts " +
                       posts + " --alpha-grid 0:1:0.05 --use-best-alpha -o " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string model = slurp(out / "model.json");
  const std::string key = "\"alpha\": ";
  const std::size_t at = model.find(key);
  ASSERT_NE(at, std::string::npos);
  const std::string alpha = model.substr(at + key.size(), model.find(',', at) - at - key.size());
  ASSERT_NE(alpha, "0.18") << "the bundled data's best alpha should differ from --alpha";
  EXPECT_NE(r.out.find("exact best " + alpha), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== evaluate (alpha " + alpha + ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== score (alpha " + alpha + ")"), std::string::npos) << r.out;

  const fs::path m = out / "model.json", mj = dir_ / "eval.json", cc = dir_ / "eval.csv";
  ASSERT_EQ(run("eval --model " + m.string() + " --input " + labeled() +
                " --part test --metrics-json " + mj.string() + " --confusion " + cc.string())
                .code,
            0);
  EXPECT_EQ(slurp(mj), slurp(out / "metrics.json"));
  EXPECT_EQ(slurp(cc), slurp(out / "confusion.csv"));
  // The study's baseline.json carries the keyword metrics with the intervals
  // of its bootstrap (1000 resamples, the split's seed 0): eval's, with the same.
  const fs::path bj = dir_ / "eval_bootstrap.json";
  ASSERT_EQ(run("eval --model " + m.string() + " --input " + labeled() +
                " --part test --bootstrap 1000 --seed 0 --metrics-json " + bj.string())
                .code,
            0);
  std::string keyword_part = slurp(bj);
  keyword_part.pop_back();  // the line end
  EXPECT_NE(keyword_part.find("\"bootstrap\":{\"resamples\":1000"), std::string::npos);
  EXPECT_EQ(slurp(out / "baseline.json").rfind("{\"keyword\": " + keyword_part, 0), 0u);

  const fs::path p = dir_ / "p.csv";
  ASSERT_EQ(run("score --model " + m.string() + " --input " + posts + " -o " + p.string()).code, 0);
  EXPECT_EQ(slurp(p), slurp(out / "predictions.csv"));
  const std::string html = slurp(out / "report" / "report.html");
  EXPECT_NE(html.find("at alpha " + alpha + " (the sweep"), std::string::npos);
  EXPECT_EQ(html.find("the model's own alpha"), std::string::npos);
}

// score streams: 10x the input must not need more memory than 1x (plus a
// small allowance for allocator noise).
TEST_F(cli, score_memory_does_not_grow_with_input) {
  if (qc::test::built_with_address_sanitizer())
    GTEST_SKIP() << "peak memory is not comparable under AddressSanitizer";
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const std::string one = slurp(std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl");
  const fs::path x1 = write("x1.jsonl", one);
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += one;
  const fs::path x10 = write("x10.jsonl", ten);
  const long m1 = peak_rss_kib({"score", "--threads", "2", "--model", model, "--input", x1.string(),
                                "-o", (dir_ / "p1.csv").string()});
  const long m10 = peak_rss_kib({"score", "--threads", "2", "--model", model, "--input",
                                 x10.string(), "-o", (dir_ / "p10.csv").string()});
  ASSERT_GT(m1, 0);
  ASSERT_GT(m10, 0);
  EXPECT_EQ(count_lines(slurp(dir_ / "p10.csv")), 30001u);
  EXPECT_LT(m10, m1 + 16 * 1024) << "peak RSS 1x: " << m1 << " KiB, 10x: " << m10 << " KiB";
  std::cout << "peak RSS: 1x input " << m1 << " KiB, 10x input " << m10 << " KiB\n";
}

// Progress goes to stderr only when it is a terminal or --progress forces
// it: the tests capture stderr through a file, so by default nothing shows.
// --stats prints each stage's share of the wall time and the CPU use.
TEST_F(cli, score_progress_only_on_a_terminal_or_when_forced) {
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const std::string score = "score --model " + model + " --input " + data("pytorch_sample.jsonl") +
                            " -o " + (dir_ / "p.csv").string();
  const result quiet = run(score);
  ASSERT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  const std::string want = slurp(dir_ / "p.csv");
  const result forced = run(score + " --progress --batch 500");
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(forced.err.find("\rscore: "), std::string::npos) << forced.err;
  EXPECT_NE(forced.err.find(" of 5.8 MB ("), std::string::npos) << forced.err;
  EXPECT_NE(forced.err.find("posts/s"), std::string::npos) << forced.err;
  EXPECT_NE(forced.err.find("MB/s"), std::string::npos) << forced.err;
  EXPECT_EQ(forced.err.back(), '\n');
  EXPECT_EQ(slurp(dir_ / "p.csv"), want);
  const result off = run(score + " --progress --quiet");
  ASSERT_EQ(off.code, 0) << off.err;
  EXPECT_EQ(off.err, "");
  const result stats = run(score + " --stats");
  ASSERT_EQ(stats.code, 0) << stats.err;
  for (const char* row : {"read+parse+normalize", "normalize+count, a thread", "term matrix",
                          "backend", "write", "wall", "share of wall", "cores busy"})
    EXPECT_NE(stats.out.find(row), std::string::npos) << row << "\n" << stats.out;
}

// -o on devices, FIFOs, links and standard output: written in place or
// through the link, never replaced (the device cases need root for mknod).
TEST_F(cli, outputs_never_replace_devices_links_or_stdout) {
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const std::string score = "score --model " + model + " --input " + labeled() + " -o ";

  // A link: kept, its target replaced.
  fs::create_directories(dir_ / "sub");
  fs::create_symlink("sub/p.csv", dir_ / "link.csv");
  ASSERT_EQ(run(score + (dir_ / "link.csv").string()).code, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.csv"));
  EXPECT_EQ(count_lines(slurp(dir_ / "sub" / "p.csv")), 601u);

  // Standard output, as "-" and as /dev/stdout: rows only, the summary on stderr.
  for (const char* out : {"-", "/dev/stdout"}) {
    const result r = run(score + out + " --format csv");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(count_lines(r.out), 601u) << out;
    EXPECT_NE(r.err.find("scored: 600"), std::string::npos) << r.err;
  }
  const result t = run("train --split 1 --input " + labeled() + " -o -");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(t.out, slurp(model));

  // A folder: a clear error.
  const result d = run(score + (dir_ / "sub").string());
  EXPECT_EQ(d.code, 1);
  EXPECT_NE(d.err.find("is a folder"), std::string::npos) << d.err;

  // /dev/full (writable by anyone): a clear error, non-zero exit.
  if (fs::is_character_file("/dev/full")) {
    const result f = run(score + "/dev/full");
    EXPECT_EQ(f.code, 1);
    EXPECT_NE(f.err.find("error writing '/dev/full': No space left on device"), std::string::npos)
        << f.err;
    EXPECT_TRUE(fs::is_character_file("/dev/full"));
  }

  if (::geteuid() != 0) GTEST_SKIP() << "the scratch device nodes need root (mknod)";
  const fs::path null_dev = dir_ / "null", full_dev = dir_ / "full";
  if (::mknod(null_dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
      ::mknod(full_dev.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0)
    GTEST_SKIP() << "mknod refused here";
  const result n = run(score + null_dev.string());
  EXPECT_EQ(n.code, 0) << n.err;
  EXPECT_TRUE(fs::is_character_file(null_dev));
  const result f = run(score + full_dev.string());
  EXPECT_EQ(f.code, 1);
  EXPECT_NE(f.err.find("error writing '" + full_dev.string() + "': No space left on device"),
            std::string::npos)
      << f.err;
  EXPECT_TRUE(fs::is_character_file(full_dev));
}

}  // namespace
