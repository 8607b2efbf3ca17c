#!/usr/bin/env bash
# Runs every verb of qclass on the bundled data and writes what each verb
# writes into OUT_DIR, so that tests/integration/golden/outputs.sha256 can pin the bytes.
#   run_verbs.sh QCLASS REPO_ROOT OUT_DIR
# Only files are pinned (not the printed summaries, which carry timings).
set -euo pipefail
q=$1; root=$2; out=$3
q=$(cd "$(dirname "$q")" && pwd)/$(basename "$q")
rm -rf "$out"; mkdir -p "$out/in"
# Inputs are copied and named relatively, since the report names its inputs.
cp "$root/data/dl_bug_classification.jsonl" "$root/data/pytorch_sample.jsonl" \
  "$root/data/pytorch_sample_answers.jsonl" "$root/data/keywords/dl_bug_classification.tsv" \
  "$root/tests/data/posts_xml_beer.xml" "$out/in/"
cd "$out"; out=.
labeled=in/dl_bug_classification.jsonl
keywords=in/dl_bug_classification.tsv
posts=in/pytorch_sample.jsonl
answers=in/pytorch_sample_answers.jsonl
beer=in/posts_xml_beer.xml
export QC_DEVICE=cpu

"$q" tokens --input "$labeled" >"$out/tokens.jsonl" 2>/dev/null
"$q" vocab --input "$labeled" --input "$posts" -o "$out/vocab.tsv" >/dev/null
"$q" matrix --input "$labeled" --input "$posts" -o "$out/matrix.mtx" \
  --vocab-out "$out/matrix_vocab.tsv" >/dev/null
printf 'classes\nran\nbetter\ngpus\n' | "$q" lemma >"$out/lemma.tsv"
"$q" train --input "$labeled" --keywords "$keywords" -o "$out/model.json" \
  --confusion "$out/confusion.csv" --metrics-json "$out/metrics.json" >/dev/null
"$q" eval --model "$out/model.json" --input "$labeled" --part test \
  --metrics-json "$out/eval_metrics.json" >/dev/null
"$q" sweep --input "$labeled" --keywords "$keywords" --alpha 0:1:0.05 \
  --top-k 50,200 --norm l2,sum --manual-scope topk,all -o "$out/sweep.csv" >/dev/null
"$q" baseline --input "$labeled" --keywords "$keywords" --metrics-json "$out/baseline.json" \
  --predictions "$out/baseline_predictions.csv" >/dev/null
"$q" score --model "$out/model.json" --input "$posts" -o "$out/predictions.csv" >/dev/null 2>&1
"$q" score --model "$out/model.json" --input "$posts" -o "$out/predictions.jsonl" >/dev/null 2>&1
"$q" explain --model "$out/model.json" --input "$labeled" --id 31556268 --id 31627380 \
  --top 5 --json "$out/explain.json" >"$out/explain.txt" 2>/dev/null
"$q" report --posts "$posts" --predictions "$out/predictions.csv" --answers "$answers" \
  --sweep "$out/sweep.csv" --confusion "$out/confusion.csv" --baseline "$out/baseline.json" \
  -o "$out/report" >/dev/null
"$q" convert "$beer" -o "$out/beer.jsonl" --answers "$out/beer_answers.jsonl" >/dev/null 2>&1
"$q" study --labeled "$labeled" --keywords "$keywords" --posts "$posts" --answers "$answers" \
  --alpha-grid 0:1:0.05 -o "$out/study" >/dev/null 2>&1
"$q" sample --input "$posts" --frameworks pytorch,tensorflow --tag-match substring \
  --top-viewed 2 --random 3 --seed 1 -o "$out/sample.csv" --html "$out/sample.html" \
  --categories "$keywords" >/dev/null
printf 'id,labels\n42479902,model\n42703500,api;training\n' >"$out/in/labeled_sheet.csv"
"$q" labels merge --sheet "$out/in/labeled_sheet.csv" --input "$posts" \
  --categories "$keywords" -o "$out/labels_merged.jsonl" >/dev/null
