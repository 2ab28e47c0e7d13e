"""Webhook benchmark (loopback only, bounded in time): signed Twilio SMS webhooks against one
`amparo serve` process and, in the same run, a bare FastAPI endpoint that only parses the same
form — the ceiling. By default the embedded mode (SQLite, the core in the same process); with
`--production`, PostgreSQL and Redis, with the core in one `amparo worker` process.

Measures: acknowledgements per second at full speed, p50/p99 acknowledgement latency, the
same at a fixed offered rate (default 500/s), and messages per second handled through the core
to a reply in the outbox. Prints Markdown tables for the README. Run by hand:
`.venv/bin/python bench/webhooks.py`.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "bench-auth-token"
SID = "AC" + "1" * 32
PUBLIC = "https://amparo.example"
PATH = "/webhooks/twilio/messaging"
TEXTS = [
    "ayuda x favor el agua esta entrando a la casa",
    "hola",
    "perdi mi pasaporte",
    "busco a mi hermano desde el terremoto",
    "donde esta el consulado",
    "gracias",
    "m bezwen èd tanpri",
    "we are safe thank you",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed(i: int, port: int) -> bytes:
    """One complete HTTP request, signed as Twilio signs it (built before the clock starts)."""
    sid = f"SM{i:032x}"
    params = {
        "MessageSid": sid, "SmsSid": sid, "AccountSid": SID, "From": f"+1713555{i % 500:04d}",
        "To": "+15005550006", "Body": TEXTS[i % len(TEXTS)], "NumMedia": "0", "ApiVersion": "2010-04-01",
    }  # fmt: skip
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC + PATH, params)
    body = urlencode(params).encode()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nX-Twilio-Signature: {signature}\r\n\r\n"
    )
    return head.encode() + body


class ProviderProcess:
    """The fake provider in a process of its own: its threads would otherwise share the load
    generator's interpreter lock and delay requests that are due."""

    def __init__(self) -> None:
        code = (
            "import sys, time; sys.path.insert(0, sys.argv[1])\n"
            "from tests.fake_provider import FakeProvider\n"
            "print(FakeProvider().start().url, flush=True)\n"
            "time.sleep(1e9)"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"server on {port} did not start")


class Connection:
    """A keep-alive HTTP/1.1 connection, light enough that the client is not the bottleneck."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, request: bytes) -> int:
        self.writer.write(request)
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError("the server closed the connection")
        status = int(line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


async def closed_loop(
    port: int, requests: list[bytes], concurrency: int
) -> tuple[float, list[float]]:
    """As fast as the server answers: `concurrency` connections back to back."""
    latencies: list[float] = []
    pending = iter(requests)

    async def one_client() -> None:
        connection = await Connection.open(port)
        for request in pending:
            t0 = time.perf_counter()
            status = await connection.send(request)
            latencies.append(time.perf_counter() - t0)
            assert status == 200, status
        connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return len(requests) / (time.perf_counter() - started), latencies


async def open_loop(
    port: int, requests: list[bytes], rate: float
) -> tuple[float, list[float], int]:
    """A fixed offered rate: request n is due at n/rate; latency counts from when it was due
    (a late start is the server's fault too), so a saturated server cannot hide its queue."""
    latencies: list[float] = []
    errors = 0
    idle: list[Connection] = []

    async def one(request: bytes, due: float) -> None:
        nonlocal errors
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        connection = idle.pop() if idle else await Connection.open(port)
        try:
            errors += await connection.send(request) != 200
            idle.append(connection)
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
        latencies.append(time.perf_counter() - due)

    started = time.perf_counter()
    await asyncio.gather(*(one(r, started + n / rate) for n, r in enumerate(requests)))
    elapsed = time.perf_counter() - started
    for connection in idle:
        connection.close()
    return len(requests) / elapsed, latencies, errors


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * (len(ordered) - 1)))]


def counts(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as db:
        accepted, handled = db.execute(
            sa.text("select count(*), count(processed_at) from inboxmessage")
        ).one()
    return int(accepted), int(handled)


def wait_drained(engine: sa.Engine, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        accepted, handled = counts(engine)
        if handled >= accepted:
            break
        time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drain_rate(
    engine: sa.Engine, port: int, requests: list[bytes], timeout: float, pid: int
) -> tuple[float, int, float]:
    """Send a burst at full speed and time it until every message has been handled through the
    core to a reply in the outbox: messages per second, end to end, and the server's CPU
    milliseconds per message (steadier than the rate on a machine shared with other work)."""

    def handled() -> int:
        return counts(engine)[1]

    before = handled()
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    asyncio.run(closed_loop(port, requests, 32))
    done = handled()
    while time.perf_counter() - started < timeout and done - before < len(requests):
        time.sleep(0.02)
        done = handled()
    elapsed = time.perf_counter() - started
    cpu = 1000 * (cpu_seconds(pid) - cpu_before) / max(1, done - before)
    return (done - before) / elapsed, done - before, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--drain", type=int, default=1000, help="burst timed end to end")
    parser.add_argument(
        "--production",
        action="store_true",
        help="PostgreSQL and Redis, the core in one `amparo worker` process beside the API",
    )
    args = parser.parse_args()

    provider = ProviderProcess()
    workdir = Path(tempfile.mkdtemp(prefix="amparo-bench-"))
    database = f"sqlite:///{workdir / 'bench.db'}"
    servers: list = []
    if args.production:
        from tests.servers import PostgresServer, RedisServer

        servers = [PostgresServer().start(), RedisServer(workdir / "redis").start()]
        database = servers[0].url
    amparo_port, bare_port = free_port(), free_port()
    env = {
        **os.environ, "DATABASE_URL": database, "PORT": str(amparo_port), "LOG_LEVEL": "warning",
        "MODEL_PATH": str(workdir / "model.pkl"), "PUBLIC_URL": PUBLIC, "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_SMS_FROM": "+15005550006", "TWILIO_API_URL": provider.url,
        "SENDER_LIMIT_PER_MINUTE": "1000000", "SECRET_KEY": "bench-secret-key",
        "PYTHONPATH": str(ROOT),  # this tree's code, also when benching another checkout
    }  # fmt: skip
    if args.production:
        env["REDIS_URL"] = servers[1].url
    amparo_cli = str(Path(sys.executable).with_name("amparo"))
    subprocess.run([amparo_cli, "train"], env=env, check=True, capture_output=True)
    amparo = start([amparo_cli, "serve"], env, amparo_port)
    worker = None
    if args.production:
        worker = subprocess.Popen(
            [amparo_cli, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    engine = sa.create_engine(database)
    bare = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--port",
            str(bare_port),
            "--log-level",
            "warning",
        ],
        {**os.environ, "PYTHONPATH": str(ROOT)},
        bare_port,
    )
    rows = []
    try:
        for name, port in (("bare FastAPI (ceiling)", bare_port), ("amparo", amparo_port)):
            asyncio.run(closed_loop(port, [signed(10_000_000 + i, port) for i in range(100)], 8))
            burst = [signed(i, port) for i in range(args.requests)]
            rate, lat = asyncio.run(closed_loop(port, burst, args.concurrency))
            offered = [signed(1_000_000 + i, port) for i in range(int(args.rate * args.seconds))]
            achieved, olat, errors = asyncio.run(open_loop(port, offered, args.rate))
            rows.append(
                (name, rate, ms(lat, 50), ms(lat, 99), achieved, ms(olat, 50), ms(olat, 99), errors)
            )
        wait_drained(engine, timeout=600)  # the ack phases' backlog first
        drain = [signed(20_000_000 + i, amparo_port) for i in range(args.drain)]
        worker_pid = (worker or amparo).pid  # where the core runs
        handled_rate, handled, cpu_ms = drain_rate(engine, amparo_port, drain, 600, worker_pid)
    finally:
        for process in (amparo, bare, worker):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        engine.dispose()
        provider.stop()
        for server in servers:
            server.stop()

    print(
        f"{args.requests} requests at concurrency {args.concurrency}; then {args.rate:.0f}/s offered for {args.seconds:.0f} s\n"
    )
    print(
        "| server | acks/s (closed loop) | p50 ms | p99 ms | offered/s achieved | p50 ms | p99 ms | errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, rate, p50, p99, offered, op50, op99, errors in rows:
        print(
            f"| {name} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {offered:.0f} | {op50:.1f} | {op99:.1f} | {errors} |"
        )
    ratio = rows[1][1] / rows[0][1]
    print(f"\namparo acknowledges at {ratio:.0%} of the bare endpoint's rate.")
    print(
        f"handled through the core to a queued reply: {handled_rate:.0f} messages/s (a burst of {handled} messages, from first request to last reply queued), {cpu_ms:.2f} CPU ms per message in the process running the core"
    )


if __name__ == "__main__":
    main()
