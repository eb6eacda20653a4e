"""The observations of one memo, as a table with a cursor row; uncertain fields marked.

A plain focusable widget (not a DataTable) so enter and the letter keys reach
the review screen's bindings untouched.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from tagging.review import ObservationView

UNCERTAIN_STYLE = "bold black on yellow"


class ObservationTable(Widget, can_focus=True):
    DEFAULT_CSS = """
    ObservationTable { height: 1fr; min-height: 4; border: round $secondary; padding: 0 1; }
    ObservationTable:focus { border: round $accent; }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.views: list[ObservationView] = []
        self.empty_text = ""

    def show(self, views: list[ObservationView] | tuple[ObservationView, ...], empty_text: str = "",
             cursor: int | None = None) -> None:
        self.views = list(views)
        self.empty_text = empty_text
        if cursor is not None:
            self.cursor = cursor
        self.cursor = max(0, min(self.cursor, len(self.views) - 1))
        self.refresh(layout=True)

    @property
    def selected(self) -> ObservationView | None:
        return self.views[self.cursor] if 0 <= self.cursor < len(self.views) else None

    def action_move(self, step: int) -> None:
        if self.views:
            self.cursor = (self.cursor + step) % len(self.views)

    def watch_cursor(self) -> None:
        self.refresh()

    def render(self) -> RenderableType:
        if not self.views:
            return Text(self.empty_text or "No observations.", style="dim")
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("", width=1, no_wrap=True)
        table.add_column("Student", ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column("Goal", width=6, no_wrap=True, overflow="ellipsis")
        table.add_column("Type", width=10, no_wrap=True)  # "anecdotal?" whole: the ? is the point
        table.add_column("Score", width=6, no_wrap=True)  # "10/12?"
        table.add_column("Cue", width=15, no_wrap=True)  # "self-corrected?"
        table.add_column("", width=9, no_wrap=True)
        for index, view in enumerate(self.views):
            o = view.observation
            cells = {
                "student": view.student.name if view.student else f"student {o.student_id}",
                "goal": view.goal.code if view.goal else "–",
                "type": o.data_type,
                "numbers": view.score,
                "cue": o.cue or "–",
            }
            row = [Text("▶" if index == self.cursor else " ")]
            for name, value in cells.items():
                if name in view.uncertain:
                    row.append(Text(f"{value}?", style=UNCERTAIN_STYLE))
                else:
                    row.append(Text(value))
            state = "confirmed" if o.confirmed else ("suggested" if o.source == "suggested" else o.source)
            row.append(Text(state, style="green" if o.confirmed else "dim"))
            table.add_row(*row, style="reverse" if index == self.cursor and self.has_focus else None)
        return table
