"""The rule words of data/reference/lexicon.yml: numbers, cues, decline/erase/restart words."""

import re
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from data.phrases import Phrases
from data.reference_files import load_yaml
from data.words import fold

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
    stop: PerLanguage
    restart: PerLanguage
    kin: PerLanguage
    missing_cues: PerLanguage
    origin_cues: PerLanguage
    this_number: PerLanguage
    write_here: PerLanguage
    asked_back: dict[str, PerLanguage]
    services: dict[str, dict[str, str]]
    vulnerability: dict[str, PerLanguage]
    hours_words: dict[str, dict[str, str]] = {}
    hazards: dict[str, PerLanguage] = {}
    landmarks: PerLanguage = {}
    language_requests: PerLanguage = {}

    @cached_property
    def _cache(self) -> dict[tuple[str, int], Any]:
        # What the tables compile to, built on first use. A plain attribute once built (in the
        # instance's __dict__): a pydantic private attribute costs ~1 µs a read, and a message
        # is matched against these tables dozens of times.
        return {}

    @staticmethod
    def words(table: PerLanguage) -> list[str]:
        """All languages' words of one table, longest first (so phrases win over words)."""
        return sorted({w for words in table.values() for w in words}, key=lambda w: -len(w))

    def has(self, table: PerLanguage, text: str) -> bool:
        """Whether `text` is, as a whole, one of the table's words (case and accents ignored)."""
        wanted = fold(text).strip(" .,;:!?¡¿")
        return wanted in self._folded(table)

    def declines(self, text: str) -> bool:
        """Whether the message only says "I don't know / I'd rather not say / none"."""
        pattern = self._pattern(self.decline, prefix=r"^(?:no,?\s+)?")
        return bool(pattern.match(fold(text).strip(" .!¡¿?")))

    def contains(self, table: PerLanguage, text: str) -> bool:
        """Whether one of the table's words stands anywhere in `text` as a whole word."""
        return bool(self._phrases(table).spans(fold(text)))

    def spans(self, table: PerLanguage, text: str) -> list[tuple[int, int]]:
        """Where the table's words stand in `text` (offsets hold: folding keeps lengths)."""
        return self._phrases(table).spans(fold(text))

    def kin_pattern(self, after: str) -> re.Pattern[str]:
        """A relation word, then `after` (a pattern on folded text)."""
        key = ("kin_then:" + after, id(self.kin))
        if key not in self._cache:
            kin = "|".join(re.escape(fold(w)) for w in self.words(self.kin))
            self._cache[key] = re.compile(rf"(?<!\w)(?:{kin}){after}")
        return self._cache[key]

    def kin_ages(self, text: str) -> list[int]:
        """Ages said right after a relation word: "mi mamá de 72", "my dad is 81", "ma mère
        a 70", "minha avó tem 90", "manman m gen 75"."""
        patterns = (
            self.kin_pattern(
                # ("our son (6)": the age in brackets)
                r"(?:\s+(?:m|mwen|li|dele|dela|de el|de ella|his|her))?"
                # "mi suegro que ya tiene sus 70", "my dad who is 81"
                r"(?:\s+(?:que|who|qui|ki))?(?:\s+(?:ya|already|deja|ja))?"
                r"(?:\s+(?:de|tiene|is|of|aged|a|tem|com|"
                r"gen|ki gen)\s+(?:sus\s+|seus\s+)?|\s*\(\s*)(\d{1,3})"
                r"(?![\d:%]|[.,]\d|\s*(?:am|pm|h\b|dias|days|jours|jou|"
                r"months?|meses|mes|mois|mwa|weeks?|semanas?|semaines?))"
            ),
            # "mi papa 74 y mi mama 71", "my mom 80, my dad 83": two digits right after, alone
            self.kin_pattern(r"\s+(\d{2})(?=\s*(?:[,.;!]|$|(?:y|and|et|e|ak)\s))"),
        )
        folded = fold(text)
        if not self._phrases(self.kin).may_start(folded):  # a space follows the relation word
            return []
        return [int(m.group(1)) for pattern in patterns for m in pattern.finditer(folded)]

    def hazard(self, *texts: str) -> str | None:
        """The danger the first text that names one describes (flood, fire, earthquake, storm,
        violence, detention)."""
        for text in texts:
            text = text or ""
            # ("a la orilla del río", "perto do rio"): the river as a landmark, not a flood
            for start, end in self.spans(self.landmarks, text):
                text = text[:start] + " " * (end - start) + text[end:]
            # The longest words win: "coups de feu" is violence, not a fire.
            found = [
                (end - start, name)
                for name, words in self.hazards.items()
                for start, end in self.spans(words, text)
            ]
            if found:
                return max(found)[1]
        return None

    def keyword_languages(self, text: str) -> frozenset[str]:
        """The languages whose stop or restart keyword the whole message is ("STOP": en, fr)."""
        wanted = fold(text).strip(" .,;:!?¡¿")
        return self._languages_of(self.stop).get(wanted, frozenset()) | self._languages_of(
            self.restart
        ).get(wanted, frozenset())

    def language_asked(self, text: str) -> str | None:
        """The language a short message asks for ("English please", "falo português")."""
        if len(text.split()) > 4:
            return None
        found = self._languages_of(self.language_requests).get(fold(text).strip(" .,;:!?¡¿"))
        return min(found) if found else None

    def _languages_of(self, table: PerLanguage) -> dict[str, frozenset[str]]:
        """Each folded word of a table, with the languages that list it (built once)."""
        cache, key = self._cache, ("languages", id(table))
        if (found := cache.get(key)) is None:
            langs: dict[str, set[str]] = {}
            for lang, words in table.items():
                for w in words:
                    langs.setdefault(fold(w), set()).add(lang)
            found = cache[key] = {w: frozenset(ls) for w, ls in langs.items()}
        return found

    def hours(self, hours: str, language: str | None) -> str:
        """Opening hours as the directory writes them ("Mon-Fri 08:00-15:00; emergencies
        24 h"), in the person's language ("lun-vie 08:00-15:00; emergencias 24 h")."""
        words = self.hours_words
        if not language or not words:
            return hours
        return re.sub(
            r"[A-Za-z]+", lambda m: words.get(m.group(), {}).get(language, m.group()), hours
        )

    def _folded(self, table: PerLanguage) -> frozenset[str]:
        cache, key = self._cache, ("set", id(table))
        if (found := cache.get(key)) is None:
            found = cache[key] = frozenset(fold(w) for words in table.values() for w in words)
        return found

    def _pattern(self, table: PerLanguage, prefix: str) -> re.Pattern[str]:
        cache, key = self._cache, (prefix, id(table))
        if (pattern := cache.get(key)) is None:
            words = "|".join(re.escape(fold(w)) for w in self.words(table))
            pattern = cache[key] = re.compile(rf"{prefix}(?:{words})(?!\w)")
        return pattern

    def of_language(self, table: PerLanguage, language: str | None) -> PerLanguage:
        """The table's words of one language (all of them when the language is not known):
        Spanish "son" ("they are") is no English son. The same table each time, for caching."""
        if language not in table:
            return table
        key = (f"language:{language}", id(table))
        if (only := self._cache.get(key)) is None:
            only = self._cache[key] = {language: table[language]}
        return only

    def _phrases(self, table: PerLanguage) -> Phrases:
        """The table's words as `_pattern` would find them whole, looked up word by word."""
        cache, key = self._cache, ("phrases", id(table))
        if (phrases := cache.get(key)) is None:
            phrases = cache[key] = Phrases(fold(w) for w in self.words(table))
        return phrases


def load_lexicon(reference_dir: Path) -> Lexicon:
    return load_yaml(reference_dir / "lexicon.yml", Lexicon)
