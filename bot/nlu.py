"""Understanding one message: language, intent ranking and entities, in Rasa's parse shape."""

import hashlib
import json
import logging
import os
import pickle
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import numpy
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


# Bump when training changes in a way the files below do not show (a new step in `train`, a
# different use of the training data): every cached model is then retrained once.
MODEL_VERSION = 2

# The code that fits the models and defines what is pickled: its source is part of the key.
_TRAINING_CODE = (
    "bot/classifier.py", "bot/intents.py", "bot/language.py", "bot/text.py", "bot/training.py",
    "data/words.py",  # fold(): the features' normal form
)  # fmt: skip
_HEADER = b"amparo-nlu-model "


@dataclass
class TrainedModels:
    """The trained parts, cached on disk under their training inputs' fingerprint."""

    fingerprint: str
    languages: LanguageIdentifier
    intents: IntentClassifier


def fingerprint(intents_dir: Path) -> str:
    """The cache key: every file under intents/, the training code and the library versions.

    Training reads only intents/ (NLU examples and the domain's responses); the reference
    data (lexicon, directory) feeds the rule-based entity extractor, which is built at each
    start and never cached, so it is not part of the key.
    """
    digest = hashlib.sha256(f"model {MODEL_VERSION}\n".encode())
    versions = (sys.version_info[:2], sklearn.__version__, numpy.__version__)
    digest.update(repr(versions).encode())
    code = Path(__file__).resolve().parent.parent
    for name in _TRAINING_CODE:
        digest.update(f"\0code/{name}\0".encode())
        try:
            digest.update((code / name).read_bytes())
        except OSError:  # installed without sources: MODEL_VERSION and the versions still count
            digest.update(b"no source")
    for path in sorted(p for p in intents_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(intents_dir).as_posix()
        if any(part.startswith(".") for part in Path(relative).parts):
            continue  # editors' swap files and the like
        digest.update(f"\0data/{relative}\0".encode())
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


def train(intents_dir: Path, data: TrainingData, key: str | None = None) -> TrainedModels:
    """Train the language identifier and the intent classifier (a few seconds, offline)."""
    lang_examples = [(e.text, e.language) for e in data.examples] + response_texts(intents_dir)
    languages = LanguageIdentifier().fit(*map(list, zip(*lang_examples, strict=True)))
    intents = IntentClassifier().fit(
        [e.text for e in data.examples], [e.intent for e in data.examples]
    )
    return TrainedModels(key or fingerprint(intents_dir), languages, intents)


def load(model_path: Path, key: str) -> TrainedModels | None:
    """The models cached at `model_path` if they were trained under `key`, else None.

    The key is on the file's first line, so a stale model is recognised without unpickling
    it; an unreadable or corrupt file is reported and ignored, never fatal.
    """
    try:
        with model_path.open("rb") as file:
            header = file.readline(len(_HEADER) + 200)
            if header != _HEADER + key.encode() + b"\n":
                log.info("NLU model at %s was trained on other data or code", model_path)
                return None
            models = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated, corrupt or foreign file: retrain
        log.warning("ignoring unusable NLU model at %s (%s)", model_path, type(exc).__name__)
        return None
    if not isinstance(models, TrainedModels) or models.fingerprint != key:
        log.warning("ignoring unusable NLU model at %s (not a model for this key)", model_path)
        return None
    return models


def save(models: TrainedModels, model_path: Path) -> None:
    """Store the models, their key first; written aside then renamed, so a reader (another
    process starting) never sees half a file."""
    model_path.parent.mkdir(parents=True, exist_ok=True)
    partial = model_path.with_name(f".{model_path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as file:
            file.write(_HEADER + models.fingerprint.encode() + b"\n")
            pickle.dump(models, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, model_path)
    finally:
        partial.unlink(missing_ok=True)


def load_or_train(
    intents_dir: Path, data: TrainingData, model_path: Path | None
) -> tuple[TrainedModels, bool]:
    """The cached models if they were trained on exactly these inputs, else fresh ones (then
    cached at `model_path`); and whether it trained."""
    key = fingerprint(intents_dir)
    if model_path is not None:
        cached = load(model_path, key)
        if cached is not None:
            log.info("NLU model loaded from %s", model_path)
            return cached, False
    started = time.perf_counter()
    models = train(intents_dir, data, key)
    log.info("NLU trained in %.1f s", time.perf_counter() - started)
    if model_path is not None:
        try:
            save(models, model_path)
        except OSError as exc:  # a read-only place: serve anyway, train again next time
            log.warning("could not cache the NLU model at %s (%s)", model_path, exc)
    return models, True


class NLU:
    """The built-in interpreter: trained models plus rule-based entities."""

    def __init__(
        self,
        models: TrainedModels,
        extractor: EntityExtractor,
        default_language: str = "es",
        trained: bool = True,
    ) -> None:
        self.models = models
        self.extractor = extractor
        self.default_language = default_language
        self.trained = trained  # False: the models came from the cache

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
        models, trained = load_or_train(intents_dir, data, model_path)
        return cls(models, EntityExtractor(lexicon, directory, data), default_language, trained)

    def language(self, text: str, prior: str | None = None) -> tuple[str, float]:
        return self.models.languages.identify(text, prior, self.default_language)

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult:
        """Understand `text`; `language_prior` is the conversation's language so far."""
        payload = _PAYLOAD.match(text.strip())
        if payload and payload["intent"] in INTENTS:
            return self._payload(text, payload, language_prior)
        language, lang_conf = self.language(text, language_prior)
        ranking = self.models.intents.rank(text)
        entities = self.extractor.extract(text, expected_entity, regions, language)
        return ParseResult(text, *ranking[0], ranking, entities, language, lang_conf)

    def typed_name(self, text: str) -> tuple[int, int] | None:
        """Where a message is only a person's name, typed in any case."""
        return self.extractor.typed_name(text)

    def reread(
        self,
        parse: ParseResult,
        language: str,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult:
        """The same message read in `language`, the conversation's, when its own words were too
        few or too full of names to say it is in another ("Daniela Alejandra Flores, she's
        sixteen" is English after English, not Spanish)."""
        rules = self.extractor.extract(parse.text, expected_entity, regions, language)
        found = {e.entity for e in rules}
        kept = [e for e in parse.entities if e.extractor != "AmparoRules" and e.entity not in found]
        probability = self.models.languages.probabilities(parse.text).get(language, 0.0)
        return replace(
            parse,
            entities=sorted(rules + kept, key=lambda e: e.start),
            language=language,
            language_confidence=probability,
        )

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

    def reread(
        self,
        parse: ParseResult,
        language: str,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult:
        return self.fallback.reread(parse, language, expected_entity, regions)

    def typed_name(self, text: str) -> tuple[int, int] | None:
        return self.fallback.typed_name(text)

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult:
        local = self.fallback.parse(text, language_prior, expected_entity, regions)
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
