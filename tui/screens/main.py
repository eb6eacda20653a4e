"""The main screen: recorder panel, live memo list, and quick data for the session."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from models.domain import Goal, Session, Student
from models.errors import PushinError
from tui.quickdata import IntervalTimer, QuickData
from tui.screens.pickers import CuePicker, GoalPicker, IntervalPlan, IntervalSetup
from tui.screens.session import ConfirmScreen, OpenSessionScreen, SessionForm, StartSessionScreen, describe
from tui.widgets.memo_list import MemoList
from tui.widgets.quick_panel import QuickPanel
from tui.widgets.recorder_panel import RecorderPanel, clock

MEMOS_SHOWN = 50


class MainScreen(Screen):
    """Everything the SLP needs in class on one 80x24 screen."""

    DEFAULT_CSS = """
    MainScreen #statusbar { height: 1; background: $boost; }
    MainScreen #status { width: 1fr; height: 1; padding: 0 1; }
    MainScreen #model { width: auto; height: 1; padding: 0 1; }
    MainScreen #trouble { height: auto; padding: 0 1; background: $error 30%; color: $text; display: none; }
    MainScreen #trouble.-shown { display: block; }
    MainScreen #body { height: 1fr; }
    """

    BINDINGS = [
        Binding("space", "app.toggle_record", "Record", priority=True),
        Binding("s", "start_session", "Session"),
        Binding("e", "end_session", "End", show=False),
        *[Binding(str(n), f"pick_student({n})", f"student {n}", show=False) for n in range(1, 10)],
        Binding("g", "pick_goal", "Goal", show=False),
        Binding("c", "pick_cue", "Cue", show=False),
        Binding("plus,equals_sign", "trial(True)", "Trial", key_display="+/-"),
        Binding("minus", "trial(False)", "Incorrect trial", show=False),
        Binding("t", "tally", "Tally"),
        Binding("i", "interval", "Timer"),
        Binding("y", "mark(True)", "occurred", show=False),
        Binding("n", "mark(False)", "not occurred", show=False),
        Binding("u", "undo", "Undo", show=False),
        Binding("r", "review", "Review"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.quick: QuickData | None = None
        self.present: list[Student] = []
        self.selected: Student | None = None
        self.goals: dict[int, Goal] = {}  # goal chosen per student
        self.cue: str | None = None
        self.timer: IntervalTimer | None = None
        self._prompted = 0  # interval boundaries already announced

    @property
    def store(self):
        return self.app.services.store

    def compose(self) -> ComposeResult:
        yield Header(show_clock=self.app.show_clock, icon="◉")
        with Horizontal(id="statusbar"):
            yield Static("", id="status")
            yield Static("", id="model")
        yield Static("", id="trouble")
        yield RecorderPanel(id="recorder")
        with Horizontal(id="body"):
            yield MemoList(id="memos")
            yield QuickPanel(id="quick")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still opens it (see help)

    def on_mount(self) -> None:
        memos = self.query_one(MemoList)
        for note in self.store.notes()[-MEMOS_SHOWN:]:
            memos.update_note(note)
        self.refresh_status()
        self.refresh_quick()
        self.app.start_services()
        self.ask_about_open_sessions()

    # -- status and trouble ---------------------------------------------------------

    def refresh_status(self) -> None:
        app = self.app
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.session:
            text.append(f"Session {self.session.id} ", style="bold")
            text.append(describe(self.session))
        else:
            text.append("No session", style="bold")
            text.append(" · memos kept unattached", style="dim")
        self.query_one("#status", Static).update(text)
        self.query_one("#model", Static).update(Text.assemble("model ", (app.model_status, app.model_style)))

    def show_trouble(self, message: str) -> None:
        trouble = self.query_one("#trouble", Static)
        trouble.update(f"⚠ {message}" if message else "")
        trouble.set_class(bool(message), "-shown")

    # -- sessions -------------------------------------------------------------------

    def ask_about_open_sessions(self, handled: frozenset[int] = frozenset()) -> None:
        """One question per session left open, newest first, until one is resumed."""
        sessions = [s for s in self.store.open_sessions() if s.id not in handled]
        if not sessions or self.session:
            return
        session = sessions[-1]

        def chosen(choice: str | None) -> None:
            if choice == "close":
                self.store.end_session(session.id, ended_at=self.last_activity(session))
                self.notify(f"Session {session.id} closed.")
            else:
                self.use_session(session)
                self.notify(f"Session {session.id} resumed.")
            if choice == "record":
                self.app.action_toggle_record()
            self.ask_about_open_sessions(handled | {session.id})

        self.app.push_screen(OpenSessionScreen(session, self.last_activity(session)), chosen)

    def last_activity(self, session: Session) -> str:
        """When the session last saw a memo or a data point: its honest end after a crash."""
        row = self.store.rows(
            "SELECT max(at) AS at FROM (SELECT created_at AS at FROM notes WHERE session_id = ? "
            "UNION ALL SELECT created_at FROM observations WHERE session_id = ?)", [session.id, session.id])
        return (row[0]["at"] if row and row[0]["at"] else None) or session.started_at

    def action_start_session(self) -> None:
        if self.session:
            self.notify(f"Session {self.session.id} is open: press e to end it first.", severity="warning")
            return
        students = self.store.students()
        if not students:
            self.notify("No caseload yet: `pushin caseload import FILE.csv`. The session starts without students.")

        def started(form: SessionForm | None) -> None:
            if form is None:
                return
            try:
                session = self.store.start_session(
                    setting=form.setting, format=form.format, teacher=form.teacher, classroom=form.classroom,
                    activity=form.activity, student_ids=form.student_ids)
            except PushinError as error:
                self.show_trouble(str(error))
                return
            self.use_session(session)
            self.notify(f"Session {session.id} started.")

        # Each teacher's room as last given: push-in sessions go back to the same classrooms.
        self.app.push_screen(StartSessionScreen(students, rooms=self.store.classrooms_by_teacher()), started)

    def use_session(self, session: Session) -> None:
        self.session = session
        self.quick = QuickData(self.store, session)
        by_id = {s.id: s for s in self.store.students()}
        self.present = [by_id[i] for i in session.student_ids if i in by_id]
        self.present.sort(key=lambda s: s.name)
        self.selected = self.present[0] if len(self.present) == 1 else None
        self.goals = {}
        self.refresh_status()
        self.refresh_quick()

    def action_end_session(self) -> None:
        if not self.session:
            self.notify("No session is open.", severity="warning")
            return
        session = self.session

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.end_session(session.id)
            except PushinError as error:
                self.show_trouble(str(error))
                return
            self.session, self.quick, self.present, self.selected, self.timer = None, None, [], None, None
            self.notify(f"Session {session.id} ended. New memos are kept unattached.")
            self.refresh_status()
            self.refresh_quick()

        self.app.push_screen(ConfirmScreen(f"End session {session.id} now?\n{describe(session)}"), answered)

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen  # its tagging imports are paid for when first opened

        self.app.push_screen(ReviewScreen())

    # -- quick data -----------------------------------------------------------------

    def refresh_quick(self) -> None:
        scores = [line for _, line in self.quick.scores(self.selected.id if self.selected else None)] \
            if self.quick else []
        interval, prompt = "", False
        if self.timer:
            if self.timer.waiting:
                interval, prompt = f"Interval {self.timer.answered + 1} ended: y occurred / n not", True
            elif self.timer.done:
                interval = "Intervals done"
            else:
                interval = (f"Interval {self.timer.current}/{self.timer.count} "
                            f"{clock(self.timer.remaining_in_interval)} left")
        self.query_one(QuickPanel).show(
            session=self.session, students=self.present, selected=self.selected, goal=self.current_goal,
            cue=self.cue, scores=scores, interval=interval, prompt=prompt)

    @property
    def current_goal(self) -> Goal | None:
        if not self.selected:
            return None
        chosen = self.goals.get(self.selected.id)
        if chosen:
            return chosen
        return self.selected.goals[0] if self.selected.goals else None

    def _need_student(self) -> bool:
        if not self.session:
            self.notify("Start a session first (s).", severity="warning")
            return False
        if not self.selected:
            self.notify("Pick a student present first (1-9).", severity="warning")
            return False
        return True

    def action_pick_student(self, number: int) -> None:
        if not self.session:
            self.notify("Start a session first (s).", severity="warning")
            return
        if not 1 <= number <= len(self.present):
            self.notify(f"No student {number} in this session.", severity="warning")
            return
        self.selected = self.present[number - 1]
        self.refresh_quick()

    def action_pick_goal(self) -> None:
        if not self._need_student():
            return
        student = self.selected
        if not student.goals:
            self.notify(f"{student.name} has no goals in the caseload.", severity="warning")
            return

        def picked(goal: Goal | None) -> None:
            if goal is not None:
                self.goals[student.id] = goal
                self.refresh_quick()

        self.app.push_screen(GoalPicker(student.goals, self.current_goal), picked)

    def action_pick_cue(self) -> None:
        def picked(cue: str | None) -> None:
            if cue is not None:
                self.cue = cue or None
                self.refresh_quick()

        self.app.push_screen(CuePicker(self.cue), picked)

    def _record(self, make) -> None:
        if not self._need_student():
            return
        try:
            obs = make()
        except PushinError as error:
            self.show_trouble(str(error))
            return
        self.refresh_quick()
        self.notify(self.quick.score_text(obs), timeout=1.5)

    def action_trial(self, correct: bool) -> None:
        self._record(lambda: self.quick.trial(self.selected, self.current_goal, correct, self.cue))

    def action_tally(self) -> None:
        self._record(lambda: self.quick.tally(self.selected, self.current_goal, self.cue))

    def action_undo(self) -> None:
        if not self.quick or not self.quick.can_undo:
            self.notify("Nothing to undo.", severity="warning")
            return
        try:
            data_type, obs = self.quick.undo()
        except PushinError as error:
            self.show_trouble(str(error))
            return
        if self.timer and data_type == "interval" and self.timer.answered:
            self.timer.answered -= 1
            self.timer.results.pop()
        self.refresh_quick()
        self.notify("Undone: " + (self.quick.score_text(obs) if obs else "data point removed"), timeout=1.5)

    def action_interval(self) -> None:
        if self.timer and not self.timer.done:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.stop_timer()

            self.app.push_screen(ConfirmScreen("Stop the interval timer?"), answered)
            return
        if not self._need_student():
            return

        def planned(plan: IntervalPlan | None) -> None:
            if plan is None:
                return
            self.timer = IntervalTimer(plan.count, plan.seconds)
            self.timer.start()
            self._prompted = 0
            self._ticker = self.set_interval(0.25, self.tick_timer)
            self.refresh_quick()

        self.app.push_screen(IntervalSetup(), planned)

    def stop_timer(self) -> None:
        if getattr(self, "_ticker", None):
            self._ticker.stop()
        self.timer = None
        self.refresh_quick()

    def tick_timer(self) -> None:
        if not self.timer:
            return
        if self.timer.ended > self._prompted:
            self._prompted = self.timer.ended
            self.app.bell()
        if self.timer.done:
            self._ticker.stop()
        self.refresh_quick()

    def action_mark(self, occurred: bool) -> None:
        if not self.timer or not self.timer.can_answer:
            self.notify("No interval to mark: i starts the interval timer.", severity="warning")
            return

        def make():
            obs = self.quick.interval(self.selected, self.current_goal, occurred)
            self.timer.answer(occurred)  # only once the data point is saved
            return obs

        self._record(make)
