"""Small dialogs of the review screen: pick one of a list, type the numbers, confirm a list."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen):
    """Pick one value. With `filter`, typing narrows the list (enter takes the
    highlighted one, up/down move); without, a digit 1-9 picks. Escape dismisses None."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: 70; height: auto; max-height: 90%; border: thick $primary;
                              background: $surface; padding: 0 1; }
    ChoiceScreen OptionList { height: auto; max-height: 14; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("down", "move(1)", show=False, priority=True),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, title: str, options: list[tuple[str, object]], *, filter: bool = False,
                 highlighted: int = 0):
        super().__init__()
        self.title_text = title
        self.options = options
        self.filter = filter
        self.shown = list(range(len(options)))
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical():
            hint = "type to filter, enter picks" if self.filter else "digit or enter picks"
            yield Static(f"[b]{self.title_text}[/b]  ({hint}, esc cancels)")
            if self.filter:
                yield Input(placeholder="name…", id="filter", compact=True)
            yield OptionList(*self._prompts(), id="choices")

    def _prompts(self) -> list[Option]:
        numbered = not self.filter
        return [Option(f"{n + 1} {self.options[i][0]}" if numbered and n < 9 else self.options[i][0])
                for n, i in enumerate(self.shown)]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = min(self.highlighted, len(self.shown) - 1)
        (self.query_one("#filter", Input) if self.filter else options).focus()

    @on(Input.Changed, "#filter")
    def narrow(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        self.shown = [i for i, (prompt, _) in enumerate(self.options)
                      if all(w in prompt.casefold() for w in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._prompts())
        if self.shown:
            options.highlighted = 0

    @on(Input.Submitted, "#filter")
    def take_highlighted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.options[self.shown[index]][1])

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[self.shown[event.option_index]][1])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = ((options.highlighted or 0) + step) % len(self.shown)

    def action_pick(self, number: int) -> None:
        if self.filter:
            return  # digits are typed into the filter
        if 0 < number <= len(self.shown):
            self.dismiss(self.options[self.shown[number - 1]][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class NumberPrompt(ModalScreen[str | None]):
    """One line for the numbers, started with the digit that opened it."""

    DEFAULT_CSS = """
    NumberPrompt { align: center middle; }
    NumberPrompt > Vertical { width: 60; height: auto; border: thick $primary; background: $surface;
                              padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: str, data_type: str):
        super().__init__()
        self.start = start
        self.data_type = data_type

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]Numbers[/b] for {self.data_type}: 4/5, 4 of 5, 75%, 3 (a count), 90s  "
                         "(enter saves, esc cancels)")
            yield Input(self.start, id="numbers", compact=True)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(self.start)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ListConfirmScreen(ModalScreen[bool]):
    """A list to look at before saying yes: y or enter confirms, n or escape does not."""

    DEFAULT_CSS = """
    ListConfirmScreen { align: center middle; }
    ListConfirmScreen > Vertical { width: 78; height: auto; max-height: 90%; border: thick $primary;
                                   background: $surface; padding: 0 1; }
    ListConfirmScreen VerticalScroll { height: auto; max-height: 16; }
    """

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Confirm all", priority=True),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, title: str, lines: list[str]):
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.title_text}[/b]")
            with VerticalScroll():
                yield Static("\n".join(self.lines), markup=False, id="items")
            yield Static("[b]y[/b]/enter confirms them all · [b]n[/b]/esc goes back")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
