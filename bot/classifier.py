"""A small text classifier: TF-IDF over n-gram features, multinomial logistic regression.

Scoring one message is done by hand (a sparse dot product and a softmax) because scikit-learn's
per-call input checks cost more than the arithmetic at this size.
"""

import re
from collections.abc import Callable

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

_WORD = re.compile(r"\w+")


def char_ngrams(words: list[str], low: int, high: int) -> list[str]:
    """Character n-grams of each word padded with spaces (scikit-learn's char_wb)."""
    grams = []
    for word in words:
        padded = f" {word} "
        for n in range(low, high + 1):
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


class TextClassifier:
    """Fit on (text, label) pairs; `probabilities(text)` gives P(label | text)."""

    def __init__(self, analyzer: Callable[[str], list[str]], c: float) -> None:
        self.vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
        self.model = LogisticRegression(C=c, max_iter=3000)
        self.labels: list[str] = []
        self._weights: np.ndarray = np.empty(0)
        self._bias: np.ndarray = np.empty(0)

    def fit(self, texts: list[str], labels: list[str]) -> "TextClassifier":
        self.model.fit(self.vectorizer.fit_transform(texts), labels)
        self.labels = [str(label) for label in self.model.classes_]
        self._weights = np.ascontiguousarray(self.model.coef_.T)
        self._bias = self.model.intercept_
        return self

    def probabilities(self, text: str) -> np.ndarray:
        scores = np.asarray(self.vectorizer.transform([text]) @ self._weights)[0] + self._bias
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()
