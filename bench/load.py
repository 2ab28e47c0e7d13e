"""Load benchmark of production mode (loopback only, bounded in time): signed Twilio SMS
webhooks at rising offered rates against 1, 2 and 4 API processes (each with as many
`amparo worker` processes) on real PostgreSQL and Redis servers, and a bare FastAPI endpoint
measured in the same run as the ceiling.

For each step: offered rate, acknowledgements per second, p50/p99 acknowledgement latency,
errors, and replies delivered to the (fake) provider per second; then the resident memory of
every process. Prints Markdown tables for the README and writes bench/load.png. Run by hand:
`.venv/bin/python bench/load.py` (about 5 minutes).
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.webhooks import (  # noqa: E402
    PUBLIC,
    SID,
    TOKEN,
    ProviderProcess,
    free_port,
    ms,
    open_loop,
    signed,
    start,
)
from tests.servers import PostgresServer, RedisServer  # noqa: E402

AMPARO = str(Path(sys.executable).with_name("amparo"))
_next = [0]


def batch(rate: float, seconds: float, port: int) -> list[bytes]:
    """Fresh message ids for every step (a repeated id would be a provider retry)."""
    count = int(rate * seconds)
    first = _next[0]
    _next[0] += count
    return [signed(30_000_000 + first + i, port) for i in range(count)]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def spread(ports: list[int], requests_by_port: list[list[bytes]], rate: float):  # noqa: ANN201
    """The offered rate split evenly over the API processes (a load balancer's round robin)."""
    share = rate / len(ports)
    results = await asyncio.gather(
        *(open_loop(p, reqs, share) for p, reqs in zip(ports, requests_by_port, strict=True))
    )
    achieved = sum(r[0] for r in results)
    latencies = [x for r in results for x in r[1]]
    return achieved, latencies, sum(r[2] for r in results)


def delivered(engine: sa.Engine) -> int:
    with engine.connect() as db:
        return int(
            db.execute(sa.text("SELECT count(*) FROM outboxmessage WHERE status = 'sent'")).scalar()
            or 0
        )


def run_deployment(
    processes: int, rates: list[float], seconds: float, provider: ProviderProcess, model: Path
) -> tuple[list[tuple], list[float]]:
    redis_dir = Path(tempfile.mkdtemp(prefix="amparo-load-redis-"))
    postgres, redis_server = PostgresServer().start(), RedisServer(redis_dir).start()
    env = {
        **os.environ, "DATABASE_URL": postgres.url, "REDIS_URL": redis_server.url,
        "MODEL_PATH": str(model), "LOG_LEVEL": "warning", "PUBLIC_URL": PUBLIC,
        "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_SMS_FROM": "+15005550006",
        "TWILIO_API_URL": provider.url, "SENDER_LIMIT_PER_MINUTE": "100000",
        "REDIS_PARTITIONS": "16", "SECRET_KEY": "bench-secret-key",
    }  # fmt: skip
    subprocess.run([AMPARO, "migrate"], env=env, check=True, capture_output=True)
    ports = [free_port() for _ in range(processes)]
    apis = [start([AMPARO, "serve", "--port", str(p)], env, p) for p in ports]
    workers = [
        subprocess.Popen(
            [AMPARO, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(processes)
    ]
    engine = sa.create_engine(postgres.url)
    rows = []
    try:
        time.sleep(3)  # workers up and holding their partitions
        for rate in rates:
            requests = [batch(rate / processes, seconds, p) for p in ports]
            before, started = delivered(engine), time.perf_counter()
            achieved, latencies, errors = asyncio.run(spread(ports, requests, rate))
            # replies delivered while the load ran, and in the few seconds after it (backlog)
            deadline = started + seconds + 5
            while time.perf_counter() < deadline and delivered(engine) - before < len(latencies):
                time.sleep(0.2)
            replies = (delivered(engine) - before) / (time.perf_counter() - started)
            rows.append(
                (processes, rate, achieved, ms(latencies, 50), ms(latencies, 99), errors, replies)
            )
            print(rows[-1], flush=True)
        memory = [rss_mb(p.pid) for p in apis] + [rss_mb(w.pid) for w in workers]
    finally:
        for process in [*apis, *workers]:
            process.terminate()
        for process in [*apis, *workers]:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        engine.dispose()
        postgres.remove()
        redis_server.stop()
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rates", default="100,250,500,1000")
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]

    provider = ProviderProcess()
    model = Path(tempfile.mkdtemp(prefix="amparo-load-")) / "model.pkl"
    subprocess.run(
        [AMPARO, "train"],
        env={**os.environ, "MODEL_PATH": str(model)},
        check=True,
        capture_output=True,
    )
    bare_port = free_port()
    bare = start(
        [sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(bare_port), "--log-level", "warning"],
        {**os.environ, "PYTHONPATH": str(ROOT)},
        bare_port,
    )  # fmt: skip
    rows, memory = [], {}
    try:
        for rate in rates:
            achieved, latencies, errors = asyncio.run(
                spread([bare_port], [batch(rate, args.seconds, bare_port)], rate)
            )
            rows.append(
                ("bare", rate, achieved, ms(latencies, 50), ms(latencies, 99), errors, None)
            )
            print(rows[-1], flush=True)
        for n in [int(p) for p in args.processes.split(",")]:
            found, memory[n] = run_deployment(n, rates, args.seconds, provider, model)
            rows += found
    finally:
        bare.terminate()
        bare.wait(10)
        provider.stop()

    print(f"\n{args.seconds:.0f} s per step; signed Twilio SMS webhooks, 500 senders\n")
    print(
        "| API processes + workers | offered/s | acks/s | p50 ms | p99 ms | errors | replies delivered/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, rate, achieved, p50, p99, errors, replies in rows:
        label = "bare FastAPI (ceiling)" if name == "bare" else f"{name} + {name}"
        shown = "—" if replies is None else f"{replies:.0f}"
        print(
            f"| {label} | {rate:.0f} | {achieved:.0f} | {p50:.1f} | {p99:.1f} | {errors} | {shown} |"
        )
    print("\n| API processes + workers | memory per process (MB, RSS) |\n|---|---|")
    for n, values in memory.items():
        print(f"| {n} + {n} | " + ", ".join(f"{v:.0f}" for v in values) + " |")
    plot(rows, ROOT / "bench" / "load.png")


def plot(rows: list[tuple], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (acks, p99) = plt.subplots(1, 2, figsize=(10, 4))
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        label = "bare FastAPI" if name == "bare" else f"{name} API + {name} workers"
        acks.plot([r[1] for r in mine], [r[2] for r in mine], marker="o", label=label)
        p99.plot([r[1] for r in mine], [r[4] for r in mine], marker="o", label=label)
    acks.set(xlabel="offered webhooks/s", ylabel="acknowledged/s", title="Throughput")
    p99.set(
        xlabel="offered webhooks/s",
        ylabel="p99 ms",
        title="p99 acknowledgement latency",
        yscale="log",
    )
    acks.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"\nplot: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
