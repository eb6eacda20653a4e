"""The review screen: walk the memos not yet reviewed, check, correct, confirm.

Each memo shows its transcript (editable; the model's text is kept), its
session, its audio (p plays and stops) and its suggested observations with
uncertain fields marked. Every change goes through tagging.tags, which
validates it and writes the audit trail; this screen only shows and asks.

Open it from the app with `app.push_screen(ReviewScreen())` (it finds the
store at `app.services.store`), or give it a store: `ReviewScreen(store)`.
"""

from __future__ import annotations

import logging

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from models.domain import CUE_LEVELS, DATA_TYPES, NoteStatus, Session, Student
from models.errors import AudioError, PushinError
from models.store import Store
from tagging import tags
from tagging.review import (
    ReviewItem,
    describe_numbers,
    high_confidence_suggestions,
    load_item,
    parse_numbers,
    queue_count,
    refresh_suggestions,
    review_queue,
)
from tagging.tags import TagValues
from tui.playback import Player
from tui.screens.review_dialogs import ChoiceScreen, ListConfirmScreen, NumberPrompt
from tui.widgets.observation_table import ObservationTable

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # how often a memo waiting for its transcript is looked at again

KEYS_HINT = "s student g goal t type 0-9 score c cue o add x remove a note R redo S session"

STATUS_TEXT = {
    NoteStatus.PENDING: "(waiting for transcription)",
    NoteStatus.TRANSCRIBING: "(being transcribed…)",
    NoteStatus.NO_SPEECH: "(no speech heard in this memo: d deletes it, enter keeps it)",
}
# Note.words_not_made_out: not offered as empty, since what was said is still in its audio.
WORDS_NOT_MADE_OUT = ("(speech heard, but the model made out no words: p plays it, e types what was said, "
                      "R tries again)")


def describe_session(session: Session | None) -> str:
    if session is None:
        return "no session (S attaches one)"
    parts = [session.setting, session.teacher, session.activity, session.started_at[:16].replace("T", " ")]
    return f"Session {session.id}: " + ", ".join(p for p in parts if p)


class ReviewScreen(Screen):
    """After class: the queue of memos not yet reviewed, oldest first."""

    DEFAULT_CSS = """
    ReviewScreen #status { height: 2; padding: 0 1; background: $boost; }
    ReviewScreen #message { height: auto; max-height: 3; padding: 0 1; display: none; }
    ReviewScreen #message.-shown { display: block; }
    ReviewScreen #message.-error { background: $error 30%; }
    ReviewScreen #transcript { height: 6; border: round $secondary; }
    ReviewScreen #transcript:focus { border: round $accent; }
    ReviewScreen #raw { height: auto; max-height: 2; padding: 0 1; color: $text-muted; display: none; }
    ReviewScreen #raw.-shown { display: block; }
    ReviewScreen #keys { height: auto; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter", "confirm", "Confirm"),
        Binding("e", "edit_transcript", "Edit"),
        Binding("p,space", "play", "Play", key_display="p"),
        Binding("n,right", "skip", "Skip", key_display="n"),
        Binding("b,left", "previous", "Back", show=False),
        Binding("d", "delete_memo", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("o", "add_observation", "Add", show=False),
        Binding("x", "remove_observation", "Remove", show=False),
        Binding("a", "anecdote", "Anecdote", show=False),
        Binding("s", "student", "Student", show=False),
        Binding("g", "goal", "Goal", show=False),
        Binding("t", "data_type", "Type", show=False),
        Binding("c", "cue", "Cue", show=False),
        *[Binding(str(n), f"numbers('{n}')", show=False) for n in range(10)],
        Binding("R", "retranscribe", "Re-transcribe", show=False),
        Binding("S", "attach_session", "Session", show=False),
        Binding("A", "confirm_all", "Confirm all", key_display="A"),
        Binding("escape", "escape", "Back", key_display="esc"),
    ]

    def __init__(self, store: Store | None = None, *, output_device: str | int | None = None):
        super().__init__()
        self._store = store
        self.item: ReviewItem | None = None
        self.undo_stack: list[tuple[str, int, int | None]] = []  # (kind, id, memo to show again)
        self.editing = False
        self.player = Player(output_device, on_finished=self._played_from_thread)
        self.playing_note: int | None = None
        self.last_message = ""

    # -- plumbing --------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.app.services.store
        return self._store

    def compose(self) -> ComposeResult:
        yield Header(icon="✎")
        yield Static("", id="status")
        yield Static("", id="message")
        yield TextArea("", id="transcript", read_only=True, soft_wrap=True, show_line_numbers=False)
        yield Static("", id="raw", markup=False)
        yield ObservationTable(id="observations")
        yield Static(KEYS_HINT, id="keys")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "review"
        if self.player.device is None:
            services = getattr(self.app, "services", None)
            config = getattr(services, "config", None)
            self.player.device = (getattr(config, "extra", None) or {}).get("output_device") or None
        self.query_one(TextArea).can_focus = False
        first = review_queue(self.store)
        self.show_note(first[0].id if first else None)
        self.query_one(ObservationTable).focus()
        self._poll = self.set_interval(POLL_SECONDS, self.poll)

    def on_unmount(self) -> None:
        self.player.stop(wait=0.5)

    @property
    def table(self) -> ObservationTable:
        return self.query_one(ObservationTable)

    def say(self, text: str, error: bool = False) -> None:
        """One line of feedback above the transcript (also kept for tests)."""
        self.last_message = text
        message = self.query_one("#message", Static)
        message.update(Text(("⚠ " if error else "") + text))
        message.set_class(bool(text), "-shown")
        message.set_class(error, "-error")

    def _try(self, action, *args, **kwargs):
        """Run a tagging operation; a PushinError becomes a message, never a crash."""
        try:
            return action(*args, **kwargs)
        except PushinError as error:
            self.say(str(error), error=True)
            return None

    # -- showing a memo --------------------------------------------------------------------

    def show_note(self, note_id: int | None, cursor: int | None = None) -> None:
        if self.editing:
            self._finish_edit()
        if self.player.playing and note_id != self.playing_note:
            self.player.stop(wait=0.5)  # the audio always belongs to the memo on screen
        self.item = load_item(self.store, note_id) if note_id is not None else None
        self.refresh_view(cursor=cursor if cursor is not None else 0)

    def reload(self, cursor: int | None = None) -> None:
        self.show_note(self.item.note.id if self.item else None,
                       cursor=cursor if cursor is not None else self.table.cursor)

    def refresh_view(self, cursor: int | None = None) -> None:
        left = queue_count(self.store)
        status = self.query_one("#status", Static)
        transcript = self.query_one(TextArea)
        raw = self.query_one("#raw", Static)
        item = self.item
        if item is None:
            status.update(Text(f"Review · {left} memo{'s' if left != 1 else ''} left", style="bold"))
            transcript.load_text("All memos are reviewed." if left == 0 else "")
            raw.set_class(False, "-shown")
            self.table.show([], "Nothing to review. esc goes back.")
            return
        note = item.note
        queue = [n.id for n in review_queue(self.store)]
        if note.id in queue:
            position = f"{queue.index(note.id) + 1} of {len(queue)}"
        else:
            position = "reviewed" if note.reviewed_at else "not in the queue"
        seconds = note.seconds_trimmed or note.seconds_raw
        length = f" · {seconds:.0f}s" if seconds else ""
        line = Text()
        line.append(f"Memo {note.id}", style="bold")
        line.append(f" · {position} · {left} left to review · {note.status}{length} · "
                    f"{note.created_at[:16].replace('T', ' ')}\n")
        line.append(describe_session(item.session), style="dim" if item.session is None else "")
        status.update(line)
        text = note.text
        if note.status in (NoteStatus.PENDING, NoteStatus.TRANSCRIBING):
            # The earlier text (if any) stays visible until the new one arrives.
            text = f"{STATUS_TEXT[note.status]}\n{text}".strip()
        elif not text:
            text = STATUS_TEXT.get(note.status, "")
            if note.words_not_made_out:
                text = WORDS_NOT_MADE_OUT
            if note.status == NoteStatus.FAILED:
                text = f"(transcription failed: {note.error or 'unknown error'}; R tries again)"
        if not self.editing:
            transcript.load_text(text)
        edited = note.transcript is not None and note.transcript != (note.transcript_raw or "")
        raw.update(f"model heard: {note.transcript_raw or ''}" if edited else "")
        raw.set_class(edited, "-shown")
        self.table.show(item.observations,
                        "No observations. o adds one, a attaches this memo as an anecdotal note, "
                        "enter marks the memo reviewed.", cursor=cursor)

    def poll(self) -> None:
        """The memo on screen is shown again when the worker changed it: its transcript arrived,
        or a second reading replaced the first (and the suggestions made from it)."""
        if self.item is None:
            first = review_queue(self.store)
            if first:
                self.show_note(first[0].id)
            return
        if self.editing:
            return  # the person's own text wins; the new reading shows when the edit ends
        try:
            note = self.store.note(self.item.note.id)
        except PushinError:
            return
        shown = self.item.note
        if (note.status, note.transcript_raw) != (shown.status, shown.transcript_raw):
            self.reload()

    def _neighbour(self, step: int) -> int | None:
        """The next (or previous) memo in the queue, wrapping around; None when the queue is empty."""
        queue = review_queue(self.store)
        if not queue:
            return None
        if self.item is None:
            return queue[0].id
        here = (self.item.note.created_at, self.item.note.id)
        keys = [(n.created_at, n.id) for n in queue]
        if step > 0:
            after = [n.id for n, k in zip(queue, keys, strict=True) if k > here]
            return after[0] if after else queue[0].id
        before = [n.id for n, k in zip(queue, keys, strict=True) if k < here]
        return before[-1] if before else queue[-1].id

    # -- confirming and moving -------------------------------------------------------------

    def action_confirm(self) -> None:
        if self.item is None or self.editing:
            return
        note = self.item.note
        if note.status in (NoteStatus.PENDING, NoteStatus.TRANSCRIBING):
            # Confirming now would hide the suggestions that arrive with the transcript.
            self.say(f"Memo {note.id} is still waiting for its transcript: n skips it for now.", error=True)
            return
        count = self._try(tags.confirm_note, self.store, note.id)
        if count is None:
            return
        observations = len(self.item.observations)
        self.say(f"Memo {note.id} confirmed ({observations} observation{'s' if observations != 1 else ''}).")
        self.show_note(self._neighbour(1))

    def action_skip(self) -> None:
        if self.item is None:
            return
        following = self._neighbour(1)
        if following == self.item.note.id:
            self.say("This is the only memo left to review.")
            return
        self.say(f"Memo {self.item.note.id} skipped: it stays in the queue.")
        self.show_note(following)

    def action_previous(self) -> None:
        if self.item is not None:
            self.show_note(self._neighbour(-1))

    def action_escape(self) -> None:
        if self.editing:
            self._finish_edit()
            return
        self.player.stop(wait=0.5)
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- the transcript --------------------------------------------------------------------

    def action_edit_transcript(self) -> None:
        if self.item is None:
            return
        transcript = self.query_one(TextArea)
        transcript.load_text(self.item.note.text)
        transcript.read_only = False
        transcript.can_focus = True
        self.editing = True
        transcript.focus()
        self.say("Editing the transcript: esc saves (the model's own text is kept).")

    def _finish_edit(self) -> None:
        transcript = self.query_one(TextArea)
        self.editing = False
        transcript.read_only = True
        transcript.can_focus = False
        self.table.focus()
        if self.item is None:
            return
        before = self.item.note.text
        note = self._try(tags.edit_transcript, self.store, self.item.note.id, transcript.text)
        if note is None:
            return
        if note.text == before:
            self.say("Transcript unchanged.")
            return
        try:
            refreshed = refresh_suggestions(self.store, note.id)
        except Exception:  # the edit is saved; failing suggestions must not take the review down
            log.exception("suggesting again for memo %s failed", note.id)
            refreshed = False
        self.say(f"Transcript of memo {note.id} saved" + (
            "; suggestions made again from your text." if refreshed else
            " (your changes to the observations are kept)."))
        self.reload()

    # -- playback --------------------------------------------------------------------------

    def action_play(self) -> None:
        if self.item is None:
            return
        if self.player.playing:
            self.player.stop()
            self.say("Stopped.")
            return
        if self.item.audio is None:
            self.say(f"Memo {self.item.note.id} has no audio file to play.", error=True)
            return
        try:
            self.player.play(self.item.audio)
        except AudioError as error:
            self.say(str(error), error=True)
            return
        except Exception as error:  # never let a sound problem take the review down
            log.exception("playback failed to start")
            self.say(f"The memo could not be played: {error}", error=True)
            return
        self.playing_note = self.item.note.id
        self.say(f"▶ Playing memo {self.item.note.id}… p stops.")

    def _played_from_thread(self, error: str) -> None:
        try:
            self.app.call_from_thread(self._played, error)
        except Exception:  # the app is closing
            log.debug("playback finished after the app closed", exc_info=True)

    def _played(self, error: str) -> None:
        if error:
            self.say(error, error=True)
        elif self.last_message.startswith("▶"):
            self.say(f"Played memo {self.playing_note}.")

    # -- fields of the selected observation ------------------------------------------------

    def _selected(self):
        view = self.table.selected
        if view is None:
            self.say("No observation selected: o adds one.", error=True)
        return view

    def _edited(self, result) -> None:
        if result is not None:
            self.reload()

    def _pick_student(self, title: str, then) -> None:
        """A filterable student list, those present in the memo's session first."""
        present = set(self.item.session.student_ids) if self.item and self.item.session else set()
        students = sorted(self.store.students(), key=lambda s: (s.id not in present, s.name))
        if not students:
            self.say("No caseload yet: pushin caseload import FILE.csv", error=True)
            return
        options = [(f"{s.name}{'  · present' if s.id in present else ''}", s) for s in students]
        self.app.push_screen(ChoiceScreen(title, options, filter=True),
                             lambda student: student is not None and then(student))

    def action_student(self) -> None:
        if self.item is None:
            return
        view = self.table.selected
        if view is None:
            self.action_add_observation()
            return
        self._pick_student("Student", lambda student: self._edited(
            self._try(tags.tag_observation, self.store, view.observation.id, student_id=student.id)))

    def action_goal(self) -> None:
        view = self._selected()
        if view is None:
            return
        if view.student is None or not view.student.goals:
            self.say("This student has no goals in the caseload.", error=True)
            return
        options = [(f"{g.code} · {g.measure} · {g.text[:44]}", g) for g in view.student.goals]
        options.append(("no goal", "none"))
        current = next((i for i, (_, g) in enumerate(options)
                        if g != "none" and view.goal and g.id == view.goal.id), 0)

        def picked(goal) -> None:
            if goal is None:
                return
            if goal == "none":
                self._edited(self._try(tags.tag_observation, self.store, view.observation.id, clear_goal=True))
                return
            values = TagValues()
            if view.observation.data_type == "anecdotal" and goal.measure in DATA_TYPES:
                values.data_type = goal.measure  # a goal means data of the goal's kind
            self._edited(self._try(tags.tag_observation, self.store, view.observation.id, goal_id=goal.id,
                                   values=values))

        self.app.push_screen(ChoiceScreen("Goal", options, highlighted=current), picked)

    def action_data_type(self) -> None:
        view = self._selected()
        if view is None:
            return
        options = [(t, t) for t in DATA_TYPES]
        current = DATA_TYPES.index(view.observation.data_type) if view.observation.data_type in DATA_TYPES else 0

        def picked(data_type) -> None:
            if data_type:
                self._edited(self._try(tags.tag_observation, self.store, view.observation.id,
                                       values=TagValues(data_type=data_type)))

        self.app.push_screen(ChoiceScreen("Data type", options, highlighted=current), picked)

    def action_cue(self) -> None:
        """c steps the cue one level of support up; after physical it clears."""
        view = self._selected()
        if view is None:
            return
        cue = view.observation.cue
        index = CUE_LEVELS.index(cue) + 1 if cue in CUE_LEVELS else 0
        following = CUE_LEVELS[index] if index < len(CUE_LEVELS) else None
        if following is None:
            result = self._try(tags.tag_observation, self.store, view.observation.id, clear_cue=True)
        else:
            result = self._try(tags.tag_observation, self.store, view.observation.id,
                               values=TagValues(cue=following))
        self._edited(result)
        if result is not None:
            self.say(f"Cue: {following or 'none'} (c again for the next level).")

    def action_numbers(self, digit: str) -> None:
        view = self._selected()
        if view is None:
            return
        data_type = view.observation.data_type

        def typed(text: str | None) -> None:
            if not text or not text.strip():
                return
            entry = self._try(parse_numbers, text, data_type)
            if entry is None:
                return
            values = entry.values
            if entry.data_type != data_type:
                values.data_type = entry.data_type
            result = self._try(tags.tag_observation, self.store, view.observation.id, values=values,
                               duration_seconds=entry.duration_seconds)
            if result is not None:
                self.say(f"Numbers: {describe_numbers(result)} ({result.data_type}).")
            self._edited(result)

        self.app.push_screen(NumberPrompt(digit, data_type), typed)

    # -- adding and removing ---------------------------------------------------------------

    def action_add_observation(self) -> None:
        if self.item is None:
            return
        note_id = self.item.note.id

        def add(student: Student) -> None:
            goal = student.goals[0] if len(student.goals) == 1 else None
            data_type = goal.measure if goal and goal.measure in DATA_TYPES else "trials"
            observation = self._try(tags.add_manual_observation, self.store, note_id, student.id,
                                    data_type=data_type, text="")
            if observation is None:
                return
            if goal is not None:
                self._try(tags.tag_observation, self.store, observation.id, goal_id=goal.id)
            self.reload(cursor=len(self.item.observations))
            self.say(f"Added an observation for {student.name}: g goal, t type, digits for the numbers.")

        self._pick_student("Add an observation for", add)

    def action_anecdote(self) -> None:
        if self.item is None:
            return
        note_id = self.item.note.id

        def attach(student: Student) -> None:
            observation = self._try(tags.add_manual_observation, self.store, note_id, student.id,
                                    data_type="anecdotal")
            if observation is not None:
                self.reload(cursor=len(self.item.observations))
                self.say(f"Memo {note_id} attached to {student.name} as an anecdotal note.")

        self._pick_student("Attach as an anecdotal note to", attach)

    def action_remove_observation(self) -> None:
        view = self._selected()
        if view is None or self.item is None:
            return
        try:
            tags.remove_observation(self.store, view.observation.id)
        except PushinError as error:
            self.say(str(error), error=True)
            return
        self.undo_stack.append(("observation", view.observation.id, self.item.note.id))
        name = view.student.name if view.student else "the student"
        self.reload()
        self.say(f"Observation for {name} removed. u undoes.")

    def action_delete_memo(self) -> None:
        if self.item is None:
            return
        note_id = self.item.note.id
        following = self._neighbour(1)
        if self._try(tags.delete_note, self.store, note_id) is None:
            return
        self.player.stop(wait=0.5)
        self.undo_stack.append(("note", note_id, note_id))
        self.show_note(following if following != note_id else None)
        self.say(f"Memo {note_id} deleted. u undoes.")

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.say("Nothing to undo.")
            return
        kind, row_id, note_id = self.undo_stack.pop()
        if kind == "note":
            if self._try(tags.restore_note, self.store, row_id) is None:
                return
            self.show_note(row_id)
            self.say(f"Memo {row_id} is back.")
        else:
            if self._try(tags.restore_observation, self.store, row_id) is None:
                return
            self.show_note(note_id)
            self.say("Observation restored.")

    # -- memo-level actions ----------------------------------------------------------------

    def action_retranscribe(self) -> None:
        if self.item is None:
            return
        note = self._try(tags.retranscribe, self.store, self.item.note.id)
        if note is None:
            return
        worker = getattr(self.app, "worker", None)
        if worker is not None:
            try:
                worker.wake()
            except Exception:
                log.debug("waking the worker failed", exc_info=True)
            self.say(f"Memo {note.id} is being transcribed again.")
        else:
            self.say(f"Memo {note.id} is queued for transcription (the model is not running here: "
                     "pushin transcribe processes it).")
        self.reload()

    def action_attach_session(self) -> None:
        if self.item is None:
            return
        sessions = self.store.sessions()
        if not sessions:
            self.say("No sessions yet.", error=True)
            return
        options = [(describe_session(s), s) for s in reversed(sessions)]
        note_id = self.item.note.id

        def picked(session: Session | None) -> None:
            if session is not None:
                self._edited(self._try(tags.attach_session, self.store, note_id, session.id))
                self.say(f"Memo {note_id} attached to session {session.id}.")

        self.app.push_screen(ChoiceScreen("Attach to session", options), picked)

    def action_confirm_all(self) -> None:
        if self.item is None:
            return
        session_id = self.item.note.session_id
        views = high_confidence_suggestions(self.store, session_id)
        where = f"session {session_id}" if session_id else "memos outside any session"
        if not views:
            self.say(f"No high-confidence suggestions left to confirm in {where}.")
            return
        lines = []
        for v in views:
            o = v.observation
            lines.append(f"memo {o.note_id}: {v.student.name if v.student else o.student_id} · "
                         f"{v.goal.code if v.goal else '–'} · {o.data_type} {describe_numbers(o)} · {o.cue or '–'}")
        ids = [v.observation.id for v in views]

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("Nothing confirmed.")
                return
            count = self._try(tags.confirm_observations, self.store, ids)
            if count is None:
                return
            self.say(f"Confirmed {count} suggestion{'s' if count != 1 else ''} in {where}.")
            if self.item and self.store.note(self.item.note.id).reviewed_at:
                self.show_note(self._neighbour(1))
            else:
                self.reload()

        self.app.push_screen(ListConfirmScreen(
            f"Confirm these {len(views)} high-confidence suggestion{'s' if len(views) != 1 else ''} "
            f"in {where}?", lines), answered)
