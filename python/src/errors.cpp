#include "errors.hpp"

#include "qc/core/error.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

// The exception classes, created once at import and kept for the process.
struct error_classes {
  py::object error, parse, usage, file, cuda;
};
error_classes* classes = nullptr;

py::object make_class(py::module_& m, const char* name, py::handle base, const char* doc) {
  py::object cls = py::reinterpret_steal<py::object>(
      PyErr_NewExceptionWithDoc((std::string("qclass.") + name).c_str(), doc, base.ptr(), nullptr));
  if (!cls) throw py::error_already_set();
  m.attr(name) = cls;
  return cls;
}

void raise(const py::object& cls, const char* what) { PyErr_SetString(cls.ptr(), what); }

void raise_parse_error(const parse_error& e) {
  py::object exc = classes->parse(e.what());
  exc.attr("file") = e.file();
  exc.attr("line") = e.line();
  exc.attr("reason") = e.reason();
  PyErr_SetObject(classes->parse.ptr(), exc.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  classes = new error_classes;  // lives as long as the interpreter
  classes->error = make_class(m, "Error", PyExc_ValueError,
                              "Bad input, options or files: the message the qclass CLI prints.");
  classes->parse = make_class(m, "ParseError", classes->error,
                              "Bad input data; .file and .line (0: unknown) name where.");
  classes->usage = make_class(m, "UsageError", classes->error, "Wrong options or arguments.");
  classes->file =
      make_class(m, "FileError", classes->error, "A file could not be opened, read or written.");
  classes->cuda = make_class(m, "CudaError", classes->error, "A CUDA call failed.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const parse_error& e) {
      raise_parse_error(e);
    } catch (const usage_error& e) {
      raise(classes->usage, e.what());
    } catch (const io_error& e) {
      raise(classes->file, e.what());
    } catch (const cuda_error& e) {
      raise(classes->cuda, e.what());
    } catch (const error& e) {
      raise(classes->error, e.what());
    }
  });
}

}  // namespace qc::python
