"""Whole phrases of a word table found in folded text, the way a regex alternation finds them.

Apart from data/words.py on purpose: that file is part of the NLU model's key (`fold` is the
features' normal form), this one is not.
"""

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=256)
def _words(folded: str) -> frozenset[str]:
    # A message is looked up in a dozen tables in a row: its words are split once.
    return frozenset(_WORD_RUN.findall(folded))


class Phrases:
    """Where whole phrases stand in folded text: the spans `finditer` gives for
    `(?<!\\w)(?:p1|p2|…)(?!\\w)`, the phrases longest first.

    Such a match starts where a run of word characters starts, and that run is the phrase's
    first word (the character after it is not a word character, in the phrase as in the
    text). So the phrases are looked up by the first word of each run, longest first, instead
    of all being tried at every character (a table of a few hundred phrases: ~50 µs a
    message). A table with a phrase that is empty or starts with punctuation keeps the regex.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        ordered = sorted(set(phrases), key=len, reverse=True)
        self._pattern: re.Pattern[str] | None = None
        self._first: dict[str, list[str]] = {}
        if not ordered or any(not _WORD_RUN.match(p) for p in ordered):
            alternatives = "|".join(map(re.escape, ordered))
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
            return
        for phrase in ordered:  # each list stays longest first: the longest match wins
            self._first.setdefault(_WORD_RUN.match(phrase).group(), []).append(phrase)  # type: ignore[union-attr]

    def may_start(self, folded: str) -> bool:
        """False when no phrase can start anywhere in `folded` (none starts with one of its
        words); so also no longer pattern that starts with a phrase and a space."""
        return self._pattern is not None or not self._first.keys().isdisjoint(_words(folded))

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """(start, end) of each phrase in `folded`, left to right, none overlapping."""
        if self._pattern is not None:
            return [m.span() for m in self._pattern.finditer(folded)]
        if not self.may_start(folded):
            return []  # most tables, most messages: no word of the text starts a phrase
        first = self._first
        found: list[tuple[int, int]] = []
        size, after = len(folded), 0
        for run in _WORD_RUN.finditer(folded):
            start = run.start()
            if start < after or (candidates := first.get(run.group())) is None:
                continue
            for phrase in candidates:
                end = start + len(phrase)
                if folded.startswith(phrase, start) and (
                    end == size or not (folded[end].isalnum() or folded[end] == "_")
                ):
                    found.append((start, end))
                    after = end
                    break
        return found
