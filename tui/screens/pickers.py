"""Small pickers for quick data: a goal, a cue level, an interval timer."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from models.domain import CUE_LEVELS, Goal


class _Picker(ModalScreen):
    """An option list; a digit key or enter picks, escape cancels (dismisses None)."""

    DEFAULT_CSS = """
    _Picker { align: center middle; }
    _Picker > Vertical { width: 64; height: auto; max-height: 90%; border: thick $primary;
                         background: $surface; padding: 0 1; }
    _Picker OptionList { height: auto; max-height: 16; }
    """

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")] + [
        Binding(str(n), f"pick({n})", show=False) for n in range(10)
    ]

    title_text = ""

    def __init__(self, options: list[tuple[str, object]], highlighted: int = 0):
        super().__init__()
        self.values = [value for _, value in options]
        self.prompts = [prompt for prompt, _ in options]
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.title_text}[/b]  (digit or enter picks, esc cancels)")
            yield OptionList(*[Option(p) for p in self.prompts])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.highlighted
        options.focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.values[event.option_index])

    def action_pick(self, number: int) -> None:
        index = self.digit_index(number)
        if 0 <= index < len(self.values):
            self.dismiss(self.values[index])

    def digit_index(self, number: int) -> int:
        return number - 1

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class GoalPicker(_Picker):
    """The selected student's goals, numbered from 1."""

    title_text = "Goal"

    def __init__(self, goals: tuple[Goal, ...], current: Goal | None):
        options = [(f"{n} {g.code} · {g.measure} · {g.text[:40]}", g) for n, g in enumerate(goals, start=1)]
        index = next((i for i, g in enumerate(goals) if current and g.id == current.id), 0)
        super().__init__(options, index)


class CuePicker(_Picker):
    """0 clears the cue; 1-8 are the cue levels, least support first."""

    title_text = "Cue level"

    def __init__(self, current: str | None):
        options = [("0 none", "")] + [(f"{n} {cue}", cue) for n, cue in enumerate(CUE_LEVELS, start=1)]
        index = CUE_LEVELS.index(current) + 1 if current in CUE_LEVELS else 0
        super().__init__(options, index)

    def digit_index(self, number: int) -> int:
        return number


@dataclass
class IntervalPlan:
    count: int
    seconds: float


class IntervalSetup(ModalScreen[IntervalPlan | None]):
    """How many intervals, how long each."""

    DEFAULT_CSS = """
    IntervalSetup { align: center middle; }
    IntervalSetup > Vertical { width: 50; height: auto; border: thick $primary; background: $surface;
                               padding: 0 1; }
    IntervalSetup Grid { grid-size: 2; grid-columns: 20 1fr; height: auto; }
    IntervalSetup #error { color: $error; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int = 10, seconds: float = 60):
        super().__init__()
        self.count = count
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Interval timer[/b]  (enter starts, esc cancels)")
            with Grid():
                yield Label("Intervals")
                yield Input(str(self.count), id="count", type="integer", compact=True)
                yield Label("Seconds each")
                yield Input(f"{self.seconds:g}", id="seconds", type="number", compact=True)
            yield Label("", id="error")
            yield Button("Start", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#count", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        try:
            count = int(self.query_one("#count", Input).value)
            seconds = float(self.query_one("#seconds", Input).value)
        except ValueError:
            count, seconds = 0, 0.0
        if not (1 <= count <= 100 and 0 < seconds <= 3600):
            self.query_one("#error", Label).update("1-100 intervals of up to 3600 seconds")
            return
        self.dismiss(IntervalPlan(count, seconds))

    def action_cancel(self) -> None:
        self.dismiss(None)
