"""The footer is rebuilt only when the keys it shows change (issue 7: five rebuilds of the same
nine keys cost about 50 ms of the first paint), and still follows the keys when they do."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.widgets.footer import Footer
from tests.pilot_support import loaded_editor


def _keys(screen) -> list[str]:
    return [key.key for key in screen.query_one(Footer).query(FooterKey)]


async def test_the_footer_is_built_once_while_the_editor_starts(monkeypatch):
    recomposed = []
    original = Footer.recompose

    async def counting(self):
        recomposed.append(self.screen)
        return await original(self)

    monkeypatch.setattr(Footer, "recompose", counting)
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await pilot.pause(0.3)
        assert "ctrl+s" in _keys(editor)
        assert len([screen for screen in recomposed if screen is editor]) <= 1
        before = len(recomposed)
        editor.query_one("#f-customer-first_name Input").focus()  # same keys: no rebuild
        await pilot.pause(0.1)
        assert len(recomposed) == before


async def test_the_footer_follows_a_change_of_keys():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await pilot.pause(0.1)
        await pilot.press("ctrl+s")  # the review screen has keys of its own
        await pilot.pause(0.2)
        review_keys = _keys(pilot.app.screen)
        assert review_keys and review_keys != _keys(editor)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert pilot.app.screen is editor and "ctrl+s" in _keys(editor)


async def test_the_footer_follows_keys_that_change_on_the_same_screen():
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.reactive import reactive

    class Keys(App[None]):
        BINDINGS = [Binding("f2", "send", "Send"), Binding("f3", "stop", "Stop")]
        sending: reactive[bool] = reactive(False, bindings=True)

        def compose(self) -> ComposeResult:
            yield Footer()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            if action == "stop":
                return self.sending  # False: not shown
            return True

        def action_send(self) -> None:
            self.sending = True

    async with Keys().run_test() as pilot:
        await pilot.pause()
        footer = pilot.app.query_one(Footer)
        assert [key.key for key in footer.query(FooterKey)][:2] == ["f2", "ctrl+p"]
        await pilot.press("f2")
        await pilot.pause(0.1)
        assert [key.key for key in footer.query(FooterKey)][:2] == ["f2", "f3"]


async def test_every_editor_key_fits_in_the_footer_at_80_columns():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(80, 24)) as pilot:
        editor = await loaded_editor(pilot)
        await pilot.pause()
        keys = [key for key in editor.query(FooterKey) if key.display]
        shown = {str(key.description) for key in keys}
        assert {"Review", "Undo", "Reload", "Audit log", "Reset field", "Quit", "Help",
                "Open"} <= shown
        assert all(key.region.right <= 80 for key in keys), [
            (str(key.description), key.region) for key in keys]
