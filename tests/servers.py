"""Real Redis and PostgreSQL servers on 127.0.0.1 for the tests (Debian's `redis-server` and
`postgresql`, installed by `make test`), each in its own temporary directory, which the fault
tests stop, restart and kill."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def _binary(name: str, pattern: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(pattern), reverse=True)), None)
    if not found:
        raise RuntimeError(f"{name} is not installed: run `make test`, which installs it")
    return found


class RedisServer:
    """redis-server with an append-only file synced on every write, so a restart keeps the
    streams (the configuration docker-compose.yml uses too)."""

    def __init__(self, root: Path) -> None:
        self.binary = _binary("redis-server", "/usr/bin/redis-server")
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.root), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--protected-mode", "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class PostgresServer:
    """A throw-away PostgreSQL cluster; run as the `postgres` user when the tests run as root
    (PostgreSQL refuses root)."""

    def __init__(self) -> None:
        self.bin = Path(_binary("pg_ctl", "/usr/lib/postgresql/*/bin/pg_ctl")).resolve().parent
        # Its own directory right under /tmp: pytest's are closed to other users.
        self.root = Path(tempfile.mkdtemp(prefix="amparo-pg-"))
        self.data = self.root / "data"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://amparo@127.0.0.1:{self.port}/amparo"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> "PostgresServer":
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.root, "postgres", "postgres")
            self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust")
            self._pg_ctl("start")
            self._run(self.bin / "createuser", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                      "postgres", "amparo")  # fmt: skip
            self._run(self.bin / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                      "postgres", "-O", "amparo", "amparo")  # fmt: skip
            return self
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        if action == "start":
            self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-w", "-l",
                      self.root / "log", "start")  # fmt: skip
            _wait_for_port(self.port)
        else:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        if self.data.exists():
            try:
                self._pg_ctl("stop")
            except subprocess.CalledProcessError:
                pass  # already stopped

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
