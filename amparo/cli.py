"""The `amparo` command line: serve, migrate, train, chat, cases, users, telegram."""

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amparo.settings import get_settings, secret

if TYPE_CHECKING:  # built lazily below: most commands need none of these
    from amparo.casework.accounts import Accounts
    from amparo.tracing.registry import Tracing
    from data.store import Store

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
    from amparo.observability import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    logging.getLogger("uvicorn.access").addFilter(_NoQueryStrings())


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to listen on (default: HOST)."),
    port: int = typer.Option(None, help="Port (default: PORT, 8000)."),
) -> None:
    """Migrate, load the reference data and the NLU, and serve the API."""
    import uvicorn

    from amparo.service import build_service, settle
    from api.app import create_app

    settings = get_settings()
    _logging()
    service = build_service(settings)
    settle()
    # The core runs in worker threads of this process: hand the GIL back to the event loop
    # often, so webhooks are acknowledged promptly while messages are being handled.
    sys.setswitchinterval(0.0005)
    uvicorn.run(
        create_app(settings, service),
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
        **settings.proxy_options(),
    )


@app.command()
def worker(
    metrics_port: int = typer.Option(None, help="Serve this worker's /metrics on this port."),
) -> None:
    """Handle messages and send replies from the shared queue (production mode: REDIS_URL).

    Start as many as needed; they share the partitions, and take over a dead one's.
    """
    import asyncio
    import signal

    from amparo.background import background
    from amparo.runtime.worker import patiently
    from amparo.service import build_service, settle
    from data.schema import upgrade

    settings = get_settings()
    _logging()
    if not settings.redis_url:
        typer.echo("set REDIS_URL: without it `amparo serve` handles messages itself", err=True)
        raise typer.Exit(2)
    service = build_service(settings, migrate=False)  # migrated below, once PostgreSQL answers
    settle()
    if metrics_port:
        from prometheus_client import start_http_server

        from amparo.observability import REGISTRY

        start_http_server(metrics_port, addr=settings.host, registry=REGISTRY)

    async def run() -> None:
        # The database and Redis may come up after the worker: it waits for them (a signal
        # meanwhile ends it at once: nothing is in hand yet).
        await patiently("the database", lambda: asyncio.to_thread(upgrade, settings.database_url))
        async with background(service, handle_messages=True):
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            logging.getLogger("amparo.runtime.worker").info("worker started")
            await stop.wait()

    asyncio.run(run())


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
        turn = service.runner.handle(
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

    rows = _store().cases(kind=kind, status=status)
    if not rows:
        typer.echo("no cases")
        return
    typer.echo(
        f"{'ref':<11} {'kind':<15} {'priority':<8} {'status':<8} {'nat':<4} {'consulate':<22} "
        f"{'callback':<9} filed"
    )
    for case in rows:
        # "due": someone promised a call back (a voice message, a dropped call) with a number
        callback = "due" if case.callback_due else "-"
        typer.echo(
            f"{case.ref:<11} {case.kind:<15} {PRIORITY_NAMES[case.priority]:<8} {case.status:<8} "
            f"{case.nationality or '-':<4} {case.consulate_id or '-':<22} {callback:<9} "
            f"{case.created_at:%Y-%m-%d %H:%M}"
        )


@app.command()
def recordings(
    language: str = typer.Argument(..., help="A phone language without text-to-speech: ht, quc."),
    missing: bool = typer.Option(False, help="Only the prompts not recorded yet; exit 1 if any."),
) -> None:
    """The prompts to record for the phone line: file, then the text to say (tab-separated)."""
    from amparo.runtime.calls import recording_script
    from bot.responses import ResponseBook
    from data.voice import Recordings, load_voice_languages

    settings = get_settings()
    try:
        lines = recording_script(
            ResponseBook.from_domain(settings.intents_dir),
            load_voice_languages(settings.reference_dir),
            Recordings(settings.voice_recordings_dir, ""),
            language,
        )
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    todo = [line for line in lines if not (missing and line.recorded)]
    for line in todo:
        mark = "recorded" if line.recorded else "missing"
        typer.echo(f"{line.file}\t{mark}\t{line.script_language}\t{line.text}")
    typer.echo(
        f"{sum(not line.recorded for line in lines)} of {len(lines)} prompts missing in "
        f"{settings.voice_recordings_dir}/{language}",
        err=True,
    )
    if missing and todo:
        raise typer.Exit(1)


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
    bot = make_bot(secret(settings.telegram_bot_token), settings.telegram_api_url)
    asyncio.run(set_webhook(bot, url, secret(settings.telegram_webhook_secret)))
    typer.echo(f"Telegram will call {url}")


users_app = typer.Typer(help="Accounts of agents, consuls, supervisors and admins.")
app.add_typer(users_app, name="users")


def _accounts() -> "Accounts":  # built lazily: the other commands do not need argon2
    from amparo.casework.accounts import Accounts
    from amparo.casework.audit import Audit

    store = _store()
    return Accounts(store, Audit(store))


@users_app.command("add")
def users_add(
    username: str,
    role: str = typer.Option(..., help="admin, supervisor, agent or consul."),
    name: str = typer.Option(None, help="Full name (default: the username)."),
    consulate: str = typer.Option(None, help="A consul's consulate id (data/reference)."),
    language: str = typer.Option("es", help="Console language: es or en."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (scripts)."
    ),
) -> None:
    """Create an account; the password is asked for (or read from stdin), never an argument."""
    from amparo.casework.accounts import AccountError
    from data.directory import load_directory

    if consulate and load_directory(get_settings().reference_dir).consulate(consulate) is None:
        typer.echo(f"no consulate {consulate} in the directory", err=True)
        raise typer.Exit(2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = _accounts().create_user(
            username, name or username, password, role, consulate, language
        )
    except AccountError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    where = f" at {user.consulate_id}" if user.consulate_id else ""
    typer.echo(f"created {user.username} ({user.role}{where})")


@users_app.command("list")
def users_list() -> None:
    """The accounts, with their roles."""
    for user in _accounts().users():
        state = "" if user.active else " (disabled)"
        typer.echo(f"{user.username:<20} {user.role:<10} {user.consulate_id or '-'}{state}")


@app.command()
def purge(
    days: int = typer.Option(None, help="Retention in days (default: RETENTION_DAYS)."),
) -> None:
    """Anonymise cases finished, and delete conversations silent, longer than the retention."""
    from amparo.casework.privacy import Privacy

    settings = get_settings()
    done = Privacy(_store()).purge(days or settings.retention_days)
    typer.echo(f"{done['cases']} cases anonymised, {done['conversations']} conversations deleted")


people_app = typer.Typer(help="A person's data, on their request.")
app.add_typer(people_app, name="people")


@people_app.command("export")
def people_export(channel: str, sender: str) -> None:
    """Print everything held about one person (JSON): channel and sender id as stored."""
    import json

    from amparo.casework.privacy import Privacy

    found = Privacy(_store()).export(channel, sender)
    if found is None:
        typer.echo("nobody with that channel and sender", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(found, ensure_ascii=False, indent=2))


@people_app.command("erase")
def people_erase(channel: str, sender: str) -> None:
    """Remove one person from every table and queue (they stay opted out)."""
    from amparo.casework.privacy import Privacy

    if not Privacy(_store()).erase(channel, sender):
        typer.echo("nobody with that channel and sender", err=True)
        raise typer.Exit(1)
    typer.echo("erased")


pfif_app = typer.Typer(help="PFIF 1.4 person and note records, to and from partners.")
app.add_typer(pfif_app, name="pfif")


def _tracing() -> "Tracing":  # built lazily, like the other commands' parts
    from amparo.casework.audit import Audit
    from amparo.runtime.events import EventBus
    from amparo.runtime.outbox import Outbox
    from amparo.runtime.turns import TurnRunner
    from amparo.tracing.registry import Tracing
    from bot.responses import ResponseBook
    from data.directory import load_directory

    settings = get_settings()
    store = _store()
    return Tracing(
        store,
        Audit(store),
        Outbox(store),
        ResponseBook.from_domain(settings.intents_dir),
        load_directory(settings.reference_dir),
        EventBus(),
        TurnRunner(store),
    )


@pfif_app.command("import")
def pfif_import(file: Path) -> None:
    """Load a PFIF 1.4 file: good records are kept, rejected ones listed with the reason."""
    from amparo.tracing.pfif import PfifError, import_pfif

    try:
        report = import_pfif(_tracing(), file.read_bytes())
    except (OSError, PfifError) as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from exc
    for line in report.lines():
        typer.echo(line)
    if report.rejected:
        raise typer.Exit(1)


@pfif_app.command("export")
def pfif_export(
    output: Path = typer.Option(None, help="Write to this file (default: standard output)."),
) -> None:
    """Amparo's people as PFIF 1.4, as far as consent allows."""
    from amparo.tracing.pfif import export_pfif

    document = export_pfif(_tracing())
    if output:
        output.write_bytes(document)
        typer.echo(f"written to {output}")
    else:
        sys.stdout.write(document.decode("utf-8") + "\n")


def _store() -> "Store":
    from data.schema import upgrade
    from data.store import Store

    settings = get_settings()
    upgrade(settings.database_url)
    return Store(settings.database_url, settings.secret_key)
