"""The `amparo` command line: serve, migrate, train, chat, cases."""

import logging
import sys
import time
from pathlib import Path

import typer

from amparo.settings import get_settings

app = typer.Typer(help="Amparo: hotline and chatbot for migrants caught in a crisis abroad.")


class _NoQueryStrings(logging.Filter):
    """Access logs keep the path, not the query: WhatsApp's handshake carries its verify token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = str(args[2]).split("?", 1)[0]
            record.args = tuple(args)
        return True


def _logging() -> None:
    logging.basicConfig(
        level=get_settings().log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    logging.getLogger("uvicorn.access").addFilter(_NoQueryStrings())


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to listen on (default: HOST)."),
    port: int = typer.Option(None, help="Port (default: PORT, 8000)."),
) -> None:
    """Migrate, load the reference data and the NLU, and serve the API."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    _logging()
    # The core runs in worker threads of this process: hand the GIL back to the event loop
    # often, so webhooks are acknowledged promptly while messages are being handled.
    sys.setswitchinterval(0.0005)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
    )


@app.command()
def migrate() -> None:
    """Bring the database (DATABASE_URL) to the latest schema."""
    from data.schema import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is up to date")


@app.command()
def train(
    output: Path = typer.Option(None, help="Where to store the model (default: MODEL_PATH)."),
) -> None:
    """Train the language and intent models from intents/ and store them."""
    from bot.nlu import save
    from bot.nlu import train as train_models
    from bot.training import load_training_data

    settings = get_settings()
    started = time.perf_counter()
    data = load_training_data(settings.intents_dir)
    models = train_models(settings.intents_dir, data)
    target = output or settings.model_path
    save(models, target)
    elapsed = time.perf_counter() - started
    typer.echo(
        f"trained on {len(data.examples)} examples, {len(data.intents())} intents "
        f"in {elapsed:.1f} s -> {target}"
    )


@app.command()
def chat(
    sender: str = typer.Option("terminal", help="Who you are, for the conversation state."),
    channel: str = typer.Option("cli", help="Channel name recorded on the conversation."),
    language: str = typer.Option(None, help="Language hint (es, en, fr, pt, ht)."),
) -> None:
    """Talk to the bot in the terminal, as a migrant would (Ctrl-D to leave)."""
    from amparo.service import build_service
    from channels.messages import InboundMessage

    service = build_service(get_settings())
    typer.echo("Amparo — write as a migrant would. Ctrl-D to leave.")
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        turn = service.core.handle(
            InboundMessage(channel=channel, sender=sender, text=text, language_hint=language)
        )
        for reply in turn.replies:
            typer.echo(f"amparo: {reply.text}")
            for number, button in enumerate(reply.buttons, 1):
                typer.echo(f"  {number}. {button.title}")


@app.command()
def cases(
    kind: str = typer.Option(None, help="distress, missing_person or assistance."),
    status: str = typer.Option(None, help="Status, e.g. new."),
) -> None:
    """List cases, most urgent first."""
    from bot.cases import PRIORITY_NAMES
    from data.schema import upgrade
    from data.store import Store

    settings = get_settings()
    upgrade(settings.database_url)
    store = Store(settings.database_url, settings.secret_key)
    rows = store.cases(kind=kind, status=status)
    if not rows:
        typer.echo("no cases")
        return
    typer.echo(
        f"{'ref':<11} {'kind':<15} {'priority':<8} {'status':<8} {'nat':<4} {'consulate':<22} filed"
    )
    for case in rows:
        typer.echo(
            f"{case.ref:<11} {case.kind:<15} {PRIORITY_NAMES[case.priority]:<8} {case.status:<8} "
            f"{case.nationality or '-':<4} {case.consulate_id or '-':<22} "
            f"{case.created_at:%Y-%m-%d %H:%M}"
        )


telegram_app = typer.Typer(help="Telegram administration.")
app.add_typer(telegram_app, name="telegram")


@telegram_app.command("set-webhook")
def telegram_set_webhook() -> None:
    """Register PUBLIC_URL/webhooks/telegram with Telegram, with TELEGRAM_WEBHOOK_SECRET."""
    import asyncio

    from channels.telegram import make_bot, set_webhook

    settings = get_settings()
    if not (settings.telegram_bot_token and settings.telegram_webhook_secret):
        typer.echo("set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first", err=True)
        raise typer.Exit(2)
    if not settings.public_url:
        typer.echo("set PUBLIC_URL: the https address Telegram will call", err=True)
        raise typer.Exit(2)
    url = settings.public_url.rstrip("/") + "/webhooks/telegram"
    bot = make_bot(settings.telegram_bot_token, settings.telegram_api_url)
    asyncio.run(set_webhook(bot, url, settings.telegram_webhook_secret))
    typer.echo(f"Telegram will call {url}")
