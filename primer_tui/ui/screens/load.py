"""The load screen: environment, API version, client token (decoded as you paste), recent ones.

A token's env and expiry are shown at once, with a warning when its env does not match the
chosen environment or it has expired. Loading happens on the editor screen; on failure the
editor shows the error and this screen keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from primer_tui.recent import RecentSession
from primer_tui.token import PRIMER_URLS, TokenError, decode, env_mismatch
from primer_tui.ui.startup import StyledOnce, report_started
from primer_tui.ui.widgets.footer import Footer


class LoadScreen(StyledOnce, Screen[None]):
    """Pick where to go and which session to load."""

    BINDINGS = [Binding("ctrl+l", "load", "Load", id="load", tooltip="Load the session")]

    @dataclass
    class LoadRequested(Message):
        environment: str
        base_url: str | None
        api_version: str
        token: str

    def __init__(self, *, environment: str = "sandbox", recent: list[RecentSession] | None = None,
                 demo: list[tuple[str, str]] | None = None, base_url: str | None = None,
                 api_version: str = "2.4") -> None:
        super().__init__()
        self.environment = environment
        self.recent = recent or []
        self.demo = demo or []
        self.base_url = base_url
        """Where sandbox and production requests go instead of Primer's URLs (``--base-url``);
        a custom environment types its own."""
        self._recent_url: tuple[str, str] | None = None
        """(environment, URL): a recent session loaded from elsewhere than Primer's URL (a
        proxy, a local emulator). Used while that environment stays chosen."""
        self.api_version = api_version

    def compose(self) -> ComposeResult:
        with Vertical(id="load-form"):
            yield Static("[b]primer-tui[/b] · load a client session", id="load-title")
            yield Label("Environment")
            envs = [("Sandbox", "sandbox"), ("Production", "production"), ("Custom URL", "custom")]
            if self.demo:
                envs = [("Demo (built-in emulator)", "demo")]
            yield Select(envs, value=envs[0][1] if self.demo else self.environment,
                         allow_blank=False, id="load-env")
            yield Input(self.base_url or "", placeholder="https://… (custom base URL)",
                        id="load-base-url")
            yield Static("", id="load-target")
            yield Label("API version")
            yield Input(self.api_version, id="load-api-version")
            yield Label("Client token")
            yield Input(placeholder="paste a client token", id="load-token")
            yield Static("", id="load-token-info")
            yield Button("Load", id="load-button", variant="primary")
            if self.demo or self.recent:
                yield Label("Demo sessions" if self.demo else "Recent tokens")
                labels = [name for name, _ in self.demo] or [entry.label for entry in self.recent]
                yield OptionList(*labels, id="load-recent")
        yield Footer()

    def on_mount(self) -> None:
        self._env_changed()
        self.call_after_refresh(report_started, self.app)

    @on(Select.Changed, "#load-env")
    def _env_changed(self) -> None:
        env = self.query_one("#load-env", Select).value
        self.query_one("#load-base-url").display = env == "custom"
        target = self.query_one("#load-target", Static)
        url = self._target_url(str(env))
        target.display = url is not None and env in {"sandbox", "production"}
        target.update(Text(f"Requests go to {url}"))
        self._token_changed()

    def _target_url(self, env: str) -> str | None:
        """Where a sandbox or production load goes instead of Primer's URL, if anywhere."""
        if self._recent_url is not None and self._recent_url[0] == env:
            return self._recent_url[1]
        return self.base_url

    @on(Input.Changed, "#load-token")
    def _token_changed(self) -> None:
        raw = self.query_one("#load-token", Input).value
        info = self.query_one("#load-token-info", Static)
        info.set_class(False, "-invalid")
        if not raw.strip():
            info.update("")
            return
        try:
            token = decode(raw)
        except TokenError as error:
            info.set_class(True, "-invalid")
            info.update(str(error))
            return
        env = str(self.query_one("#load-env", Select).value)
        notes = [f"env {token.env or '?'}", f"intent {token.intent or '?'}"]
        notes.append("EXPIRED" if token.expired() else f"expires {token.exp:%Y-%m-%d %H:%M} UTC" if token.exp else "no expiry")
        mismatch = env_mismatch(token, env) if env in {"sandbox", "production"} else None
        info.set_class(bool(mismatch) or token.expired(), "-invalid")
        info.update(" · ".join(notes) + (f"\n{mismatch}" if mismatch else ""))

    @on(OptionList.OptionSelected, "#load-recent")
    def _recent(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if self.demo:
            self.query_one("#load-token", Input).value = self.demo[index][1]
        else:
            self._fill(self.recent[index])
        self.action_load()

    def _fill(self, entry: RecentSession) -> None:
        # Where the session was loaded from: a production token loaded through a --base-url
        # (a proxy, a local emulator) goes there again. Not when another environment is chosen
        # after (its own URL), nor when it is Primer's own URL (shown as nothing special).
        url = entry.base_url or None
        primer_url = PRIMER_URLS.get(entry.environment)
        self._recent_url = ((entry.environment, url) if entry.environment in PRIMER_URLS
                            and url and url.rstrip("/") != primer_url else None)
        if entry.environment == "custom":  # a custom URL is typed in its own field
            self.query_one("#load-base-url", Input).value = url or ""
        self.query_one("#load-env", Select).value = entry.environment
        self.query_one("#load-token", Input).value = entry.token
        self._env_changed()

    @on(Button.Pressed, "#load-button")
    @on(Input.Submitted, "#load-token")
    def action_load(self) -> None:
        token = self.query_one("#load-token", Input).value.strip()
        if not token:
            self.query_one("#load-token-info", Static).update("Paste a client token first")
            return
        env = str(self.query_one("#load-env", Select).value)
        if not self.demo:
            try:
                decode(token)
            except TokenError as error:  # said at the field; no request for a non-token
                info = self.query_one("#load-token-info", Static)
                info.set_class(True, "-invalid")
                info.update(f"Not loaded: {error}")
                return
        typed_url = self.query_one("#load-base-url", Input).value.strip() or None
        if env == "custom" and not typed_url:
            self.query_one("#load-token-info", Static).update("A custom environment needs its base URL")
            return
        base_url = typed_url if env == "custom" else self._target_url(env)
        version = self.query_one("#load-api-version", Input).value.strip() or "2.4"
        self.post_message(self.LoadRequested(env, base_url, version, token))
