// A tokenized corpus from token lists written out in a test.
#pragma once
#include <string>
#include <vector>

#include "model/tokenized_corpus.hpp"

inline qc::tokenized_corpus corpus_of(const std::vector<std::vector<std::string>>& posts) {
  qc::tokenized_corpus c;
  for (const auto& p : posts) c.add_post(p);
  return c;
}
