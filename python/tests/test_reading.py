"""read_posts, tokens and term_matrix against the CLI and the bundled files."""

import json

import numpy as np
import pandas as pd
import pytest
import scipy.io
import scipy.sparse as sp

import qclass
from conftest import FIXTURES, LABELED, run_cli


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_read_posts_jsonl_matches_the_file():
    df = qclass.read_posts(LABELED)
    records = jsonl(LABELED)
    assert len(df) == len(records) == df.attrs["read_stats"]["records"]
    assert df["id"].dtype == np.int64
    assert df["id"].tolist() == [r["id"] for r in records]
    assert df["title"].tolist() == [r["title"] or "" for r in records]  # null: empty
    assert df["body"].tolist() == [r["body"] or "" for r in records]
    assert df["labels"].tolist() == [r["labels"] for r in records]
    assert df["line"].tolist() == list(range(1, len(records) + 1))


def test_read_posts_xml_matches_the_converted_questions():
    df = qclass.read_posts(FIXTURES / "posts_xml_beer.xml")
    expected = jsonl(FIXTURES / "posts_xml_beer.jsonl")
    assert df["id"].tolist() == [r["id"] for r in expected]
    assert df["title"].tolist() == [r["title"] for r in expected]
    assert df["body"].tolist() == [r["body"] for r in expected]
    assert df["tags"].tolist() == [r["tags"] for r in expected]
    assert df["body_format"].tolist() == [r["body_format"] for r in expected]
    assert df["answer_count"].astype(object).where(df["answer_count"].notna(), None).tolist() \
        == [r["answer_count"] for r in expected]
    first = pd.Timestamp(expected[0]["creation_date"]).floor("s")  # Unix seconds
    assert df["creation_date"].iloc[0] == first
    assert df.attrs["read_stats"]["other_rows"] == 37


def bad_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "title": "a", "body": "b"}\n{"id": 2, "title": \n'
                    '{"id": 3, "title": "c", "body": "d"}\n')
    return path


def cli_error(*args):
    r = run_cli(*args, check=False)
    assert r.returncode == 1
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("qclass: error: ")
    return line[len("qclass: error: "):]


def test_errors_carry_the_cli_message_with_file_and_line(tmp_path):
    path = bad_file(tmp_path)
    with pytest.raises(qclass.ParseError) as e:
        qclass.read_posts(path)
    assert isinstance(e.value, qclass.Error) and isinstance(e.value, ValueError)
    assert str(e.value) == cli_error("tokens", "--input", path, "-o", tmp_path / "t.jsonl")
    assert str(e.value).startswith(f"{path}:2: ")
    assert e.value.file == str(path) and e.value.line == 2
    with pytest.raises(qclass.ParseError) as e2:
        qclass.tokens(path)
    assert str(e2.value) == str(e.value)


def test_on_error_skip_counts_the_bad_record(tmp_path):
    df = qclass.read_posts(bad_file(tmp_path), on_error="skip")
    assert df["id"].tolist() == [1, 3]
    assert df.attrs["read_stats"]["skipped"] == 1


def test_missing_file_and_bad_options_raise_qclass_errors(tmp_path):
    with pytest.raises(qclass.FileError):
        qclass.read_posts(tmp_path / "absent.jsonl")
    with pytest.raises(qclass.UsageError):
        qclass.tokens(LABELED, lemma="nonsense")
    with pytest.raises(TypeError):
        qclass.tokens(LABELED, no_such_option=1)


def test_a_frame_without_an_id_names_its_row():
    frame = pd.DataFrame({"id": [1, None], "title": ["a", "b"], "body": ["x", "y"]})
    with pytest.raises(qclass.ParseError, match=r"^<DataFrame>:2: missing id"):
        qclass.tokens(frame)


def test_tokens_equal_the_cli(tmp_path):
    out = tmp_path / "tokens.jsonl"
    run_cli("tokens", "--input", LABELED, "-o", out)
    expected = jsonl(out)
    df = qclass.tokens(LABELED)
    assert df["id"].tolist() == [r["id"] for r in expected]
    assert df["tokens"].tolist() == [r["tokens"] for r in expected]
    from_frame = qclass.tokens(qclass.read_posts(LABELED))
    assert from_frame["tokens"].tolist() == df["tokens"].tolist()


def test_term_matrix_equals_the_cli_and_is_handed_over_without_a_copy(tmp_path):
    mtx, vocab = tmp_path / "m.mtx", tmp_path / "v.tsv"
    run_cli("matrix", "--input", LABELED, "-o", mtx, "--vocab-out", vocab)
    m, words = qclass.term_matrix(LABELED)
    assert isinstance(m, sp.csr_matrix)
    expected = scipy.io.mmread(str(mtx)).tocsr()
    assert m.shape == expected.shape
    assert (m != expected).nnz == 0
    assert words == pd.read_csv(vocab, sep="\t", keep_default_na=False)["word"].tolist()
    for a in (m.data, m.indices, m.indptr):
        assert type(a.base).__name__ == "PyCapsule"  # the engine's vector, not a copy
    assert m.indptr.dtype == np.int64 and m.indices.dtype == np.int32
    assert np.array_equal(m.sum(axis=1).A1, expected.sum(axis=1).A1)
