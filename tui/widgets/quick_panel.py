"""The quick-data panel: students present (digit keys), goal, cue, running scores, interval prompt."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from models.domain import Goal, Session, Student


class QuickPanel(Static):
    """Rendered from plain values the screen passes to show(); no state of its own."""

    DEFAULT_CSS = """
    QuickPanel {
        width: 34;
        height: 1fr;
        border: round $secondary;
        padding: 0 1;
    }
    QuickPanel.-prompt { border: heavy $warning; }
    """

    BORDER_TITLE = "Quick data"

    def show(
        self,
        *,
        session: Session | None,
        students: list[Student],
        selected: Student | None,
        goal: Goal | None,
        cue: str | None,
        scores: list[str],
        interval: str = "",
        prompt: bool = False,
    ) -> None:
        text = Text()
        if session is None:
            text.append("No session.\n", style="bold")
            text.append("Memos are kept unattached.\n", style="dim")
            text.append("s  start a session", style="")
        else:
            if not students:
                text.append("No students present.\n", style="dim")
            for number, student in enumerate(students[:9], start=1):
                mark = "▸" if selected and student.id == selected.id else " "
                style = "bold reverse" if mark == "▸" else ""
                text.append(f"{mark}{number} {_short(student.name)}\n", style=style)
            text.append("goal ", style="dim")
            if goal:
                text.append(f"{goal.code} ({goal.measure})", style="bold")
            else:
                text.append("none (g)" if selected else "pick a student", style="dim")
            text.append("\ncue  ", style="dim")
            text.append(cue or "none (c)", style="bold" if cue else "dim")
            text.append("\n")
            for line in scores[-6:]:
                text.append(line + "\n", style="green")
            if interval:
                text.append(interval, style="bold reverse yellow" if prompt else "yellow")
        self.set_class(prompt, "-prompt")
        self.update(text)


def _short(name: str, width: int = 26) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
