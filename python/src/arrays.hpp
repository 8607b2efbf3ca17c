// A std::vector handed to numpy without a copy: the array owns the vector
// through a capsule and frees it with the array.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <utility>
#include <vector>

namespace qc::python {

template <class T>
pybind11::array_t<T> hand_over(std::vector<T>&& v) {
  auto* owner = new std::vector<T>(std::move(v));
  pybind11::capsule free_owner(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>({static_cast<pybind11::ssize_t>(owner->size())}, owner->data(),
                              free_owner);
}

}  // namespace qc::python
