// `qclass labels merge`: a labeled sheet put back onto its posts as JSON
// Lines (study/label_merge.hpp, formats/posts_jsonl.hpp), and the categories
// a labeler may give (formats/label_sheet.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/label_sheet.hpp"
#include "formats/posts_jsonl.hpp"
#include "io/post_source.hpp"
#include "qc/core/error.hpp"
#include "scratch_test.hpp"
#include "study/label_merge.hpp"

namespace {

using qc::post;

post make_post(const std::string& id_json, const std::string& title, std::size_t line) {
  post p;
  p.id_json = id_json;
  p.title = title;
  p.line = line;
  return p;
}

// Posts 5, "5" (a string id), 6, 7 and 8 of posts.jsonl, lines 1-5.
std::vector<post> posts() {
  return {make_post("5", "five", 1), make_post("\"5\"", "string five", 2), make_post("6", "six", 3),
          make_post("7", "seven", 4), make_post("8", "eight", 5)};
}

qc::label_sheet sheet(const std::string& body) {
  return qc::parse_label_sheet("id,title,labels\n" + body, "s.csv");
}

struct merged {
  std::string out;
  qc::merge_counts counts;
};

merged merge(const std::string& body, const std::vector<std::string>& categories = {}) {
  qc::label_merger m(sheet(body), categories, "cats.tsv");
  merged r;
  m.add(posts(), "posts.jsonl", r.out);
  r.counts = m.finish();
  return r;
}

std::string merge_error(const std::string& body, const std::vector<std::string>& categories = {}) {
  try {
    merge(body, categories);
  } catch (const qc::parse_error& e) {
    return e.what();
  }
  return "";
}

const char* const kLine7 =
    "{\"id\": 7, \"title\": \"seven\", \"body\": null, \"body_format\": \"html\", \"tags\": [], "
    "\"creation_date\": null, \"accepted_answer_id\": null, \"accepted_answer_creation_date\": "
    "null, \"answer_count\": null, \"view_count\": null, \"score\": null, \"labels\": [\"b\", "
    "\"a\"]}\n";

TEST(LabelMerge, IdsMatchExactlyInPostOrder) {
  // Sheet order 7, "5", 6: output in the posts' order, "5" is not 5.
  const merged r = merge("7,x,b;a\n\"\"\"5\"\"\",y,a\n6,z,\n5,w,\n");
  const std::string line5 =
      "{\"id\": \"5\", \"title\": \"string five\", \"body\": null, \"body_format\": \"html\", "
      "\"tags\": [], \"creation_date\": null, \"accepted_answer_id\": null, "
      "\"accepted_answer_creation_date\": null, \"answer_count\": null, \"view_count\": null, "
      "\"score\": null, \"labels\": [\"a\"]}\n";
  ASSERT_EQ(r.out, line5 + kLine7);
  ASSERT_EQ(r.counts.rows, 4u);
  ASSERT_EQ(r.counts.labeled, 2u);
  ASSERT_EQ(r.counts.unlabeled, 2u);  // 6 and 5: left out
  ASSERT_EQ(r.counts.posts, 5u);
  ASSERT_EQ(r.counts.merged, 2u);
  ASSERT_EQ(r.counts.posts_not_in_sheet, 1u);  // 8
}

TEST(LabelMerge, KnownCategoriesPass) {
  const merged r = merge("7,x,b;a\n", {"a", "b", "c"});
  ASSERT_EQ(r.out, kLine7);
  ASSERT_EQ(r.counts.posts_not_in_sheet, 4u);
}

TEST(LabelMerge, UnknownCategoryNamesTheRow) {
  const std::string e = merge_error("7,x,a\n6,y,a;z\n", {"a", "b"});
  ASSERT_EQ(e, "s.csv:3: unknown category 'z' for id 6 (the categories of cats.tsv are a, b)");
}

TEST(LabelMerge, IdNotInThePostsNamesTheRow) {
  ASSERT_EQ(merge_error("7,x,a\n9,y,a\n10,z,\n"),
            "s.csv:3: id 9 is not in the posts (2 of the sheet's 3 ids are not); ids must match "
            "exactly, as the sheet's id column gives them");
  // An unlabeled row must match too: the sheet is not of these posts.
  ASSERT_EQ(merge_error("7,x,a\n11,y,\n"),
            "s.csv:3: id 11 is not in the posts; ids must match exactly, as the sheet's id column "
            "gives them");
  // 007 is not 7.
  ASSERT_NE(merge_error("007,x,a\n").find("s.csv:2: id 007 is not in the posts"),
            std::string::npos);
}

TEST(LabelMerge, MalformedRowsNameTheirLine) {
  EXPECT_EQ(merge_error("7,x,a\n6,y\n"), "s.csv:3: expected 3 fields, found 2");
  EXPECT_EQ(merge_error("7,x,a;b;c\n"), "s.csv:2: 3 labels in 'a;b;c'; a post takes one or two");
  EXPECT_EQ(merge_error("7,x,a\n7,y,b\n"), "s.csv:3: id 7 appears twice (first on line 2)");
}

TEST(LabelMerge, PostIdTwiceInThePostsIsAnError) {
  qc::label_merger m(sheet("7,x,a\n"), {}, "");
  std::string out;
  m.add({make_post("7", "seven", 4)}, "a.jsonl", out);
  try {
    m.add({make_post("7", "seven again", 9)}, "b.jsonl", out);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    ASSERT_EQ(std::string(e.what()),
              "b.jsonl:9: id 7 appears twice in the posts (first at a.jsonl:4), so the row at "
              "s.csv:2 cannot be matched");
  }
}

class PostsJsonl : public qc_test::scratch_test {};

// Every field written reads back as it was, through the JSON Lines reader.
TEST_F(PostsJsonl, ReadsBackTheSamePost) {
  post p = make_post("\"q-1\"", "A \"quoted\" title\twith\\ tab", 0);
  p.body = "<p>line one</p>\n<pre><code>x = 1\n</code></pre>\u2028";
  p.body_is_html = false;
  p.tags = {"python", "pytorch"};
  p.creation_time = 1452620185;
  p.accepted_answer_id = 34762233;
  p.accepted_answer_time = 1452700000;
  p.answer_count = 3;
  p.view_count = 7823;
  p.score = -2;
  std::string text;
  qc::append_post_jsonl(text, p, {"gpu", "model"});
  qc::append_post_jsonl(text, make_post("8", "", 0), {"x"});
  const std::vector<post> back =
      qc::read_all_posts(write_file("p.jsonl", text).string(), qc::reader_options{});
  ASSERT_EQ(back.size(), 2u);
  const post& q = back[0];
  ASSERT_EQ(q.id_json, p.id_json);
  ASSERT_EQ(q.title, p.title);
  ASSERT_EQ(q.body, p.body);
  ASSERT_EQ(q.body_is_html, false);
  ASSERT_EQ(q.tags, p.tags);
  ASSERT_EQ(q.creation_time, p.creation_time);
  ASSERT_EQ(q.accepted_answer_id, p.accepted_answer_id);
  ASSERT_EQ(q.accepted_answer_time, p.accepted_answer_time);
  ASSERT_EQ(q.answer_count, p.answer_count);
  ASSERT_EQ(q.view_count, p.view_count);
  ASSERT_EQ(q.score, p.score);
  ASSERT_EQ(q.labels, (std::vector<std::string>{"gpu", "model"}));
  ASSERT_EQ(back[1].id_json, "8");
  ASSERT_EQ(back[1].body, "");
  ASSERT_TRUE(back[1].body_is_html);
  ASSERT_FALSE(back[1].creation_time.has_value());
  ASSERT_EQ(back[1].labels, (std::vector<std::string>{"x"}));
}

class CategoryNames : public qc_test::scratch_test {};

TEST_F(CategoryNames, KeywordFileAndLabelMapGiveTheFirstColumn) {
  const auto kw = write_file("k.tsv", "# comment\nmodel\tlayer, weight\n\ngpu\tcuda\nmodel\tnet\n");
  ASSERT_EQ(qc::read_category_names(kw.string()), (std::vector<std::string>{"model", "gpu"}));
  const auto map = write_file("m.tsv", "tensor\tmodel\nOthers\t-\napi\tmodel\n");
  ASSERT_EQ(qc::read_category_names(map.string()),
            (std::vector<std::string>{"tensor", "Others", "api"}));
}

TEST_F(CategoryNames, ErrorsNameFileAndLine) {
  const std::string semi = write_file("s.tsv", "a\tx\nb;c\ty\n").string();
  try {
    qc::read_category_names(semi);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    ASSERT_EQ(std::string(e.what()),
              semi + ":2: category 'b;c' contains ';', which separates two labels");
  }
  const std::string empty = write_file("e.tsv", "# nothing\n\n").string();
  EXPECT_THROW(qc::read_category_names(empty), qc::parse_error);
  const std::string no_tab = write_file("t.tsv", "a\tx\nb\n").string();
  try {
    qc::read_category_names(no_tab);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    ASSERT_EQ(e.line(), 2u);
  }
}

}  // namespace
