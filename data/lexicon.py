"""The rule words of data/reference/lexicon.yml: numbers, cues, decline/erase/restart words."""

import re
from pathlib import Path

from pydantic import BaseModel

from bot.text import fold
from data.reference_files import load_yaml

PerLanguage = dict[str, list[str]]


class Lexicon(BaseModel):
    numbers: dict[str, dict[str, int]]
    people_words: PerLanguage
    we_are: PerLanguage
    age_words: PerLanguage
    age_cues: PerLanguage
    name_cues: PerLanguage
    decline: PerLanguage
    erase: PerLanguage
    restart: PerLanguage
    kin: PerLanguage
    origin_cues: PerLanguage
    this_number: PerLanguage
    services: dict[str, dict[str, str]]
    vulnerability: dict[str, PerLanguage]

    @staticmethod
    def words(table: PerLanguage) -> list[str]:
        """All languages' words of one table, longest first (so phrases win over words)."""
        return sorted({w for words in table.values() for w in words}, key=lambda w: -len(w))

    def has(self, table: PerLanguage, text: str) -> bool:
        """Whether `text` is, as a whole, one of the table's words (case and accents ignored)."""
        wanted = fold(text).strip(" .,;:!?¡¿")
        return any(fold(w) == wanted for words in table.values() for w in words)

    def declines(self, text: str) -> bool:
        """Whether the message only says "I don't know / I'd rather not say / none"."""
        words = "|".join(re.escape(fold(w)) for w in self.words(self.decline))
        return bool(re.match(rf"^(?:no,?\s+)?(?:{words})(?!\w)", fold(text).strip(" .!¡¿?")))

    def contains(self, table: PerLanguage, text: str) -> bool:
        """Whether one of the table's words stands anywhere in `text` as a whole word."""
        folded = f" {fold(text)} "
        return any(
            re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded)
            for words in table.values()
            for w in words
        )


def load_lexicon(reference_dir: Path) -> Lexicon:
    return load_yaml(reference_dir / "lexicon.yml", Lexicon)
