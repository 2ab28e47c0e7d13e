"""Conversational core benchmark (bounded in time): turns per second and per-turn latency of
the core with SQLite, for this tree and, in the same run, for an older commit.

A turn is one inbound message understood (NLU), decided and stored in one transaction, the way
the worker runs it, without the inbox, the outbox and the service's hooks (family tracing,
alerts): in a tree with `amparo/runtime/turns.py`, `TurnRunner(store, core).handle(msg)`;
before it, `Core(store, …).handle(msg)` inside `store.transaction()`. Each tree runs in a
process of its own (cwd and PYTHONPATH at that tree, its modules' paths checked), on a fresh
SQLite database in a temporary directory migrated with `data.schema.upgrade`, with its NLU
model built once by `NLU.build` and cached under the temporary directory by the contents of
the code it was trained with (the training time is reported apart from the turns).

The same scripted conversations (16 whole conversations in es/en/fr/pt/ht: distress with the
place, the count, the vulnerable, the nationality and a callback; a missing person; assistance;
information; greetings; stop and start) are replayed by distinct senders, 50 conversations
interleaved at a time, after a warm-up pass of every script. "NLU p50" is the parse alone
(`nlu.parse`, timed inside the turn); "rest p50" is the turn minus the parse: the decision and
the store. The trees run in turn, twice by default (before, after, after, before), and each
tree's turns are pooled, so that a change in the machine's load falls on both.

Prints Markdown tables for the README. Run by hand:
`.venv/bin/python bench/core.py --before b82a4e6` (`--turns N` per tree and round).
"""

import argparse
import gc
import hashlib
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
# Nothing from the project is imported at module level: each tree imports its own, in `measure`.

# (channel, sender prefix, messages): a sender is the prefix and 7 digits, one per replay.
CONVERSATIONS: list[tuple[str, str, list[str]]] = [
    ("sms", "+52962", [  # es distress: place, count, vulnerable, nationality, callback
        "ayuda x favor estamos atrapados en el techo, el agua sigue subiendo",
        "en Tapachula, cerca del mercado", "somos 5", "si, hay 2 niños y una embarazada",
        "soy hondureño", "+52 962 555 0134",
    ]),
    ("whatsapp", "+1713", [  # en distress
        "help there is shooting outside, we are hiding", "Houston", "we are 3",
        "my son is injured", "I am from Guatemala", "this number",
    ]),
    ("sms", "+1305", [  # fr distress
        "au secours, la maison est inondée", "à Miami", "nous sommes 4",
        "oui, ma mère est âgée", "je suis haïtien", "+1 305 555 0188", "merci",
    ]),
    ("sms", "+1713", [  # pt distress, questions skipped
        "socorro, tem um incendio no predio", "Santiago", "somos 2", "nao", "sou brasileiro",
        "prefiro nao dizer", "obrigado",
    ]),
    ("sms", "+1305", [  # ht distress
        "anmwe, dlo a ap monte nan kay la", "nou nan Miami", "nou 6", "wi, gen 3 timoun",
        "mwen se ayisyen", "nimewo sa a", "mèsi anpil",
    ]),
    ("sms", "+52664", [  # es distress with a correction
        "me quieren matar, estoy escondida", "en Tijuana", "no, es Tapachula", "1",
        "prefiero no decir", "no",
    ]),
    ("sms", "+52555", [  # es missing person
        "estoy buscando a mi hijo, no se nada de el desde el terremoto",
        "Se llama Juan Carlos Pérez", "tiene 15 años", "salvadoreño", "en Ciudad de México",
        "hace 3 dias", "soy su mama", "este",
    ]),
    ("sms", "+1713", [  # en missing person
        "I can't find my sister since the hurricane", "her name is Rosa Elena Díaz",
        "she is 34", "Honduran", "she was in Houston", "two days ago", "I am her brother",
        "+1 713 555 0199",
    ]),
    ("sms", "+1305", [  # ht missing person
        "m ap chèche frè m depi tranblemanntè a", "li rele Jean Pierre", "li gen 22 an",
        "ayisyen", "Santiago", "yè", "mwen se sè li", "nimewo sa a",
    ]),
    ("whatsapp", "+1713", [  # es assistance
        "perdi mi pasaporte en el huracan", "soy de Guatemala", "Houston", "no",
    ]),
    ("sms", "+1305", [  # pt assistance
        "perdi meu passaporte na enchente", "sou brasileiro", "Miami", "este numero",
        "obrigada",
    ]),
    ("sms", "+1713", [  # en information
        "hello", "where is the Honduran consulate in Houston and what are the hours?",
        "what is the emergency number here?", "Reykjavik", "I'd rather not say",
        "thanks, bye",
    ]),
    ("sms", "+1305", [  # fr information
        "bonjour", "quelle est l'adresse du consulat a Miami?", "haïtien",
        "il y a des refuges?", "Miami", "merci beaucoup",
    ]),
    ("sms", "+52962", [  # es greetings, the menu, a person
        "hola", "quien gano el partido ayer?", "2", "quiero hablar con una persona de verdad",
        "gracias",
    ]),
    ("sms", "+1713", [  # en stop and start
        "hi", "STOP", "hello?", "START", "we are safe thank you", "bye",
    ]),
    ("sms", "+1305", [  # pt safe, stop and start
        "oi", "estamos todos bem gracas a deus", "pare", "COMEÇAR", "tchau",
    ]),
]  # fmt: skip
WARMUP_OFFSET = 9_000_000  # warm-up senders never meet the measured ones


def schedule(turns: int, concurrent: int, offset: int = 0) -> Iterator[tuple[str, str, str]]:
    """(channel, sender, text) for `turns` turns: conversation k replays script k mod 16 (of
    `CONVERSATIONS`) from a sender of its own; `concurrent` conversations at a time, interleaved
    message by message."""
    done, k = 0, 0
    while done < turns:
        group = [(k + i, CONVERSATIONS[(k + i) % len(CONVERSATIONS)]) for i in range(concurrent)]
        k += concurrent
        for step in range(max(len(c[2]) for _, c in group)):
            for n, (channel, prefix, texts) in group:
                if step < len(texts) and done < turns:
                    done += 1
                    yield channel, f"{prefix}{offset + n:07d}", texts[step]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# One tree, in its own process


class TimedNLU:
    """The tree's NLU, with each parse timed: the parse's share of the turn."""

    def __init__(self, nlu: Any) -> None:
        self._nlu = nlu
        self.seconds = 0.0

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self._nlu.parse(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlu, name)


PACKAGES = ("amparo", "api", "bot", "channels", "data")  # the project's, in either tree


def project_modules(tree: Path) -> dict[str, Path]:
    """The project's modules imported so far, with their files (checked to be the tree's)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in PACKAGES and getattr(module, "__file__", None):
            path = Path(module.__file__).resolve()
            assert path.is_relative_to(tree), f"{name} imported from {path}, not from {tree}"
            found[name] = path
    return found


def model_key(tree: Path) -> str:
    """What the cached model depends on: the project's modules that `bot.nlu` loads (the
    classifiers, the training data reader, text normalisation…; a change to any of them trains
    again), the training files, the interpreter and scikit-learn (`fingerprint`)."""
    from bot.nlu import fingerprint

    digest = hashlib.sha256(platform.python_version().encode())
    digest.update(fingerprint(tree / "intents").encode())
    for name, path in sorted(project_modules(tree).items()):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def measure(tree: Path, args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(tree))
    started = time.perf_counter()
    import bot.nlu as nlu_module

    key = model_key(tree)  # before the rest is imported: the model depends on none of it
    from bot.forms import Forms
    from bot.nlu import NLU
    from bot.responses import ResponseBook
    from channels.messages import InboundMessage
    from data.directory import load_directory
    from data.lexicon import load_lexicon
    from data.schema import upgrade
    from data.store import Store

    new_api = (tree / "amparo" / "runtime" / "turns.py").exists()
    if new_api:
        from amparo.runtime.turns import TurnRunner
    from bot.dialogue import Core

    project_modules(tree)  # every one of them from this tree, not from the venv's /work/main

    reference = tree / "data" / "reference"
    directory, lexicon = load_directory(reference), load_lexicon(reference)
    model_path = args.cache / f"nlu-{key}.pkl"
    cached = model_path.exists() and not args.retrain
    if args.retrain:
        model_path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    nlu = NLU.build(tree / "intents", directory, lexicon, model_path)
    model_seconds = time.perf_counter() - t0
    if not cached:
        nlu_module.save(nlu.models, model_path)
    timed = TimedNLU(nlu)
    responses = ResponseBook.from_domain(tree / "intents")
    forms = Forms.from_domain(tree / "intents")

    database = f"sqlite:///{Path(args.workdir) / 'bench.db'}"
    t0 = time.perf_counter()
    upgrade(database)
    migrate_seconds = time.perf_counter() - t0
    store = Store(database, "bench-secret")
    if new_api:
        runner = TurnRunner(store, Core(timed, responses, forms, directory, lexicon))

        def turn(msg: Any) -> Any:
            return runner.handle(msg)
    else:
        core = Core(store, timed, responses, forms, directory, lexicon)

        def turn(msg: Any) -> Any:
            with store.transaction():  # one turn, one transaction: as the worker runs it
                return core.handle(msg)

    gc.collect()  # as `amparo serve` and `amparo worker` do once their parts are built
    gc.freeze()
    startup_seconds = time.perf_counter() - started

    warmup = sum(len(texts) for _, _, texts in CONVERSATIONS) * args.warmup
    for channel, sender, text in schedule(warmup, len(CONVERSATIONS), WARMUP_OFFSET):
        turn(InboundMessage(channel=channel, sender=sender, text=text))

    import sqlalchemy as sa

    def cases() -> int:
        with store.engine.connect() as db:
            return db.execute(sa.text('select count(*) from "case"')).scalar_one()

    warmup_cases = cases()
    messages = [
        InboundMessage(channel=channel, sender=sender, text=text)
        for channel, sender, text in schedule(args.turns, args.concurrent)
    ]
    latencies, parses, replies = [], [], 0
    begun = time.perf_counter()
    for msg in messages:
        timed.seconds = 0.0
        t0 = time.perf_counter()
        result = turn(msg)
        latencies.append(time.perf_counter() - t0)
        parses.append(timed.seconds)
        replies += len(result.replies)
    elapsed = time.perf_counter() - begun

    return {
        "api": "TurnRunner.handle" if new_api else "Core.handle",
        "module": sys.modules["bot.dialogue"].__file__,
        "turns": len(messages),
        "conversations": len({msg.sender for msg in messages}),
        "seconds": elapsed,
        "latencies": latencies,
        "parses": parses,
        "rest": [t - p for t, p in zip(latencies, parses, strict=True)],
        "replies": replies,
        "cases": cases() - warmup_cases,
        "model": "loaded from cache" if cached else "trained",
        "model_file": model_path.name,
        "model_seconds": model_seconds,
        "migrate_seconds": migrate_seconds,
        "startup_seconds": startup_seconds,
        "warmup_turns": warmup,
    }


# The parent: one process per tree, one table


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def export(commit: str, into: Path) -> Path:
    """The commit's files in a directory of their own (`git archive`: no worktree to clean)."""
    archive = into / f"{commit}.tar"
    subprocess.run(["git", "archive", "-o", str(archive), commit], cwd=ROOT, check=True)
    tree = into / commit
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    archive.unlink()
    return tree


def run_tree(tree: Path, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """`measure` in a new interpreter whose cwd and first import path are the tree."""
    out = workdir / "result.json"
    boot = (
        "import runpy, sys; sys.argv = sys.argv[1:]; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    subprocess.run(
        [
            sys.executable, "-c", boot, str(SCRIPT), "--measure", str(tree), "--out", str(out),
            "--workdir", str(workdir), "--turns", str(args.turns), "--concurrent",
            str(args.concurrent), "--warmup", str(args.warmup), "--cache", str(args.cache),
            *(["--retrain"] if args.retrain else []),
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        check=True,
    )  # fmt: skip
    return json.loads(out.read_text())


def pooled(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One tree's runs as one: turns over total time, percentiles over every turn."""
    return {
        **runs[0],
        "turns": sum(r["turns"] for r in runs),
        "seconds": sum(r["seconds"] for r in runs),
        **{key: [t for r in runs for t in r[key]] for key in ("latencies", "parses", "rest")},
    }


def row(name: str, r: dict[str, Any]) -> str:
    return (
        f"| {name} | `{r['api']}` | {r['turns']} | {r['turns'] / r['seconds']:.0f} | "
        f"{1000 * percentile(r['latencies'], 50):.2f} | {1000 * percentile(r['latencies'], 99):.2f} | "
        f"{1000 * percentile(r['parses'], 50):.2f} | {1000 * percentile(r['rest'], 50):.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", help="an older commit to measure in the same run")
    parser.add_argument("--turns", type=int, default=1200, help="timed turns per tree and round")
    parser.add_argument(
        "--rounds", type=int, default=2,
        help="processes per tree, alternated (before, after, after, before…) so that a change in "
        "the machine's load falls on both",
    )  # fmt: skip
    parser.add_argument("--concurrent", type=int, default=50, help="conversations interleaved")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up passes over the scripts")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "amparo-bench-core",
        help="where trained models are kept between runs, by the code they were trained with",
    )  # fmt: skip
    parser.add_argument("--retrain", action="store_true", help="ignore the cached models")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)

    if args.measure:  # the child: one tree
        args.out.write_text(json.dumps(measure(args.measure.resolve(), args)))
        return

    head = git("rev-parse", "--short", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    trees: list[tuple[str, Path]] = []
    runs: list[tuple[str, dict[str, Any]]] = []  # in the order they ran
    with tempfile.TemporaryDirectory(prefix="amparo-bench-core-") as tmp:
        if args.before:
            commit = git("rev-parse", "--short", f"{args.before}^{{commit}}")
            trees.append((f"before ({commit})", export(commit, Path(tmp))))
        trees.append((f"after ({head}{' + uncommitted changes' if dirty else ''})", ROOT))
        for n in range(args.rounds):
            for name, tree in trees if n % 2 == 0 else trees[::-1]:
                workdir = Path(tmp) / f"run-{len(runs)}"
                workdir.mkdir()
                retrain = args.retrain and n == 0
                runs.append(
                    (
                        name,
                        run_tree(
                            tree, argparse.Namespace(**{**vars(args), "retrain": retrain}), workdir
                        ),
                    )
                )

    for _, r in runs:
        (args.cache / r["model_file"]).touch()
    for model in args.cache.glob("nlu-*.pkl"):  # models of code that changed a week ago
        if time.time() - model.stat().st_mtime > 7 * 86400:
            model.unlink(missing_ok=True)

    first = runs[0][1]
    print(
        f"{args.turns} turns per tree in each of {args.rounds} rounds (a process per tree and round, "
        f"{'before and after alternated' if args.before else 'this tree'}), from {first['conversations']} conversations "
        f"({len(CONVERSATIONS)} scripts, es/en/fr/pt/ht, {args.concurrent} interleaved) after "
        f"{first['warmup_turns']} warm-up turns; SQLite in a temporary directory; the machine's "
        f"{os.cpu_count()} cores shared with whatever else runs on it\n"
    )
    header = "| tree | API | turns | turns/s | p50 ms | p99 ms | NLU p50 ms | rest p50 ms (decide + store) |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    together = {name: pooled([r for n, r in runs if n == name]) for name, _ in trees}
    for name, r in together.items():
        print(row(name, r))
    if args.before:
        b, a = together.values()

        def ratio(key: str, q: float) -> float:
            return percentile(a[key], q) / percentile(b[key], q)

        throughput = (a["turns"] / a["seconds"]) / (b["turns"] / b["seconds"])
        print(
            f"\nafter/before: turns/s ×{throughput:.2f}, p50 ×{ratio('latencies', 50):.2f}, "
            f"p99 ×{ratio('latencies', 99):.2f}, NLU p50 ×{ratio('parses', 50):.2f}, "
            f"rest p50 ×{ratio('rest', 50):.2f}"
        )
    print("\nEach process, in the order they ran:\n")
    print(header + " cases filed | replies | NLU model | model s | start-up s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for name, r in runs:
        print(
            f"{row(name, r)} {r['cases']} | {r['replies']} | {r['model']} | "
            f"{r['model_seconds']:.1f} | {r['startup_seconds']:.1f} |"
        )
    print()
    for name, _ in trees:
        module = next(r["module"] for n, r in runs if n == name)
        print(f"{name}: `bot.dialogue` imported from {module}")


if __name__ == "__main__":
    main()
