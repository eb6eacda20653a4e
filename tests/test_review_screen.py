"""Pilot tests of the review screen at 80x24, over a real Store in tmp_path.

Suggestions are written with the store's own add_observation (the suggestion
engine has its own tests); every check reads the database back, audit included.
Playback goes through a private PulseAudio null sink (tests/pulse.py) and is
checked by recording the sink's monitor.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from textual.app import App

from models.domain import NoteStatus
from models.store import Store
from tests.audio_fixtures import have_speech_tools, memo, write_wav
from tests.review_helpers import SURE, add_memo, audit, suggest
from tests.tui_helpers import screen_text, until
from tui.screens.review import ReviewScreen
from tui.screens.review_dialogs import ChoiceScreen, ListConfirmScreen, NumberPrompt

SIZE = (80, 24)
pytestmark = pytest.mark.anyio
needs_speech = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox make the test speech")


class Host(App):
    """Just the review screen over a store, as the app opens it."""

    TITLE = "pushin"

    def __init__(self, store: Store, **kwargs):
        super().__init__()
        self.store = store
        self.kwargs = kwargs

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.store, **self.kwargs))


def actions(store, table):
    return [(row_id, action, detail) for _, row_id, action, detail in audit(store, table)]


def review(app) -> ReviewScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReviewScreen))


async def started(pilot, app) -> ReviewScreen:
    assert await until(pilot, lambda: any(isinstance(s, ReviewScreen) for s in app.screen_stack))
    await pilot.pause()
    return review(app)


async def test_enter_confirms_and_moves_to_the_next_memo_oldest_first(store, ids):
    session = store.start_session(setting="push-in", student_ids=(ids["Jayden Brooks"], ids["Noah Kim"]))
    first = add_memo(store, "Jayden got four out of five with a verbal cue.", session.id)
    second = add_memo(store, "Noah answered three of five.", session.id)
    jayden = suggest(store, first, ids["Jayden Brooks"])
    noah = suggest(store, second, ids["Noah Kim"], correct=3, total=5, percent=60.0)
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        text = screen_text(app)
        assert "Memo 1 · 1 of 2 · 2 left" in text and "Jayden got four out of five" in text
        assert "Jayden Brooks" in text and "4/5" in text and "verbal" in text
        await pilot.press("enter")
        assert store.observation(jayden.id).confirmed and store.note(first.id).reviewed_at
        assert not store.observation(noah.id).confirmed
        assert screen.item.note.id == second.id
        assert "Memo 2 · 1 of 1 · 1 left" in screen_text(app)
        await pilot.press("enter")
        assert store.observation(noah.id).confirmed
        assert screen.item is None and "All memos are reviewed." in screen_text(app)
    assert [a for _, a, _ in actions(store, "observations")].count("confirm") == 2


async def test_a_score_the_model_lost_must_be_given_before_enter_confirms(store, ids):
    note = add_memo(store, "Jayden answered the inferencing questions, blah out of ten.")
    jayden = suggest(store, note, ids["Jayden Brooks"], correct=None, total=None, percent=None,
                     confidence={**SURE, "correct": 0.0, "total": 0.0})
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("enter")
        assert await until(pilot, lambda: "has no score" in screen_text(app))
        assert not store.observation(jayden.id).confirmed and store.note(note.id).reviewed_at is None
        assert screen.item.note.id == note.id


async def test_fields_change_in_a_few_keystrokes_and_uncertain_ones_are_marked(store, ids):
    note = add_memo(store, "Jaden got three of five with a picture.")
    obs = suggest(store, note, ids["Jayden Brooks"], confidence={**SURE, "cue": 0.2})
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        assert "verbal?" in screen_text(app)  # the unsure cue is marked
        # s: a student, found by typing part of the name.
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n", "o", "a", "enter")
        noah = ids["Noah Kim"]
        assert store.observation(obs.id).student_id == noah
        assert store.observation(obs.id).goal_id is None  # Jayden's goal is not Noah's
        # g: a goal, by digit.
        await pilot.press("g", "1")
        assert store.observation(obs.id).goal_id == store.student(noah).goals[0].id
        # digits: the numbers.
        await pilot.press("3")
        assert isinstance(app.screen, NumberPrompt)
        await pilot.press("/", "5", "enter")
        changed = store.observation(obs.id)
        assert (changed.correct, changed.total, changed.percent) == (3, 5, 60.0)
        # c: the cue, one level of support at a time.
        await pilot.press("c")
        assert store.observation(obs.id).cue == "phonemic"
        await pilot.press("c", "c")
        assert store.observation(obs.id).cue == "physical"
        await pilot.press("c")
        assert store.observation(obs.id).cue is None
        await pilot.press("c")
        assert store.observation(obs.id).cue == "independent"
        assert "?" not in screen_text(app).split("Student", 1)[1].split("\n")[1]  # a person set it: unmarked
        # t: the data type, by digit (2 = tally), which drops the trial numbers.
        await pilot.press("t", "2")
        changed = store.observation(obs.id)
        assert (changed.data_type, changed.correct, changed.total) == ("tally", None, None)
        await pilot.press("4", "enter")
        assert store.observation(obs.id).count == 4
        # a bad entry is a message, not a crash and not a change.
        await pilot.press("9", "/", "2", "enter")
        assert "is not a score" in screen.last_message
        assert store.observation(obs.id).count == 4
        await pilot.press("enter")
        assert store.observation(obs.id).confirmed
    edits = [d for _, a, d in actions(store, "observations") if a == "review-edit"]
    assert len(edits) == 10 and edits[0]["student_id"] == noah


async def test_the_longest_marked_type_and_cue_show_whole_with_their_mark_at_80_columns(store, ids):
    note = add_memo(store, "Jaden, self corrected, the rest garbled.")
    suggest(store, note, ids["Jayden Brooks"], confidence={**SURE, "data_type": 0.3, "cue": 0.3},
            data_type="anecdotal", goal_id=None, correct=None, total=None, percent=None, cue="self-corrected")
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        row = screen_text(app).split("Student", 1)[1].split("\n")[1]
        assert "anecdotal?" in row and "self-corrected?" in row, row


async def test_editing_the_transcript_keeps_the_models_text_and_suggests_again(store, ids):
    note = add_memo(store, "Jaden got for out of five.")
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        assert "No observations" in screen_text(app)  # the model's text named no student
        await pilot.press("e")
        assert screen.editing
        await pilot.press("ctrl+a", "ctrl+k")  # to the start, then delete to the end of the line
        for key in "Jayden got four out of five.":
            await pilot.press({" ": "space", ".": "full_stop"}.get(key, key))
        await pilot.press("escape")
        assert not screen.editing
        saved = store.note(note.id)
        assert saved.transcript == "Jayden got four out of five."
        assert saved.transcript_raw == "Jaden got for out of five."
        assert [n.id for n in store.notes()] == [note.id]  # the d typed in "Jayden" deleted nothing
        text = screen_text(app)
        assert "model heard: Jaden got for out of five." in text
        # Suggestions come again from the corrected text.
        (suggested,) = store.observations(note_id=note.id)
        assert (suggested.student_id, suggested.correct, suggested.total) == (ids["Jayden Brooks"], 4, 5)
        assert "suggestions made again" in screen.last_message and "Jayden Brooks" in text
    assert [(a, d) for _, a, d in actions(store, "notes") if a == "edit-transcript"] == [
        ("edit-transcript", {"transcript": "Jayden got four out of five."})]


async def test_a_transcript_edit_never_replaces_what_a_person_changed(store, ids):
    note = add_memo(store, "Jayden got four out of five.")
    obs = suggest(store, note, ids["Jayden Brooks"])
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("c")  # a person's change to the suggestion
        await pilot.press("e", "end", "space", "o", "k", "escape")
        assert store.note(note.id).transcript == "Jayden got four out of five. ok"
        assert [o.id for o in store.observations(note_id=note.id)] == [obs.id]
        assert store.observation(obs.id).cue == "phonemic"
        assert "your changes to the observations are kept" in screen.last_message


async def test_add_anecdote_remove_and_undo(store, ids):
    note = add_memo(store, "Sofia waited for her turn and asked a friend a question.")
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        assert "No observations" in screen_text(app)
        await pilot.press("a")
        await pilot.press("s", "o", "f", "enter")
        (anecdote,) = store.observations(note_id=note.id)
        assert (anecdote.student_id, anecdote.data_type, anecdote.text, anecdote.source) == (
            ids["Sofia Martinez"], "anecdotal", "Sofia waited for her turn and asked a friend a question.", "manual")
        await pilot.press("o")
        await pilot.press("n", "o", "a", "h", "enter")
        added = store.observations(note_id=note.id)[1]
        assert (added.student_id, added.data_type, added.goal_id) == (
            ids["Noah Kim"], "trials", store.student(ids["Noah Kim"]).goals[0].id)  # his only goal
        await pilot.press("x")  # removes the selected one: the one just added
        assert [o.id for o in store.observations(note_id=note.id)] == [anecdote.id]
        await pilot.press("u")
        assert [o.id for o in store.observations(note_id=note.id)] == [anecdote.id, added.id]
        await pilot.press("u")
        assert "Nothing to undo" in review(app).last_message
    assert [(r, a) for r, a, _ in actions(store, "observations")] == [
        (anecdote.id, "create"), (added.id, "create"), (added.id, "review-edit"), (added.id, "delete"),
        (added.id, "restore")]


async def test_delete_a_memo_and_undo(store, ids):
    first = add_memo(store, "Nothing useful here, testing.")
    second = add_memo(store, "Noah three of five.")
    suggest(store, first, ids["Noah Kim"])
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("d")
        assert screen.item.note.id == second.id
        assert [n.id for n in store.notes()] == [second.id]
        assert store.observations(note_id=first.id) == []
        assert "Memo 1 deleted. u undoes." in screen_text(app)
        await pilot.press("u")
        assert screen.item.note.id == first.id
        assert [n.id for n in store.notes()] == [first.id, second.id]
        assert len(store.observations(note_id=first.id)) == 1
    assert [a for _, a, _ in actions(store, "notes") if a in ("delete", "restore")] == ["delete", "restore"]


async def test_a_memo_with_speech_the_model_made_no_words_of_is_not_offered_as_empty(store, ids):
    silent = add_memo(store, "", status=NoteStatus.NO_SPEECH)
    store.update_note(silent.id, seconds_raw=4.0, seconds_trimmed=0.0)  # the voice detector heard nobody
    garbled = add_memo(store, "", status=NoteStatus.NO_SPEECH)
    store.update_note(garbled.id, seconds_raw=11.8, seconds_trimmed=8.9)  # it heard speech; the model no words
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        assert screen.item.note.id == silent.id
        assert "no speech heard in this memo" in screen_text(app)
        await pilot.press("n")
        assert screen.item.note.id == garbled.id
        assert "speech heard, but the model made out no words" in screen_text(app)
        assert "no speech heard in this memo" not in screen_text(app)


async def test_skip_keeps_the_memo_in_the_queue_and_comes_back_round(store, ids):
    first, second = add_memo(store, "one"), add_memo(store, "two")
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("n")
        assert screen.item.note.id == second.id and "skipped" in screen.last_message
        await pilot.press("n")
        assert screen.item.note.id == first.id  # round again: nothing is silently left behind
        assert store.note(first.id).reviewed_at is None
        await pilot.press("b")
        assert screen.item.note.id == second.id


async def test_confirm_all_high_confidence_suggestions_after_a_look(store, ids):
    session = store.start_session(setting="push-in")
    other = store.start_session(setting="pull-out")
    a = add_memo(store, "Jayden four of five, Noah maybe three", session.id)
    b = add_memo(store, "Sofia eight of ten intervals", session.id)
    c = add_memo(store, "Noah two of five", other.id)
    sure_a = suggest(store, a, ids["Jayden Brooks"])
    unsure = suggest(store, a, ids["Noah Kim"], confidence={**SURE, "student_id": 0.3})
    sure_b = suggest(store, b, ids["Sofia Martinez"], data_type="interval", correct=8, total=10, percent=80.0)
    elsewhere = suggest(store, c, ids["Noah Kim"])
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("A")
        assert isinstance(app.screen, ListConfirmScreen)
        listed = screen_text(app)
        assert "Confirm these 2 high-confidence suggestions in session 1?" in listed
        assert "Jayden Brooks · JB-1 · trials 4/5 · verbal" in listed and "Sofia Martinez" in listed
        await pilot.press("n")
        assert not store.observation(sure_a.id).confirmed
        await pilot.press("A", "y")
        assert store.observation(sure_a.id).confirmed and store.observation(sure_b.id).confirmed
        assert not store.observation(unsure.id).confirmed and not store.observation(elsewhere.id).confirmed
        assert "Confirmed 2 suggestions in session 1." in screen.last_message
        assert store.note(b.id).reviewed_at and not store.note(a.id).reviewed_at


async def test_retranscribe_sends_the_memo_back_to_the_queue(store, ids, tmp_path):
    note = add_memo(store, "Jaden for of five.")
    write_wav(store.audio_path(note.id), np.zeros(16000, np.float32))
    suggest(store, note, ids["Jayden Brooks"])
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("R")
        assert store.note(note.id).status == NoteStatus.PENDING
        assert store.observations(note_id=note.id) == []
        assert "queued for transcription" in screen.last_message
        assert "(waiting for transcription)" in screen_text(app)
        await pilot.press("enter")  # not while the transcript is on its way: its suggestions would hide
        assert "still waiting for its transcript" in screen.last_message
        assert store.note(note.id).reviewed_at is None
        # The worker finishing is picked up by the screen's poll.
        store.update_note(note.id, status=NoteStatus.TRANSCRIBED, transcript_raw="Jayden four of five.")
        assert await until(pilot, lambda: "Jayden four of five." in screen_text(app), timeout=4)


async def test_a_second_reading_that_lands_while_the_memo_is_shown_replaces_it_on_screen(store, ids):
    from tagging.store_suggestions import store_suggestions

    first = "Jayden answered sick, surveyed inferencing questions."
    note = add_memo(store, first)
    store_suggestions(store, store.note(note.id))
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        assert first in screen_text(app) and screen.item.observations[0].observation.correct is None
        # What the worker does when its second reading states the score.
        assert store.reread_transcript(note.id, first, "Jayden answered six of eight inferencing questions.")
        store_suggestions(store, store.note(note.id))
        assert await until(pilot, lambda: "six of eight" in screen_text(app), timeout=4)
        shown = screen.item.observations
        assert [(o.observation.correct, o.observation.total) for o in shown] == [(6, 8)]


def _relist() -> None:
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


@pytest.fixture
def relist_audio_devices():
    """PortAudio lists devices when it starts: the test calls this once its sound server is set.
    Requested first, it is torn down last, listing the devices again for the tests that follow."""
    yield _relist
    _relist()


async def test_play_with_no_output_device_says_so_and_keeps_working(relist_audio_devices, store, ids, monkeypatch,
                                                                   tmp_path):
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-server")
    relist_audio_devices()
    note = add_memo(store, "Noah three of five.")
    write_wav(store.trimmed_audio_path(note.id), np.zeros(8000, np.float32))
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot, app)
        await pilot.press("p")
        assert await until(pilot, lambda: "No audio output device" in screen.last_message)
        assert "No audio output device" in screen_text(app)
        await pilot.press("enter")  # the review goes on
        assert store.note(note.id).reviewed_at is not None


@needs_speech
@pytest.mark.slow
async def test_play_and_stop_through_a_pulseaudio_sink(relist_audio_devices, store, ids, virtual_mic, tmp_path):
    relist_audio_devices()
    note = add_memo(store, "Maria answered four out of five questions.")
    speech = memo("Maria answered four out of five questions with a verbal cue.", lead=0.1, tail=0.1)
    write_wav(store.trimmed_audio_path(note.id), speech)
    recording = tmp_path / "sink.raw"
    with recording.open("wb") as out:
        monitor = subprocess.Popen(["parec", "-d", "vmic.monitor", "--raw", "--format=s16le", "--rate=16000",
                                    "--channels=1"], stdout=out, env=virtual_mic.env())
        try:
            app = Host(store)
            async with app.run_test(size=SIZE) as pilot:
                screen = await started(pilot, app)
                await pilot.press("p")
                assert "Playing memo 1" in screen.last_message
                assert await until(pilot, lambda: screen.player.frames_played > 16000, timeout=5)
                await pilot.press("p")  # stop, well before the end
                assert await until(pilot, lambda: not screen.player.playing, timeout=2)
                assert screen.player.frames_played < len(speech) and screen.last_message == "Stopped."
                await pilot.press("p")
                assert await until(pilot, lambda: screen.last_message == "Played memo 1.", timeout=15)
                assert screen.player.frames_played == len(speech)
        finally:
            monitor.terminate()
            monitor.wait(timeout=5)
    heard = np.frombuffer(recording.read_bytes(), dtype="<i2").astype(np.float64) / 32768
    loud = 20 * np.log10(np.sqrt(np.mean(heard[np.abs(heard) > 0.01] ** 2)) + 1e-12)
    # The hiss is at -60 dBFS; the memo was written at -20 dBFS: the sink heard the memo.
    assert np.sum(np.abs(heard) > 0.05) > 8000 and loud > -35


def test_snapshot_at_80x24(store, ids, snap_compare):
    session = store.start_session(setting="push-in", teacher="Ms Lee", activity="read-aloud",
                                  student_ids=(ids["Jayden Brooks"], ids["Noah Kim"]),
                                  started_at="2024-10-01T09:00:00-04:00")
    note = add_memo(store, "Jayden got four out of five with a verbal cue, and Noah answered two of five.",
                    session.id, created_at="2024-10-01T09:12:00-04:00")
    add_memo(store, "second memo", session.id, created_at="2024-10-01T09:14:00-04:00")
    suggest(store, note, ids["Jayden Brooks"])
    suggest(store, note, ids["Noah Kim"], correct=2, total=5, percent=40.0, cue=None,
            confidence={**SURE, "goal_id": 0.3})
    assert snap_compare(Host(store), terminal_size=SIZE)


async def test_r_in_the_app_opens_the_review_and_esc_comes_back(store, ids):
    from tests.tui_helpers import make_app
    from tui.screens.main import MainScreen

    note = add_memo(store, "Noah answered three of five.")
    obs = suggest(store, note, ids["Noah Kim"], correct=3, total=5, percent=60.0)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("r")
        screen = await started(pilot, app)
        assert app.screen is screen and "Noah Kim" in screen_text(app)
        await pilot.press("enter")
        assert store.observation(obs.id).confirmed
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
