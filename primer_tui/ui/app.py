"""The Textual application: screens, keys, themes; `run` starts it from the command line."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from primer_tui.recent import load_recent
from primer_tui.ui.remote import Remote
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.screens.load import LoadScreen
from primer_tui.ui.themes import load_themes, remember_theme, remembered_theme

if TYPE_CHECKING:
    import argparse

    from primer_tui.cli import Target

# Imported when first needed, not at start-up (issue 7): the editor (pydantic, the panels),
# help (Markdown), the HTTP client (httpx). Starting on the load screen needs none of them.


def _editor(remote: Remote) -> Screen:
    from primer_tui.ui.screens.editor import EditorScreen

    return EditorScreen(remote)


def _editors(app: App) -> list[Any]:
    if "primer_tui.ui.screens.editor" not in sys.modules:
        return []  # no editor was ever opened
    from primer_tui.ui.screens.editor import EditorScreen

    return [screen for screen in app.screen_stack if isinstance(screen, EditorScreen)]


STARTUP_GRACE = 5.0
"""Seconds after which garbage collection is back on even if no screen said it was drawn."""


TERMINAL_CHECK = 1.0
"""Seconds between checks that the terminal is still there (``PrimerApp._watch_terminal``)."""


class PrimerApp(App[None]):
    """primer-tui: load a client session, edit it, review and send the PATCH."""

    CSS_PATH = "primer.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    TITLE = "primer-tui"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="Keys and what they do"),
        Binding("ctrl+o", "open", "Open", id="open", tooltip="Load another session"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit (asks when edits are unsent)",
                priority=True),
    ]

    def __init__(
        self, *, remote: Remote | None = None, make_remote=None, demo: bool = False,
        environment: str = "sandbox", profile_theme: str | None = None,
        base_url: str | None = None, api_version: str = "2.4",
    ) -> None:
        super().__init__()
        self.last_key_at: float | None = None
        """When the last key was pressed (``on_event``)."""
        self.remote = remote
        self.make_remote = make_remote
        self.demo = demo
        self.environment = environment
        self.base_url = base_url
        """``--base-url`` (or the profile's): where the load screen's requests go."""
        self.api_version = api_version
        """The environment the load screen starts on."""
        self.profile_theme = profile_theme
        """The config profile's theme: wins over the one remembered."""
        for theme in load_themes():
            self.register_theme(theme)
        wanted = profile_theme or remembered_theme() or "primer"
        self._theme_on_mount = self._start_theme(wanted if wanted in self.available_themes
                                                 else "primer")

    def _start_theme(self, name: str) -> str | None:
        """Start in theme ``name``; returns it if it must be set on mount instead.

        Set on mount, a theme replaces the stylesheet's variables after its first parse:
        Textual parses every widget's CSS again, then once more when the next widget type
        mounts (the change empties the parse cache): about 30 ms of start-up (issue 7). Set
        here, before anything is parsed or styled, there is nothing to redo. Only for a theme
        as dark (or light) as Textual's default: the other kind also changes the ANSI colour
        filter, which Textual's own ``theme`` watcher does, on mount.
        """
        theme = self.get_theme(name)
        if theme is None or theme.dark != self.current_theme.dark:
            return name
        self.set_reactive(PrimerApp.theme, name)  # no watcher: nothing to refresh yet
        self.stylesheet.set_variables(self.get_css_variables())
        themes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        self.update_classes({**themes, f"-theme-{name}": True}, update=False)
        return None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            # When the key was pressed (read from the terminal), for a screen that must not act
            # on a key pressed before it was shown (the review's send).
            self.last_key_at = event.time
        await super().on_event(event)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # App tokens for themes that do not define them (Textual's built-in ones).
        return {"changed": "#FFB547", "production": "#FF5C7A"}

    def on_mount(self) -> None:
        if not gc.isenabled():  # start-up with collection paused (cli.run_editor)
            self._freeze_imports()
        self.set_timer(STARTUP_GRACE, self.startup_done)  # in case no screen reports it
        if self._theme_on_mount is not None:
            self.theme = self._theme_on_mount
        self.call_later(self._push_first_screen)
        self._watch_terminal()

    def _watch_terminal(self) -> None:
        """Exit, saving what was typed, when the terminal goes away (its window closed, an SSH
        link dropped, its tmux pane killed), or when asked to stop (``kill``, a logout, a
        container or service stopped: SIGTERM).

        Either signal would end the process before the draft's save (a second after typing
        pauses). And a hang-up does not always come: under ``make demo`` (make holds it back)
        the app ran on, and Textual's input thread, reading end-of-file from the dead
        terminal, spun a core at 100% for ever. So the terminal is also checked once a
        second."""
        if self.is_headless:
            return
        with suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGTERM, self.save_drafts_and_exit, 128 + signal.SIGTERM)
        if sys.__stdin__ is None:
            return
        try:
            fileno = sys.__stdin__.fileno()
        except (OSError, ValueError):
            return
        if not os.isatty(fileno):
            return
        with suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.terminal_gone)
        self.set_interval(TERMINAL_CHECK, lambda: os.isatty(fileno) or self.terminal_gone())

    def terminal_gone(self) -> None:
        """The terminal is gone: save each editor's draft now, and exit (status 129, as a
        hang-up would end the process)."""
        self.save_drafts_and_exit(128 + signal.SIGHUP)

    def save_drafts_and_exit(self, return_code: int) -> None:
        """Save each editor's draft now, not a second after typing paused, and exit."""
        for editor in _editors(self):
            editor.save_draft()
        self.exit(return_code=return_code)

    def _push_first_screen(self) -> None:
        """The editor (a token was given) or the load screen, pushed once the app is running.

        Not from ``on_mount``: Textual holds every frame back until the app's mount is over, and
        it waits for a screen pushed there to mount. The editor loaded its session, laid out
        and drew its frame (about 25 ms), then threw it away; the terminal's first resize laid
        it out again and a second full frame was drawn: about 80 ms of the first paint (issue 7).
        Called next (``call_later``), its first frame is the one shown. ``call_after_refresh``
        would wait for the app's first refresh too: up to a frame (17 ms) later.
        """
        if self.remote is not None and self.remote.token:
            self.push_screen(_editor(self.remote))
        else:
            self.push_screen(self._load_screen())

    def _freeze_imports(self) -> None:
        """Move what the imports built (modules, classes, the stylesheet) out of the collector's
        sight: later full collections, which can land on a keystroke, have that much less to
        walk. Before any screen or session exists: a frozen object is never freed, and an
        editor frozen with its session would outlive ctrl+o."""
        if self.remote is not None and self.remote.token:
            import primer_tui.ui.screens.editor  # noqa: F401 - its module, not an editor

        gc.freeze()

    def startup_done(self) -> None:
        """The first screen is drawn: collect garbage again, if start-up paused it (cli.py)."""
        if not gc.isenabled():
            gc.enable()

    def _load_screen(self) -> LoadScreen:
        if self.demo and self.remote is not None:
            return LoadScreen(demo=self.remote.demo_tokens)
        return LoadScreen(environment=self.environment, recent=load_recent(),
                          base_url=self.base_url, api_version=self.api_version)

    def watch_theme(self, theme: str) -> None:
        remember_theme(theme)

    @on(LoadScreen.LoadRequested)
    def _load(self, event: LoadScreen.LoadRequested) -> None:
        if self.remote is not None and self.demo:
            remote = Remote(self.remote.client, "demo", event.token, self.remote.demo_tokens)
        else:
            try:
                remote = self.make_remote(event.environment, event.base_url, event.api_version,
                                          event.token)
            except ValueError as error:  # a base URL, key or version no request can carry
                self.notify(str(error), title="Cannot load", severity="error", timeout=10)
                return
        while len(self.screen_stack) > 2:  # the default screen and this load screen stay
            self.pop_screen()
        self.push_screen(_editor(remote))

    def action_open(self) -> None:
        """The load screen, keeping nothing unsent behind."""
        if isinstance(self.screen, LoadScreen):
            return
        # Closing the editor would cancel its send while the PATCH is out.
        if any(editor.refused_while_sending("Not now") for editor in _editors(self)):
            return
        if changes := self.unsent_changes():
            question = f"{self._unsent_fate(changes)} Open another session anyway?"
            self.push_screen(ConfirmScreen(question), self._open_answered)
            return
        self._open_load_screen()

    def _open_answered(self, yes: bool | None) -> None:
        if yes and not any(editor.refused_while_sending("Not now") for editor in _editors(self)):
            for editor in _editors(self):
                editor.save_draft()  # what was typed in the last second too
            self._open_load_screen()

    def _open_load_screen(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(self._load_screen())

    def _unsent_fate(self, changes: int) -> str:
        """What becomes of ``changes`` unsent changes when their editor closes."""
        some = f"{changes} unsent change{'s' if changes != 1 else ''}"
        if any(editor.remote.environment == "demo" for editor in _editors(self)):
            return f"{some} will be lost (the demo keeps no drafts)."
        return (f"{some} will not be sent: kept as a draft, offered back when this session is "
                "next opened.")

    def unsent_changes(self) -> int:
        """Counted now, not the editors' ``changes`` (it lags typing): the last key counts."""
        return sum(editor.unsent_changes() for editor in _editors(self))

    async def action_quit(self) -> None:
        changes = self.unsent_changes()
        sending = any(editor.sending for editor in _editors(self))
        if not changes and not sending:
            self.exit()
            return
        question = f"{self._unsent_fate(changes)} Quit anyway?"
        if sending:
            question = ("A send is in progress: quitting cancels it, and whether the server "
                        "applied it will not be known (the audit log keeps the attempt). "
                        "Quit anyway?")
        # Saved before the exit: what was typed in the last second is in the draft too.
        self.push_screen(ConfirmScreen(question),
                         lambda yes: self.save_drafts_and_exit(0) if yes else None)

    def action_help(self) -> None:
        from primer_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and what they do", self.action_help)
        yield SystemCommand("Open session", "Load another client session", self.action_open)
        if screen in _editors(self):
            yield SystemCommand("Review changes", "Show the PATCH before sending", screen.action_review)
            yield SystemCommand("Undo", "Undo the last change", screen.action_undo)
            yield SystemCommand("Reset field", "Put the focused field back to its loaded value",
                                screen.action_reset_field)
            yield SystemCommand("Reload session", "Load the session again", screen.action_reload)
            yield SystemCommand("Audit log", "Every PATCH sent; revert one", screen.action_audit)


def run(args: argparse.Namespace, target: Target | None) -> int:
    """Start the app for the command line's arguments (``target``: where to, None in the demo)."""
    if target is None:
        from primer_tui.ui.demo import demo_remote

        app = PrimerApp(remote=demo_remote(args.token), demo=True)
        app.run()
        return app.return_code or 0
    key = target.api_key.reveal() if target.api_key else None
    factory = remote_factory(key)
    remote = None
    if args.token:
        try:
            remote = factory(target.environment, target.base_url, target.api_version, args.token)
        except ValueError as error:  # refused before any screen: a message, exit 2 (bad input)
            print(f"primer-tui: {error}", file=sys.stderr)
            return 2
    app = PrimerApp(remote=remote, make_remote=factory, environment=target.environment,
                    profile_theme=target.theme, base_url=target.base_url,
                    api_version=target.api_version)
    app.run()
    return app.return_code or 0


def remote_factory(api_key: str | None, transport: Any = None):
    """A function making a :class:`Remote` for (environment, base_url, api_version, token).

    ``transport`` (an httpx transport) replaces the network: tests pass the emulator's.
    """
    from primer_tui.client import ENVIRONMENTS, PrimerClient

    def make(environment: str, base_url: str | None, api_version: str, token: str) -> Remote:
        url = base_url or ENVIRONMENTS.get(environment, ENVIRONMENTS["sandbox"])
        env = environment if environment in ENVIRONMENTS or not base_url else "custom"
        client = PrimerClient(api_key=api_key, base_url=url, api_version=api_version,
                              transport=transport)
        return Remote(client, env, token, secret=api_key)

    return make
