"""Phone-line benchmark (loopback only): many callers at once against one `amparo serve`
process (SQLite, the embedded default), each walking a whole call as Twilio would — signed
requests, following each <Gather>'s action — through the language menu, the core's questions,
the keypad question before the queue and the hand-off.

Every response is checked as TwiML Twilio will run (tests/twiml.py) and must say something and
then listen, queue, record or hang up. Measures the latency of every request; Twilio gives up
on a webhook after 15 seconds. Prints a Markdown table for the README. Run by hand:
`.venv/bin/python bench/calls.py` (`--callers 30 --rounds 3`).
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.webhooks import PUBLIC, SID, TOKEN, free_port, ms, start  # noqa: E402
from tests.twiml import caller_hears_something, parse  # noqa: E402

BASE = "/webhooks/twilio/voice"
# What callers do, turn by turn: ("press", keys), ("say", words) or ("silence", "").
CALLS = [
    [("press", "1"), ("say", "ayuda por favor, estamos en peligro"), ("press", "1"),
     ("say", "estoy en Houston")],
    [("press", "1"), ("say", "el agua está entrando a la casa y tengo a mis hijos"),
     ("press", "2")],
    [("press", "2"), ("press", "3"), ("press", "1"), ("say", "I am from Guatemala"),
     ("say", "Houston"), ("say", "no thanks, bye")],
    [("press", "2"), ("press", "2"), ("say", "Maria Lopez Garcia"), ("press", "16#"),
     ("say", "she is from Honduras"), ("say", "Houston"), ("say", "last Tuesday"),
     ("say", "she is my daughter"), ("silence", "")],
    [("press", "5"), ("press", "3"), ("press", "5"), ("say", "Miami"),
     ("say", "je suis haïtien")],
    [("silence", ""), ("press", "4"), ("press", "0")],
]  # fmt: skip


class Caller:
    """One call, as Twilio makes its requests; records the latency of each."""

    def __init__(self, client: httpx.AsyncClient, n: int) -> None:
        self.client = client
        self.form = {
            "AccountSid": SID, "CallSid": f"CA{n:032x}", "From": f"+5219625{n % 10000:05d}",
            "To": "+15005550006", "Called": "+15005550006", "CalledCountry": "US",
            "Direction": "inbound", "CallStatus": "ringing", "ApiVersion": "2010-04-01",
        }  # fmt: skip
        self.latencies: list[float] = []
        self.invalid = 0
        self.last = ""
        self.queued = False

    async def post(self, path: str, **fields: str) -> None:
        params = {**self.form, **fields}
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + path, params)
        t0 = time.perf_counter()
        response = await self.client.post(
            path, data=params, headers={"X-Twilio-Signature": signature}
        )
        self.latencies.append(time.perf_counter() - t0)
        self.last = response.text
        try:
            assert response.status_code == 200
            root = parse(response.text)
            # the queue's waitUrl only speaks: Twilio plays it again until an agent answers
            assert path.endswith("/wait") or caller_hears_something(root)
        except Exception:  # unreadable, silent or not 200: Twilio would say "application error"
            self.invalid += 1

    async def walk(self, script: list[tuple[str, str]]) -> None:
        await self.post(BASE)
        for action, value in script:
            gather = parse(self.last).find("Gather")
            if gather is None:
                break  # queued, recording or hung up: the call left the menus
            target = urlsplit(gather.get("action", ""))
            fields = {"CallStatus": "in-progress"}
            if action == "press":
                fields |= {"Digits": value.rstrip("#"), "FinishedOnKey": "#" * value.endswith("#")}
            elif action == "say":
                fields |= {"SpeechResult": value, "Confidence": "0.91"}
            await self.post(f"{target.path}?{target.query}", **fields)
        self.queued = parse(self.last).find("Enqueue") is not None
        if self.queued:  # nobody free: a voice message
            await self.post(f"{BASE}/wait", QueueTime="0", QueuePosition="1")
            await self.post(f"{BASE}/handoff", QueueResult="leave", QueueTime="121")
            sid = "RE" + self.form["CallSid"][2:]
            await self.post(
                f"{BASE}/recording",
                RecordingSid=sid,
                RecordingUrl=f"https://api.twilio.com/Recordings/{sid}",
                RecordingDuration="9",
            )
        self.form["CallStatus"] = "completed"
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + f"{BASE}/status", self.form)
        await self.client.post(
            f"{BASE}/status", data=self.form, headers={"X-Twilio-Signature": signature}
        )


async def burst(port: int, callers: int, offset: int) -> tuple[float, list[float], int, int]:
    """`callers` calls started at the same instant, each answering at once: the wall time,
    every request's latency, the invalid answers and the calls that reached the queue."""
    limits = httpx.Limits(max_connections=callers, max_keepalive_connections=callers)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30
    ) as client:
        people = [Caller(client, offset + n) for n in range(callers)]
        started = time.perf_counter()
        await asyncio.gather(*(p.walk(CALLS[n % len(CALLS)]) for n, p in enumerate(people)))
        elapsed = time.perf_counter() - started
    latencies = [t for p in people for t in p.latencies]
    return elapsed, latencies, sum(p.invalid for p in people), sum(p.queued for p in people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--callers", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="amparo-calls-"))
    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "PORT": str(port),
        "LOG_LEVEL": "warning", "MODEL_PATH": str(workdir / "model.pkl"), "PUBLIC_URL": PUBLIC,
        "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_SMS_FROM": "+15005550006",
        "TWILIO_API_URL": "http://127.0.0.1:9", "SENDER_LIMIT_PER_MINUTE": "1000000",
        "INTENTS_DIR": str(ROOT / "intents"), "REFERENCE_DIR": str(ROOT / "data" / "reference"),
        "VOICE_RECORDINGS_DIR": str(ROOT / "data" / "recordings"), "PYTHONPATH": str(ROOT),
    }  # fmt: skip
    # This checkout's code, whichever checkout the virtual environment was installed from.
    amparo = [sys.executable, "-c", "from amparo.cli import app; app()"]
    subprocess.run([*amparo, "train"], env=env, cwd=ROOT, check=True, capture_output=True)
    server = start([*amparo, "serve"], env, port)
    try:
        print(
            "| round | callers | requests | p50 ms | p95 ms | p99 ms | max ms | invalid | queued "
            "| wall s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        every: list[float] = []
        for n in range(args.rounds):
            elapsed, latencies, invalid, queued = asyncio.run(
                burst(port, args.callers, n * args.callers)
            )
            every += latencies
            print(
                f"| {n + 1} | {args.callers} | {len(latencies)} | {ms(latencies, 50):.0f} | "
                f"{ms(latencies, 95):.0f} | {ms(latencies, 99):.0f} | {max(latencies) * 1000:.0f} "
                f"| {invalid} | {queued} | {elapsed:.1f} |"
            )
        print(
            f"| all | {args.callers * args.rounds} | {len(every)} | {ms(every, 50):.0f} | "
            f"{ms(every, 95):.0f} | {ms(every, 99):.0f} | {max(every) * 1000:.0f} | | | |"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
