"""A small text classifier: TF-IDF over n-gram features, multinomial logistic regression.

Scoring one message is done by hand (TF-IDF weights, a dot product and a softmax) because
scikit-learn's per-call input checks and sparse matrices cost more than the arithmetic at this
size: ~1 ms a message through `transform`, ~0.1 ms by hand.
"""

import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

_WORD = re.compile(r"\w+")


def char_ngrams(words: list[str], low: int, high: int) -> list[str]:
    """Character n-grams of each word padded with spaces (scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in words:
        grams += _word_ngrams(word, low, high)
    return grams


@lru_cache(maxsize=4096)  # people write the same few thousand words: cut once, not per message
def _word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)
    )


# 1 + log(n), the sublinear term frequency, for the counts a message has (computed by
# math.log as before, looked up instead of computed per n-gram).
_SUBLINEAR = np.array([0.0] + [1.0 + math.log(n) for n in range(1, 256)])


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

    def _features(self) -> tuple[dict[str, int], np.ndarray]:
        # Taken from the fitted vectorizer once (a model pickled before this kept none).
        if getattr(self, "_vocabulary", None) is None:
            self._vocabulary = {str(k): int(v) for k, v in self.vectorizer.vocabulary_.items()}
            self._idf = np.asarray(self.vectorizer.idf_, dtype=float)
        return self._vocabulary, self._idf

    def probabilities(self, text: str) -> np.ndarray:
        """TF-IDF as the vectorizer computes it (sublinear tf, idf, L2 norm), then a softmax."""
        vocabulary, idf = self._features()
        # Counted in first-seen order (Counter keeps it), so the sums below add up as before.
        counts = Counter(map(vocabulary.get, self.vectorizer.analyzer(text)))
        counts.pop(None, None)  # n-grams the model never saw
        scores = self._bias.copy()
        if counts:
            indices = np.fromiter(counts, dtype=np.intp, count=len(counts))
            ns = np.fromiter(counts.values(), dtype=np.intp, count=len(counts))
            if ns.max() < len(_SUBLINEAR):
                tf = _SUBLINEAR[ns]
            else:
                tf = np.fromiter((1.0 + math.log(n) for n in ns.tolist()), dtype=float)
            values = tf * idf[indices]
            values /= np.sqrt(values @ values)
            scores = scores + values @ self._weights[indices]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()
