"""The languages Amparo speaks, and the folded form of words used to match reference data and
messages alike ("Tapachula" = "tapachula", "Haïti" = "haiti")."""

import unicodedata

LANGUAGES = ("es", "en", "fr", "pt", "ht")


class _FoldTable(dict[int, str]):
    """str.translate table filled on first use: one folded character per character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
        ).lower()
        folded = base if len(base) == 1 else (ch.lower()[:1] or ch)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase without accents, one character out per character in, so offsets still hold."""
    if text.isascii():  # nothing to take off: the table gives each ASCII letter its lower case
        return text.lower()
    return text.translate(_FOLD)
