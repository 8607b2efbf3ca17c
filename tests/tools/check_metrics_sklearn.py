#!/usr/bin/python3
"""Oracle for qclass's standard metrics (DEFINITIONS.md 7), using scikit-learn.

Usage: check_metrics_sklearn.py L1 CASE1.tsv [L2 CASE2.tsv ...]

Each TSV holds one single-label test post per line:
true_label_index<TAB>pred_label_index. For every case this prints a block,
one value per line, doubles as repr() (shortest round-trip):

  case <k> <L> <n>
  macro <precision> <recall> <f1>          sklearn average="macro"
  macro_seq <precision> <recall> <f1>      per-class values summed left to right, / L
  micro <precision> <recall> <f1>          sklearn average="micro"
  per_precision <v_0> ... <v_{L-1}>        sklearn average=None
  per_recall ...
  per_f1 ...
  accuracy <a>                             accuracy_score ("nan" when n == 0)
  confusion <row-major L*L integers>       confusion_matrix(labels=range(L))
  end

All calls use labels=range(L) and zero_division=0. "macro_seq" exists because
numpy's mean uses pairwise summation, which for 8 or more classes may differ
in the last bit from DEFINITIONS.md's left-to-right sum.

Exit status 3 when scikit-learn cannot be imported, 2 on bad arguments.
"""
import sys
import warnings


def main(argv):
    try:
        import numpy as np
        from sklearn.metrics import (accuracy_score, confusion_matrix,
                                     precision_recall_fscore_support)
    except Exception as e:  # ImportError, or a broken installation
        print(f"check_metrics_sklearn: cannot import scikit-learn with {sys.executable}: {e}; "
              "install Debian's python3-sklearn", file=sys.stderr)
        return 3
    args = argv[1:]
    if not args or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    out = []
    for k in range(0, len(args), 2):
        L = int(args[k])
        y_true, y_pred = [], []
        with open(args[k + 1], encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    t, p = line.split("\t")
                    y_true.append(int(t))
                    y_pred.append(int(p))
        yt = np.array(y_true, dtype=int)
        yp = np.array(y_pred, dtype=int)
        labels = list(range(L))

        def prf(average):
            return precision_recall_fscore_support(
                yt, yp, labels=labels, average=average, zero_division=0)

        def r(x):
            return repr(float(x))

        mp, mr, mf, _ = prf("macro")
        up, ur, uf, _ = prf("micro")
        pp, pr, pf, _ = prf(None)

        def seq_mean(values):
            s = 0.0
            for v in values:
                s += float(v)
            return s / L

        out.append(f"case {k // 2} {L} {len(y_true)}")
        out.append(f"macro {r(mp)} {r(mr)} {r(mf)}")
        out.append(f"macro_seq {r(seq_mean(pp))} {r(seq_mean(pr))} {r(seq_mean(pf))}")
        out.append(f"micro {r(up)} {r(ur)} {r(uf)}")
        out.append("per_precision " + " ".join(r(v) for v in pp))
        out.append("per_recall " + " ".join(r(v) for v in pr))
        out.append("per_f1 " + " ".join(r(v) for v in pf))
        out.append(f"accuracy {r(accuracy_score(yt, yp))}")
        cm = confusion_matrix(yt, yp, labels=labels)
        out.append("confusion " + " ".join(str(int(v)) for v in cm.reshape(-1)))
        out.append("end")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
