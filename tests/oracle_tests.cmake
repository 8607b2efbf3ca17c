# Tests that compare qclass with an independent oracle in Python.
