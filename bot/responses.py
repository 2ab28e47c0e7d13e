"""The bot's words: responses from intents/domain.yml, one variation per language.

A variation may be marked `channel: voice` (Rasa's channel-specific responses): the phone
line asks for the keypad where a text channel asks to write.
"""

import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.training import LANGUAGES
from channels.messages import Button, Reply


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "—"


# One variation of a response, as domain.yml gives it (text, buttons, condition, channel).
Variation = dict[str, Any]


class ResponseBook:
    """Renders `utter_*` responses in a language, filling {placeholders}."""

    def __init__(self, responses: Mapping[str, list[Variation]]) -> None:
        self.variations: dict[str, dict[str, Variation]] = {}
        self.channel_variations: dict[tuple[str, str], dict[str, Variation]] = {}
        for name, variations in responses.items():
            for variation in variations:
                language = next(
                    (
                        c["value"]
                        for c in variation.get("condition", [])
                        if c.get("name") == "language"
                    ),
                    "en",
                )
                channel = variation.get("channel")
                table = (
                    self.channel_variations.setdefault((name, str(channel)), {})
                    if channel
                    else self.variations.setdefault(name, {})
                )
                table[str(language)] = variation

    @classmethod
    def from_domain(cls, intents_dir: Path) -> "ResponseBook":
        domain = yaml.safe_load((intents_dir / "domain.yml").read_text(encoding="utf-8"))
        return cls(domain.get("responses") or {})

    def names(self) -> list[str]:
        """Every response's name, in the domain's order."""
        return list(dict.fromkeys([*self.variations, *(n for n, _ in self.channel_variations)]))

    def placeholders(self, name: str, language: str) -> set[str]:
        text = str(self._variation(name, language).get("text", ""))
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    def missing(self) -> list[str]:
        """'utter_x/lang' (or 'utter_x@channel/lang') for every response lacking a language."""
        tables = dict(self.variations)
        tables |= {f"{n}@{ch}": by_lang for (n, ch), by_lang in self.channel_variations.items()}
        return [
            f"{name}/{lang}"
            for name, by_lang in tables.items()
            for lang in LANGUAGES
            if lang not in by_lang
        ]

    def _variation(self, name: str, language: str, channel: str | None = None) -> Variation:
        by_channel = self.channel_variations.get((name, channel or ""), {})
        by_lang = self.variations.get(name) or by_channel
        return by_channel.get(language) or by_lang.get(language) or by_lang["en"]

    def render(
        self, name: str, language: str, channel: str | None = None, **values: object
    ) -> Reply:
        """One response in `language` (English if that variation is missing), for `channel`."""
        variation = self._variation(name, language, channel)
        text = str(variation.get("text", "")).format_map(_Blank(values))
        buttons = tuple(
            Button(title=str(b["title"]), payload=str(b["payload"]))
            for b in variation.get("buttons", [])
        )
        return Reply(text=text, buttons=buttons, language=language, name=name, values=dict(values))
