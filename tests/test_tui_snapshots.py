"""Snapshot tests of the main screens at 80x24 (pytest-textual-snapshot).

Accept a deliberate change of look with `pytest tests/test_tui_snapshots.py --snapshot-update`
after checking the SVGs. Everything that varies is fixed here: no header clock, memos and the
session carry fixed times, the audio input is a silent file-backed source (no microphone runs
under Pilot), and the model reports ready at once (a snapshot shows layout, not the model).
"""

from __future__ import annotations

from models.config import Config
from models.domain import NoteStatus
from models.store import Store
from tests.audio_source import FileAudioSource
from tests.tui_helpers import add_caseload, stub_worker, until
from tui.app import PushinApp
from tui.services import Services
from tui.widgets.recorder_panel import RecorderPanel

ReadyWorker = stub_worker(lambda callbacks: callbacks.on_model_ready("tiny.en"))


def app_over(store: Store) -> PushinApp:
    source = FileAudioSource()
    services = Services(store=store, config=Config(), open_microphone=lambda: source, make_worker=ReadyWorker)
    return PushinApp(services, show_clock=False)


def memos(store: Store) -> None:
    at = "2024-10-01T09:{:02d}:00+00:00"
    rows = [
        (NoteStatus.TRANSCRIBED, "Jayden got four out of five on initial r with a verbal cue.", None),
        (NoteStatus.NO_SPEECH, None, None),
        (NoteStatus.FAILED, None, "the trimmed audio 3.trim.wav is missing"),
        (NoteStatus.PENDING, None, None),
    ]
    for minute, (status, text, error) in enumerate(rows, start=5):
        note = store.create_note()
        store.update_note(note.id, created_at=at.format(minute), status=status, transcript_raw=text, error=error)


async def _ready(pilot) -> None:
    assert await until(pilot, lambda: pilot.app.main.query_one(RecorderPanel).state == "idle")
    await pilot.pause()


def test_main_screen_with_memos(store, snap_compare):
    memos(store)
    assert snap_compare(app_over(store), run_before=_ready)


def test_main_screen_in_a_session_with_scores(store, snap_compare):
    ids = add_caseload(store)
    store.start_session(setting="push-in", format="small group", teacher="Ms Lee", activity="read-aloud",
                        student_ids=(ids["Jayden Brooks"], ids["Sofia Martinez"]),
                        started_at="2024-10-01T09:00:00+00:00")
    app = app_over(store)

    async def run_before(pilot):
        await pilot.press("r")  # resume the session left open
        await _ready(pilot)
        await pilot.press("1", "plus", "plus", "minus", "plus")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_start_session_screen(store, snap_compare):
    add_caseload(store)

    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("s")
        await pilot.press(*"jay", "enter")
        await pilot.pause()

    assert snap_compare(app_over(store), run_before=run_before)


def test_help_screen(store, snap_compare):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_over(store), run_before=run_before)
