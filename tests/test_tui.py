"""Pilot tests of the terminal UI: every screen and binding, headless, at 80x24.

No microphone can run under Pilot, so the audio input is tests.audio_source's
FileAudioSource (the microphone's interface, fed from espeak-ng speech made
here). The store is a real SQLite file in tmp_path. The real capture path is
covered by the tmux end-to-end test with the PulseAudio virtual microphone.
"""

from __future__ import annotations

import pytest

from models.domain import NoteStatus
from models.errors import DiskFullError, MicrophoneError
from tests.audio_fixtures import have_speech_tools, speak
from tests.audio_source import FileAudioSource
from tests.tui_helpers import add_caseload, make_app, screen_text, stub_worker, until
from tui.screens.help import HelpScreen
from tui.screens.pickers import CuePicker, GoalPicker, IntervalSetup
from tui.screens.session import ConfirmScreen, OpenSessionScreen, StartSessionScreen
from tui.widgets.memo_list import MemoList, memo_text
from tui.widgets.recorder_panel import RecorderPanel

SIZE = (80, 24)
needs_speech = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox make the test speech")
pytestmark = pytest.mark.anyio  # anyio's pytest plugin runs the async Pilot tests


@pytest.fixture(scope="module")
def words():
    """Two seconds or so of speech, made once for the module."""
    return speak("Jayden got four out of five with a verbal cue.")


def ready(app) -> bool:
    return app.main.query_one(RecorderPanel).state == "idle"


# -- dictation ------------------------------------------------------------------------


@needs_speech
async def test_space_records_an_unattached_memo_with_live_meter(store, words):
    source = FileAudioSource(words, speed=2)
    app = make_app(store, source)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: ready(app))
        await pilot.press("space")
        assert source.recording and app.recording is not None
        panel = app.main.query_one(RecorderPanel)
        heard = {"level": 0.0, "speech": False}

        def watch() -> bool:
            heard["level"] = max(heard["level"], panel.level)
            heard["speech"] |= panel.speech
            return panel.elapsed >= 1.0 and heard["speech"]

        assert await until(pilot, watch)
        assert heard["level"] > 0.05
        assert "REC" in screen_text(app)
        await pilot.press("space")
        assert not source.recording
        assert await until(pilot, lambda: store.notes()[0].status == NoteStatus.PENDING)
        note = store.notes()[0]
        assert note.session_id is None
        assert store.audio_path(note.id).stat().st_size > 16000  # at least half a second of audio
        assert await until(pilot, lambda: "[pending]" in screen_text(app))
        assert app.main.query_one(RecorderPanel).state == "idle"


@needs_speech
async def test_memo_stops_itself_after_trailing_silence(store, words):
    source = FileAudioSource(words, speed=4, auto_stop_seconds=0.6, tail_silence=3)
    app = make_app(store, source)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: ready(app))
        await pilot.press("space")
        assert await until(pilot, lambda: app.recording is None, timeout=8)
        assert await until(pilot, lambda: store.notes()[0].status == NoteStatus.PENDING)
        assert source.elapsed < len(source.audio) / 16000  # it stopped before the file ran out


async def test_space_before_the_microphone_opens_starts_as_soon_as_it_does(store):
    import threading

    gate = threading.Event()
    source = FileAudioSource(speed=4)

    def slow_open():
        gate.wait(5)
        return source

    app = make_app(store, open_microphone=slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert app.recording is None
        gate.set()
        assert await until(pilot, lambda: source.recording)
        await pilot.press("space")
        assert await until(pilot, lambda: store.notes()[0].status == NoteStatus.PENDING)


# -- trouble ---------------------------------------------------------------------------


async def test_no_microphone_is_shown_and_the_rest_works(store):
    add_caseload(store)
    source = FileAudioSource(speed=4)
    attempts = []

    def open_microphone():
        attempts.append(1)
        if len(attempts) == 1:
            raise MicrophoneError("no input device found (is a microphone plugged in?)")
        return source

    app = make_app(store, open_microphone=open_microphone)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.mic_state == "unavailable")
        assert "no input device found" in screen_text(app)
        await pilot.press("space")
        assert store.notes() == []
        await pilot.press("s")  # sessions still work
        assert isinstance(app.screen, StartSessionScreen)
        await pilot.press("escape")
        await pilot.press("m")  # plugged in now: try again
        assert await until(pilot, lambda: ready(app))
        assert "no input device found" not in screen_text(app)
        await pilot.press("space")
        assert source.recording


@needs_speech
async def test_vanished_device_keeps_the_memo_and_says_so(store, words):
    source = FileAudioSource(words, speed=4)
    app = make_app(store, source)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: ready(app))
        await pilot.press("space")
        assert await until(pilot, lambda: source.elapsed > 0.5)
        source.vanish()
        assert await until(pilot, lambda: app.mic_state == "unavailable")
        assert "vanished" in screen_text(app)
        assert await until(pilot, lambda: store.notes()[0].status == NoteStatus.PENDING)
        assert store.audio_path(store.notes()[0].id).stat().st_size > 8000


async def test_full_disk_is_shown_not_fatal(store, monkeypatch):
    app = make_app(store)

    def full(**_):
        raise DiskFullError("the disk is full: the database could not be written")

    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: ready(app))
        monkeypatch.setattr(store, "create_note", full)  # the one failure a test cannot cause for real
        await pilot.press("space")
        assert app.recording is None
        assert "disk is full" in screen_text(app)
        monkeypatch.undo()
        await pilot.press("space")
        assert app.recording is not None


async def test_model_that_fails_to_load_is_shown_and_memos_wait(store):
    broken_model = stub_worker(lambda callbacks: callbacks.on_model_error("model.bin failed its checksum"))
    app = make_app(store, make_worker=broken_model)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: "failed its checksum" in screen_text(app))
        await pilot.press("space")
        await pilot.pause(0.2)
        await pilot.press("space")
        assert await until(pilot, lambda: store.notes()[0].status == NoteStatus.PENDING)


# -- quitting ----------------------------------------------------------------------------


@needs_speech
async def test_quitting_mid_recording_saves_the_memo(store, words):
    source = FileAudioSource(words, speed=4)
    app = make_app(store, source)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: ready(app))
        await pilot.press("space")
        assert await until(pilot, lambda: source.elapsed > 0.5)
        await pilot.press("q")
    note = store.notes()[0]
    assert note.status == NoteStatus.PENDING
    assert store.audio_path(note.id).stat().st_size > 8000


# -- sessions ---------------------------------------------------------------------------


async def test_start_a_session_picking_students_by_filter(store):
    ids = add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, StartSessionScreen)
        # It opens on the student filter: a name typed at once picks a student, not a teacher.
        await pilot.press(*"sof", "enter")  # filter, enter picks the first match
        await pilot.press(*"noah", "enter")
        assert "2 present" in screen_text(app)
        assert app.screen.query_one("#teacher").value == "Ms Lee"  # their teacher, from the caseload
        await pilot.press("shift+tab", *"read-aloud", "enter")  # the activity; enter goes back to the filter
        await pilot.press("enter")  # enter on an empty filter starts
        assert not isinstance(app.screen, StartSessionScreen)
        session = store.open_sessions()[0]
        assert set(session.student_ids) == {ids["Sofia Martinez"], ids["Noah Kim"]}
        assert (session.setting, session.teacher, session.activity) == ("push-in", "Ms Lee", "read-aloud")
        assert "Session 1" in screen_text(app)
        # A memo now belongs to the session.
        await pilot.press("space")
        await pilot.press("space")
        assert store.notes()[0].session_id == session.id
        # End it.
        await pilot.press("e")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert store.open_sessions() == []
        assert "No session" in screen_text(app)


async def test_a_teacher_typed_for_a_session_is_kept_and_one_filled_in_follows_the_students_picked(store):
    ids = add_caseload(store)
    with store.write() as conn:
        conn.execute("UPDATE students SET teacher = 'Mr Ray' WHERE id = ?", [ids["Noah Kim"]])
    store.end_session(store.start_session(setting="push-in", teacher="Ms Lee", classroom="Room 12").id)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        teacher, classroom = app.screen.query_one("#teacher"), app.screen.query_one("#classroom")
        await pilot.press(*"noah", "enter")
        assert (teacher.value, classroom.value) == ("Mr Ray", "")  # no session with Mr Ray yet
        await pilot.press(*"sof", "enter", *"jay", "enter")
        # The teacher most of those present have, in the room of the last session with her.
        assert (teacher.value, classroom.value) == ("Ms Lee", "Room 12")
        await pilot.press(*"sof", "enter", *"jay", "enter")  # picked again: unpicked
        assert (teacher.value, classroom.value) == ("Mr Ray", "")
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused is teacher
        await pilot.press("ctrl+u", *"Ms Ortiz", "enter")  # typed: enter moves on to the classroom
        assert app.focused is classroom
        await pilot.press(*"Room 4", "enter")
        assert app.focused is app.screen.query_one("#activity")
        await pilot.press("enter")
        await pilot.press(*"sof", "enter")
        assert (teacher.value, classroom.value) == ("Ms Ortiz", "Room 4")  # typed: kept
        await pilot.press("enter")
        session = store.open_sessions()[0]
        assert (session.teacher, session.classroom) == ("Ms Ortiz", "Room 4")


async def test_enter_on_an_empty_filter_with_nobody_picked_does_not_start(store):
    add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "enter")
        assert isinstance(app.screen, StartSessionScreen)
        assert store.open_sessions() == []


async def test_filter_narrows_the_student_list_and_escape_cancels(store):
    add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", *"kim")
        options = app.screen.query_one("#students")
        assert [options.get_option_at_index(i).prompt for i in range(options.option_count)] == ["Noah Kim"]
        await pilot.press("escape")
        assert store.open_sessions() == []


@pytest.mark.parametrize("choice", ["r", "c"])
async def test_a_session_left_open_can_be_resumed_or_closed(store, choice):
    ids = add_caseload(store)
    left = store.start_session(setting="pull-out", student_ids=(ids["Jayden Brooks"],),
                               started_at="2024-10-01T09:00:00+00:00")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, OpenSessionScreen))
        await pilot.press(choice)
        if choice == "r":
            assert app.main.session.id == left.id
            assert store.open_sessions()[0].id == left.id
        else:
            assert app.main.session is None
            # Closed at its last activity, not now: a crash must not inflate service minutes.
            assert store.session(left.id).ended_at == "2024-10-01T09:00:00+00:00"


# -- quick data ---------------------------------------------------------------------------


async def _with_session(pilot, app, store, ids, names=("Jayden Brooks", "Sofia Martinez")):
    session = store.start_session(setting="push-in", student_ids=tuple(ids[n] for n in names))
    app.main.use_session(session)
    await pilot.pause()
    return session


async def test_trials_cue_tally_and_undo_make_confirmed_observations(store):
    ids = add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert store.observations() == []  # no session: nothing recorded
        session = await _with_session(pilot, app, store, ids)
        await pilot.press("1")  # Jayden Brooks (sorted by name)
        await pilot.press("plus", "plus", "minus", "plus", "plus")
        [obs] = store.observations(session_id=session.id)
        assert (obs.correct, obs.total, obs.percent, obs.confirmed, obs.source) == (4, 5, 80.0, True, "tally")
        assert obs.student_id == ids["Jayden Brooks"] and obs.setting == "push-in"
        assert store.goal(obs.goal_id).code == "JB-1"
        assert "JB-1 4/5 80%" in screen_text(app)
        # A cue level: trials at another level of support are their own data point.
        await pilot.press("c")
        assert isinstance(app.screen, CuePicker)
        await pilot.press("5")  # verbal
        await pilot.press("equals_sign")
        verbal = [o for o in store.observations(session_id=session.id) if o.cue == "verbal"]
        assert [(o.correct, o.total) for o in verbal] == [(1, 1)]
        # A tally on the second goal.
        await pilot.press("g")
        assert isinstance(app.screen, GoalPicker)
        await pilot.press("2")
        await pilot.press("t", "t", "t")
        tally = [o for o in store.observations(session_id=session.id) if o.data_type == "tally"]
        assert [o.count for o in tally] == [3]
        assert "JB-2 x3 verbal" in screen_text(app)
        await pilot.press("u")
        assert [o.count for o in store.observations(session_id=session.id) if o.data_type == "tally"] == [2]
        # Another student by digit.
        await pilot.press("2", "minus")
        sofia = store.observations(student_id=ids["Sofia Martinez"])
        assert [(o.correct, o.total) for o in sofia] == [(0, 1)]
        await pilot.press("u")
        assert store.observations(student_id=ids["Sofia Martinez"]) == []
        await pilot.press("9")  # nobody there: a message, nothing else
        assert app.main.selected.name == "Sofia Martinez"


async def test_quick_data_survives_a_restart_of_the_app(store):
    ids = add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _with_session(pilot, app, store, ids)
        await pilot.press("1", "plus", "plus", "minus")
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: isinstance(again.screen, OpenSessionScreen))
        await pilot.press("r")
        await pilot.press("1", "plus")
        [obs] = store.observations()
        assert (obs.correct, obs.total) == (3, 4)
        assert "JB-1 3/4 75%" in screen_text(again)


async def test_interval_timer_prompts_at_each_boundary_and_marks(store):
    ids = add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        session = await _with_session(pilot, app, store, ids)
        await pilot.press("2")  # Sofia Martinez, goal SM-1
        await pilot.press("i")
        assert isinstance(app.screen, IntervalSetup)
        app.screen.query_one("#count").value = "2"
        app.screen.query_one("#seconds").value = "0.5"
        await pilot.press("enter")
        assert "Interval 1/2" in screen_text(app)
        assert await until(pilot, lambda: "Interval 1 ended" in screen_text(app), timeout=3)
        await pilot.press("y")
        assert await until(pilot, lambda: "Interval 2 ended" in screen_text(app), timeout=3)
        await pilot.press("n")
        [obs] = store.observations(session_id=session.id)
        assert (obs.data_type, obs.correct, obs.total) == ("interval", 1, 2)
        assert store.goal(obs.goal_id).code == "SM-1"
        assert "SM-1 int 1/2 50%" in screen_text(app)
        assert "Intervals done" in screen_text(app)
        await pilot.press("y")  # every interval answered: nothing more is recorded
        assert store.observations(session_id=session.id)[0].total == 2


# -- help, palette, mouse -----------------------------------------------------------------


async def test_help_screen_and_command_palette(store):
    add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"start a session")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, StartSessionScreen))


async def test_the_mouse_works_too(store):
    add_caseload(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.click("#cancel")
        assert not isinstance(app.screen, StartSessionScreen)
        await pilot.press("space", "space")
        await pilot.click(MemoList)
        assert app.focused is app.main.query_one(MemoList)


@pytest.mark.slow
async def test_real_worker_reports_a_model_that_cannot_load(store):
    """The real transcription worker (in its child process) told to use a model folder that does not exist."""
    from models.config import Config
    from tui.services import Services

    config = Config(model=str(store.home / "no-such-model"))
    (store.home / "config.toml").write_text(f'model = "{config.model}"\n')
    real = Services.real(store, config)
    app = make_app(store, make_worker=real.make_worker, finalize_note=real.finalize_note, recover=real.recover)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: "failed" in app.model_status, timeout=60)
        trouble = str(app.main.query_one("#trouble").content)
        assert "no-such-model" in trouble, trouble
        assert await until(pilot, lambda: "The speech model failed" in screen_text(app))  # once drawn
        await pilot.press("space")  # dictation still works; the memo waits in the queue
        await pilot.pause(0.3)
        await pilot.press("space")
        assert await until(pilot, lambda: store.notes()[0].status in (NoteStatus.PENDING, NoteStatus.NO_SPEECH))


async def test_a_threads_report_after_the_app_closed_is_dropped_quietly(store):
    """Workers keep posting while the app tears down; by then the main screen is gone."""
    from tui.app import MicOpened, ModelStatus, NoteChanged, Recovered

    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.showing)
    assert not app.showing
    late_mic = FileAudioSource()
    for message in (NoteChanged(note.id, "late"), ModelStatus(True, "tiny.en"), Recovered(), MicOpened(late_mic)):
        getattr(app, message.handler_name)(message)  # raised StopIteration before
    assert late_mic._closed.is_set()  # a microphone that opened as the app closed is not left running
    assert app.mic is None


def test_a_memo_with_speech_but_no_words_is_not_listed_as_no_speech(store):
    nobody = store.update_note(store.create_note().id, status=NoteStatus.NO_SPEECH, seconds_raw=4.0,
                               seconds_trimmed=0.0)
    garbled = store.update_note(store.create_note().id, status=NoteStatus.NO_SPEECH, seconds_raw=11.8,
                                seconds_trimmed=8.9)
    assert "[no speech]" in memo_text(nobody).plain
    assert "[speech, no words made out]" in memo_text(garbled).plain
