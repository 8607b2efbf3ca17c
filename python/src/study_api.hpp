// The study from Python in parts (qclass.dask.study): the training and
// evaluation once, each range of the posts scored and counted on its own,
// and the report from the merged parts.
#pragma once
#include <pybind11/pybind11.h>

namespace qc::python {

void bind_study_api(pybind11::module_& m);
// StudyPartial (study/study_partial.hpp), picklable so that the parts of
// the posts can be counted on other machines.
void bind_study_partial(pybind11::module_& m);

}  // namespace qc::python
