"""Understanding one message: language, intent ranking and entities, in Rasa's parse shape."""

import hashlib
import json
import logging
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import sklearn
import yaml

from bot.entities import Entity, EntityExtractor
from bot.intents import INTENTS, IntentClassifier
from bot.language import LanguageIdentifier
from bot.training import LANGUAGES, TrainingData, load_training_data
from data.directory import Directory
from data.lexicon import Lexicon

log = logging.getLogger(__name__)

# Rasa's convention for button payloads: "/intent" or '/intent{"entity": "value"}'.
_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)


@dataclass
class ParseResult:
    """What the NLU understood of one message."""

    text: str
    intent: str
    confidence: float
    ranking: list[tuple[str, float]]
    entities: list[Entity]
    language: str
    language_confidence: float
    source: str = "builtin"

    def first(self, entity: str) -> Entity | None:
        return next((e for e in self.entities if e.entity == entity), None)

    def as_rasa(self) -> dict[str, object]:
        """Rasa's /model/parse response, plus `language`."""
        return {
            "text": self.text,
            "intent": {"name": self.intent, "confidence": self.confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in self.ranking],
            "entities": [e.as_dict() for e in self.entities],
            "language": {"name": self.language, "confidence": self.language_confidence},
        }


@dataclass
class TrainedModels:
    """The trained parts, cached on disk by `amparo train` under their data's fingerprint."""

    fingerprint: str
    languages: LanguageIdentifier
    intents: IntentClassifier


def fingerprint(intents_dir: Path) -> str:
    """Changes whenever a training file or the scikit-learn version changes."""
    digest = hashlib.sha256(sklearn.__version__.encode())
    for path in sorted(intents_dir.rglob("*.yml")):
        digest.update(path.relative_to(intents_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def response_texts(intents_dir: Path) -> list[tuple[str, str]]:
    """(text, language) of every bot response: more examples of each language for the detector."""
    domain = yaml.safe_load((intents_dir / "domain.yml").read_text(encoding="utf-8"))
    out = []
    for variations in (domain.get("responses") or {}).values():
        for variation in variations:
            language = next(
                (c["value"] for c in variation.get("condition", []) if c.get("name") == "language"),
                None,
            )
            if language in LANGUAGES and variation.get("text"):
                text = re.sub(r"\{\w+\}", " ", variation["text"])
                out.append((text, language))
    return out


def train(intents_dir: Path, data: TrainingData) -> TrainedModels:
    """Train the language identifier and the intent classifier (a few seconds, offline)."""
    lang_examples = [(e.text, e.language) for e in data.examples] + response_texts(intents_dir)
    languages = LanguageIdentifier().fit(*map(list, zip(*lang_examples, strict=True)))
    intents = IntentClassifier().fit(
        [e.text for e in data.examples], [e.intent for e in data.examples]
    )
    return TrainedModels(fingerprint(intents_dir), languages, intents)


def load_or_train(intents_dir: Path, data: TrainingData, model_path: Path | None) -> TrainedModels:
    """The cached models if they were trained on exactly these files, else fresh ones."""
    if model_path and model_path.exists():
        try:
            cached = pickle.loads(model_path.read_bytes())
            if isinstance(cached, TrainedModels) and cached.fingerprint == fingerprint(intents_dir):
                return cached
        except Exception:  # a stale or foreign pickle is retrained, never fatal
            log.warning("ignoring unusable model cache at %s", model_path)
    return train(intents_dir, data)


def save(models: TrainedModels, model_path: Path) -> None:
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(pickle.dumps(models))


class NLU:
    """The built-in interpreter: trained models plus rule-based entities."""

    def __init__(
        self, models: TrainedModels, extractor: EntityExtractor, default_language: str = "es"
    ) -> None:
        self.models = models
        self.extractor = extractor
        self.default_language = default_language

    @classmethod
    def build(
        cls,
        intents_dir: Path,
        directory: Directory,
        lexicon: Lexicon,
        model_path: Path | None = None,
        default_language: str = "es",
    ) -> "NLU":
        data = load_training_data(intents_dir)
        models = load_or_train(intents_dir, data, model_path)
        return cls(models, EntityExtractor(lexicon, directory, data), default_language)

    def language(self, text: str, prior: str | None = None) -> tuple[str, float]:
        return self.models.languages.identify(text, prior, self.default_language)

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        region: str | None = None,
    ) -> ParseResult:
        """Understand `text`; `language_prior` is the conversation's language so far."""
        payload = _PAYLOAD.match(text.strip())
        if payload and payload["intent"] in INTENTS:
            return self._payload(text, payload, language_prior)
        language, lang_conf = self.language(text, language_prior)
        ranking = self.models.intents.rank(text)
        entities = self.extractor.extract(text, expected_entity, region)
        return ParseResult(text, *ranking[0], ranking, entities, language, lang_conf)

    def _payload(self, text: str, match: re.Match[str], prior: str | None) -> ParseResult:
        intent = match["intent"]
        entities = []
        try:
            values = json.loads(match["entities"] or "{}")
        except json.JSONDecodeError:
            values = {}
        for name, value in values.items() if isinstance(values, dict) else []:
            entities.append(Entity(str(name), str(value), 0, len(text), 1.0, "payload"))
        ranking = [(intent, 1.0)] + [(i, 0.0) for i in INTENTS if i != intent]
        return ParseResult(
            text, intent, 1.0, ranking, entities, prior or "es", 1.0 if prior else 0.0
        )


class RasaNLU:
    """Asks a Rasa server's /model/parse for the intent; the built-in NLU is the fallback.

    Language and the normalised rule entities (E.164 phones, country codes, cities) still come
    from the built-in parts: Rasa's own entities are added where the rules found nothing.
    """

    def __init__(self, url: str, fallback: NLU, timeout: float = 2.0) -> None:
        self.url = url.rstrip("/") + "/model/parse"
        self.fallback = fallback
        self.client = httpx.Client(timeout=timeout)

    def language(self, text: str, prior: str | None = None) -> tuple[str, float]:
        return self.fallback.language(text, prior)

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        region: str | None = None,
    ) -> ParseResult:
        local = self.fallback.parse(text, language_prior, expected_entity, region)
        if _PAYLOAD.match(text.strip()):  # a button's payload names its intent: no need to ask
            return local
        try:
            response = self.client.post(self.url, json={"text": text})
            response.raise_for_status()
            body = response.json()
            intent = body["intent"]
            ranking = [
                (str(r["name"]), float(r["confidence"]))
                for r in body.get("intent_ranking") or [intent]
            ]
            remote_entities = [
                Entity(
                    str(e["entity"]),
                    str(e.get("value", "")),
                    int(e.get("start", 0)),
                    int(e.get("end", 0)),
                    float(e.get("confidence_entity", e.get("confidence", 1.0)) or 1.0),
                    str(e.get("extractor", "rasa")),
                )
                for e in body.get("entities") or []
            ]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "Rasa unreachable or invalid (%s); using the built-in NLU", type(exc).__name__
            )
            return local
        found = {e.entity for e in local.entities}
        local.entities += [e for e in remote_entities if e.entity not in found]
        local.entities.sort(key=lambda e: e.start)
        local.intent, local.confidence = str(intent["name"]), float(intent["confidence"])
        local.ranking = ranking
        local.source = "rasa"
        return local
