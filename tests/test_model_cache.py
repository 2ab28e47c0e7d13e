"""The NLU model cache: keyed by the training inputs, so a hit loads without training, a change
in intents/ retrains, and a corrupt or stale file retrains, never fatal.

Most tests train on tiny training data of their own (milliseconds; three labels at least, as
the classifiers expect); one checks the real intents/ against the cache the test run uses."""

import logging
import os
import pickle
from pathlib import Path

import pytest

from amparo.settings import ROOT
from bot import nlu as nlu_module
from bot.nlu import NLU, fingerprint, load, save, train
from bot.training import load_training_data
from tests.conftest import MODEL_CACHE

TINY_NLU = {
    "es": {
        "distress": ["socorro", "ayuda estoy en peligro", "nos estan disparando"],
        "greet": ["hola", "buenos dias", "buenas tardes"],
    },
    "en": {
        "distress": ["help me", "we are in danger", "they are shooting at us"],
        "greet": ["hello", "good morning", "hi there"],
        "thanks": ["thank you", "thanks a lot", "many thanks"],
    },
    "fr": {
        "distress": ["au secours", "nous sommes en danger", "ils nous tirent dessus"],
        "thanks": ["merci", "merci beaucoup", "je vous remercie"],
    },
}
TINY_DOMAIN = """version: "3.1"
responses:
  utter_greet:
    - condition: [{type: slot, name: language, value: en}]
      text: "Hello, how can we help?"
    - condition: [{type: slot, name: language, value: es}]
      text: "Hola, ¿cómo podemos ayudarte?"
"""


def write_tiny_intents(root: Path) -> Path:
    (root / "nlu").mkdir(parents=True)
    (root / "domain.yml").write_text(TINY_DOMAIN, encoding="utf-8")
    for language, intents in TINY_NLU.items():
        blocks = [
            f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {e}\n" for e in examples)
            for intent, examples in intents.items()
        ]
        (root / "nlu" / f"{language}.yml").write_text(
            'version: "3.1"\nnlu:\n' + "".join(blocks), encoding="utf-8"
        )
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_tiny_intents(tmp_path / "intents")


@pytest.fixture
def build(directory, lexicon, tmp_path: Path):
    """build(intents_dir) -> NLU, with its model cached at tmp_path/cache/model.pkl."""
    cache = tmp_path / "cache" / "model.pkl"

    def _build(intents_dir: Path) -> NLU:
        return NLU.build(intents_dir, directory, lexicon, cache)

    _build.cache = cache  # type: ignore[attr-defined]
    return _build


def identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def test_a_second_build_on_the_same_data_loads_without_training(tiny, build, caplog):
    caplog.set_level(logging.INFO, logger="bot.nlu")
    first = build(tiny)
    assert first.trained and build.cache.exists()
    written = identity(build.cache)
    caplog.clear()
    second = build(tiny)
    assert not second.trained
    assert identity(build.cache) == written  # read, not rewritten
    assert [r.getMessage() for r in caplog.records] == [f"NLU model loaded from {build.cache}"]
    assert second.models.fingerprint == first.models.fingerprint == fingerprint(tiny)
    assert second.parse("socorro").intent == "distress"


def test_a_change_in_intents_retrains(tiny, build):
    first = build(tiny)
    es = tiny / "nlu" / "es.yml"
    es.write_text(es.read_text(encoding="utf-8") + "    - hola hola\n", encoding="utf-8")
    second = build(tiny)
    assert second.trained
    assert second.models.fingerprint != first.models.fingerprint
    assert not build(tiny).trained  # and the new model is cached in turn


def test_a_new_file_under_intents_retrains(tiny, build):
    build(tiny)
    (tiny / "rules.yml").write_text('version: "3.1"\n', encoding="utf-8")
    assert build(tiny).trained
    (tiny / ".domain.yml.swp").write_bytes(b"an editor's")  # hidden files do not count
    assert not build(tiny).trained


def test_the_training_code_version_is_part_of_the_key(tiny, monkeypatch):
    before = fingerprint(tiny)
    monkeypatch.setattr(nlu_module, "MODEL_VERSION", nlu_module.MODEL_VERSION + 1)
    assert fingerprint(tiny) != before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xffnot a model at all",
        b"amparo-nlu-model {key}\n\x80\x05truncated",
        b"amparo-nlu-model {key}\n" + pickle.dumps({"a": "dict"}),
    ],
    ids=["empty", "garbage", "truncated-pickle", "foreign-pickle"],
)
def test_a_corrupt_cache_retrains_and_is_replaced(tiny, build, content, caplog):
    build.cache.parent.mkdir(parents=True)
    build.cache.write_bytes(content.replace(b"{key}", fingerprint(tiny).encode()))
    rebuilt = build(tiny)
    assert rebuilt.trained
    assert rebuilt.parse("hello").intent == "greet"
    assert load(build.cache, fingerprint(tiny)) is not None  # a good model took its place
    assert not build(tiny).trained


def test_a_model_pickled_without_the_key_line_is_stale(tiny, build):
    """The format of earlier versions (a bare pickle) is retrained, not unpickled."""
    models = train(tiny, load_training_data(tiny))
    build.cache.parent.mkdir(parents=True)
    build.cache.write_bytes(pickle.dumps(models))
    assert build(tiny).trained


def test_an_unwritable_cache_is_not_fatal(tiny, directory, lexicon, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache's folder should be")
    built = NLU.build(tiny, directory, lexicon, blocker / "model.pkl")
    assert built.trained and built.parse("socorro").intent == "distress"


def test_save_leaves_no_partial_file(tiny, tmp_path):
    target = tmp_path / "m" / "model.pkl"
    save(train(tiny, load_training_data(tiny)), target)
    assert os.listdir(target.parent) == ["model.pkl"]


def test_the_test_runs_cache_is_keyed_on_the_real_intents(nlu):
    assert nlu.models.fingerprint == fingerprint(ROOT / "intents")
    assert load(MODEL_CACHE, fingerprint(ROOT / "intents")) is not None
