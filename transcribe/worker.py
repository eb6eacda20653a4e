"""The transcription job queue: the database's pending memos.

A memo waits as `pending`, is claimed as `transcribing`, and ends as
`transcribed` (raw text and model name stored), `no-speech` (the model heard
nothing it trusts), or `failed` (the reason in notes.error, the audio kept).
The queue lives in the database, so a crash or restart never drops a memo:
anything left `transcribing` goes back to `pending` at the next start.

`process_pending` serves the command line; `TranscriptionWorker` is the one
background thread the terminal UI runs, which owns the single model.
"""

from __future__ import annotations

import json
import logging
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from models.config import Config
from models.domain import Note, NoteStatus
from models.errors import ModelError
from models.store import Store
from tagging.tags import incomplete
from transcribe.bias import Bias, build_bias
from transcribe.engine import SAMPLE_RATE, TranscribeOptions, Transcriber

log = logging.getLogger(__name__)

AfterTranscribe = Callable[[Store, Note], object]


class AudioMissingError(Exception):
    """The memo's trimmed audio cannot be read."""


def read_trimmed(store: Store, note_id: int) -> np.ndarray:
    """The trimmed memo (audio/<id>.trim.wav) as int16 samples at 16 kHz."""
    path = store.trimmed_audio_path(note_id)
    try:
        with wave.open(str(path), "rb") as wav:
            if (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) != (SAMPLE_RATE, 1, 2):
                raise AudioMissingError(f"{path.name} is not 16 kHz mono 16-bit audio")
            return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.int16)
    except FileNotFoundError as error:
        raise AudioMissingError(f"the trimmed audio {path.name} is missing") from error
    except (OSError, EOFError, wave.Error) as error:
        raise AudioMissingError(f"the trimmed audio {path.name} cannot be read: {error}") from error


def transcribe_note(store: Store, transcriber: Transcriber, note_id: int, bias: Bias | None = None,
                    after_transcribe: AfterTranscribe | None = None,
                    on_first_reading: Callable[[Note], None] | None = None) -> Note:
    """Transcribe one memo and store the outcome; return the updated note.

    A model that cannot be loaded is not the memo's fault: the memo goes back
    to pending and the ModelError is raised. Anything else that goes wrong
    marks the memo failed with the reason; its audio is never touched, and
    setting it back to pending retries it. When the first reading garbled a
    score or named no student, it is stored and shown (on_first_reading)
    while the model looks at the memo again (Transcriber.second_look).
    """
    note = store.note(note_id)
    if note.status != NoteStatus.TRANSCRIBING:
        note = store.update_note(note_id, "transcribe-start", status=NoteStatus.TRANSCRIBING, error=None)
    try:
        samples = read_trimmed(store, note_id)
        result = transcriber.transcribe(samples, bias)
    except ModelError:
        store.update_note(note_id, "transcribe-requeue", status=NoteStatus.PENDING)
        raise
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the memo, never lost
        reason = str(error) or type(error).__name__
        log.warning("note %d: transcription failed: %s", note_id, reason)
        return store.update_note(note_id, "transcribe-failed", status=NoteStatus.FAILED, error=reason)
    status = NoteStatus.TRANSCRIBED if result.text else NoteStatus.NO_SPEECH
    doubtful = json.dumps(list(result.doubtful_names)) if result.doubtful_names else None
    note = store.update_note(note_id, "transcribed", status=status, transcript_raw=result.text,
                             model_name=result.model_name, error=None, doubtful_words=doubtful)
    log.info("note %d: %s in %.1f s (%d segment(s) kept, %d dropped)", note_id, status, result.seconds,
             result.segments_kept, result.segments_dropped)
    if not result.text:
        return note
    _run_hook(after_transcribe, store, note)
    awaited = _awaited_data(store, note_id)
    if not transcriber.wants_second_look(bias, result.text, awaited):
        return store.note(note_id)
    if on_first_reading is not None:
        try:
            on_first_reading(store.note(note_id))
        except Exception:  # noqa: BLE001 - showing the first reading is a courtesy; the second look goes on
            log.exception("note %d: showing the first reading failed", note_id)
    text = _look_again(store, transcriber, note, samples, bias, result.text, awaited, after_transcribe)
    # The second reading can make the memo data waiting for a score the first look did not seek, as a student
    # weighed back into a memo that named nobody does ("Ottilie and C.H. at Mustardon Words, a talker,
    # melamron, with no help."): one more look, for the score.
    if text != result.text and not awaited and (awaited_now := _awaited_data(store, note_id)):
        _look_again(store, transcriber, note, samples, bias, text, awaited_now, after_transcribe)
    return store.note(note_id)


def _awaited_data(store: Store, note_id: int) -> frozenset[str]:
    """The data types of the memo's suggestions filed as data on a goal with no score: the numbers were not heard."""
    return frozenset(o.data_type for o in store.observations(note_id=note_id, confirmed=False) if incomplete(o))


def _look_again(store: Store, transcriber: Transcriber, note: Note, samples: np.ndarray, bias: Bias | None,
                text: str, awaited: frozenset[str], after_transcribe: AfterTranscribe | None) -> str:
    """The memo's text after Transcriber.second_look at its reading `text` (stored, with fresh suggestions,
    when better); `text` itself when it found nothing, failed, or a person edited the memo meanwhile."""
    try:
        better = transcriber.second_look(samples, bias, text, awaited, present_names(store, note))
    except Exception:  # noqa: BLE001 - the first reading is stored; a second one is a bonus
        log.exception("note %d: the second reading failed", note.id)
        return text
    if better and store.reread_transcript(note.id, text, better.text, better.doubtful):
        _run_hook(after_transcribe, store, store.note(note.id))
        return better.text
    return text


def present_names(store: Store, note: Note) -> tuple[str, ...]:
    """The full names of the students present in the memo's session; () when it has none."""
    if note.session_id is None:
        return ()
    present = set(store.session(note.session_id).student_ids)
    return tuple(s.name for s in store.students() if s.id in present)


def _run_hook(after_transcribe: AfterTranscribe | None, store: Store, note: Note) -> None:
    if after_transcribe is None:
        return
    try:
        after_transcribe(store, note)
    except Exception:  # noqa: BLE001 - suggestions are optional; the transcript is already safe
        log.exception("note %d: the after-transcribe hook failed", note.id)


def retry_failed(store: Store) -> int:
    """Put every failed memo back in the queue; return how many."""
    failed = store.notes(NoteStatus.FAILED)
    for note in failed:
        store.update_note(note.id, "retry", status=NoteStatus.PENDING, error=None)
    return len(failed)


def process_pending(store: Store, transcriber: Transcriber,
                    on_progress: Callable[[Note, int, int], None] | None = None,
                    after_transcribe: AfterTranscribe | None = None) -> list[Note]:
    """Transcribe every pending memo, oldest first; return the notes as they ended.

    on_progress(note, done, total) is called after each memo. A memo left
    'transcribing' by a crash is queued again first, so the work resumes.
    """
    requeued = store.requeue_interrupted_transcriptions()
    if requeued:
        log.info("%d interrupted transcription(s) queued again", requeued)
    total = len(store.notes(NoteStatus.PENDING))
    bias = build_bias(store.students())
    done: list[Note] = []
    while (note := store.claim_next_pending()) is not None:
        finished = transcribe_note(store, transcriber, note.id, bias, after_transcribe)
        done.append(finished)
        total = max(total, len(done))
        if on_progress is not None:
            on_progress(finished, len(done), total)
    return done


class TranscriptionWorker:
    """One background thread that owns the model and drains the pending queue.

    It loads the model first (on_model_ready(name) or on_model_error(message)),
    then claims pending memos one at a time and reports each change through
    on_note_changed(note). The callbacks run on the worker's thread: a UI
    must hand them to its own thread (Textual: post_message). `wake()` after
    queueing a memo; `stop()` finishes the current memo and ends the thread.
    The thread uses its own database connection (Store keeps one per thread).
    """

    def __init__(self, store: Store, config: Config, *, home: Path | None = None,
                 options: TranscribeOptions | None = None, transcriber: Transcriber | None = None,
                 on_model_ready: Callable[[str], None] | None = None,
                 on_model_error: Callable[[str], None] | None = None,
                 on_note_changed: Callable[[Note], None] | None = None,
                 after_transcribe: AfterTranscribe | None = None,
                 poll_seconds: float = 5.0):
        self.store = store
        self.transcriber = transcriber or Transcriber(config=config, home=home or store.home,
                                                      options=options or TranscribeOptions())
        self.on_model_ready = on_model_ready
        self.on_model_error = on_model_error
        self.on_note_changed = on_note_changed
        self.after_transcribe = after_transcribe
        # A wake-up can be missed between "queue empty" and "wait", so the
        # thread also looks again every poll_seconds.
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def model_error(self) -> ModelError | None:
        return self.transcriber.error

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="pushin-transcribe", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A memo was queued: look at the database now."""
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Finish the memo in hand, then end the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _emit(self, callback: Callable | None, *args: object) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:  # noqa: BLE001 - a broken UI callback must not kill the queue
            log.exception("a transcription callback failed")

    def _run(self) -> None:
        try:
            self.transcriber.load()
        except ModelError as error:
            self._emit(self.on_model_error, str(error))
            self.store.close()
            return
        self._emit(self.on_model_ready, self.transcriber.model_name)
        try:
            self.store.requeue_interrupted_transcriptions()
            while not self._stop.is_set():
                self._wake.clear()
                if not self._drain():
                    self._wake.wait(self.poll_seconds)
        finally:
            self.store.close()

    def _drain(self) -> bool:
        """Transcribe pending memos until none is left or stop(); True if any was done."""
        did_any = False
        while not self._stop.is_set():
            note = self.store.claim_next_pending()
            if note is None:
                return did_any
            did_any = True
            self._emit(self.on_note_changed, note)
            try:
                finished = transcribe_note(self.store, self.transcriber, note.id,
                                           build_bias(self.store.students()), self.after_transcribe,
                                           on_first_reading=lambda first: self._emit(self.on_note_changed, first))
            except ModelError as error:
                self._emit(self.on_model_error, str(error))
                self._stop.set()
                return did_any
            self._emit(self.on_note_changed, finished)
        return did_any

