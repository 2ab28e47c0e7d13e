"""The `amparo` command line, run as a user runs it."""

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from amparo.cli import app

COMMANDS = [
    "serve", "migrate", "train", "chat", "cases", "recordings", "telegram", "telegram set-webhook",
]  # fmt: skip


@pytest.fixture
def env(tmp_path, monkeypatch):
    from amparo.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("MODEL_PATH", str(tmp_path / "model.pkl"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_on_every_command(command):
    result = CliRunner().invoke(app, [*command.split(), "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_chat_holds_a_conversation_and_cases_lists_it(env, model_path, monkeypatch, caplog):
    from amparo.settings import get_settings

    monkeypatch.setenv("MODEL_PATH", str(model_path))  # a model trained on these intents/
    get_settings.cache_clear()
    caplog.set_level(logging.INFO, logger="bot.nlu")
    runner = CliRunner()
    result = runner.invoke(
        app, ["chat", "--sender", "demo"], input="hola\nperdi mi pasaporte en Houston\n"
    )
    assert result.exit_code == 0, result.output
    assert f"NLU model loaded from {model_path}" in caplog.messages  # reused, not retrained
    assert "amparo: Hola" in result.output
    assert "1. Estoy en peligro" in result.output  # the numbered menu
    listed = runner.invoke(app, ["cases"])
    assert listed.exit_code == 0
    assert "assistance" in listed.output and "AMP-" in listed.output


def test_cases_on_an_empty_database(env):
    result = CliRunner().invoke(app, ["cases"])
    assert result.exit_code == 0 and "no cases" in result.output


def test_train_stores_a_model_that_start_up_reuses(env, monkeypatch, directory, lexicon):
    """`amparo train` writes MODEL_PATH; serve, worker and chat build from the same settings."""
    from amparo.settings import get_settings
    from bot.nlu import NLU, fingerprint, load
    from tests.test_model_cache import write_tiny_intents

    intents = write_tiny_intents(env / "intents")  # trains in milliseconds
    monkeypatch.setenv("INTENTS_DIR", str(intents))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["train"])
    assert result.exit_code == 0, result.output
    assert "trained on" in result.output
    settings = get_settings()
    assert settings.model_path == env / "model.pkl"
    assert load(settings.model_path, fingerprint(intents)) is not None
    assert not NLU.build(intents, directory, lexicon, settings.model_path).trained


def test_every_command_uses_one_default_model_path(monkeypatch):
    """`make run` (serve) trains and caches; chat, worker and train then use the same file."""
    from amparo.settings import ROOT, Settings

    monkeypatch.delenv("MODEL_PATH", raising=False)
    elsewhere = Settings()
    assert elsewhere.model_path == ROOT / ".amparo" / "nlu-model.pkl"
    assert elsewhere.model_path.is_absolute()  # not relative to where a command is run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_a_real_server_that_answers_health(tmp_path, model_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "MODEL_PATH": str(model_path),
        "PORT": str(port),
    }
    amparo = Path(sys.executable).with_name("amparo")
    process = subprocess.Popen(
        [str(amparo), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                if response.status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("amparo serve did not become ready")
        parsed = httpx.post(
            f"http://127.0.0.1:{port}/model/parse", json={"text": "m bezwen èd"}
        ).json()
        assert parsed["language"]["name"] == "ht"
        query = {
            "hub.mode": "subscribe",
            "hub.verify_token": "SECRET-IN-QUERY",
            "hub.challenge": "1",
        }
        httpx.get(f"http://127.0.0.1:{port}/webhooks/whatsapp", params=query)
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert f"NLU model loaded from {model_path}" in output  # the cache, not a retraining
    assert "/webhooks/whatsapp" in output  # the access log speaks…
    assert "SECRET-IN-QUERY" not in output  # …without the query string


def test_telegram_set_webhook(env, provider, monkeypatch):
    from amparo.settings import get_settings

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s3cret")
    monkeypatch.setenv("TELEGRAM_API_URL", provider.url)
    monkeypatch.setenv("PUBLIC_URL", "https://amparo.example")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["telegram", "set-webhook"])
    assert result.exit_code == 0, result.output
    call = next(c for c in provider.sent("telegram") if c.path == "/bot123:abc/setWebhook")
    assert call.params["secret_token"] == "s3cret"
    assert call.params["url"] == "https://amparo.example/webhooks/telegram"


def test_telegram_set_webhook_without_settings_says_what_is_missing(env):
    result = CliRunner().invoke(app, ["telegram", "set-webhook"])
    assert result.exit_code == 2 and "TELEGRAM_BOT_TOKEN" in result.output


def test_half_configured_channel_is_a_clear_start_up_error(env, monkeypatch):
    from amparo.settings import get_settings

    monkeypatch.setenv("WHATSAPP_APP_SECRET", "only-this")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["migrate"])
    assert result.exit_code != 0
    assert "WhatsApp is partly configured" in str(result.exception)


def test_recordings_lists_the_prompts_to_record_and_which_are_missing(env, monkeypatch):
    from amparo.settings import get_settings

    folder = env / "recordings" / "ht"
    folder.mkdir(parents=True)
    (folder / "utter_menu.mp3").write_bytes(b"ID3")
    monkeypatch.setenv("VOICE_RECORDINGS_DIR", str(env / "recordings"))
    get_settings.cache_clear()
    runner = CliRunner()
    every = runner.invoke(app, ["recordings", "ht"])
    assert every.exit_code == 0, every.output
    lines = [line.split("\t") for line in every.stdout.splitlines()]
    files = {line[0]: line for line in lines}
    assert files["ht/language_menu.mp3"][1:] == [
        "missing",
        "ht",
        "Pou kreyòl, peze 5 oswa di kreyòl.",
    ]
    assert files["ht/utter_menu.mp3"][1] == "recorded" and "peze 1" in files["ht/utter_menu.mp3"][3]
    assert "ht/utter_case_filed.mp3" not in files  # a reference cannot be pre-recorded
    missing = runner.invoke(app, ["recordings", "ht", "--missing"])
    assert missing.exit_code == 1 and "ht/utter_menu.mp3" not in missing.stdout
    assert f"{len(lines) - 1} of {len(lines)} prompts missing" in missing.stderr
    kiche = runner.invoke(app, ["recordings", "quc"])  # no text of its own: Spanish to translate
    assert kiche.exit_code == 0 and "\tes\tPara k'iche', marque 6." in kiche.stdout
    assert runner.invoke(app, ["recordings", "es"]).exit_code == 2  # spoken: nothing to record


def test_cases_shows_which_are_due_a_callback(env):
    from amparo.cli import _store

    store = _store()
    due = store.create_case(
        kind="distress", priority=1, channel="voice", language="es", contact="+17135550199"
    )
    due.callback_due = True
    store.update_case(due, "voicemail", {})
    store.create_case(kind="assistance", priority=3, channel="voice", language="es")
    listed = CliRunner().invoke(app, ["cases"])
    assert listed.exit_code == 0
    header, *rows = listed.output.splitlines()
    assert "callback" in header.split()
    assert [row.split()[6] for row in rows] == ["due", "-"]
