"""The in-class terminal UI: one key to dictate, live transcripts, sessions and quick data.

Threads: the microphone's stream and the transcription worker run on their
own threads; opening the microphone, recovery and trimming run in Textual
thread workers (one service call, then a posted message). Widgets are only
touched on the event loop. Every failure becomes a message on screen; the
rest of the app keeps working.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from models.config import private_open
from models.domain import Note, NoteStatus
from models.errors import DiskFullError, MicrophoneError, PushinError
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.services import AudioInput, Services, TranscriptionWorkerLike, WorkerCallbacks
from tui.widgets.memo_list import TRIMMING, MemoList
from tui.widgets.recorder_panel import RecorderPanel

log = logging.getLogger(__name__)

METER_SECONDS = 0.05  # how often the level meter and the auto-stop check run


class MicOpened(Message):
    def __init__(self, mic: AudioInput | None, error: str = ""):
        super().__init__()
        self.mic = mic
        self.error = error


class Recovered(Message):
    def __init__(self, error: str = ""):
        super().__init__()
        self.error = error


class ModelStatus(Message):
    def __init__(self, ready: bool, text: str):
        super().__init__()
        self.ready = ready
        self.text = text


class NoteChanged(Message):
    def __init__(self, note_id: int, error: str = ""):
        super().__init__()
        self.note_id = note_id
        self.error = error


class PushinApp(App):
    """The app an SLP keeps open all class long."""

    TITLE = "pushin"
    SUB_TITLE = "push-in notes"

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("m", "reopen_microphone", "Reopen mic", show=False),
        Binding("x", "export", "Export", show=False),
    ]

    def __init__(self, services: Services, *, show_clock: bool = True):
        super().__init__()
        self.services = services
        self.show_clock = show_clock  # off in snapshot tests, where the time would differ
        self.mic: AudioInput | None = None
        self.mic_state = "starting"  # starting | ready | unavailable
        self.recovered = False
        self.worker: TranscriptionWorkerLike | None = None
        self.worker_started = False
        self.recording: Note | None = None
        self.start_wanted = False  # space pressed before the microphone was open
        self.model_status = "loading…"
        self.model_style = "yellow"
        self.model_ready = False
        self.quitting = False
        # For the benchmark: when the latest memo began (perf_counter), after start_memo returned.
        self.last_record_started: float = 0.0
        self.started_at = time.perf_counter()
        self.ready_at: float | None = None

    def get_default_screen(self) -> Screen:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        return self.get_default_screen_instance()

    def get_default_screen_instance(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    @property
    def showing(self) -> bool:
        """False once the app is closing: a thread's late report has no screen left to go on."""
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        # `display` turns False while Textual tears the screen down (at exit its widgets go first).
        return not self.quitting and main is not None and main.is_attached and main.display

    # -- start-up -------------------------------------------------------------------

    def start_services(self) -> None:
        """Called by the main screen once its widgets exist, so every message has somewhere to go."""
        self.open_microphone()
        self.recover()
        # Owned by the main screen, so it stops when the screen goes (at exit) and never outlives its widgets.
        self._meter = self.main.set_interval(METER_SECONDS, self.poll_microphone)

    @work(thread=True, group="mic")
    def open_microphone(self) -> None:
        try:
            mic = self.services.open_microphone()
        except PushinError as error:
            self.post_message(MicOpened(None, str(error)))
        except Exception as error:  # PortAudio can fail in ways no one listed: show it, keep going
            log.exception("microphone failed to open")
            self.post_message(MicOpened(None, f"the microphone cannot be opened: {error}"))
        else:
            self.post_message(MicOpened(mic))

    @work(thread=True, group="start")
    def recover(self) -> None:
        # Recovery first: it must see only memos left by an earlier run, never the one being recorded.
        error = ""
        if self.services.recover:
            try:
                self.services.recover(self.services.store)
            except Exception as failure:  # a broken leftover must not keep the app from starting
                log.exception("recovery failed")
                error = f"interrupted memos could not all be recovered: {failure}"
        self.post_message(Recovered(error))

    @work(thread=True, group="start")
    def start_worker(self) -> None:
        """Import and start the transcription worker (it loads the model on its own thread).

        Started once the app is ready to record: importing faster-whisper costs a second of
        CPU that would otherwise delay the microphone on a two-core laptop.
        """
        if self.services.make_worker is None:
            self.post_message(ModelStatus(False, "off (memos wait in the queue)"))
            return
        callbacks = WorkerCallbacks(
            on_model_ready=lambda name="": self.post_message(ModelStatus(True, f"ready {name}".strip())),
            on_model_error=lambda text: self.post_message(ModelStatus(False, f"failed: {text}")),
            on_note_changed=lambda note: self.post_message(NoteChanged(note.id)),
        )
        try:
            worker = self.services.make_worker(callbacks)
            worker.start()
        except Exception as failure:
            log.exception("transcription worker failed to start")
            self.post_message(ModelStatus(False, f"failed: {failure}"))
            return
        self.worker = worker

    def on_mic_opened(self, message: MicOpened) -> None:
        if not self.showing:
            self._close_quietly(message.mic)  # opened as the app closed: nobody will record on it
            return
        if message.mic is None:
            self.mic_state = "unavailable"
            panel = self.main.query_one(RecorderPanel)
            panel.message = message.error
            panel.state = "unavailable"
            self.main.show_trouble(f"{message.error}  (m tries again; review and quick data still work)")
            self.start_wanted = False
            self._maybe_ready()
            return
        self.mic = message.mic
        self.mic_state = "ready"
        self.main.show_trouble("")
        self._maybe_ready()

    def on_recovered(self, message: Recovered) -> None:
        if not self.showing:
            return
        self.recovered = True
        if message.error:
            self.main.show_trouble(message.error)
        memos = self.main.query_one(MemoList)
        for note in self.services.store.notes()[-50:]:
            if memos.item(note.id) is not None or note.status != NoteStatus.RECORDING:
                memos.update_note(note)
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if self.recovered and self.mic_state != "starting" and not self.worker_started:
            self.worker_started = True
            self.start_worker()
        if not (self.mic and self.recovered):
            return
        self.main.query_one(RecorderPanel).state = "idle"
        if self.ready_at is None:
            self.ready_at = time.perf_counter()
        if self.start_wanted:
            self.start_wanted = False
            self.start_recording()

    def on_model_status(self, message: ModelStatus) -> None:
        self.model_ready = message.ready
        self.model_status = message.text
        self.model_style = "green" if message.ready else ("red" if message.text.startswith("failed") else "yellow")
        if not self.showing:
            return
        self.main.refresh_status()
        if message.text.startswith("failed"):
            self.main.show_trouble(f"The speech model {message.text}. Memos are kept and wait in the queue.")

    def action_reopen_microphone(self) -> None:
        if self.mic_state == "ready":
            self.notify("The microphone is open.")
            return
        self.mic_state = "starting"
        self.main.query_one(RecorderPanel).state = "starting"
        self.open_microphone()

    # -- recording ----------------------------------------------------------------------

    def action_toggle_record(self) -> None:
        if self.recording:
            self.stop_recording()
        elif self.mic is None or not self.recovered:
            if self.mic_state == "unavailable":
                self.notify("No microphone: press m to try again.", severity="error")
            else:
                self.start_wanted = True  # starts the moment the microphone is open
                self.notify("The microphone is still opening; recording starts as soon as it is.")
        else:
            self.start_recording()

    def start_recording(self) -> None:
        store = self.services.store
        session = self.main.session
        if self.mic.recording:  # space twice in a blink: the last memo's file is still closing
            self.mic.stop_memo()
        try:
            note = store.create_note(session_id=session.id if session else None)
        except PushinError as error:
            self.main.show_trouble(f"Cannot start a memo: {error}")
            return
        try:
            self.mic.start_memo(store.audio_path(note.id))
        except (PushinError, OSError) as error:
            self._mic_failed(note, error)
            return
        self.last_record_started = time.perf_counter()
        self.recording = note
        panel = self.main.query_one(RecorderPanel)
        panel.state = "recording"
        panel.elapsed = 0.0
        self.main.query_one(MemoList).update_note(note)

    def _mic_failed(self, note: Note, error: Exception) -> None:
        message = str(error)
        if isinstance(error, OSError) and error.errno == 28:
            error = DiskFullError(f"the disk is full: memo {note.id} could not be written")
            message = str(error)
        try:
            self.services.store.update_note(note.id, "fail", status=NoteStatus.FAILED, error=message)
            self.main.query_one(MemoList).update_note(self.services.store.note(note.id))
        except PushinError:
            log.warning("could not mark memo %s failed", note.id)
        self.main.show_trouble(message)

    def stop_recording(self, reason: str = "") -> None:
        note, self.recording = self.recording, None
        if note is None:
            return
        panel = self.main.query_one(RecorderPanel)
        panel.state = "idle" if self.mic_state == "ready" else panel.state
        self.main.query_one(MemoList).update_note(note, TRIMMING)
        if reason:
            self.notify(reason, timeout=2)
        self.finalize(note.id, self.mic)

    @work(thread=True, group="finalize")
    def finalize(self, note_id: int, mic: AudioInput | None) -> None:
        """Close the memo's file (the writer drains its queue: tens of ms), trim it, queue it."""
        errors = []
        if mic is not None:
            try:
                result = mic.stop_memo()
            except (PushinError, OSError) as failure:
                result = None
                errors.append(f"{failure} What was recorded is kept.")
            failure = getattr(result, "error", None)
            if failure is not None and getattr(result, "reason", "") != "device-lost":
                errors.append(f"{failure} What was recorded is kept.")
        finalize = self.services.finalize_note or _queue_untrimmed
        try:
            finalize(self.services.store, note_id)
        except PushinError as failure:
            errors.append(str(failure))
        except Exception as failure:
            log.exception("finalising memo %s failed", note_id)
            errors.append(f"memo {note_id} could not be trimmed: {failure}")
        if self.worker:
            self.worker.wake()
        self.post_message(NoteChanged(note_id, " ".join(errors)))

    def on_note_changed(self, message: NoteChanged) -> None:
        if not self.showing:
            return  # the memo itself is safe in the store; only its line on screen is gone
        if message.error:
            self.main.show_trouble(message.error)
        try:
            note = self.services.store.note(message.note_id)
        except PushinError:
            return
        if self.recording and note.id == self.recording.id:
            return
        self.main.query_one(MemoList).update_note(note)

    def poll_microphone(self) -> None:
        mic = self.mic
        if mic is None or self.quitting:
            return
        panel = self.main.query_one(RecorderPanel)
        try:
            panel.level = float(mic.level)
            panel.speech = bool(mic.speech_active)
            if self.recording:
                panel.elapsed = float(mic.elapsed)
            still = bool(mic.recording)
            error = getattr(mic, "error", None)
        except Exception as failure:  # a vanished device may fail anywhere: never let it take the app down
            still, error = False, failure
        if error:
            self._device_lost(str(error))
        elif self.recording and not still:
            self.stop_recording("Stopped after silence.")

    def _device_lost(self, message: str) -> None:
        if self.recording:
            self.stop_recording()
        mic, self.mic = self.mic, None
        self.mic_state = "unavailable"
        panel = self.main.query_one(RecorderPanel)
        panel.message = message
        panel.state = "unavailable"
        self.main.show_trouble(f"{message} What was recorded is kept. Press m to reopen the microphone.")
        self.close_microphone(mic)

    @work(thread=True, group="mic-close")
    def close_microphone(self, mic: AudioInput | None) -> None:
        """Closing joins the writer thread: never on the event loop."""
        self._close_quietly(mic)

    @staticmethod
    def _close_quietly(mic: AudioInput | None) -> None:
        if mic is None:
            return
        try:
            mic.close()
        except Exception:
            log.debug("closing the microphone failed", exc_info=True)

    # -- help, palette, quit ------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        from tui.screens.export import ExportScreen  # the exporters' imports are paid for when first opened

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main
        yield SystemCommand("Record or stop a memo", "space: start dictating, or stop", self.action_toggle_record)
        yield SystemCommand("Start a session", "s: setting, teacher, activity, students present",
                            main.action_start_session)
        yield SystemCommand("End the session", "e: close the open session", main.action_end_session)
        yield SystemCommand("Pick a goal", "g: the selected student's goal for quick data", main.action_pick_goal)
        yield SystemCommand("Pick a cue level", "c: the cue for the next trials", main.action_pick_cue)
        yield SystemCommand("Correct trial", "+", lambda: main.action_trial(True))
        yield SystemCommand("Incorrect trial", "-", lambda: main.action_trial(False))
        yield SystemCommand("Tally", "t: count one occurrence", main.action_tally)
        yield SystemCommand("Interval timer", "i: start or stop the interval timer", main.action_interval)
        yield SystemCommand("Undo quick data", "u: take back the last tally or trial", main.action_undo)
        yield SystemCommand("Review memos", "r: check transcripts, confirm suggested tags", main.action_review)
        yield SystemCommand("Reopen the microphone", "m: after it was missing or vanished",
                            self.action_reopen_microphone)
        yield SystemCommand("Export documentation", "x: session notes, teacher and parent updates, minutes, progress",
                            self.action_export)
        yield SystemCommand("Help", "?: every key", self.action_help)

    async def action_quit(self) -> None:
        self.shutdown()
        self.exit()

    def shutdown(self) -> None:
        """Save a memo being recorded, stop the worker, close the microphone. Safe to call twice."""
        if self.quitting:
            return
        self.quitting = True
        if getattr(self, "_meter", None):
            self._meter.stop()
        note, self.recording = self.recording, None
        if note is not None and self.mic is not None:
            try:
                self.mic.stop_memo()
            except (PushinError, OSError):
                log.warning("stopping memo %s at quit failed; recovery keeps what reached the disk", note.id)
            # Blocking is fine here: we are leaving, and the memo must be queued, not left 'recording'.
            try:
                (self.services.finalize_note or _queue_untrimmed)(self.services.store, note.id)
            except Exception:
                log.exception("finalising memo %s at quit failed; it is recovered at next start", note.id)
        if self.worker is not None:
            try:
                # The thread is a daemon: a memo still being transcribed is requeued at the next start.
                self.worker.stop(timeout=2)
            except Exception:
                log.debug("stopping the worker failed", exc_info=True)
        self._close_quietly(self.mic)
        self.mic = None

    def on_unmount(self) -> None:
        self.shutdown()


def _queue_untrimmed(store, note_id: int) -> Note:
    """Without a finaliser (a UI test of screens only), the memo goes straight to the queue."""
    return store.update_note(note_id, "stop", status=NoteStatus.PENDING)


def run_app(context) -> int:
    """Open the terminal UI (called by `pushin` with no arguments)."""
    _log_to_file(context.home / "pushin.log")
    services = Services.real(context.store, context.config)
    app = PushinApp(services)
    try:
        app.run()
    finally:
        app.shutdown()  # a memo being recorded is saved however the app ended
    return int(app.return_code or 0)


def _log_to_file(path) -> None:
    """Textual owns the terminal: log lines on stderr would scribble over the screen."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            root.removeHandler(handler)
    private_open(path, "a").close()  # created 0600 before the handler opens it
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


__all__ = ["PushinApp", "run_app", "MicrophoneError"]
