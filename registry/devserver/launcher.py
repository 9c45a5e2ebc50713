"""`make run`: everything a developer needs, started and stopped together.

Starts the embedded PostgreSQL and Redis where DATABASE_URL / REDIS_URL are unset, migrates, loads
reference and demo data, then runs a Celery worker (with beat) and the web server until Ctrl-C,
which stops everything this launcher started. Running it again reuses the data.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from registry.devserver import embedded

BASE_DIR = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
PORT_ATTEMPTS = 20


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def choose_port(requested: str | None) -> int:
    """The requested port (PORT, default 8000), or the next free one with a message."""
    try:
        port = int(requested or 8000)
        if not 1 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise SystemExit(f"PORT={requested!r} is not a valid port number (1-65535).") from None
    for candidate in range(port, min(port + PORT_ATTEMPTS, 65536)):
        if _port_is_free(candidate):
            if candidate != port:
                print(f"Port {port} is busy; using {candidate} instead.")
            return candidate
    raise SystemExit(
        f"Ports {port}-{port + PORT_ATTEMPTS - 1} are all busy. Free one or set PORT=<free port>."
    )


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own localhost URL
                return response.status == 200
        except OSError:
            time.sleep(0.3)
    return False


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _stop_on_interrupt_or_term() -> None:
    """Ctrl-C and SIGTERM both stop the launcher, even where SIGINT was inherited as ignored."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def main() -> int:
    _stop_on_interrupt_or_term()
    os.environ.setdefault("DEBUG", "1")
    port = choose_port(os.environ.get("PORT"))
    print("Starting the registry's services...")
    env, stop_services = embedded.services_environment()
    processes: list[subprocess.Popen] = []
    try:
        for step in (
            ["migrate", "--noinput"],
            ["compile_translations"],
            ["load_reference_data"],
            ["seed_demo"],
        ):
            subprocess.run([*MANAGE, *step], env=env, check=True)
        beat_schedule = embedded.data_dir() / "celerybeat-schedule"
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "registry",
                    "worker",
                    "--beat",
                    f"--schedule={beat_schedule}",
                    "--queues=default,verification,certificates,issuance",
                    "--concurrency=2",
                    "--loglevel=INFO",
                ],
                env=env,
                cwd=BASE_DIR,
                start_new_session=True,
            )
        )
        web = subprocess.Popen(
            [*MANAGE, "runserver", f"127.0.0.1:{port}"], env=env, start_new_session=True
        )
        processes.append(web)
        base = f"http://127.0.0.1:{port}"
        if not _wait_until_up(f"{base}/healthz", web):
            print("The web server did not start; see the messages above.", file=sys.stderr)
            return 1
        subprocess.run(
            [*MANAGE, "seed_demo", "--print-logins", f"--base-url={base}"], env=env, check=True
        )
        print("Press Ctrl-C to stop everything.\n")
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("A service stopped unexpectedly; shutting down.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    except subprocess.CalledProcessError as error:
        print(f"Set-up step failed: {' '.join(error.cmd[2:])}", file=sys.stderr)
        return 1
    finally:
        _stop(processes)
        for stop in stop_services:
            stop()


if __name__ == "__main__":
    sys.exit(main())
