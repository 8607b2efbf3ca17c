"""Fixtures of the qclass Python tests: the CLI to compare with, the bundled
data, and files the CLI writes once per session."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LABELED = DATA / "dl_bug_classification.jsonl"
KEYWORDS = DATA / "keywords" / "dl_bug_classification.tsv"
UNLABELED = DATA / "pytorch_sample.jsonl"
FIXTURES = ROOT / "tests" / "data"


def qclass_exe():
    exe = os.environ.get("QCLASS_EXE")
    if not exe:
        pytest.skip("QCLASS_EXE (the qclass CLI to compare with) is not set")
    return exe


def run_cli(*args, check=True):
    """Runs the CLI; returns the CompletedProcess (text)."""
    r = subprocess.run([qclass_exe(), *map(str, args)], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"qclass {' '.join(map(str, args))} failed: {r.stderr}")
    return r


@pytest.fixture(scope="session")
def cli_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="session")
def cli_model(cli_dir):
    """`qclass train` on the bundled labeled posts: (model path, metrics JSON path)."""
    model, metrics = cli_dir / "model.json", cli_dir / "metrics.json"
    run_cli("train", "--input", LABELED, "--keywords", KEYWORDS, "-o", model,
            "--metrics-json", metrics, "--threads", 2)
    return model, metrics


@pytest.fixture(scope="module")
def client():
    """A Dask client of a LocalCluster of two worker processes (one thread each)."""
    distributed = pytest.importorskip("distributed",
                                      reason="python3-distributed is not installed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c
