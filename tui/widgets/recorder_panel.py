"""The recorder panel: state, elapsed time, a live level meter and the VAD's speech light."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

METER_WIDTH = 24


def meter_bar(level: float, width: int = METER_WIDTH) -> str:
    """A bar of `width` cells, filled in proportion to level (0..1)."""
    filled = max(0, min(width, round(level * width)))
    return "█" * filled + "░" * (width - filled)


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class RecorderPanel(Static):
    """One line of state and one of meter; the app sets the reactives from a timer."""

    DEFAULT_CSS = """
    RecorderPanel {
        height: 4;
        border: round $primary;
        padding: 0 1;
    }
    RecorderPanel.-recording {
        border: heavy $error;
    }
    RecorderPanel.-trouble {
        border: round $warning;
    }
    """

    # idle | starting | recording | saving | unavailable
    state: reactive[str] = reactive("starting")
    level: reactive[float] = reactive(0.0)
    speech: reactive[bool] = reactive(False)
    elapsed: reactive[float] = reactive(0.0)
    message: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text()
        if self.state == "recording":
            text.append(" ● REC ", style="bold reverse red")
            text.append(f" {clock(self.elapsed)}  ")
            text.append("space stops", style="dim")
        elif self.state == "idle":
            text.append(" ready ", style="bold reverse green")
            text.append("  press space to dictate a memo", style="")
        elif self.state == "saving":
            text.append(" saving ", style="bold reverse yellow")
        elif self.state == "unavailable":
            text.append(" no microphone ", style="bold reverse yellow")
            text.append(f" {self.message}")
            return text
        else:
            text.append(" opening the microphone… ", style="dim")
        text.append("\n")
        text.append("level ")
        style = "green" if self.level < 0.8 else "red"
        text.append(meter_bar(self.level), style=style)
        text.append("  ")
        if self.speech:
            text.append(" speech ", style="bold reverse green")
        else:
            text.append(" quiet ", style="dim")
        return text

    def watch_state(self, state: str) -> None:
        self.set_class(state == "recording", "-recording")
        self.set_class(state == "unavailable", "-trouble")
