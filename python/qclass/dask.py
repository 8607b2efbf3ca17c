"""qclass on a Dask cluster (python3-dask, python3-distributed)."""
