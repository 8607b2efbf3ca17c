#!/usr/bin/env bash
# The main job on the bundled real sample: set up and build, then train the
# keyword classifier on the labeled posts, sweep alpha, score the unlabeled
# pytorch questions, and report the study's findings on them
# (out/report/report.html); then run the whole study again with 5-fold
# cross-validation (out/study/). Outputs go to ./out (or $QC_OUT_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${QC_BUILD_DIR:-$here/build}
"$here/scripts/setup.sh" "$build"
out=${QC_OUT_DIR:-$here/out}
mkdir -p "$out"
qclass=$build/host/qclass
labeled=$here/data/dl_bug_classification.jsonl
keywords=$here/data/keywords/dl_bug_classification.tsv

echo
echo "== 1. Term matrix of the whole sample (600 labeled + 3,000 pytorch questions)"
"$qclass" matrix --input "$labeled" --input "$here/data/pytorch_sample.jsonl" \
                 -o "$out/term_matrix.mtx" --vocab-out "$out/vocabulary.tsv" --top 10
echo
echo "== 2. Train on 60% of the labeled posts (seeded stratified split), test on 40%"
"$qclass" train --input "$labeled" --keywords "$keywords" -o "$out/model.json" \
                --confusion "$out/confusion.csv" --metrics-json "$out/metrics.json"
echo
echo "== 3. Sweep alpha 0:1:0.01 x top-K 50,100,200,400 x norm l2,sum x manual scope topk,all"
"$qclass" sweep --input "$labeled" --keywords "$keywords" --alpha 0:1:0.01 \
                --top-k 50,100,200,400 --norm l2,sum --manual-scope topk,all -o "$out/sweep.csv"
echo
echo "== 4. The study's baseline, tf-idf + linear SVM, on the same split and tokens"
"$qclass" baseline --input "$labeled" --keywords "$keywords" --metrics-json "$out/baseline.json" \
  | sed -n '/^test metrics/,/^(SVM/p'
echo
echo "== 5. Score the 3,000 unlabeled pytorch questions with the trained model"
"$qclass" score --model "$out/model.json" --input "$here/data/pytorch_sample.jsonl" \
                -o "$out/predictions.csv"
echo
echo "== 6. The study's findings (RQ1, RQ2): tables as CSV and an HTML report with charts"
"$qclass" report --posts "$here/data/pytorch_sample.jsonl" --predictions "$out/predictions.csv" \
                 --answers "$here/data/pytorch_sample_answers.jsonl" \
                 --sweep "$out/sweep.csv" --confusion "$out/confusion.csv" \
                 --baseline "$out/baseline.json" -o "$out/report"
echo
echo "== 7. How good is it really: the whole study with 5-fold cross-validation; the nested"
echo "      estimate (alpha tuned on inner folds) beside the single split and the alpha tuned on test"
"$qclass" study --labeled "$labeled" --keywords "$keywords" --posts "$here/data/pytorch_sample.jsonl" \
                --answers "$here/data/pytorch_sample_answers.jsonl" --folds 5 -o "$out/study" \
  | sed -n '/^== cross-validation/,/tuned_on_test/p'
echo
echo "outputs in $out"
echo "report: $out/report/report.html"
echo "study with cross-validation: $out/study/report/report.html"
