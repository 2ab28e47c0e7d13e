"""Reads Rasa 3.x YAML training data: intent examples with inline entity markup, synonyms."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data.words import LANGUAGES

__all__ = ["LANGUAGES"]  # bot.training.LANGUAGES: the languages of the training data

# [text](entity) or [text]{"entity": "...", "value": "..."}
_MARKUP = re.compile(r"\[(?P<text>[^\[\]]+)\](?:\((?P<name>[^)]+)\)|(?P<json>\{[^{}]*\}))")


class TrainingDataError(ValueError):
    """The training data cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Annotation:
    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str
    entities: tuple[Annotation, ...] = ()


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    # need value -> words meaning it, per language
    synonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)

    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})


def parse_example(line: str, intent: str, language: str) -> Example:
    """One example line with Rasa entity markup -> plain text and annotations."""
    text_parts: list[str] = []
    annotations: list[Annotation] = []
    pos = 0
    length = 0
    for match in _MARKUP.finditer(line):
        before = line[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        surface = match["text"]
        if match["json"]:
            spec = json.loads(match["json"])
            name, value = spec["entity"], str(spec.get("value", surface))
        else:
            name, value = match["name"], surface
        annotations.append(Annotation(name, value, length, length + len(surface)))
        text_parts.append(surface)
        length += len(surface)
        pos = match.end()
    text_parts.append(line[pos:])
    return Example("".join(text_parts).strip(), intent, language, tuple(annotations))


def _items(block: str) -> list[str]:
    return [ln.strip()[2:].strip() for ln in block.splitlines() if ln.strip().startswith("- ")]


def load_nlu_file(path: Path, data: TrainingData) -> None:
    """Add one language's NLU file (named <language>.yml) to `data`."""
    language = path.stem
    if language not in LANGUAGES:
        raise TrainingDataError(f"{path}: file name must be one of {LANGUAGES}")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TrainingDataError(f"{path}: not valid YAML: {exc}") from exc
    for block in (doc or {}).get("nlu", []):
        examples = block.get("examples", "")
        if "intent" in block:
            for line in _items(examples):
                try:
                    data.examples.append(parse_example(line, block["intent"], language))
                except (json.JSONDecodeError, KeyError) as exc:
                    raise TrainingDataError(f"{path}: bad entity markup in {line!r}") from exc
        elif "synonym" in block:
            per_lang = data.synonyms.setdefault(block["synonym"], {})
            per_lang.setdefault(language, []).extend(_items(examples))
        elif "lookup" in block:
            data.lookups.setdefault(block["lookup"], []).extend(_items(examples))


def load_training_data(intents_dir: Path) -> TrainingData:
    """All NLU files under intents/nlu/."""
    data = TrainingData()
    files = sorted((intents_dir / "nlu").glob("*.yml"))
    if not files:
        raise TrainingDataError(f"no NLU files in {intents_dir / 'nlu'}")
    for path in files:
        load_nlu_file(path, data)
    return data
