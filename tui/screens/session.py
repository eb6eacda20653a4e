"""Starting, resuming and ending a session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from models.domain import SESSION_FORMATS, SETTINGS, Session, Student


@dataclass
class SessionForm:
    """What the SLP filled in; the app passes it to store.start_session."""

    setting: str
    format: str
    teacher: str
    classroom: str
    activity: str
    student_ids: tuple[int, ...]


_NEXT_FIELD = {"teacher": "classroom", "classroom": "activity", "activity": "filter"}


class StartSessionScreen(ModalScreen[SessionForm | None]):
    """Setting, format, teacher, activity, and students present filtered as you type.

    It opens on the student filter: who is present is what an SLP types first ("jay", enter, "mar",
    enter, enter starts). The teacher is filled in from the caseload of the students picked, and the
    classroom from the last session with that teacher (`rooms`), each until the SLP types one; enter
    in the teacher, classroom or activity field moves on to the next.
    """

    DEFAULT_CSS = """
    StartSessionScreen { align: center middle; }
    StartSessionScreen > Vertical {
        width: 76; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    StartSessionScreen Grid { grid-size: 4; grid-columns: 10 1fr 10 1fr; height: auto; grid-gutter: 0 1; }
    StartSessionScreen Label { padding: 0 0; }
    StartSessionScreen #students { height: 1fr; min-height: 4; max-height: 12; border: round $secondary; }
    StartSessionScreen #filter { margin: 1 0 0 0; }
    StartSessionScreen #buttons { height: auto; align-horizontal: right; }
    StartSessionScreen #picked { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "start", "Start session", priority=True),
    ]

    def __init__(self, students: list[Student], teacher: str = "", rooms: dict[str, str] | None = None):
        super().__init__()
        self.students = students
        self.picked: set[int] = set()
        self.teacher = teacher
        self.rooms = rooms or {}
        # What was put in the teacher and classroom fields, not typed there.
        self.filled = {"teacher": teacher, "classroom": self.rooms.get(teacher, "")}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Start a session[/b]  (ctrl+s starts, esc cancels)")
            with Grid():
                yield Label("Setting")
                yield Select([(s, s) for s in SETTINGS], value=SETTINGS[0], allow_blank=False,
                             id="setting", compact=True)
                yield Label("Format")
                yield Select([(f, f) for f in SESSION_FORMATS], value="small group", allow_blank=False,
                             id="format", compact=True)
                yield Label("Teacher")
                yield Input(self.teacher, placeholder="classroom teacher", id="teacher", compact=True)
                yield Label("Classroom")
                yield Input(self.filled["classroom"], placeholder="e.g. room 12", id="classroom", compact=True)
                yield Label("Activity")
                yield Input(placeholder="e.g. science read-aloud", id="activity", compact=True)
            yield Input(placeholder="type a student's name, enter picks the first match; enter again starts",
                        id="filter", compact=True)
            yield SelectionList[int](id="students")
            yield Label("", id="picked")
            with Horizontal(id="buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.refill("")
        self.query_one("#filter", Input).focus()

    def matches(self, text: str) -> list[Student]:
        words = text.casefold().split()
        return [s for s in self.students if all(w in s.name.casefold() for w in words)]

    def refill(self, text: str) -> None:
        options = self.query_one("#students", SelectionList)
        options.clear_options()
        options.add_options([Selection(s.name, s.id, s.id in self.picked) for s in self.matches(text)])
        self.show_picked()

    def show_picked(self) -> None:
        names = [s.name for s in self.students if s.id in self.picked]
        self.query_one("#picked", Label).update(
            f"{len(names)} present: " + ", ".join(names) if names else "no students picked yet")
        self.fill_teacher()

    def fill_teacher(self) -> None:
        """The picked students' classroom teacher (the most of them have) in the teacher field, and that
        teacher's last classroom in the classroom field, each unless the SLP typed one there."""
        teachers = Counter(s.teacher for s in self.students if s.id in self.picked and s.teacher)
        teacher = self._fill("teacher", teachers.most_common(1)[0][0] if teachers else self.teacher)
        self._fill("classroom", self.rooms.get(teacher, ""))

    def _fill(self, name: str, value: str) -> str:
        """`value` in the field `name` unless the SLP typed there; what the field then holds."""
        field = self.query_one(f"#{name}", Input)
        if field.value == self.filled[name]:
            field.value = self.filled[name] = value
        return field.value

    @on(Input.Submitted, "#teacher, #classroom, #activity")
    def field_entered(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, and from the activity back to the students."""
        self.query_one(f"#{_NEXT_FIELD[event.input.id or '']}", Input).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    @on(Input.Submitted, "#filter")
    def pick_first(self, event: Input.Submitted) -> None:
        if not event.value.strip() and self.picked:
            self.action_start()
            return
        found = self.matches(event.value)
        if found:
            self.picked ^= {found[0].id}
            event.input.value = ""
            self.refill("")

    @on(SelectionList.SelectionToggled)
    def toggled(self, event: SelectionList.SelectionToggled) -> None:
        self.picked ^= {event.selection.value}
        self.show_picked()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.dismiss(SessionForm(
            setting=str(self.query_one("#setting", Select).value),
            format=str(self.query_one("#format", Select).value),
            teacher=self.query_one("#teacher", Input).value.strip(),
            classroom=self.query_one("#classroom", Input).value.strip(),
            activity=self.query_one("#activity", Input).value.strip(),
            student_ids=tuple(s.id for s in self.students if s.id in self.picked),
        ))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def describe(session: Session, students: list[Student] | None = None) -> str:
    """'10:05 push-in · small group · Mrs Lee · science · 3 present'."""
    parts = [_hhmm(session.started_at), session.setting]
    parts += [p for p in (session.format, session.teacher, session.activity) if p]
    parts.append(f"{len(session.student_ids)} present")
    return parts[0] + " " + " · ".join(parts[1:])


def _hhmm(iso: str) -> str:
    try:
        stamp = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    fmt = "%H:%M" if stamp.date() == datetime.now().date() else "%b %d %H:%M"
    return stamp.strftime(fmt)


class OpenSessionScreen(ModalScreen[str]):
    """A session left open (the app closed or crashed): resume it, or close it."""

    DEFAULT_CSS = """
    OpenSessionScreen { align: center middle; }
    OpenSessionScreen > Vertical {
        width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    OpenSessionScreen Horizontal { height: auto; margin-top: 1; }
    OpenSessionScreen Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("c", "choose('close')", "Close it"),
        Binding("escape", "choose('resume')", "Resume", show=False),
        # Dictation from the first second: space resumes and starts the memo at once.
        Binding("space", "choose('record')", "Resume and record", priority=True),
    ]

    def __init__(self, session: Session, last_activity: str | None):
        super().__init__()
        self.session = session
        self.last_activity = last_activity

    def compose(self) -> ComposeResult:
        closes_at = _hhmm(self.last_activity or self.session.started_at)
        with Vertical():
            yield Static(f"[b]Session {self.session.id} was left open[/b]\n{describe(self.session)}")
            with Horizontal():
                yield Button("Resume (r)", variant="primary", id="resume")
                yield Button(f"Close it, ended {closes_at} (c)", id="close")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "resume")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter says yes, n or escape says no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal():
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
