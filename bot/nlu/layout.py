"""Linear models laid out for one message at a time: the same weights, read in place instead of copied per call.

scikit-learn's LogisticRegression.predict_proba computes X @ coef_.T. With coef_ in C order (as training and loading
leave it), coef_.T is Fortran-ordered and scipy's sparse product first copies it whole: classes × features (hundreds
of thousands of word and character n-grams) on every call, about 10 ms of a parse for the intent and as much again
for the sub-question. Stored in Fortran order, coef_.T is C-contiguous and read in place; every number is the same
(bench/parse_speed.py measures both layouts side by side and checks the probabilities are equal).
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression


def lay_out_for_prediction(model: LogisticRegression | None) -> None:
    """Stores a fitted model's weights in Fortran order (a no-op for a model not fitted yet)."""
    if model is not None and hasattr(model, "coef_"):
        model.coef_ = np.asfortranarray(model.coef_)
