"""The help screen: every key, in one place.

A Rich table rather than Textual's Markdown widget: markdown-it costs a fifth
of a second to import, and the app must be ready to record at once.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("space", "start a memo; space again stops it (it also stops after trailing silence when configured)"),
    ("s / e", "start a session / end it"),
    ("1-9", "pick a student present"),
    ("g", "pick the student's goal"),
    ("c", "pick the cue level for the next data"),
    ("+ or =", "a correct trial"),
    ("-", "an incorrect trial"),
    ("t", "a tally (one occurrence)"),
    ("i", "start or stop the interval timer"),
    ("y / n", "the behaviour occurred / did not, in the interval that just ended"),
    ("u", "undo the last quick-data key"),
    ("r", "review memos: transcripts, suggested tags, confirm (esc comes back)"),
    ("m", "reopen the microphone after it was missing or vanished"),
    ("ctrl+p", "command palette: theme, keys, everything above"),
    ("? or f1", "this help"),
    ("q", "quit (a memo being recorded is saved first)"),
]

NOTES = (
    "Memos recorded with no session open are kept unattached; attach them during review. "
    "The memo list shows each memo's status until its transcript replaces it."
)


def help_table() -> Table:
    table = Table(title="pushin keys", expand=True, show_lines=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what it does", ratio=1)
    for key, text in KEYS:
        table.add_row(key, text)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 78; height: 90%; border: thick $primary; background: $surface; }
    """

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_table())
            yield Static(Text(NOTES, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
