// qc::atomic_file on every kind of target: new paths, regular files, links,
// FIFOs, devices, standard output, folders; and what is left behind after an
// exception, SIGKILL and SIGTERM.
#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "qc/core/error.hpp"
#include "scratch_test.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool is_temp_name(const std::string& name) {
  return name.find(".qclass-tmp.") != std::string::npos;
}

// Every test runs twice: with O_TMPFILE and with named temporaries (as on a
// filesystem without O_TMPFILE).
class atomic_file_test : public qc_test::scratch_test, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    scratch_test::SetUp();
    qc::atomic_file_disable_tmpfile_for_testing(GetParam());
  }
  void TearDown() override {
    qc::atomic_file_disable_tmpfile_for_testing(false);
    scratch_test::TearDown();
  }
  static void write(const std::string& path, const std::string& text) {
    qc::atomic_file f(path);
    f.stream() << text;
    f.commit();
  }
  static std::string error_of(const std::string& path, const std::string& text = "x") {
    try {
      write(path, text);
    } catch (const qc::io_error& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_P(atomic_file_test, new_path_is_written_and_nothing_else_is_left) {
  const fs::path p = dir_ / "out.csv";
  write(p.string(), "a,b\n1,2\n");
  EXPECT_EQ(slurp(p), "a,b\n1,2\n");
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"out.csv"});
  struct stat st {};
  ASSERT_EQ(::lstat(p.c_str(), &st), 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 07777, 0666u & ~mask);
}

// Decided: an existing file keeps its permission bits; the inode changes.
TEST_P(atomic_file_test, existing_file_is_replaced_and_keeps_its_permissions) {
  const fs::path p = write_file("out.csv", "old content that is longer\n");
  ASSERT_EQ(::chmod(p.c_str(), 0640), 0);
  write(p.string(), "new\n");
  EXPECT_EQ(slurp(p), "new\n");
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"out.csv"});
}

TEST_P(atomic_file_test, symlink_is_kept_and_its_target_replaced) {
  fs::create_directories(dir_ / "sub");
  const fs::path target = write_file("sub/real.csv", "old\n");
  fs::create_symlink("sub/real.csv", dir_ / "link.csv");
  write((dir_ / "link.csv").string(), "new\n");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.csv"));
  EXPECT_EQ(fs::read_symlink(dir_ / "link.csv"), fs::path("sub/real.csv"));
  EXPECT_EQ(slurp(target), "new\n");
  EXPECT_EQ(names_in(dir_ / "sub"), std::vector<std::string>{"real.csv"});
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"link.csv", "sub"}));
}

TEST_P(atomic_file_test, symlink_chain_is_followed_to_the_end) {
  fs::create_directories(dir_ / "a" / "b");
  const fs::path target = write_file("a/b/real.csv", "old\n");
  fs::create_symlink("b/real.csv", dir_ / "a" / "l2");  // relative to a/
  fs::create_symlink(dir_ / "a" / "l2", dir_ / "l1");   // absolute
  fs::create_symlink("l1", dir_ / "l0");
  write((dir_ / "l0").string(), "chained\n");
  EXPECT_EQ(slurp(target), "chained\n");
  EXPECT_TRUE(fs::is_symlink(dir_ / "l0"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "l1"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "a" / "l2"));
  EXPECT_EQ(names_in(dir_ / "a" / "b"), std::vector<std::string>{"real.csv"});
}

TEST_P(atomic_file_test, dangling_symlink_creates_its_target) {
  fs::create_directories(dir_ / "sub");
  fs::create_symlink("sub/new.csv", dir_ / "link.csv");
  write((dir_ / "link.csv").string(), "created\n");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.csv"));
  EXPECT_EQ(slurp(dir_ / "sub" / "new.csv"), "created\n");
}

TEST_P(atomic_file_test, symlink_loop_is_a_clear_error) {
  fs::create_symlink("b", dir_ / "a");
  fs::create_symlink("a", dir_ / "b");
  const std::string e = error_of((dir_ / "a").string());
  EXPECT_NE(e.find(std::strerror(ELOOP)), std::string::npos) << e;
}

TEST_P(atomic_file_test, fifo_is_written_in_place_for_its_reader) {
  const fs::path p = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    got = ss.str();
  });
  std::string big(3 << 20, 'q');  // more than one buffer and more than the pipe holds
  write(p.string(), big);
  reader.join();
  EXPECT_EQ(got, big);
  EXPECT_TRUE(fs::is_fifo(p));
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"pipe"});
}

TEST_P(atomic_file_test, dev_null_stays_a_device) {
  write("/dev/null", "discarded\n");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_P(atomic_file_test, dev_full_is_a_clear_error) {
  if (!fs::is_character_file("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const std::string e = error_of("/dev/full", std::string(10, 'x'));
  EXPECT_NE(e.find("'/dev/full'"), std::string::npos) << e;
  EXPECT_NE(e.find(std::strerror(ENOSPC)), std::string::npos) << e;
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

// Scratch device nodes (root only): null and full keep being devices.
TEST_P(atomic_file_test, scratch_device_nodes_stay_devices) {
  if (::geteuid() != 0) GTEST_SKIP() << "mknod of a character device needs root";
  const fs::path null_dev = dir_ / "null", full_dev = dir_ / "full";
  if (::mknod(null_dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
      ::mknod(full_dev.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0)
    GTEST_SKIP() << "mknod refused here: " << std::strerror(errno);
  write(null_dev.string(), "discarded\n");
  EXPECT_TRUE(fs::is_character_file(null_dev));
  const std::string e = error_of(full_dev.string());
  EXPECT_NE(e.find(full_dev.string()), std::string::npos) << e;
  EXPECT_NE(e.find(std::strerror(ENOSPC)), std::string::npos) << e;
  EXPECT_TRUE(fs::is_character_file(full_dev));
  // Through a link too.
  fs::create_symlink("full", dir_ / "to_full");
  EXPECT_NE(error_of((dir_ / "to_full").string()).find(std::strerror(ENOSPC)), std::string::npos);
  EXPECT_TRUE(fs::is_symlink(dir_ / "to_full"));
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"full", "null", "to_full"}));
}

TEST_P(atomic_file_test, dash_writes_standard_output) {
  ::testing::internal::CaptureStdout();
  write("-", "to stdout\n");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "to stdout\n");
  EXPECT_TRUE(qc::is_standard_output("-"));
  EXPECT_TRUE(qc::is_standard_output("/dev/stdout"));
  EXPECT_TRUE(qc::is_standard_output("/proc/self/fd/1"));
  EXPECT_FALSE(qc::is_standard_output("out.csv"));
}

TEST_P(atomic_file_test, folder_is_a_clear_error) {
  fs::create_directories(dir_ / "folder");
  const std::string e = error_of((dir_ / "folder").string());
  EXPECT_NE(e.find("folder"), std::string::npos) << e;
  EXPECT_NE(e.find((dir_ / "folder").string()), std::string::npos) << e;
  EXPECT_TRUE(fs::is_directory(dir_ / "folder"));
  EXPECT_TRUE(fs::is_empty(dir_ / "folder"));
}

TEST_P(atomic_file_test, missing_folder_is_a_clear_error) {
  const std::string e = error_of((dir_ / "no" / "out.csv").string());
  EXPECT_NE(e.find(std::strerror(ENOENT)), std::string::npos) << e;
}

TEST_P(atomic_file_test, read_only_folder_is_a_clear_error) {
  fs::create_directories(dir_ / "ro");
  const fs::path p = write_file("ro/out.csv", "kept\n");
  ASSERT_EQ(::chmod((dir_ / "ro").c_str(), 0555), 0);
  std::string e;
  if (::geteuid() != 0) {
    e = error_of(p.string());
  } else {
    // Root writes into read-only folders: try as the user nobody, in a child.
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(out[0]);
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
      const std::string m = error_of(p.string());
      ::_exit(::write(out[1], m.data(), m.size()) == static_cast<ssize_t>(m.size()) ? 0 : 1);
    }
    ::close(out[1]);
    char chunk[512];
    for (ssize_t n; (n = ::read(out[0], chunk, sizeof chunk)) > 0;)
      e.append(chunk, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 2) {
      ::chmod((dir_ / "ro").c_str(), 0755);
      GTEST_SKIP() << "cannot switch to the user nobody to test a read-only folder";
    }
    ASSERT_EQ(WEXITSTATUS(status), 0);
  }
  ::chmod((dir_ / "ro").c_str(), 0755);
  EXPECT_NE(e.find(p.string()), std::string::npos) << e;
  EXPECT_NE(e.find(std::strerror(EACCES)), std::string::npos) << e;
  EXPECT_EQ(slurp(p), "kept\n");
  EXPECT_EQ(names_in(dir_ / "ro"), std::vector<std::string>{"out.csv"});
}

TEST_P(atomic_file_test, no_commit_leaves_the_target_untouched_and_no_temporary) {
  const fs::path p = write_file("out.csv", "old\n");
  try {
    qc::atomic_file f(p.string());
    f.stream() << std::string(3 << 20, 'z');  // some of it already written out
    throw std::runtime_error("mid-write");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(slurp(p), "old\n");
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"out.csv"});
}

TEST_P(atomic_file_test, named_temporary_is_recognisable_while_writing) {
  const fs::path p = dir_ / "out.csv";
  qc::atomic_file f(p.string());
  f.stream() << "x";
  const auto names = names_in(dir_);
  if (GetParam()) {
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0].rfind(".out.csv.qclass-tmp." + std::to_string(::getpid()) + ".", 0), 0u)
        << names[0];
  } else {
    EXPECT_TRUE(names.empty()) << names[0];  // O_TMPFILE: nothing has a name yet
  }
  f.commit();
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"out.csv"});
}

// A child opens an output, writes, tells the parent and waits to be killed.
pid_t child_writing(const fs::path& p, bool named) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    qc::atomic_file_disable_tmpfile_for_testing(named);
    qc::atomic_file f(p.string());
    f.stream() << std::string(2 << 20, 'k');
    f.stream().flush();
    if (::write(ready[1], "r", 1) != 1) ::_exit(1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char c = 0;
  const bool ok = ::read(ready[0], &c, 1) == 1;
  ::close(ready[0]);
  return ok ? pid : -1;
}

TEST_P(atomic_file_test, sigkill_leaves_no_unnamed_temporary) {
  const fs::path p = write_file("out.csv", "old\n");
  const pid_t pid = child_writing(p, GetParam());
  ASSERT_GT(pid, 0);
  ::kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(slurp(p), "old\n");
  const auto names = names_in(dir_);
  if (GetParam()) {
    // Documented: without O_TMPFILE a SIGKILL leaves the named temporary.
    ASSERT_EQ(names.size(), 2u);
    EXPECT_TRUE(is_temp_name(names[0])) << names[0];
  } else {
    EXPECT_EQ(names, std::vector<std::string>{"out.csv"});
  }
}

TEST_P(atomic_file_test, sigterm_and_sigint_remove_named_temporaries) {
  for (const int sig : {SIGTERM, SIGINT}) {
    const fs::path p = dir_ / "out.csv";
    const pid_t pid = child_writing(p, GetParam());
    ASSERT_GT(pid, 0);
    ::kill(pid, sig);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << status;
    EXPECT_TRUE(names_in(dir_).empty()) << names_in(dir_)[0];
  }
}

INSTANTIATE_TEST_SUITE_P(temporaries, atomic_file_test, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return i.param ? std::string("named") : std::string("tmpfile");
                         });

}  // namespace
