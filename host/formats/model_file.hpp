// Model files: versioned, self-describing JSON (open it with any JSON tool to
// see the options, vocabulary, categories and weights). The last field is a
// checksum over everything before it, so a damaged file is refused.
#pragma once
#include <string>

#include "model/keyword_model.hpp"

namespace qc {

inline constexpr const char* kModelFormat = "qclass-keyword-model";
inline constexpr int kModelVersion = 1;

// The model as JSON text (with its checksum).
std::string model_to_json(const keyword_model& m);
// Writes atomically. Throws io_error.
void save_model(const keyword_model& m, const std::string& path);
// Throws io_error (unreadable), parse_error naming the file for another
// format or version, a bad checksum (damaged or edited file), or bad content.
keyword_model load_model(const std::string& path);
// The same for a model file's text (model_to_json); `path` names it in messages.
keyword_model parse_model(const std::string& text, const std::string& path);

}  // namespace qc
