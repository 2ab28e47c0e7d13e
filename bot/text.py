"""Cleaning what people send, and the normal form used for matching."""

import re
from dataclasses import dataclass

from data.words import fold

__all__ = ["CleanText", "clean", "fold", "squash"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class CleanText:
    """Text made safe to process, with what had to be done to it."""

    text: str
    truncated: bool = False
    unreadable: bool = False  # nothing left that a person could have meant as words


def clean(raw: str | bytes, max_chars: int) -> CleanText:
    """Decode, strip control characters, collapse spaces and cap the length."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = _CONTROL.sub("", raw.replace("\ufffd", " "))
    text = _SPACES.sub(" ", text).strip()
    truncated = len(text) > max_chars
    if truncated:
        text = text[:max_chars].rsplit(" ", 1)[0] if " " in text[:max_chars] else text[:max_chars]
    has_words = any(ch.isalnum() for ch in text)
    return CleanText(text=text, truncated=truncated, unreadable=not has_words)


def squash(text: str) -> str:
    """Folded text with letters repeated for emphasis cut to two ("ayudaaaa" -> "ayudaa")."""
    return _REPEATS.sub(r"\1\1", fold(text))
