"""What the terminal UI needs from the rest of pushin, behind small seams.

The app talks to three services: an audio input (the microphone, whose stream
stays open while the app runs), the memo finaliser (trimming and queueing), and
the transcription worker (one thread that owns the model). `Services.real()`
wires the real ones; a test injects a file-backed audio input only where no
microphone can run. Nothing here imports Textual, so the seams are plain Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from models.config import Config
from models.domain import Note
from models.store import Store

log = logging.getLogger(__name__)


class AudioInput(Protocol):
    """The microphone as the UI sees it (recorder.capture.Microphone).

    The stream stays open from open() to close(); start_memo/stop_memo only
    switch where blocks go, so a memo starts at once.
    """

    @property
    def level(self) -> float: ...  # 0..1, loudness of the latest blocks

    @property
    def speech_active(self) -> bool: ...  # the VAD hears speech now

    @property
    def elapsed(self) -> float: ...  # seconds in the current memo

    @property
    def recording(self) -> bool: ...  # False again after stop_memo or an auto-stop

    def start_memo(self, wav_path: Path) -> None: ...

    def stop_memo(self) -> Any: ...

    def close(self) -> None: ...


class TranscriptionWorkerLike(Protocol):
    def start(self) -> None: ...

    def wake(self) -> None: ...

    def stop(self, timeout: float | None = None) -> None: ...


@dataclass
class WorkerCallbacks:
    """Called from the worker's thread: the app turns each into a message."""

    on_model_ready: Callable[[str], None]
    on_model_error: Callable[[str], None]
    on_note_changed: Callable[[Note], None]


@dataclass
class Services:
    """The seams the app is built on.

    store, config: the open database and settings.
    open_microphone: opens the input stream (called in a thread; may raise
        MicrophoneError). auto_stop_seconds is the trailing silence that ends
        a memo (0: off).
    make_worker: builds the transcription worker with the app's callbacks;
        None runs the UI without transcription (memos wait as pending).
    finalize_note: trims a stopped memo and queues it (called in a thread).
    recover: finds memos left 'recording' by a crash and queues them.
    """

    store: Store
    config: Config
    open_microphone: Callable[[], AudioInput]
    make_worker: Callable[[WorkerCallbacks], TranscriptionWorkerLike] | None = None
    finalize_note: Callable[[Store, int], Note] | None = None
    recover: Callable[[Store], Any] | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def real(cls, store: Store, config: Config) -> Services:
        return cls(
            store=store,
            config=config,
            open_microphone=lambda: _open_real_microphone(config),
            make_worker=lambda callbacks: _make_real_worker(store, config, callbacks),
            finalize_note=lambda s, note_id: _finalize_real(s, note_id, config),
            recover=lambda s: _recover_real(s, config),
        )


# --- the real services, imported lazily so the UI opens fast ---------------


def _open_real_microphone(config: Config) -> AudioInput:
    from recorder import capture

    return capture.open_microphone(config)


def _make_real_worker(store: Store, config: Config, callbacks: WorkerCallbacks) -> TranscriptionWorkerLike:
    # In a child process: the model's encoder holds the GIL and would stall the UI (tui.worker_process).
    from tui.worker_process import ProcessWorker

    return ProcessWorker(store, callbacks)


def _finalize_real(store: Store, note_id: int, config: Config) -> Note:
    from recorder import memos

    memos.finalize_note(store, note_id, memos.options_from_config(config))
    return store.note(note_id)


def _recover_real(store: Store, config: Config) -> Any:
    from recorder import memos

    return memos.recover_interrupted_recordings(store, memos.options_from_config(config))
