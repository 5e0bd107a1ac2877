"""`make dev`: migrate, seed the demo, then run web, Celery worker and beat together.

Runs inside ``volmify.localservices`` (which provides DATABASE_URL and
REDIS_URL); Ctrl-C stops the three processes, and localservices then stops
the embedded servers it started.

Each step shows a counter and the time it has taken so far (``[2/3] Loading demo data… 12 s``),
with the output of the command it runs indented below it, so a first run never looks stuck.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / ".volmify"
PY = sys.executable

BANNER = """
  Volmify is running.

    Platform        http://localhost:{port}/            (Django admin: /admin/)
    acme            http://acme.localhost:{port}/       (/manage/, /studio/)
    globex          http://globex.localhost:{port}/

  Demo logins (password: volmify-demo)
    staff@example.com                 platform staff
    owner@acme.example                acme owner       (also owner@globex.example)
    instructor@acme.example           acme instructor  (also instructor@globex.example)
    learner@acme.example              acme learner     (also learner@globex.example)

  Emails (sign-up confirmations, password resets) are printed below.
  Press Ctrl-C to stop everything.
"""


class Progress:
    """Numbered steps, each with its elapsed time: rewritten in place every second on a
    terminal, and a line every ``heartbeat`` seconds elsewhere (a log, CI)."""

    def __init__(self, total: int, stream: TextIO = sys.stdout, *, heartbeat: float = 10.0) -> None:
        self.total = total
        self.stream = stream
        self.heartbeat = heartbeat
        self.is_terminal = stream.isatty()
        self.number = 0
        self.started = time.monotonic()

    def step(
        self, title: str, is_done: Callable[[Callable[[str], None]], bool], *, in_place: bool = True
    ) -> float:
        """Run step ``title``: call ``is_done(say)`` until it returns True, showing the elapsed
        time between calls (each should take about a second; ``say`` prints a line of the step's
        own output below its title). ``in_place=False`` when other processes write to the same
        terminal meanwhile: lines then, as in a log. Return the seconds the step took."""
        rewrite = in_place and self.is_terminal
        self.number += 1
        label = f"[{self.number}/{self.total}] {title}…"
        started = last_line = time.monotonic()
        status = label if rewrite else ""  # the line being rewritten on a terminal

        def say(line: str) -> None:
            self._write(f"{self._erase(status)}      {line}\n{status}")

        self._write(label if rewrite else f"{label}\n")
        while not is_done(say):
            elapsed = time.monotonic() - started
            if rewrite:
                self._write(f"{self._erase(status)}{label} {elapsed:.0f} s")
                status = f"{label} {elapsed:.0f} s"
            elif time.monotonic() - last_line >= self.heartbeat:
                last_line = time.monotonic()
                self._write(f"{label} {elapsed:.0f} s\n")
        seconds = time.monotonic() - started
        self._write(f"{self._erase(status)}{label} done in {seconds:.1f} s\n")
        return seconds

    def run(self, title: str, command: list[str]) -> float:
        """A step that runs ``command``, relaying its output; raises CalledProcessError if it fails."""
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()  # None: the output has ended
        threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True).start()

        def output_ended(say: Callable[[str], None]) -> bool:
            deadline = time.monotonic() + 1.0
            while (left := deadline - time.monotonic()) > 0:
                try:
                    line = lines.get(timeout=left)
                except queue.Empty:
                    break
                if line is None:
                    return True
                say(line)
            return False

        seconds = self.step(title, output_ended)
        if child.wait() != 0:
            raise subprocess.CalledProcessError(child.returncode, command)
        return seconds

    def _erase(self, status: str) -> str:
        return f"\r{' ' * len(status)}\r" if status else ""

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _read_lines(pipe: TextIO, lines: queue.Queue[str | None]) -> None:
    for line in pipe:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def answers(url: str) -> bool:
    """True once a server answers ``url`` with any HTTP response."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def manage(*args: str) -> list[str]:
    return [PY, "manage.py", *args]


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT)


def dev_environment(environ: MutableMapping[str, str]) -> None:
    """The settings of every process ``make dev`` starts. Links between the platform and org hosts
    are built with PLATFORM_PORT (never the request's Host header), so it follows PORT unless set."""
    environ.setdefault("DJANGO_SETTINGS_MODULE", "volmify.settings.dev")
    environ.setdefault("PLATFORM_PORT", environ.get("PORT", "8000"))


def main() -> int:
    dev_environment(os.environ)
    STATE_DIR.mkdir(exist_ok=True)
    port = os.environ.get("PORT", "8000")
    progress = Progress(total=3)
    try:
        # migrate_orgs skips schemas that are current and migrates the rest in parallel
        progress.run("Migrating the database", manage("migrate_orgs"))
        progress.run("Loading demo data", manage("seed_demo"))
    except subprocess.CalledProcessError as error:
        print(f"[dev] {' '.join(error.cmd[1:])} failed (exit {error.returncode}); see above", file=sys.stderr)
        return error.returncode
    return serve(progress, port)


def serve(progress: Progress, port: str) -> int:
    """Start the web server, then the Celery worker and beat; run until Ctrl-C."""
    # The web server first: alone on the CPU it answers in half the time. The Celery processes
    # follow quietly (no start-up banner), so the banner below stays the last thing on screen.
    processes = [start([PY, "manage.py", "runserver", f"0.0.0.0:{port}"])]

    def web_answers_or_exited(say: Callable[[str], None]) -> bool:
        if answers(f"http://localhost:{port}/") or processes[0].poll() is not None:
            return True
        time.sleep(0.5)
        return False

    # Its start-up output goes straight to the terminal, so the counter is not rewritten in place.
    progress.step("Starting the web server", web_answers_or_exited, in_place=False)
    if processes[0].poll() is not None:
        return supervise(processes)  # reports its exit code
    celery = [PY, "-m", "celery", "-A", "volmify", "--quiet"]
    processes += [
        start([*celery, "worker", "-l", "info", "--concurrency", "2"]),
        start([*celery, "beat", "-l", "info", "-s", str(STATE_DIR / "celerybeat-schedule")]),
    ]
    print(BANNER.format(port=os.environ["PLATFORM_PORT"]), flush=True)
    print(f"  Ready in {time.monotonic() - progress.started:.0f} s.\n", flush=True)
    return supervise(processes)


def supervise(processes: list[subprocess.Popen]) -> int:
    """Wait until Ctrl-C (or SIGTERM) or until one process dies; then stop the others."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    code = 0
    try:
        while not stopping and all(process.poll() is None for process in processes):
            time.sleep(0.5)
        if not stopping:
            code = next(process.returncode for process in processes if process.poll() is not None)
            print(f"[dev] a process exited with {code}; stopping the rest", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    print("\n[dev] stopping…", file=sys.stderr)
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
