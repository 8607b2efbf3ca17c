# Third-party dependencies, all from Debian packages; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(simdjson REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(LibArchive REQUIRED)  # Posts.xml inside .7z/.gz/.bz2/.xz/.zst (libarchive-dev)
# The tf-idf + linear SVM baseline (liblinear-dev; no CMake package of its own).
find_path(QC_LIBLINEAR_INCLUDE linear.h PATH_SUFFIXES liblinear REQUIRED)
find_library(QC_LIBLINEAR linear REQUIRED)
if(QC_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(QC_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
# xxHash (libxxhash-dev), header only: the hash of the text path's tables.
# Optional: without it token_hash falls back to FNV-1a (same outputs, slower).
find_path(QC_XXHASH_INCLUDE xxhash.h)
