"""A real terminal for the benchmarks: tmux, on a private server, panes of 120x40.

Every app runs in a detached tmux session of its own on a tmux server started for this run only
(``-L primer-bench-<pid>``, no config file), so other people's tmux sessions are never touched and
``stop_server`` ends exactly what was started. The screen is read with ``capture-pane -p``, polled:
each poll is a ``tmux`` process (about 2-4 ms here), which bounds the resolution of every figure
measured this way; the same polling is used for primer-tui and for the Textual baselines beside it,
so the ratios are fair even where the absolute numbers carry that overhead.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 120, 40


class TerminalTimeout(RuntimeError):
    """What was waited for never appeared; the message holds the last screen."""


@dataclass
class TmuxServer:
    """A private tmux server; ``start`` once, ``stop`` at the end."""

    socket_name: str = f"primer-bench-{os.getpid()}"

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a tmux command against this server."""
        command = ["tmux", "-L", self.socket_name, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, check=check)

    def start(self) -> TmuxServer:
        # A session that lives for the whole run keeps the server up, so no measured start pays
        # for starting tmux itself.
        self.tmux("new-session", "-d", "-s", "keeper", "-x", str(WIDTH), "-y", str(HEIGHT),
                  "sleep", "86400")
        self.tmux("set-option", "-g", "default-terminal", "tmux-256color", check=False)
        return self

    def stop(self) -> None:
        """End the server (and any app still running in it) and remove its socket."""
        socket = self.tmux("display-message", "-p", "#{socket_path}", check=False).stdout.strip()
        self.tmux("kill-server", check=False)
        if socket:
            Path(socket).unlink(missing_ok=True)

    def open(self, name: str, argv: Sequence[str], env: dict[str, str]) -> Pane:
        """Start ``argv`` (no shell in between) in a new 120x40 session called ``name``."""
        settings = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        self.tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
                  *settings, *argv)
        return Pane(self, name)


@dataclass
class Pane:
    """One app running in a tmux session."""

    server: TmuxServer
    name: str

    def capture(self) -> str:
        """The screen as text (empty once the session has ended)."""
        return self.server.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, done: Callable[[str], bool], timeout: float, interval: float) -> float:
        """Poll the screen until ``done(screen)``; returns the perf_counter time it was seen."""
        deadline = time.perf_counter() + timeout
        screen = ""
        while time.perf_counter() < deadline:
            screen = self.capture()
            if done(screen):
                return time.perf_counter()
            time.sleep(interval)
        raise TerminalTimeout(f"{self.name}: gave up after {timeout:.0f} s; screen:\n{screen}")

    def send_keys(self, *keys: str) -> None:
        """Type ``keys`` (tmux key names: ``5``, ``BSpace``, ``C-q``)."""
        self.server.tmux("send-keys", "-t", self.name, *keys)

    def pid(self) -> int:
        """The process running in the pane (the app: it was started without a shell)."""
        return int(self.server.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").stdout)

    def alive(self) -> bool:
        return self.server.tmux("has-session", "-t", self.name, check=False).returncode == 0

    def close(self, quit_key: str | None = "C-q", grace: float = 2.0) -> None:
        """Quit with ``quit_key``; kill the session if the app is still there after ``grace`` s."""
        if quit_key and self.alive():
            self.send_keys(quit_key)
            deadline = time.perf_counter() + grace
            while self.alive() and time.perf_counter() < deadline:
                time.sleep(0.02)
        self.server.tmux("kill-session", "-t", self.name, check=False)


def peak_rss_mib(pid: int) -> float:
    """``VmHWM`` (peak resident set) of ``pid`` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")
