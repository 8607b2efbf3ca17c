"""qclass.dask.sweep on a LocalCluster of two worker processes: the table and
best point of `qclass sweep`, byte for byte, however the rows are split."""

import json

import numpy as np
import pytest

import qclass
from conftest import KEYWORDS, LABELED, run_cli

pytest.importorskip("distributed", reason="python3-distributed is not installed")
pytest.importorskip("dask", reason="python3-dask is not installed")
import qclass.dask  # noqa: E402

GRID = ["--alpha", "0:1:0.05", "--top-k", "100,200", "--norm", "l2,sum",
        "--manual-scope", "topk,all"]
KW = dict(alpha="0:1:0.05", top_k=[100, 200], norm=["l2", "sum"], manual_scope=["topk", "all"])


@pytest.fixture(scope="module")
def cli_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "sweep.csv"
    run_cli("sweep", "-i", LABELED, "--keywords", KEYWORDS, *GRID, "--threads", 1, "-o", out)
    return out


@pytest.mark.parametrize("partitions", [None, 1, 3, 7])
def test_dask_sweep_writes_the_cli_table_byte_for_byte(client, cli_table, tmp_path, partitions):
    out = tmp_path / "dask.csv"
    df = qclass.dask.sweep(LABELED, keywords=KEYWORDS, client=client, partitions=partitions,
                           output=out, threads=1, **KW)
    assert out.read_bytes() == cli_table.read_bytes()
    best = json.loads(cli_table.read_text().splitlines()[-1][len("#best "):])
    assert df.attrs["best"] == best
    assert df.attrs["partitions"] == (partitions or 4)


def test_dask_sweep_frame_equals_the_single_process_sweep(client):
    df = qclass.dask.sweep(LABELED, keywords=KEYWORDS, client=client, threads=1, **KW)
    ref = qclass.KeywordModel.sweep(LABELED, keywords=KEYWORDS, threads=1, **KW)
    assert list(df.columns) == list(ref.columns)
    for col in df.columns:
        left, right = df[col].to_numpy(), ref[col].to_numpy()
        if left.dtype.kind == "f":
            assert np.array_equal(left, right, equal_nan=True), col
        else:
            assert left.tolist() == right.tolist(), col
    assert df.attrs["best"] == ref.attrs["best"]
    assert df.attrs["info"]["test_posts"] == ref.attrs["info"]["test_posts"]


def test_counts_of_row_ranges_add_up_to_the_whole_test_part():
    run = qclass._qclass.SweepRun(str(LABELED), str(KEYWORDS), None,
                                  {"alpha_grid": "0:1:0.25", "top_ks": [200], "norms": ["l2"],
                                   "scopes": ["topk"], "threads": 1})
    n = run.test_posts
    whole = run.counts(0, n)
    assert whole.dtype == np.uint64 and whole.shape == (run.points, run.stride)
    assert (whole[:, -1] == n).all()  # every point counted every test post
    cut = n // 3
    assert np.array_equal(run.counts(0, cut) + run.counts(cut, n), whole)
    assert not run.counts(cut, cut).any()
    with pytest.raises(qclass.UsageError, match="outside the test part"):
        run.counts(0, n + 1)
    with pytest.raises(qclass.UsageError, match="sweep counts"):
        run.table(whole[1:])


def test_a_frame_goes_to_the_workers_once_and_sweeps_the_same(client, cli_table):
    frame = qclass.read_posts(LABELED)
    df = qclass.dask.sweep(frame, keywords=KEYWORDS, client=client, threads=1, **KW)
    best = json.loads(cli_table.read_text().splitlines()[-1][len("#best "):])
    assert df.attrs["best"] == best


def test_no_test_part_is_the_engines_error(client):
    with pytest.raises(qclass.UsageError, match="sweep needs a test part"):
        qclass.dask.sweep(LABELED, keywords=KEYWORDS, client=client, split="1", threads=1,
                          alpha="0:1:0.5")
