"""Memos: audio tied to notes in the store.

A note row is created (status `recording`) before any audio is written, so
its file is named by the note's id and a crash always leaves a row that
points at it. Finalising trims the memo and sets `pending` (the transcription
worker's queue) or `no-speech` (never sent to the model).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from models.config import Config
from models.domain import Note, NoteStatus
from models.errors import AudioError, PushinError
from models.store import Store, now_iso
from recorder.decode import decode_audio
from recorder.vad import TrimOptions, trim_speech
from recorder.wavfile import SAMPLE_RATE, read_wav, repair_wav_header, write_wav

log = logging.getLogger(__name__)

# A `recording` note younger than this with no file yet may be a memo another
# process is just starting; leave it alone.
_NEW_NOTE_GRACE_SECONDS = 30


def options_from_config(config: Config) -> TrimOptions:
    return TrimOptions(aggressiveness=int(config.vad_aggressiveness))


def import_audio_file(store: Store, path: Path, session_id: int | None = None,
                      options: TrimOptions | None = None) -> Note:
    """Decode an audio file into a new memo; AudioError (nothing stored) for a bad file."""
    path = Path(path)
    samples = decode_audio(path)  # a bad file fails here, before any row exists
    note = store.create_note(session_id=session_id, audio_file=path.name)
    try:
        write_wav(store.audio_path(note.id), samples)
    except PushinError as error:
        # The source file is untouched; drop the half-made memo so nothing points at no audio.
        store.update_note(note.id, "import-failed", status=NoteStatus.FAILED, error=str(error),
                          deleted_at=now_iso())
        raise
    return finalize_note(store, note.id, options or TrimOptions())


def finalize_note(store: Store, note_id: int, options: TrimOptions | None = None) -> Note:
    """Trim audio/<id>.wav into audio/<id>.trim.wav and queue the memo (or mark it no-speech)."""
    options = options or TrimOptions()
    raw_path = store.audio_path(note_id)
    if not raw_path.exists():
        # Killed before the first block reached the disk: nothing was recorded.
        write_wav(raw_path, [])
    try:
        samples = read_wav(raw_path)
    except AudioError as error:
        return store.update_note(note_id, "finalize", status=NoteStatus.FAILED, error=str(error))
    result = trim_speech(samples, options)
    trimmed_path = store.trimmed_audio_path(note_id)
    if result.has_speech:
        write_wav(trimmed_path, result.samples)
        status = NoteStatus.PENDING
    else:
        trimmed_path.unlink(missing_ok=True)
        status = NoteStatus.NO_SPEECH
    log.info("memo %d: %.1f s -> %.1f s, %s", note_id, result.seconds_before, result.seconds_after, status)
    return store.update_note(note_id, "finalize", status=status,
                             seconds_raw=round(result.seconds_before, 3),
                             seconds_trimmed=round(result.seconds_after, 3))


def _live(path: Path) -> bool:
    """True while another process holds the recording's lock (it is still recording)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if we took it
    return False


def _age_seconds(note: Note) -> float:
    try:
        return (datetime.now().astimezone() - datetime.fromisoformat(note.created_at)).total_seconds()
    except ValueError:
        return float("inf")


def recover_interrupted_recordings(store: Store, options: TrimOptions | None = None) -> list[Note]:
    """Memos left `recording` by a crash: repair their WAV headers and queue them.

    Call at every start. A memo that another pushin is still recording (its
    file is locked) is left alone.
    """
    recovered: list[Note] = []
    for note in store.notes(NoteStatus.RECORDING):
        path = store.audio_path(note.id)
        if _live(path) or (not path.exists() and _age_seconds(note) < _NEW_NOTE_GRACE_SECONDS):
            continue
        try:
            frames = repair_wav_header(path) if path.exists() else 0
        except AudioError as error:
            log.warning("memo %d cannot be repaired: %s", note.id, error)
            recovered.append(store.update_note(note.id, "recover", status=NoteStatus.FAILED, error=str(error)))
            continue
        log.info("recovered memo %d: %.1f s", note.id, frames / SAMPLE_RATE)
        recovered.append(finalize_note(store, note.id, options))
    return recovered


def record_memo(store: Store, config: Config, seconds: float | None = None,
                stop_event: threading.Event | None = None,
                on_progress: Callable[[float, float, bool], None] | None = None,
                *, session_id: int | None = None, silence_stop_seconds: float | None = None,
                on_ready: Callable[[], None] | None = None) -> Note:
    """Record one memo from the configured microphone, then trim and queue it.

    Stops after `seconds`, when `stop_event` is set, or after the configured
    trailing silence. on_progress(elapsed, level 0..1, speech) is called about
    ten times a second; on_ready once the microphone is open and the memo has
    started. A device lost mid-memo raises MicrophoneError after the memo is
    saved (the message names it); a full disk raises DiskFullError likewise.
    """
    from recorder.capture import open_microphone  # sounddevice only when recording

    silence = config.silence_stop_seconds if silence_stop_seconds is None else silence_stop_seconds
    mic = open_microphone(config, silence_stop_seconds=silence)  # errors here leave no memo behind
    try:
        note = store.create_note(session_id=session_id)
        mic.start_memo(store.audio_path(note.id), max_seconds=seconds)
        if on_ready is not None:
            on_ready()
        try:
            while not mic.wait_memo(0.1):
                if stop_event is not None and stop_event.is_set():
                    break
                if on_progress is not None:
                    on_progress(mic.elapsed, mic.level, mic.speech_active)
        except KeyboardInterrupt:
            log.info("interrupted: the memo is kept")  # Ctrl-C ends the memo like Enter does
        result = mic.stop_memo()
    finally:
        mic.close()
    note = finalize_note(store, note.id, options_from_config(config))
    if result is not None and result.error is not None:
        error = result.error
        kept = f"memo {note.id} was saved ({note.seconds_raw or 0:.1f} s recorded, status {note.status})"
        raise type(error)(f"{error}. What was recorded is kept: {kept}") from error
    return note
