"""Shared set-up for the terminal UI tests: a caseload, an app over a fresh store."""

from __future__ import annotations

import asyncio
import time

from models.config import Config
from models.store import Store
from tests.audio_source import FileAudioSource
from tui.app import PushinApp
from tui.services import Services

CASELOAD = {
    "Jayden Brooks": [("JB-1", "articulation", "produce /r/ in initial position", "trials"),
                      ("JB-2", "fluency", "use easy onset when starting a sentence", "tally")],
    "Sofia Martinez": [("SM-1", "social communication", "take turns in a group conversation", "interval")],
    "Noah Kim": [("NK-1", "language", "answer wh- questions about a story", "trials")],
}


def add_caseload(store: Store) -> dict[str, int]:
    """The caseload above, written as the caseload importer would; returns student ids by name."""
    ids = {}
    with store.write() as conn:
        for name, goals in CASELOAD.items():
            student_id = Store.insert(conn, "students", {"name": name, "grade": "3", "teacher": "Ms Lee",
                                                         "created_at": "2024-09-01T08:00:00+00:00"})
            ids[name] = student_id
            for code, area, text, measure in goals:
                Store.insert(conn, "goals", {"student_id": student_id, "code": code, "area": area, "text": text,
                                             "target": 80.0, "measure": measure, "strategy": ""})
    return ids


def stub_worker(start):
    """A worker class (the TranscriptionWorker interface) whose start() only calls start(callbacks):
    a model's outcome on screen without loading a model."""

    class StubWorker:
        def __init__(self, callbacks):
            self.callbacks = callbacks

        def start(self):
            start(self.callbacks)

        def wake(self):
            pass

        def stop(self, timeout=None):
            pass

    return StubWorker


def make_app(store: Store, source: FileAudioSource | None = None, **services) -> PushinApp:
    """The real app over a real store; the audio input is a file-backed source (no microphone in Pilot)."""
    source = source or FileAudioSource(speed=4)
    defaults = {"open_microphone": lambda: source}
    defaults.update(services)
    return PushinApp(Services(store=store, config=Config(), **defaults))


async def until(pilot, predicate, timeout: float = 5.0) -> bool:
    """Let the app run until predicate() holds (or the timeout passes)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        await pilot.pause(0.02)
        await asyncio.sleep(0)
    return bool(predicate())


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
