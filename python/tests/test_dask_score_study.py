"""Byte ranges from Python, and qclass.dask.score, .study and the
cross-validated .sweep on a LocalCluster of two worker processes: every
output equal to the single-process CLI's, byte for byte where both write
files, however the files are split."""

import gzip
import os
import random
import shutil

import pandas as pd
import pytest

import qclass
from conftest import FIXTURES, KEYWORDS, LABELED, UNLABELED, run_cli

pytest.importorskip("distributed", reason="python3-distributed is not installed")
pytest.importorskip("dask", reason="python3-dask is not installed")
import qclass.dask  # noqa: E402

ANSWERS = UNLABELED.parent / "pytorch_sample_answers.jsonl"
BEER_XML = FIXTURES / "posts_xml_beer.xml"


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "model.json"
    run_cli("train", "--input", LABELED, "--keywords", KEYWORDS, "-o", out, "--threads", 1)
    return out


@pytest.fixture(scope="module")
def gz_posts(tmp_path_factory):
    """The labeled posts gzip-compressed: a file that goes whole to one worker."""
    out = tmp_path_factory.mktemp("gz") / "labeled.jsonl.gz"
    out.write_bytes(gzip.compress(LABELED.read_bytes()))
    return out


def random_tiling(size, pieces, rng):
    cuts = sorted(rng.sample(range(1, size), pieces - 1))
    bounds = [0] + cuts + [size]
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:])]


# ---------------------------------------------------------------- byte ranges

@pytest.mark.parametrize("path", [LABELED, BEER_XML], ids=["jsonl", "posts_xml"])
def test_ranges_of_a_tiling_read_every_record_once(path):
    whole = qclass.read_posts(path)
    rng = random.Random(7)
    for pieces in (2, 5, 11):
        tiling = random_tiling(path.stat().st_size, pieces, rng)
        parts = [qclass.read_posts(path, byte_range=r) for r in tiling]
        got = pd.concat(parts, ignore_index=True)
        assert got["id"].tolist() == whole["id"].tolist()
        assert got["line"].tolist() == whole["line"].tolist()


def test_plan_splits_is_info_splits(gz_posts):
    printed = run_cli("info", "--splits", 4, LABELED).stdout.split()
    planned = qclass.plan_splits(LABELED, 4)
    assert [f"{a}:{'' if b is None else b}" for a, b in planned] == printed
    assert qclass.plan_splits(gz_posts, 4) == [(0, None)]
    with pytest.raises(qclass.UsageError, match="uncompressed"):
        qclass.read_posts(gz_posts, byte_range=(0, 10))
    with pytest.raises(qclass.UsageError, match="exactly one input file"):
        qclass.read_posts([LABELED, LABELED], byte_range="0:10")


def test_scoring_a_range_equals_score_byte_range(model_path, tmp_path):
    rng = "1000:40000"
    out = tmp_path / "range.csv"
    run_cli("score", "-m", model_path, "-i", UNLABELED, "--byte-range", rng, "-o", out)
    model = qclass.KeywordModel.load(model_path)
    df = model.score(UNLABELED, byte_range=(1000, 40000))
    expected = pd.read_csv(out)
    assert df["id"].tolist() == expected["id"].tolist()
    assert df["category"].tolist() == expected["category"].tolist()
    assert model._model.score_csv(str(UNLABELED), {"byte_range": rng})[0] == out.read_bytes()


# ---------------------------------------------------------------- dask.score

@pytest.mark.parametrize("splits", [None, 1, 3, 7])
def test_dask_score_has_the_rows_of_qclass_score(client, model_path, gz_posts, tmp_path, splits):
    inputs = [UNLABELED, gz_posts, LABELED]
    cli = tmp_path / "cli.csv"
    run_cli("score", "-m", model_path, "-i", *inputs, "-o", cli, "--threads", 1)
    parts = tmp_path / "parts"
    ddf = qclass.dask.score(model_path, inputs, client=client, splits=splits, output=parts,
                            threads=1)
    expected = pd.read_csv(cli)
    pd.testing.assert_frame_equal(ddf.compute(), expected)
    files = sorted(parts.iterdir())
    pieces = 2 * (splits or 4) + 1
    assert len(files) == pieces == len(ddf.qclass_summary)
    body = b"".join(f.read_bytes().split(b"\n", 1)[1] for f in files)
    header = files[0].read_bytes().split(b"\n", 1)[0] + b"\n"
    assert header + body == cli.read_bytes()


def test_dask_score_with_skipped_records_keeps_the_cli_dtypes(client, model_path, tmp_path):
    src = tmp_path / "bad.jsonl"
    lines = LABELED.read_text().splitlines()
    lines[10] = "{not json"
    lines[400] = '{"id": null, "title": "x", "body": "y"}'
    src.write_text("\n".join(lines) + "\n")
    cli = tmp_path / "cli.csv"
    run_cli("score", "-m", model_path, "-i", src, "-o", cli, "--on-error", "skip")
    ddf = qclass.dask.score(model_path, src, client=client, splits=5, on_error="skip",
                            threads=1)
    pd.testing.assert_frame_equal(ddf.compute(), pd.read_csv(cli))


def test_dask_score_raises_the_cli_error(client, model_path, tmp_path):
    src = tmp_path / "bad.jsonl"
    lines = LABELED.read_text().splitlines()
    lines[300] = "{not json"
    src.write_text("\n".join(lines) + "\n")
    r = run_cli("score", "-m", model_path, "-i", src, "-o", tmp_path / "p.csv", check=False)
    assert r.returncode != 0
    with pytest.raises(qclass.ParseError) as e:
        qclass.dask.score(model_path, src, client=client, splits=3, threads=1)
    assert e.value.line == 301 and e.value.file == str(src)
    assert f"{src}:301" in r.stderr and str(e.value) in r.stderr


def test_parquet_needs_pyarrow_and_formats_are_checked(client, model_path, tmp_path):
    with pytest.raises(qclass.UsageError, match="csv or parquet"):
        qclass.dask.score(model_path, LABELED, client=client, output=tmp_path, format="xls")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError):
            qclass.dask.score(model_path, LABELED, client=client, output=tmp_path / "pq",
                              format="parquet")
    else:
        ddf = qclass.dask.score(model_path, LABELED, client=client, output=tmp_path / "pq",
                                format="parquet", threads=1)
        assert len(pd.read_parquet(tmp_path / "pq")) == len(ddf)


# ---------------------------------------------------------------- dask.sweep --folds

def test_dask_cross_validated_sweep_writes_the_cli_table(client, tmp_path):
    cli = tmp_path / "cli.csv"
    run_cli("sweep", "-i", LABELED, "--keywords", KEYWORDS, "--alpha", "0:1:0.1",
            "--top-k", "100,200", "--norm", "l2,sum", "--folds", 3, "--repeats", 2,
            "--threads", 1, "-o", cli)
    out = tmp_path / "dask.csv"
    df = qclass.dask.sweep(LABELED, keywords=KEYWORDS, client=client, folds=3, repeats=2,
                           alpha="0:1:0.1", top_k=[100, 200], norm=["l2", "sum"], threads=1,
                           output=out)
    assert out.read_bytes() == cli.read_bytes()
    assert df.attrs["folds"] == 6
    assert len(df) == 2 * 2 * 11 and df.attrs["best"] is not None


# ---------------------------------------------------------------- dask.study

def study_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def gz_xml(tmp_path_factory):
    """A compressed Posts.xml (other posts, other ids)."""
    out = tmp_path_factory.mktemp("gzxml") / "Posts.xml.gz"
    out.write_bytes(gzip.compress(BEER_XML.read_bytes()))
    return out


@pytest.mark.parametrize("splits", [1, 4])
def test_dask_study_writes_every_file_of_qclass_study(client, tmp_path, gz_xml, splits):
    # Both runs write into the same folder name: report.html names its files.
    out = tmp_path / "study"
    posts = [UNLABELED, gz_xml]
    run_cli("study", "--labeled", LABELED, "--keywords", KEYWORDS, "--posts", *posts,
            "--answers", ANSWERS, "--alpha-grid", "0:1:0.05", "--folds", 3, "--threads", 1,
            "-o", out)
    expected = study_files(out)
    shutil.rmtree(out)
    html = qclass.dask.study(LABELED, posts, out, keywords=KEYWORDS, answers=[ANSWERS],
                             client=client, splits=splits, alpha_grid="0:1:0.05", folds=3,
                             threads=1)
    assert html == os.path.join(str(out), "report", "report.html")
    got = study_files(out)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name


def test_dask_study_counts_a_post_repeated_across_ranges_once(client, tmp_path):
    # The same posts twice in one file: the second copy lies in other ranges.
    posts = tmp_path / "twice.jsonl"
    posts.write_bytes(UNLABELED.read_bytes() * 2)
    out = tmp_path / "study"
    run_cli("study", "--labeled", LABELED, "--keywords", KEYWORDS, "--posts", posts,
            "--answers", ANSWERS, "--alpha-grid", "0:1:0.25", "--threads", 1, "-o", out)
    expected = study_files(out)
    shutil.rmtree(out)
    qclass.dask.study(LABELED, posts, out, keywords=KEYWORDS, answers=[ANSWERS], client=client,
                      splits=5, alpha_grid="0:1:0.25", threads=1)
    got = study_files(out)
    assert got == expected
    assert b"duplicate" in got["report/counts.csv"]
