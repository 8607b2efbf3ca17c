"""KeywordModel against the CLI: the same files byte for byte, the same
predictions, metrics and sweep table (exact float equality)."""

import json

import numpy as np
import pandas as pd
import pytest

import qclass
from conftest import KEYWORDS, LABELED, UNLABELED, run_cli


def read_cli_csv(path, **kw):
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False,
                       na_values=[""], **kw)


def test_train_then_save_writes_the_cli_model_byte_for_byte(cli_model, tmp_path):
    model_path, metrics_path = cli_model
    m = qclass.KeywordModel.train(LABELED, keywords=KEYWORDS, threads=2)
    m.save(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == model_path.read_bytes()
    assert m.test_metrics == json.loads(metrics_path.read_text())
    assert m.to_json().encode() == model_path.read_bytes().rstrip(b"\n") or \
        m.to_json().encode() == model_path.read_bytes()


def test_train_from_a_frame_equals_training_from_the_file(cli_model, tmp_path):
    frame = qclass.read_posts(LABELED)
    m = qclass.KeywordModel.train(frame, keywords=KEYWORDS, alpha=0.18, split=0.6)
    m.save(tmp_path / "frame.json")
    assert (tmp_path / "frame.json").read_bytes() == cli_model[0].read_bytes()


def test_keywords_as_a_dict_equal_the_tsv(cli_model, tmp_path):
    kws = {}
    for line in KEYWORDS.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            cat, words = line.split("\t", 1)
            kws.setdefault(cat.strip(), []).extend(w.strip() for w in words.split(","))
    m = qclass.KeywordModel.train(LABELED, keywords=kws)
    assert m.labels == qclass.KeywordModel.load(cli_model[0]).labels
    assert m.test_metrics == json.loads(cli_model[1].read_text())


def test_load_then_save_gives_back_the_same_bytes(cli_model, tmp_path):
    m = qclass.KeywordModel.load(cli_model[0])
    m.save(tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == cli_model[0].read_bytes()
    assert m.top_k == 200 and m.norm == "l2" and m.manual_scope == "topk"


def test_load_refuses_a_damaged_file(cli_model, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(cli_model[0].read_bytes().replace(b'"top_k": 200', b'"top_k": 201'))
    with pytest.raises(qclass.Error) as e:
        qclass.KeywordModel.load(bad)
    r = run_cli("score", "-m", bad, "-i", LABELED, "-o", tmp_path / "p.csv", check=False)
    assert r.returncode == 1 and str(e.value) in r.stderr


def assert_same_predictions(df, expected):
    assert list(df.columns) == list(expected.columns)
    assert df["id"].tolist() == expected["id"].tolist()
    for col in ("category", "runner_up", "status"):
        assert df[col].tolist() == expected[col].tolist(), col
    for col in ("score", "margin"):  # exact, as the CSV's shortest round-trip decimals
        assert np.array_equal(df[col].to_numpy(), expected[col].to_numpy()), col
    assert df["no_evidence"].tolist() == expected["no_evidence"].tolist()


def test_score_equals_the_cli_csv(cli_model, tmp_path):
    out = tmp_path / "pred.csv"
    run_cli("score", "-m", cli_model[0], "-i", UNLABELED, "-o", out)
    expected = read_cli_csv(out)
    m = qclass.KeywordModel.load(cli_model[0])
    assert_same_predictions(m.score(UNLABELED), expected)
    assert_same_predictions(m.score(qclass.read_posts(UNLABELED)), expected)


def test_score_with_skipped_records_equals_the_cli(cli_model, tmp_path):
    src = tmp_path / "some.jsonl"
    lines = LABELED.read_text().splitlines()[:5]
    src.write_text("\n".join(lines[:2] + ['{"id": 7, "title": 5}'] + lines[2:]) + "\n")
    out = tmp_path / "pred.csv"
    run_cli("score", "-m", cli_model[0], "-i", src, "-o", out, "--on-error", "skip")
    expected = read_cli_csv(out)
    df = qclass.KeywordModel.load(cli_model[0]).score(src, on_error="skip")
    assert df["status"].tolist() == expected["status"].tolist()
    assert df["id"].tolist() == expected["id"].tolist()
    assert df.attrs["summary"]["skipped"] == 1


def test_evaluate_equals_the_cli_metrics(cli_model, tmp_path):
    for part in ("test", "all"):
        out = tmp_path / f"metrics_{part}.json"
        run_cli("eval", "-m", cli_model[0], "-i", LABELED, "--part", part, "--metrics-json", out)
        got = qclass.KeywordModel.load(cli_model[0]).evaluate(LABELED, part=part)
        assert got == json.loads(out.read_text())
    alt = tmp_path / "alpha.json"
    run_cli("eval", "-m", cli_model[0], "-i", LABELED, "--alpha", "0.5", "--metrics-json", alt)
    got = qclass.KeywordModel.load(cli_model[0]).evaluate(qclass.read_posts(LABELED), alpha=0.5)
    assert got == json.loads(alt.read_text())


def test_sweep_equals_the_cli_table(tmp_path):
    out = tmp_path / "sweep.csv"
    run_cli("sweep", "-i", LABELED, "--keywords", KEYWORDS, "--alpha", "0:1:0.05",
            "--top-k", "100,200", "--norm", "l2,sum", "--manual-scope", "topk,all", "-o", out)
    text = out.read_text().splitlines()
    best = json.loads(text[-1][len("#best "):])
    expected = read_cli_csv(out, comment="#")
    df = qclass.KeywordModel.sweep(LABELED, keywords=KEYWORDS, alpha="0:1:0.05",
                                   top_k=[100, 200], norm=["l2", "sum"],
                                   manual_scope=["topk", "all"])
    assert list(df.columns) == list(expected.columns)
    assert df["top_k"].tolist() == expected["top_k"].tolist()
    for col in ("norm", "manual_scope"):
        assert df[col].tolist() == expected[col].tolist()
    for col in expected.columns[3:]:
        assert np.array_equal(df[col].to_numpy(), expected[col].to_numpy(), equal_nan=True), col
    assert df.attrs["best"] == best


def test_the_cpu_device_is_always_there():
    m = qclass.KeywordModel.train(LABELED, keywords=KEYWORDS, device="cpu")
    ref = qclass.KeywordModel.train(LABELED, keywords=KEYWORDS, device="reference")
    assert m.to_json() == ref.to_json() and m.test_metrics == ref.test_metrics
    if "cuda" not in qclass.describe_backends().lower():
        with pytest.raises(qclass.Error):
            qclass.KeywordModel.train(LABELED, keywords=KEYWORDS, device="cuda")
