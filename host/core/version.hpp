// Build identification for --version.
#pragma once

namespace qc {
const char* version_string();
}
