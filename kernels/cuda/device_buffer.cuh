// Move-only owners of device and pinned host memory (plain cudaMalloc, never
// managed memory). Every copy takes a stream.
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>

#include "cuda_check.cuh"

namespace qc {

template <class T>
class device_buffer {
 public:
  device_buffer() = default;
  explicit device_buffer(std::size_t n) { resize(n); }
  ~device_buffer() { release(); }
  device_buffer(const device_buffer&) = delete;
  device_buffer& operator=(const device_buffer&) = delete;
  device_buffer(device_buffer&& o) noexcept
      : ptr_(std::exchange(o.ptr_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  device_buffer& operator=(device_buffer&& o) noexcept {
    if (this != &o) {
      release();
      ptr_ = std::exchange(o.ptr_, nullptr);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }

  // Grows (never shrinks) to hold n elements; contents are not kept.
  void resize(std::size_t n) {
    if (n <= capacity_) {
      size_ = n;
      return;
    }
    release();
    QC_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&ptr_), n * sizeof(T)));
    size_ = capacity_ = n;
  }
  void upload(const T* host, std::size_t n, cudaStream_t s) {
    resize(n);
    if (n) QC_CUDA_CHECK(cudaMemcpyAsync(ptr_, host, n * sizeof(T), cudaMemcpyHostToDevice, s));
  }
  void download(T* host, std::size_t n, cudaStream_t s) const {
    if (n) QC_CUDA_CHECK(cudaMemcpyAsync(host, ptr_, n * sizeof(T), cudaMemcpyDeviceToHost, s));
  }
  void zero(cudaStream_t s) {
    if (size_) QC_CUDA_CHECK(cudaMemsetAsync(ptr_, 0, size_ * sizeof(T), s));
  }
  T* data() const { return ptr_; }
  std::size_t size() const { return size_; }

 private:
  void release() noexcept {
    if (ptr_) cudaFree(ptr_);
    ptr_ = nullptr;
    size_ = capacity_ = 0;
  }
  T* ptr_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// RAII stream.
class cuda_stream {
 public:
  cuda_stream() { QC_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
  ~cuda_stream() {
    if (s_) cudaStreamDestroy(s_);
  }
  cuda_stream(const cuda_stream&) = delete;
  cuda_stream& operator=(const cuda_stream&) = delete;
  cudaStream_t get() const { return s_; }
  void sync() const { QC_CUDA_CHECK(cudaStreamSynchronize(s_)); }

 private:
  cudaStream_t s_ = nullptr;
};

// Page-locked host memory (cudaMallocHost), so copies are asynchronous DMA.
template <class T>
class pinned_buffer {
 public:
  pinned_buffer() = default;
  ~pinned_buffer() { release(); }
  pinned_buffer(const pinned_buffer&) = delete;
  pinned_buffer& operator=(const pinned_buffer&) = delete;

  // Grows (never shrinks) to hold n elements; contents are not kept.
  void resize(std::size_t n) {
    if (n > capacity_) {
      release();
      QC_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&ptr_), n * sizeof(T)));
      capacity_ = n;
    }
    size_ = n;
  }
  T* data() const { return ptr_; }
  std::size_t size() const { return size_; }

 private:
  void release() noexcept {
    if (ptr_) cudaFreeHost(ptr_);
    ptr_ = nullptr;
    size_ = capacity_ = 0;
  }
  T* ptr_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// RAII event without timing, for "this copy is done".
class cuda_event {
 public:
  cuda_event() { QC_CUDA_CHECK(cudaEventCreateWithFlags(&e_, cudaEventDisableTiming)); }
  ~cuda_event() {
    if (e_) cudaEventDestroy(e_);
  }
  cuda_event(const cuda_event&) = delete;
  cuda_event& operator=(const cuda_event&) = delete;
  void record(cudaStream_t s) { QC_CUDA_CHECK(cudaEventRecord(e_, s)); }
  // Returns at once when nothing was recorded.
  void sync() const { QC_CUDA_CHECK(cudaEventSynchronize(e_)); }

 private:
  cudaEvent_t e_ = nullptr;
};

// Copies between pageable host memory and the device through two pinned
// chunks: the host fills (or drains) one chunk while the DMA engine moves
// the other, so the transfers run at pinned speed with bounded pinned memory.
class pinned_stager {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{4} << 20;

  // Returns once src may be reused; the last chunks may still be in flight on s.
  void upload(void* dst, const void* src, std::size_t bytes, cudaStream_t s) {
    prepare();
    auto* d = static_cast<unsigned char*>(dst);
    const auto* h = static_cast<const unsigned char*>(src);
    for (std::size_t off = 0, i = 0; off < bytes; off += kChunkBytes, ++i) {
      const std::size_t n = std::min(kChunkBytes, bytes - off);
      const std::size_t b = i % 2;
      done_[b].sync();  // the chunk's previous copy has left it
      std::memcpy(chunk_[b].data(), h + off, n);
      QC_CUDA_CHECK(cudaMemcpyAsync(d + off, chunk_[b].data(), n, cudaMemcpyHostToDevice, s));
      done_[b].record(s);
    }
  }
  template <class T>
  void upload(device_buffer<T>& dst, const T* src, std::size_t n, cudaStream_t s) {
    dst.resize(n);
    upload(dst.data(), src, n * sizeof(T), s);
  }

  // Returns when dst holds the bytes (after the work queued on s before it).
  void download(void* dst, const void* src, std::size_t bytes, cudaStream_t s) {
    prepare();
    auto* h = static_cast<unsigned char*>(dst);
    const auto* d = static_cast<const unsigned char*>(src);
    const std::size_t n_chunks = (bytes + kChunkBytes - 1) / kChunkBytes;
    auto drain = [&](std::size_t i) {
      const std::size_t off = i * kChunkBytes, n = std::min(kChunkBytes, bytes - off);
      done_[i % 2].sync();
      std::memcpy(h + off, chunk_[i % 2].data(), n);
    };
    for (std::size_t i = 0; i < n_chunks; ++i) {
      const std::size_t off = i * kChunkBytes, n = std::min(kChunkBytes, bytes - off);
      done_[i % 2].sync();  // an upload may still be reading the chunk
      QC_CUDA_CHECK(cudaMemcpyAsync(chunk_[i % 2].data(), d + off, n, cudaMemcpyDeviceToHost, s));
      done_[i % 2].record(s);
      if (i > 0) drain(i - 1);
    }
    if (n_chunks > 0) drain(n_chunks - 1);
  }

 private:
  void prepare() {
    for (auto& c : chunk_) c.resize(kChunkBytes);
  }
  pinned_buffer<unsigned char> chunk_[2];
  cuda_event done_[2];
};

}  // namespace qc
