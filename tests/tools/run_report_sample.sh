#!/usr/bin/env bash
# The report's real pipeline on the bundled sample, as the README's main job
# runs it: train on the labeled posts, sweep alpha, compare with the
# tf-idf + SVM baseline, score the pytorch
# questions (CSV and JSONL), then write two reports into WORK_DIR:
#   report/            CSV predictions, --answers, --sweep, --confusion, --baseline
#   report_substring/  JSONL predictions, --tag-match substring, two frameworks
#   run_report_sample.sh QCLASS SOURCE_DIR WORK_DIR
set -euo pipefail
qclass=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
labeled=$src/data/dl_bug_classification.jsonl
keywords=$src/data/keywords/dl_bug_classification.tsv
posts=$src/data/pytorch_sample.jsonl
answers=$src/data/pytorch_sample_answers.jsonl
"$qclass" train --input "$labeled" --keywords "$keywords" -o "$work/model.json" \
                --confusion "$work/confusion.csv" >/dev/null
"$qclass" sweep --input "$labeled" --keywords "$keywords" --alpha 0:1:0.01 --top-k 100,200 \
                -o "$work/sweep.csv" >/dev/null
"$qclass" baseline --input "$labeled" --keywords "$keywords" \
                   --metrics-json "$work/baseline.json" >/dev/null
"$qclass" score --model "$work/model.json" --input "$posts" -o "$work/predictions.csv" >/dev/null
"$qclass" score --model "$work/model.json" --input "$posts" -o "$work/predictions.jsonl" >/dev/null
"$qclass" report --posts "$posts" --predictions "$work/predictions.csv" --answers "$answers" \
                 --sweep "$work/sweep.csv" --confusion "$work/confusion.csv" \
                 --baseline "$work/baseline.json" -o "$work/report"
"$qclass" report --posts "$posts" --predictions "$work/predictions.jsonl" \
                 --frameworks tensorflow,pytorch --tag-match substring -o "$work/report_substring"
test -s "$work/report/report.html"
test -s "$work/report_substring/report.html"
