"""``primer-tui emulator`` (``python -m primer_tui.emulator``): first line, stopping, bad input."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from primer_tui.emulator import create_app
from primer_tui.emulator.cli import first_line, main

ROOT = Path(__file__).resolve().parents[1]
FIRST_LINE = re.compile(
    r"^primer-tui emulator listening on (http://127\.0\.0\.1:\d+) tokens: (.+)$"
)


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "primer_tui.emulator", "--port", "0", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def read_first_line(process: subprocess.Popen[str], timeout: float = 15) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "no first line"
    return process.stdout.readline().rstrip("\n")


@pytest.fixture
def running() -> Iterator[list[subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_first_line_then_serves_then_ctrl_c_exits_0(running):
    process = start(env={"PRIMER_EMULATOR_KEY": "s3cret-key"})
    running.append(process)
    match = FIRST_LINE.match(read_first_line(process))
    assert match, "first line not in the documented form"
    url, tokens = match.group(1), match.group(2).split(" ")
    assert len(tokens) == 6
    response = httpx.get(
        f"{url}/client-session", params={"clientToken": tokens[0]},
        headers={"X-API-KEY": "s3cret-key", "X-API-VERSION": "2.4"}, timeout=5,
    )
    assert response.json()["amount"] == 650
    assert httpx.get(f"{url}/client-session", params={"clientToken": tokens[0]}).status_code == 401
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "s3cret-key" not in out + err
    assert "primer-example" in err


def test_json_first_line_and_sigterm_exits_0(running):
    process = start("--json", "--env", "production", "--fault", "get:503:once")
    running.append(process)
    data = json.loads(read_first_line(process))
    assert data["env"] == "PRODUCTION" and data["keyRequired"] is False
    assert data["sessions"][0]["name"] == "primer-example"
    params = {"clientToken": data["sessions"][0]["token"]}
    assert httpx.get(f"{data['url']}/client-session", params=params).status_code == 503
    assert httpx.get(f"{data['url']}/client-session", params=params).status_code == 200
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=10)
    assert process.returncode == 0


def test_first_line_form():
    app = create_app()
    line = first_line(app, "http://127.0.0.1:1234", as_json=False)
    match = FIRST_LINE.match(line)
    assert match and match.group(2).split(" ") == [s.token for s in app.state.sessions]


def test_bad_fault_spec_exits_2(capsys):
    assert main(["--port", "0", "--fault", "get:teapot"]) == 2
    assert "TARGET:ACTION" in capsys.readouterr().err


def test_bad_seed_file_exits_2(tmp_path, capsys):
    path = tmp_path / "seeds.json"
    path.write_text('[{"currencyCode": 5}]', encoding="utf-8")
    assert main(["--port", "0", "--seed", str(path)]) == 2
    assert "$.currencyCode" in capsys.readouterr().err


def test_usage_errors_exit_2_and_help_0(capsys):
    assert main(["--port", "many"]) == 2
    assert main(["--port", "70000"]) == 2
    assert main(["--help"]) == 0
    assert "--fault" in capsys.readouterr().out


def test_a_busy_port_exits_1(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    assert "cannot listen" in capsys.readouterr().err
