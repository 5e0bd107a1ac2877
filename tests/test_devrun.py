"""`make dev`: on another port (PORT=8100) every process it starts builds links with that port, and
each step it waits for shows a counter and its elapsed time."""

import http.server
import io
import re
import subprocess
import sys
import threading

import pytest

from volmify.devrun import ROOT, Progress, answers, dev_environment


def test_platform_port_follows_port():
    environ = {"PORT": "8100"}
    dev_environment(environ)
    assert environ == {
        "PORT": "8100",
        "PLATFORM_PORT": "8100",
        "DJANGO_SETTINGS_MODULE": "volmify.settings.dev",
    }


def test_an_explicit_platform_port_is_kept():
    environ = {"PORT": "8100", "PLATFORM_PORT": "443"}
    dev_environment(environ)
    assert environ["PLATFORM_PORT"] == "443"


def test_a_started_process_builds_links_with_that_port():
    environ = {"PORT": "8100", "PATH": "/usr/bin:/bin"}
    dev_environment(environ)
    code = (
        "import django; django.setup(); from apps.org.selectors import host_url;"
        " print(host_url('acme.localhost', '/manage/'))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == "http://acme.localhost:8100/manage/"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_step_shows_its_number_its_commands_output_and_its_time():
    stream = io.StringIO()
    progress = Progress(total=2, stream=stream)
    progress.run("Counting", python("print('one'); print('two')"))
    assert re.fullmatch(
        r"\[1/2\] Counting…\n      one\n      two\n\[1/2\] Counting… done in \d+\.\d s\n", stream.getvalue()
    )


def test_a_long_step_says_how_long_it_has_taken_so_far():
    stream = io.StringIO()
    Progress(total=1, stream=stream, heartbeat=0.5).run("Waiting", python("import time; time.sleep(2.5)"))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "[1/1] Waiting…"
    assert re.fullmatch(r"\[1/1\] Waiting… done in 2\.\d s", lines[-1])
    assert lines[1:-1] and all(re.fullmatch(r"\[1/1\] Waiting… \d s", line) for line in lines[1:-1])


def test_on_a_terminal_the_elapsed_time_is_rewritten_in_place():
    stream = Terminal()
    Progress(total=3, stream=stream).run(
        "Loading demo data", python("import time; time.sleep(2.5); print('acme')")
    )
    written = stream.getvalue()
    ticks = re.findall(r"\[1/3\] Loading demo data… (\d) s(\r *\r)", written)
    assert [seconds for seconds, _ in ticks][:2] == ["1", "2"]  # each tick erased by the next write
    assert "      acme\n" in written
    assert re.search(r"\r *\r\[1/3\] Loading demo data… done in 2\.\d s\n$", written)
    assert "\n[1/3] Loading demo data… 1 s\n" not in written  # never a line per second


def test_a_step_whose_processes_share_the_terminal_writes_lines():
    stream = Terminal()
    calls = iter([False, False, True])
    Progress(total=1, stream=stream, heartbeat=0).step("Starting", lambda say: next(calls), in_place=False)
    assert "\r" not in stream.getvalue()
    assert re.fullmatch(
        r"\[1/1\] Starting…\n(\[1/1\] Starting… 0 s\n){2}\[1/1\] Starting… done in 0\.0 s\n",
        stream.getvalue(),
    )


def test_steps_are_numbered_in_turn():
    stream = io.StringIO()
    progress = Progress(total=2, stream=stream)
    progress.run("First", python("pass"))
    progress.step("Second", lambda say: True)
    assert [line.split(" done")[0] for line in stream.getvalue().splitlines()] == [
        "[1/2] First…",
        "[1/2] First…",
        "[2/2] Second…",
        "[2/2] Second…",
    ]


def test_a_failing_step_shows_its_output_and_stops():
    stream = io.StringIO()
    with pytest.raises(subprocess.CalledProcessError):
        Progress(total=1, stream=stream).run(
            "Migrating", python("import sys; print('schema acme failed'); sys.exit(3)")
        )
    assert "      schema acme failed\n" in stream.getvalue()


def test_answers_any_http_response_and_not_a_closed_port():
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)  # 501s
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert answers(f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
    assert not answers(f"http://127.0.0.1:{server.server_port}/")
