"""The installed `primer-tui --demo` in a real terminal (tmux): it paints the total and quits,
and exits when its terminal goes away."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

TMUX = shutil.which("tmux")


def _capture(session: str) -> str:
    return subprocess.run(
        [TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
    ).stdout


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_installed_demo_shows_the_total_and_quits_with_ctrl_q(tmp_path):
    command = Path(sys.executable).parent / "primer-tui"
    session = f"primer-smoke-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exited"
    shell = f"XDG_CONFIG_HOME={tmp_path} XDG_DATA_HOME={tmp_path} {command} --demo; echo $? > {done}"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", shell], check=True)
    try:
        screen = _wait_for(session, "Computed total")
        assert "£6.50" in screen and "Visa" in screen
        subprocess.run([TMUX, "send-keys", "-t", session, "C-q"], check=True)
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], check=False, capture_output=True)


MAKE = shutil.which("make")


@pytest.mark.skipif(TMUX is None or MAKE is None, reason="tmux or make is not installed")
def test_the_demo_exits_when_its_terminal_goes_away_with_no_hang_up_signal(tmp_path):
    # Run as the README's `make demo` runs it: make holds the hang-up back, so when the pane is
    # killed the app gets no signal, and Textual's input thread spun a core on the dead
    # terminal for ever. The app notices the terminal is gone (checked once a second).
    command = Path(sys.executable).parent / "primer-tui"
    done = tmp_path / "exited"
    (tmp_path / "Makefile").write_text(
        f"demo:\n\tXDG_CONFIG_HOME={tmp_path} XDG_DATA_HOME={tmp_path} {command} --demo;"
        f" echo $$? > {done}\n")
    session = f"primer-smoke-{uuid.uuid4().hex[:8]}"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                    f"{MAKE} -f {tmp_path / 'Makefile'} demo"], check=True)
    try:
        _wait_for(session, "Computed total")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], check=False, capture_output=True)
    deadline = time.monotonic() + 10
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done.exists(), "the app was still running 10 s after its terminal went away"
    assert done.read_text().strip() == "129"
