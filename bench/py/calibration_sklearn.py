"""Side-by-side reference for bench/calibration.bench.ts: the same calibration calls with scikit-learn/numpy on the
same 1M scores. ECE from calibration_curve (uniform bins), Platt as an unpenalised LogisticRegression on the score
(lbfgs, sklearn's default stopping), isotonic regression with out_of_bounds='clip'.

usage: calibration_sklearn.py s.f64 y.f64 p.f64
Prints one JSON object: per task the median seconds of 3 runs (after one warm-up) and the values to compare.
"""
import json
import sys

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from timing import timed



def ece(y, p):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy='uniform')
    counts = np.bincount(np.minimum((p * 10).astype(np.int64), 9), minlength=10)
    counts = counts[counts > 0]
    return float(np.sum(counts * np.abs(prob_pred - prob_true)) / len(p))


def main():
    s = np.fromfile(sys.argv[1], dtype=np.float64)
    y = np.fromfile(sys.argv[2], dtype=np.float64)
    p = np.fromfile(sys.argv[3], dtype=np.float64)
    ece_s, ece_v = timed(lambda: ece(y, p))
    platt_s, lr = timed(lambda: LogisticRegression(penalty=None).fit(s[:, None], y))
    prob_s, _ = timed(lambda: 1.0 / (1.0 + np.exp(-(1.3 * s - 1.0))))
    iso_s, iso = timed(lambda: IsotonicRegression(out_of_bounds='clip').fit(s, y))
    pred_s, _ = timed(lambda: iso.predict(s))
    print(json.dumps({
        'ece': {'seconds': ece_s, 'value': ece_v},
        'platt': {'seconds': platt_s, 'a': float(lr.coef_[0][0]), 'b': float(lr.intercept_[0])},
        'probabilities': {'seconds': prob_s},
        'isotonic_fit': {'seconds': iso_s, 'thresholds': int(len(iso.X_thresholds_))},
        'isotonic_predict': {'seconds': pred_s},
    }))


if __name__ == '__main__':
    main()
