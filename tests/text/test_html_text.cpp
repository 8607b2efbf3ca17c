// DEFINITIONS.md 1.2-1.4: HTML and plain text to ASCII text and raw tokens.
#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <string>
#include <vector>

#include "text/html_text.hpp"

namespace {

std::vector<std::string> raw_tokens(const std::string& text) {
  std::vector<std::string> out;
  qc::for_each_raw_token(text, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

using V = std::vector<std::string>;

TEST(plain_to_text, drops_non_ascii_then_lowercases) {
  EXPECT_EQ(qc::plain_to_text("Caf\xC3\xA9 GPU\xE2\x80\x94OK"), "caf gpuok");
  EXPECT_EQ(qc::plain_to_text(""), "");
  EXPECT_EQ(qc::plain_to_text("&amp; <b>"), "&amp; <b>");  // no entity decoding in plain text
}

TEST(html_to_text, keeps_only_text_between_tags) {
  EXPECT_EQ(qc::html_to_text("<p>Hello World</p>", false), "hello world");
  EXPECT_EQ(qc::html_to_text("before<p>in</p>after", false), "in");
  EXPECT_EQ(qc::html_to_text("no tags at all", false), "");
  EXPECT_EQ(qc::html_to_text("", false), "");
  // Empty runs are joined too: ">", "<" pairs give empty strings.
  EXPECT_EQ(qc::html_to_text("<p>a</p><p>b</p>", false), "a  b");
  // A '>' inside text starts a new candidate run.
  EXPECT_EQ(qc::html_to_text("<p>x > y</p>", false), " y");
}

TEST(html_to_text, removes_code_elements_with_nonempty_text) {
  EXPECT_EQ(qc::html_to_text("<p>use <code>torch.cat</code> here</p>", false), "use  here");
  EXPECT_EQ(qc::html_to_text("<p>use <code class=\"x\">foo</code></p>", false), "use ");
  // Empty code and code containing tags are not removed.
  EXPECT_EQ(qc::html_to_text("<p><code></code>k</p>", false), "  k");
  EXPECT_EQ(qc::html_to_text("<p><code>a<b>c</b></code></p>", false), " a c  ");
  // --keep-code keeps the text.
  EXPECT_EQ(qc::html_to_text("<p>use <code>torch.cat</code> here</p>", true),
            "use  torch.cat  here");
  // Uppercase tags are lowercased first, so they match too.
  EXPECT_EQ(qc::html_to_text("<P>X<CODE>Y</CODE></P>", false), "x");
}

TEST(html_to_text, pre_code_blocks_are_removed_like_code) {
  const std::string html =
      "<p>Error:</p>\n<pre><code>Traceback\n  line 3\n</code></pre>\n<p>Help</p>";
  EXPECT_EQ(raw_tokens(qc::html_to_text(html, false)), (V{"error", "help"}));
}

TEST(html_to_text, decodes_entities_once) {
  EXPECT_EQ(qc::html_to_text("<p>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</p>", false),
            "a <b> & \"c\" 'd'");
  EXPECT_EQ(qc::html_to_text("<p>a&nbsp;b</p>", false), "a b");
  // Decoded text is not scanned again.
  EXPECT_EQ(qc::html_to_text("<p>&amp;lt;</p>", false), "&lt;");
  // Numeric references: <= 127 becomes the character (then lowercased), else nothing.
  EXPECT_EQ(qc::html_to_text("<p>&#65;&#x42;&#233;c</p>", false), "abc");
  EXPECT_EQ(qc::html_to_text("<p>&#X41;</p>", false), "a");  // lowercased to &#x41; first
  // Saturation: huge numbers do not wrap around to ASCII.
  EXPECT_EQ(qc::html_to_text("<p>x&#4294967361;y</p>", false), "xy");
  EXPECT_EQ(qc::html_to_text("<p>x&#x100000041;y</p>", false), "xy");
  // Unknown or malformed references stay literally.
  EXPECT_EQ(qc::html_to_text("<p>&eacute; &plus; &#x; &#; &amp</p>", false),
            "&eacute; &plus; &#x; &#; &amp");
}

TEST(html_to_text, non_ascii_is_deleted_and_joins_words) {
  EXPECT_EQ(qc::html_to_text("<p>na\xC3\xAFve a\xC2\xA0"
                             "b</p>",
                             false),
            "nave ab");
  EXPECT_EQ(qc::html_to_text("<p>&#xA0;</p>", false), "");  // U+00A0 reference: > 127
}

TEST(raw_tokens, maximal_runs_of_word_characters) {
  EXPECT_EQ(raw_tokens("hello, world_2 x-y 3.5"), (V{"hello", "world_2", "x", "y", "3", "5"}));
  EXPECT_EQ(raw_tokens(""), V{});
  EXPECT_EQ(raw_tokens("  __  "), (V{"__"}));
}

// The block scan (64 bytes at a time, in segments of 2 KiB) gives the runs a
// plain byte loop finds, whatever the bytes (also >= 0x80 and 0) and wherever
// runs cross a 16-byte, 64-byte or segment boundary.
TEST(raw_tokens, block_scan_matches_byte_loop) {
  const auto plain = [](const std::string& t) {
    V out;
    std::string cur;
    for (char c : t) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        cur += c;
      } else if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
  };
  const std::string alphabet = std::string("az09_ AZ-/{`@\x7f") + '\x80' + '\xff' + '\0';
  std::uint64_t x = 7;
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::size_t len = (x >> 33) % 70;
    const std::size_t spread = 1 + (x >> 20) % alphabet.size();  // few or many kinds of byte
    for (std::size_t i = 0; i < len; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      t += alphabet[(x >> 33) % spread];
    }
    ASSERT_EQ(raw_tokens(t), plain(t)) << round;
  }
  const std::string long_run(100, 'a');
  EXPECT_EQ(raw_tokens(long_run + " " + long_run), (V{long_run, long_run}));
  // Texts of up to 9 KiB made of runs of 1 to 3,000 bytes, so that tokens
  // span segments, end on them, and open in one and close in the next.
  for (int round = 0; round < 400; ++round) {
    std::string t;
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::size_t len = (x >> 33) % 9216;
    bool token = (x >> 20) & 1;
    while (t.size() < len) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t run = (x >> 40) % 4 == 0 ? 1 + (x >> 33) % 3000 : 1 + (x >> 33) % 9;
      t.append(std::min(run, len - t.size()),
               token ? static_cast<char>('a' + (x >> 28) % 26) : alphabet[6 + (x >> 28) % 10]);
      token = !token;
    }
    ASSERT_EQ(raw_tokens(t), plain(t)) << "long round " << round;
  }
  for (const std::size_t n : {std::size_t{64}, std::size_t{2047}, std::size_t{2048},
                              std::size_t{2049}, std::size_t{4096}, std::size_t{4097}}) {
    const std::string all(n, 'x');
    EXPECT_EQ(raw_tokens(all), V{all}) << n;
    EXPECT_EQ(raw_tokens(" " + all), V{all}) << n;
    EXPECT_EQ(raw_tokens(all.substr(1) + " "), V{all.substr(1)}) << n;
  }
}

// DEFINITIONS.md 1.3 step by step, written plainly (regexes for steps 2
// and 3): an oracle for html_to_text, which never lowercases the body first,
// does steps 2 and 3 in one scan and fuses steps 4-6.
std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

std::string decode_step4(const std::string& s) {
  static const std::regex entity("&(lt|gt|amp|quot|apos|nbsp);|&#([0-9]+);|&#x([0-9a-f]+);");
  const std::vector<std::pair<std::string, char>> named = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}};
  std::string out;
  auto at = s.cbegin();
  for (std::sregex_iterator it(s.begin(), s.end(), entity), end; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(at, m[0].first);
    at = m[0].second;
    if (m[1].matched) {
      for (const auto& [name, ch] : named)
        if (m[1].str() == name) out += ch;
      continue;
    }
    const bool hex = m[3].matched;
    std::uint64_t v = 0;
    for (const char c : (hex ? m[3] : m[2]).str()) {
      const std::uint64_t d = c <= '9' ? std::uint64_t(c - '0') : std::uint64_t(c - 'a' + 10);
      v = std::min<std::uint64_t>(v * (hex ? 16 : 10) + d, 0x110000);
    }
    if (v <= 127) out += static_cast<char>(v);
  }
  out.append(at, s.cend());
  return out;
}

std::string html_steps(const std::string& html, bool keep_code) {
  std::string s = lower(html);                                                           // 1
  if (!keep_code) s = std::regex_replace(s, std::regex("<code[^>]*>[^<]+</code>"), "");  // 2
  std::string joined;                                                                    // 3
  static const std::regex between(">([^<>]*)<");
  bool first = true;
  for (std::sregex_iterator it(s.begin(), s.end(), between), end; it != end; ++it) {
    if (!first) joined += ' ';
    first = false;
    joined += (*it)[1].str();
  }
  std::string out;
  for (const char c : decode_step4(joined))              // 4
    if (static_cast<unsigned char>(c) < 0x80) out += c;  // 5
  return lower(out);                                     // 6
}

// Random bodies made of the pieces that matter to each step, in any case.
TEST(html_to_text, equals_the_steps_one_by_one) {
  const std::vector<std::string> pieces = {"<code>",
                                           "</code>",
                                           "<CODE class=\"x\">",
                                           "</Code>",
                                           "<cOdE>",
                                           "</CODE>",
                                           "<code",
                                           "<p>",
                                           "</p>",
                                           "<",
                                           ">",
                                           "a",
                                           "Bc",
                                           " ",
                                           "x.y",
                                           "&amp;",
                                           "&LT;",
                                           "&gt",
                                           "&#65;",
                                           "&#X4A;",
                                           "&#xaB;",
                                           "&AMP;",
                                           "&Quot;",
                                           "&#x;",
                                           "&#",
                                           "&",
                                           ";",
                                           "#",
                                           "&nbsp;",
                                           "&#233;",
                                           "&#99999999999;",
                                           "\xc3\xa9",
                                           "&am\xc3\xa9p;",
                                           "pre",
                                           "\n"};
  std::uint64_t x = 11;
  auto next = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  for (int round = 0; round < 4000; ++round) {
    std::string html;
    const std::size_t n = next() % 40;
    const std::size_t spread = 1 + next() % pieces.size();  // few or many kinds of piece
    for (std::size_t i = 0; i < n; ++i) html += pieces[next() % spread];
    for (const bool keep_code : {false, true})
      ASSERT_EQ(qc::html_to_text(html, keep_code), html_steps(html, keep_code))
          << round << " keep_code " << keep_code << ": " << html;
  }
}

}  // namespace
