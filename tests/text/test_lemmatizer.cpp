// qc::lemmatizer: DEFINITIONS.md 2.1 (`vn`) and 2.2 (NLTK 3.8 morphy).
// Expected values on the real WordNet 3.0 were taken from NLTK 3.8;
// tests/tools/check_lemmas_nltk.py compares whole corpora.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qc/core/error.hpp"
#include "scratch_test.hpp"
#include "text/lemmatizer.hpp"

#include <unistd.h>

namespace fs = std::filesystem;
using qc::lemmatizer;
using qc::wn_pos;
using strings = std::vector<std::string>;

namespace {

// ---------------------------------------------------------------------------
// The real WordNet 3.0 (Debian's wordnet-base).

class RealWordNet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(lemmatizer::default_dir());
    if (fs::is_regular_file(fs::path(*dir_) / "index.noun")) {
      lem_ = new lemmatizer(lemmatizer::load(*dir_));
    }
  }
  static void TearDownTestSuite() {
    delete lem_;
    lem_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!lem_) {
      GTEST_SKIP() << "WordNet 3.0 not found in " << *dir_
                   << " (install Debian's wordnet-base or set QC_WORDNET_DIR)";
    }
  }
  static std::string V(const std::string& w) { return lem_->lemmatize(w, wn_pos::verb); }
  static std::string N(const std::string& w) { return lem_->lemmatize(w, wn_pos::noun); }
  static std::string VN(const std::string& w) { return lem_->lemmatize_vn(w); }
  static strings MV(const std::string& w) { return lem_->morphy(w, wn_pos::verb); }
  static strings MN(const std::string& w) { return lem_->morphy(w, wn_pos::noun); }

  static std::string* dir_;
  static lemmatizer* lem_;
};
std::string* RealWordNet::dir_ = nullptr;
lemmatizer* RealWordNet::lem_ = nullptr;

TEST_F(RealWordNet, DefinitionsExamples) {
  EXPECT_EQ(VN("classes"), "class");
  EXPECT_EQ(VN("boss"), "boss");
  EXPECT_EQ(VN("was"), "be");
  EXPECT_EQ(VN("tensors"), "tensor");
  EXPECT_EQ(VN("keras"), "kera");
  EXPECT_EQ(VN("using"), "use");
  EXPECT_EQ(VN("used"), "use");
}

TEST_F(RealWordNet, VerbAndNounLemmas) {
  EXPECT_EQ(V("classes"), "class");
  EXPECT_EQ(N("classes"), "class");
  EXPECT_EQ(V("tensors"), "tensors");  // not a verb
  EXPECT_EQ(N("tensors"), "tensor");
  EXPECT_EQ(V("using"), "use");
  EXPECT_EQ(N("using"), "using");
  EXPECT_EQ(V("going"), "go");
  EXPECT_EQ(N("going"), "going");
  EXPECT_EQ(V("walkings"), "walk");  // found in the second round of rules
  EXPECT_EQ(N("churches"), "church");
  EXPECT_EQ(N("leaves"), "leaf");
  EXPECT_EQ(V("leaves"), "leave");
  EXPECT_EQ(N("analyses"), "analysis");  // noun.exc
  EXPECT_EQ(V("analyses"), "analyse");
}

TEST_F(RealWordNet, ExceptionLists) {
  EXPECT_EQ(V("was"), "be");
  EXPECT_EQ(N("was"), "wa");  // by rule s->""
  EXPECT_EQ(V("ran"), "run");
  EXPECT_EQ(N("ran"), "ran");
  EXPECT_EQ(V("is"), "be");
  EXPECT_EQ(N("geese"), "goose");
  EXPECT_EQ(N("mice"), "mouse");
  EXPECT_EQ(N("women"), "woman");
  // `better` is only in adj.exc, which the lemmatizer does not use.
  EXPECT_EQ(V("better"), "better");
  EXPECT_EQ(N("better"), "better");
  EXPECT_EQ(MV("better"), strings({"better"}));
}

TEST_F(RealWordNet, ExceptionListStopsEvenWhenEmpty) {
  // noun.exc maps `is` to `is`, which is no noun; the rules would give `i`.
  EXPECT_EQ(MN("is"), strings{});
  EXPECT_EQ(N("is"), "is");
  // verb.exc maps `testes` to `testes`; the rules would give `test`.
  EXPECT_EQ(MV("testes"), strings{});
  EXPECT_EQ(V("testes"), "testes");
  // noun.exc: `involucra involucre` then `involucra involucrum`; the later
  // line wins and `involucrum` is not in index.noun.
  EXPECT_EQ(MN("involucra"), strings{});
  EXPECT_EQ(N("involucra"), "involucra");
  EXPECT_EQ(N("involucre"), "involucre");
  // noun.exc: `aurar eyir` then `aurar eyrir`.
  EXPECT_EQ(MN("aurar"), strings({"eyrir"}));
}

TEST_F(RealWordNet, FirstOfShortest) {
  EXPECT_EQ(MV("axes"), strings({"axe", "ax"}));
  EXPECT_EQ(V("axes"), "ax");
  EXPECT_EQ(MN("axes"), strings({"ax", "axis"}));
  EXPECT_EQ(MV("saw"), strings({"saw", "see"}));
  EXPECT_EQ(V("saw"), "saw");  // tie: the first one
  EXPECT_EQ(MN("brants"), strings({"brant", "brent"}));
  EXPECT_EQ(N("brants"), "brant");
  EXPECT_EQ(MN("dies"), strings({"die", "dy"}));
  EXPECT_EQ(N("dies"), "dy");
  EXPECT_EQ(MN("boss"), strings({"boss", "bos"}));
  EXPECT_EQ(N("boss"), "bos");
  EXPECT_EQ(MV("caddied"), strings({"caddie", "caddy"}));
  EXPECT_EQ(V("caddied"), "caddy");
}

TEST_F(RealWordNet, WordsNotInWordNet) {
  for (const char* w : {"pytorch", "cuda", "gpus", "lstm", "8gb", "1e", "_", "__", "s_s",
                        "string_literal", "zzzzings"}) {
    EXPECT_EQ(V(w), w) << w;
    EXPECT_EQ(N(w), w) << w;
    EXPECT_EQ(VN(w), w) << w;
  }
  EXPECT_EQ(V(""), "");
  EXPECT_EQ(N(""), "");
  EXPECT_EQ(VN(""), "");
  EXPECT_EQ(MN(""), strings{});
}

TEST_F(RealWordNet, DigitsAndUnderscores) {
  EXPECT_EQ(N("3d"), "3d");  // a noun in WordNet
  EXPECT_EQ(MN("3d"), strings({"3d"}));
  EXPECT_EQ(N("a_cappella"), "a_cappella");
}

TEST_F(RealWordNet, VnSsRule) {
  // v ends in "ss": the noun lemma is not taken.
  EXPECT_EQ(V("boss"), "boss");
  EXPECT_EQ(N("boss"), "bos");
  EXPECT_EQ(VN("boss"), "boss");
  EXPECT_EQ(VN("bosses"), "boss");
  EXPECT_EQ(VN("glasses"), "glass");
  EXPECT_EQ(VN("processes"), "process");
  // v does not end in "ss": the noun lemma of v is taken.
  EXPECT_EQ(VN("species"), "specie");
  EXPECT_EQ(VN("its"), "it");
  EXPECT_EQ(VN("as"), "a");
  EXPECT_EQ(VN("has"), "have");  // n == v
  EXPECT_EQ(VN("leaves"), "leave");
}

TEST_F(RealWordNet, VnProssesAcsses) {
  EXPECT_EQ(V("prosses"), "prosses");
  EXPECT_EQ(N("prosses"), "pro");
  EXPECT_EQ(VN("prosses"), "prosses");
  EXPECT_EQ(V("acsses"), "acsses");
  EXPECT_EQ(N("acsses"), "ac");
  EXPECT_EQ(VN("acsses"), "acsses");
}

TEST_F(RealWordNet, LongTokensTerminate) {
  const std::string s = "qzx" + std::string(20000, 's');
  EXPECT_EQ(N(s), s);
  EXPECT_EQ(V(s), s);
  std::string es = "qzx";
  for (int i = 0; i < 5000; ++i) es += "ses";
  EXPECT_EQ(N(es), es);
  EXPECT_EQ(V(es), es);
  EXPECT_EQ(N("dog" + std::string(300, 's')), "dog");  // strips one s per round
}

TEST_F(RealWordNet, CopiesShareTables) {
  auto copy = std::make_unique<lemmatizer>(*lem_);
  EXPECT_TRUE(copy->shares_tables_with(*lem_));
  const lemmatizer copy_of_copy = *copy;
  copy.reset();  // the tables live as long as any copy
  EXPECT_TRUE(copy_of_copy.shares_tables_with(*lem_));
  EXPECT_EQ(copy_of_copy.lemmatize("classes", wn_pos::noun), "class");
  EXPECT_FALSE(lemmatizer{}.shares_tables_with(*lem_));
  EXPECT_FALSE(lemmatizer{}.shares_tables_with(lemmatizer{}));
  // A second load reads the files again into tables of its own.
  const lemmatizer other = lemmatizer::load(*dir_);
  EXPECT_FALSE(other.shares_tables_with(*lem_));
  EXPECT_EQ(other.lemmatize("classes", wn_pos::noun), "class");
}

// ---------------------------------------------------------------------------
// A scratch folder with tiny handwritten files.

class ScratchWordNet : public qc_test::scratch_test {
 protected:
  void write(const std::string& name, const std::string& text) const { write_file(name, text); }
  static std::string index_lines(const std::vector<std::string>& lemmas, char pos) {
    std::string s =
        "  1 This software and database is being provided to you, the LICENSEE, by  \n"
        "  2 Princeton University under the following license.  \n";
    for (const auto& l : lemmas) s += l + " " + pos + " 1 0 1 0 00000001  \n";
    return s;
  }
  // Writes all four files.
  void write_all(const std::vector<std::string>& nouns, const std::vector<std::string>& verbs,
                 const std::string& noun_exc, const std::string& verb_exc) const {
    write("index.noun", index_lines(nouns, 'n'));
    write("index.verb", index_lines(verbs, 'v'));
    write("noun.exc", noun_exc);
    write("verb.exc", verb_exc);
  }
  lemmatizer load() const { return lemmatizer::load(dir_.string()); }
};

TEST_F(ScratchWordNet, RuleOrderNotFileOrder) {
  write_all({"wolf", "wolve", "wolves", "box", "boxe"}, {"walk"}, "", "");
  const lemmatizer lem = load();
  // [w] + rules([w]) in rule order: s->"" before ves->f.
  EXPECT_EQ(lem.morphy("wolves", wn_pos::noun), strings({"wolves", "wolve", "wolf"}));
  EXPECT_EQ(lem.lemmatize("wolves", wn_pos::noun), "wolf");
  EXPECT_EQ(lem.morphy("boxes", wn_pos::noun), strings({"boxe", "box"}));
  EXPECT_EQ(lem.lemmatize("boxes", wn_pos::noun), "box");
}

// An index out of order, or with a lemma twice, is searched like a sorted
// one (WordNet's own files are strictly increasing).
TEST_F(ScratchWordNet, IndexOutOfOrderOrWithDuplicates) {
  for (const auto& nouns : std::vector<std::vector<std::string>>{
           {"zebra", "apple", "mango", "apple", "kiwi"},  // out of order, a duplicate
           {"apple", "apple", "kiwi", "mango", "zebra"},  // in order, a duplicate
           {"apple", "kiwi", "mango", "zebra"}}) {        // strictly increasing
    write_all(nouns, {"x"}, "", "");
    const lemmatizer lem = load();
    for (const char* w : {"apple", "kiwi", "mango", "zebra"}) {
      EXPECT_EQ(lem.morphy(std::string(w) + "s", wn_pos::noun), strings({w})) << nouns[0];
    }
    EXPECT_EQ(lem.morphy("pears", wn_pos::noun), strings{});
    EXPECT_EQ(lem.morphy("aardvarks", wn_pos::noun), strings{});
    EXPECT_EQ(lem.morphy("zzzs", wn_pos::noun), strings{});
  }
}

TEST_F(ScratchWordNet, VerbRuleOrderAndDuplicates) {
  // `hopes`: s->"" gives hope, es->e gives hope again, es->"" gives hop.
  write_all({"x"}, {"hop", "hope"}, "", "");
  const lemmatizer lem = load();
  EXPECT_EQ(lem.morphy("hopes", wn_pos::verb), strings({"hope", "hop"}));
  EXPECT_EQ(lem.lemmatize("hopes", wn_pos::verb), "hop");
  // ed->e before ed->"".
  EXPECT_EQ(lem.morphy("hoped", wn_pos::verb), strings({"hope", "hop"}));
  EXPECT_EQ(lem.morphy("hoping", wn_pos::verb), strings({"hope", "hop"}));
  // The noun table is separate.
  EXPECT_EQ(lem.morphy("hopes", wn_pos::noun), strings{});
}

TEST_F(ScratchWordNet, LaterRoundsOnlyWhenEarlierFindNothing) {
  write_all({"x"}, {"walk", "walking"}, "", "");
  lemmatizer lem = load();
  // Round 1 finds `walking`, so `walk` (round 2) is never reached.
  EXPECT_EQ(lem.morphy("walkings", wn_pos::verb), strings({"walking"}));
  write_all({"x"}, {"walk"}, "", "");
  lem = load();
  EXPECT_EQ(lem.morphy("walkings", wn_pos::verb), strings({"walk"}));
  // walkingsings -> walkingsing -> {walkingsinge, walkings} -> walking ->
  // {walke, walk}: four rounds.
  EXPECT_EQ(lem.morphy("walkingsings", wn_pos::verb), strings({"walk"}));
  // The rules run out without a match.
  EXPECT_EQ(lem.morphy("zzzings", wn_pos::verb), strings{});
}

TEST_F(ScratchWordNet, ExceptionsOverwriteAndFilter) {
  write_all({"goose", "gander", "brant", "brent", "aaa"}, {"x"},
            "geese goose\n"
            "geese gander\n"
            "brants brent brant brent\n"
            "aaas zzz\n"
            "gooses\n"
            "\n"
            "ganders gander\n"
            "ganders\n",
            "");
  const lemmatizer lem = load();
  // A later line overwrites an earlier one.
  EXPECT_EQ(lem.morphy("geese", wn_pos::noun), strings({"gander"}));
  // Order of the list kept, duplicates dropped; the shortest's first wins.
  EXPECT_EQ(lem.morphy("brants", wn_pos::noun), strings({"brent", "brant"}));
  EXPECT_EQ(lem.lemmatize("brants", wn_pos::noun), "brent");
  // Nothing in DB: empty, and the rules (which would give `aaa`) are not tried.
  EXPECT_EQ(lem.morphy("aaas", wn_pos::noun), strings{});
  EXPECT_EQ(lem.lemmatize("aaas", wn_pos::noun), "aaas");
  // A line with a key alone lists no form, and still stops the rules
  // (which would give `goose`); as the later line, it overwrites too.
  EXPECT_EQ(lem.morphy("gooses", wn_pos::noun), strings{});
  EXPECT_EQ(lem.lemmatize("gooses", wn_pos::noun), "gooses");
  EXPECT_EQ(lem.morphy("ganders", wn_pos::noun), strings{});
}

TEST_F(ScratchWordNet, ExceptionKeyItselfComesFirst) {
  write_all({"aa", "b"}, {"x"}, "aa b\n", "");
  const lemmatizer lem = load();
  EXPECT_EQ(lem.morphy("aa", wn_pos::noun), strings({"aa", "b"}));
  EXPECT_EQ(lem.lemmatize("aa", wn_pos::noun), "b");
}

TEST_F(ScratchWordNet, HeaderLinesSkippedFirstFieldOnly) {
  write("index.noun", std::string("  zzz n 1 0 1 0 00000001\n") +
                          "dog n 1 0 1 0 00000002\n"
                          "a_b n 1 0 1 0 00000003\n");
  write("index.verb", "walk v 1 0 1 0 00000004\n");
  write("noun.exc", "");
  write("verb.exc", "\n");
  const lemmatizer lem = load();
  EXPECT_EQ(lem.morphy("zzz", wn_pos::noun), strings{});  // on a line starting with a space
  EXPECT_EQ(lem.morphy("dogs", wn_pos::noun), strings({"dog"}));
  EXPECT_EQ(lem.morphy("n", wn_pos::noun), strings{});  // second field
  EXPECT_EQ(lem.morphy("a_bs", wn_pos::noun), strings({"a_b"}));
  EXPECT_EQ(lem.morphy("dog", wn_pos::verb), strings{});
}

// An index line's key is its first whitespace-separated field, whatever
// its length (the search goes 8 bytes at a time), its separator (space,
// tab, CR, vertical tab, 0x1c), a leading tab, a control byte or UTF-8
// inside it, or a last line without a newline.
TEST_F(ScratchWordNet, IndexKeysAreFirstFieldsOfAnyLength) {
  const std::vector<std::string> keys = {"ab",
                                         "abcdefg",
                                         "abcdefgh",
                                         "abcdefghijklmnop",
                                         "abcdefghijklmnopq",
                                         "bx",
                                         "cr_key",
                                         "ctl\x01key",
                                         "vt",
                                         "fs",
                                         "caf\xc3\xa9",
                                         "zz_last_key_at_the_end"};
  write("index.noun", std::string("ab n 1\nabcdefg n\nabcdefgh n\nabcdefghijklmnop n 1 0\n") +
                          "abcdefghijklmnopq\tn\n\tbx n\ncr_key\r\n\n\r\nctl\x01key n\n" +
                          "vt\vsecond\nfs\x1csecond\ncaf\xc3\xa9 n\nzz_last_key_at_the_end");
  write("index.verb", "walk v 1 0 1 0 00000004\n");
  write("noun.exc", "");
  write("verb.exc", "");
  const lemmatizer lem = load();
  for (const std::string& k : keys) EXPECT_EQ(lem.morphy(k, wn_pos::noun), strings({k})) << k;
  for (const char* other : {"n", "second", "cr_key\r", "ctl", "abcdefghijklmnopq\tn", "1", ""})
    EXPECT_EQ(lem.morphy(other, wn_pos::noun), strings{}) << other;
}

TEST_F(ScratchWordNet, MenAndIes) {
  write_all({"fireman", "fly", "flie"}, {"fly"}, "", "");
  const lemmatizer lem = load();
  EXPECT_EQ(lem.morphy("firemen", wn_pos::noun), strings({"fireman"}));
  EXPECT_EQ(lem.morphy("flies", wn_pos::noun), strings({"flie", "fly"}));
  EXPECT_EQ(lem.morphy("flies", wn_pos::verb), strings({"fly"}));
}

TEST_F(ScratchWordNet, VnRule) {
  write_all({"bos", "boss", "class", "cla", "pro", "kera"}, {"boss", "class"}, "", "");
  const lemmatizer lem = load();
  EXPECT_EQ(lem.lemmatize_vn("boss"), "boss");
  EXPECT_EQ(lem.lemmatize_vn("classes"), "class");
  EXPECT_EQ(lem.lemmatize_vn("keras"), "kera");
  EXPECT_EQ(lem.lemmatize_vn("prosses"), "prosses");
  EXPECT_EQ(lem.lemmatize("prosses", wn_pos::noun), "pro");
}

TEST_F(ScratchWordNet, MissingFileNamed) {
  write("index.noun", index_lines({"dog"}, 'n'));
  write("noun.exc", "");
  write("verb.exc", "");
  try {
    (void)load();
    FAIL() << "expected qc::io_error";
  } catch (const qc::io_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("index.verb"), std::string::npos) << msg;
    EXPECT_NE(msg.find("wordnet-base"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--wordnet-dir"), std::string::npos) << msg;
    EXPECT_NE(msg.find("QC_WORDNET_DIR"), std::string::npos) << msg;
  }
  write("index.verb", index_lines({"walk"}, 'v'));
  fs::remove(dir_ / "verb.exc");
  EXPECT_THROW((void)load(), qc::io_error);
}

TEST_F(ScratchWordNet, MissingFolder) {
  const std::string missing = (dir_ / "no_such_folder").string();
  try {
    (void)lemmatizer::load(missing);
    FAIL() << "expected qc::io_error";
  } catch (const qc::io_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(missing), std::string::npos) << msg;
    EXPECT_NE(msg.find("index.noun"), std::string::npos) << msg;
  }
}

TEST_F(ScratchWordNet, EmptyIndexRejected) {
  write_all({}, {"walk"}, "", "");
  EXPECT_THROW((void)load(), qc::io_error);
}

TEST(Lemmatizer, DefaultConstructedIsIdentity) {
  const lemmatizer lem;
  EXPECT_EQ(lem.lemmatize("classes", wn_pos::noun), "classes");
  EXPECT_EQ(lem.lemmatize_vn("classes"), "classes");
  EXPECT_EQ(lem.morphy("classes", wn_pos::verb), strings{});
}

TEST(Lemmatizer, DefaultDirFromEnvironment) {
  const char* old = std::getenv("QC_WORDNET_DIR");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("QC_WORDNET_DIR", "/some/where/wn", 1);
  EXPECT_EQ(lemmatizer::default_dir(), "/some/where/wn");
  ::setenv("QC_WORDNET_DIR", "", 1);  // empty: the build's default
  const std::string fallback = lemmatizer::default_dir();
  EXPECT_FALSE(fallback.empty());
  ::unsetenv("QC_WORDNET_DIR");
  EXPECT_EQ(lemmatizer::default_dir(), fallback);
  if (saved) {
    ::setenv("QC_WORDNET_DIR", saved->c_str(), 1);
  }
}

}  // namespace
