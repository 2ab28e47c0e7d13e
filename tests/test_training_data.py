"""intents/ is valid Rasa 3.x data, complete in five languages, and consistent with the core."""

import re
import string
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.intents import INTENTS
from bot.training import LANGUAGES, load_training_data, parse_example
from tests import rasa_schema

INTENTS_DIR = Path(__file__).resolve().parent.parent / "intents"
NLU_FILES = sorted((INTENTS_DIR / "nlu").glob("*.yml"))
DOMAIN = yaml.safe_load((INTENTS_DIR / "domain.yml").read_text(encoding="utf-8"))
NEEDS = DOMAIN["slots"]["need"]["values"]
MINIMUM = {
    "distress": 45, "missing_person": 45, "assistance": 45, "information": 45,
    "safe": 30, "human": 30, "stop": 30,
}  # fmt: skip


def test_one_nlu_file_per_language():
    assert sorted(p.stem for p in NLU_FILES) == sorted(LANGUAGES)


@pytest.mark.parametrize("path", NLU_FILES, ids=lambda p: p.name)
def test_nlu_file_matches_rasa_schema(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, rasa_schema.NLU)
    assert doc["version"] == DOMAIN["version"] == "3.1"


def test_domain_matches_rasa_schema():
    jsonschema.validate(DOMAIN, rasa_schema.DOMAIN)
    assert DOMAIN["intents"] == list(INTENTS)


def test_domain_references_resolve():
    """What Rasa's validator checks: forms, slots, entities and questions fit together."""
    entities = set(DOMAIN["entities"])
    for slot, spec in DOMAIN["slots"].items():
        for mapping in spec["mappings"]:
            if mapping["type"] == "from_entity":
                assert mapping["entity"] in entities, slot
            for condition in mapping.get("conditions", []):
                assert condition["active_loop"] in DOMAIN["forms"], slot
                if "requested_slot" in condition:
                    assert condition["requested_slot"] == slot
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            assert slot in DOMAIN["slots"]
            assert f"utter_ask_{slot}" in DOMAIN["responses"], f"no question for {slot}"


@pytest.mark.parametrize("path", NLU_FILES, ids=lambda p: p.name)
def test_examples_cover_every_intent_in_quantity(path):
    data = load_training_data(INTENTS_DIR)
    counts = Counter(e.intent for e in data.examples if e.language == path.stem)
    assert set(counts) == set(INTENTS)
    for intent in INTENTS:
        assert counts[intent] >= MINIMUM.get(intent, 22), (intent, counts[intent])


@pytest.mark.parametrize("path", NLU_FILES, ids=lambda p: p.name)
def test_entity_markup_is_well_formed_and_declared(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in doc["nlu"]:
        if "intent" not in block:
            continue
        for line in [ln.strip()[2:] for ln in block["examples"].splitlines() if ln.strip()]:
            example = parse_example(line, block["intent"], path.stem)
            assert "[" not in example.text and "](" not in example.text, line
            for ann in example.entities:
                assert ann.entity in DOMAIN["entities"], line
                if ann.entity == "need":
                    assert ann.value in NEEDS, line
            if block["intent"] == "assistance":
                assert any(a.entity == "need" for a in example.entities), line


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_need_has_synonyms_in_every_language(language):
    data = load_training_data(INTENTS_DIR)
    for need in NEEDS:
        assert data.synonyms.get(need, {}).get(language), (need, language)


def test_no_duplicate_examples_within_an_intent():
    data = load_training_data(INTENTS_DIR)
    seen = Counter((e.language, e.intent, e.text.lower()) for e in data.examples)
    assert [k for k, n in seen.items() if n > 1] == []


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_every_response_in_five_languages_with_same_placeholders(name):
    variations = DOMAIN["responses"][name]
    by_lang = {v["condition"][0]["value"]: v for v in variations}
    assert sorted(by_lang) == sorted(LANGUAGES)
    english = by_lang["en"]
    for language, variation in by_lang.items():
        assert _placeholders(variation["text"]) == _placeholders(english["text"]), language
        payloads = [b["payload"] for b in variation.get("buttons", [])]
        assert payloads == [b["payload"] for b in english.get("buttons", [])], language


def test_no_response_asks_about_immigration_status():
    status_words = re.compile(
        r"(?i)\b(papeles|visa|documentos migratorios|immigration status|legal status|statut|"
        r"sans[- ]papiers|situação migratória|estati imigrasyon)\b"
    )
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            if name.startswith("utter_ask"):
                assert not status_words.search(variation["text"]), (name, variation["text"])


RASA_COMPONENTS = {
    "WhitespaceTokenizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer",
    "CountVectorsFeaturizer", "DIETClassifier", "EntitySynonymMapper", "FallbackClassifier",
}  # fmt: skip


def test_rasa_config_names_real_components_and_matches_our_threshold():
    from bot.dialogue import MIN_CONFIDENCE

    config = yaml.safe_load((INTENTS_DIR / "config.yml").read_text(encoding="utf-8"))
    assert config["recipe"] == "default.v1" and config["language"]
    names = [c["name"] for c in config["pipeline"]]
    assert set(names) <= RASA_COMPONENTS and names[0].endswith("Tokenizer")
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback["threshold"] == MIN_CONFIDENCE
