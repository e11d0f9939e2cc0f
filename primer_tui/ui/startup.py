"""Start-up: its end, reported by the first screen drawn (see ``PrimerApp.startup_done``), and
screens and widgets that are styled once when they open, not twice or more."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events


def report_started(app: object) -> None:
    """Tell ``app`` its first screen is drawn, if it wants to know (tests use other apps)."""
    if callable(done := getattr(app, "startup_done", None)):
        done()


class StyledOnce:
    """A screen mixin: its widgets are styled once as they are mounted, not again straight after.

    Textual restyles a whole screen when a class of the screen changes and on every resume. Two
    such passes follow the push of a new screen and find nothing new; on the editor they cost
    about 50 ms of the first paint together (issue 7):

    - the width class (``HORIZONTAL_BREAKPOINTS``), which Textual adds on the first resize: here
      it is set in ``__init__``, before any widget is styled;
    - the first resume (the push itself): it does not restyle. Later resumes, after a screen
      above is popped, restyle as Textual decides.
    """

    _resumed = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        from textual.screen import Screen

        mro = cls.__mro__
        if Screen in mro and mro.index(Screen) < mro.index(StyledOnce):
            # Textual calls ScreenResume handlers down the MRO: after Screen's, too late.
            raise TypeError(f"{cls.__name__}: put StyledOnce before Screen in its bases")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            app = self.app  # type: ignore[attr-defined]
        except RuntimeError:  # NoActiveAppError, built outside an app: the first resize adds it
            return
        if width_class := width_class_of(app):
            self.add_class(width_class, update=False)  # type: ignore[attr-defined]

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (handlers are called down the MRO), which reads
        # ``refresh_styles``.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False


class StyledWhenMounted:
    """A widget mixin: class changes made before the widget is mounted do not style it.

    Textual styles a widget, and each of its component classes, whenever one of its classes
    changes, mounted or not; ``compact=True`` in a constructor is such a change. A widget is
    styled anyway when it is mounted, so for one built in ``compose`` that pass is wasted: five
    stylings per ``Input``, about 40 ms over the editor's form fields at start-up (issue 7).
    """

    def update_node_styles(self, animate: bool = True) -> None:
        if self.is_attached:  # type: ignore[attr-defined]
            super().update_node_styles(animate)  # type: ignore[misc]


def width_class_of(app: Any) -> str:
    """The class Textual gives a screen of the app's width (``HORIZONTAL_BREAKPOINTS``)."""
    width = app.size.width
    for start, name in sorted(app.HORIZONTAL_BREAKPOINTS or (), reverse=True):
        if width >= start:
            return name
    return ""
