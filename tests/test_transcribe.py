"""Transcription: the real model on speech the tests make, the job queue in a real database.

The model is loaded once per session (the `transcriber` fixture in conftest.py).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from models.caseload import import_caseload
from models.config import Config
from models.domain import Goal, NoteStatus, Student
from models.errors import ModelError
from models.store import Store
from recorder.decode import decode_audio
from recorder.memos import import_audio_file
from recorder.vad import trim_speech
from tagging.cues import find_cue, support_candidates, support_slots
from tagging.numbers import count_before_of_span
from tests.audio_fixtures import RATE, memo, pink_noise, room_tone, to_int16, write_wav
from transcribe.bias import build_bias
from transcribe.engine import NearScore, Transcriber, to_float32
from transcribe.worker import TranscriptionWorker, present_names, process_pending, retry_failed, transcribe_note

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent

CASELOAD = """student,grade,teacher,goal_id,area,goal,target,measure
Jayden Brooks,3,Ms. Alvarez,JB-1,language,Answer inferencing questions about a text,80,trials
Maria Gonzalez,3,Ms. Alvarez,MG-1,language,Use causal conjunctions such as because,80,trials
Sofia Rossi,2,Mr. Okafor,SR-1,language,Follow two-step classroom directions,80,trials
"""
NAME_WORDS = {"jayden", "brooks", "maria", "gonzalez", "sofia", "rossi"}


def trimmed_memo(said: str, voice: str) -> np.ndarray:
    """An espeak-ng memo as the recorder keeps it: trimmed, int16."""
    return trim_speech(to_int16(memo(said, voice=voice))).samples


def words(text: str) -> set[str]:
    return {w.strip(".,!?;:'\"").lower() for w in text.split()}


@pytest.fixture(scope="module")
def speech_clips(tmp_path_factory) -> dict[str, Path]:
    """Short espeak-ng memos, made once for the module."""
    folder = tmp_path_factory.mktemp("clips")
    clips = {
        "jayden": memo("Jayden answered four out of five questions correctly.", lead=0.5, tail=0.8),
        "no_name": memo("The class read a story about a garden and wrote three sentences.", lead=0.5, tail=0.8),
        "short": memo("Good morning.", lead=0.3, tail=0.5),
        "silence": room_tone(3.0),
    }
    return {name: write_wav(folder / f"{name}.wav", x) for name, x in clips.items()}


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "home")
    csv = tmp_path / "caseload.csv"
    csv.write_text(CASELOAD, encoding="utf-8")
    import_caseload(store, csv)
    return store


def test_real_speech_is_transcribed_with_the_caseload_spelling(store, transcriber, speech_clips):
    note = import_audio_file(store, speech_clips["jayden"])
    assert note.status == NoteStatus.PENDING
    claimed = store.claim_next_pending()
    done = transcribe_note(store, transcriber, claimed.id, build_bias(store.students()))
    assert done.status == NoteStatus.TRANSCRIBED
    heard = words(done.transcript_raw)
    assert "jayden" in heard  # spelled as the caseload spells it, not "Jaden"
    assert {"answered", "questions", "correctly"} <= heard
    assert done.model_name == "tiny.en"
    assert done.transcript is None  # the SLP's edit stays apart from the model's text
    assert done.error is None


def test_a_clip_that_names_nobody_gains_no_caseload_name(store, transcriber, speech_clips):
    bias = build_bias(store.students())
    assert "Jayden Brooks" in bias.initial_prompt  # the bias really is in play
    note = import_audio_file(store, speech_clips["no_name"])
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, bias)
    heard = words(done.transcript_raw)
    assert {"class", "story", "garden"} <= heard
    assert not heard & NAME_WORDS, done.transcript_raw
    assert note.id == done.id


def test_noise_alone_gives_no_text(transcriber, store):
    """Straight into the model (no VAD gate): the model's own no-speech flags drop it."""
    bias = build_bias(store.students())
    for seed, dbfs in ((0, -50.0), (1, -30.0)):
        result = transcriber.transcribe(to_int16(pink_noise(4 * RATE, seed=seed) * 10 ** (dbfs / 20)), bias)
        assert result.text == "", result.text
    assert transcriber.transcribe(np.zeros(16000, np.int16), bias).text == ""


def recorded(name: str) -> np.ndarray:
    """A memo kept in tests/golden/audio: rendered by make_memo_set.py, trimmed as the recorder keeps it."""
    return decode_audio(Path(__file__).parent / "golden" / "audio" / name)


def spec_caseload(spec: str) -> list[Student]:
    """The caseload of a bench spec (tests/bench_specs), as the store would hold it."""
    rows = json.loads((Path(__file__).parent / "bench_specs" / f"{spec}.json").read_text())["caseload"]
    rows = sorted(rows, key=lambda row: row["goal_id"])
    names = sorted(dict.fromkeys(row["student"] for row in rows))  # the store's order: the prompt follows it
    return [Student(i + 1, name, goals=tuple(
        Goal(100 * (i + 1) + j, i + 1, row["goal_id"], row["area"], row["goal"], row["target"], row["measure"])
        for j, row in enumerate(r for r in rows if r["student"] == name))) for i, name in enumerate(names)]


def test_words_before_a_loop_are_kept(transcriber):
    # Recorded at 15 dB SNR (make_memo_set.py, espeak en-us+m3, unseen31 r07): "Obadiah said all done on
    # his device twice at the end of centers after I modeled it." tiny.en loops on "the end, the end, ..."
    # after the count.
    audio = recorded("a_loop_then_twice_in_classroom_noise.wav")
    bias = build_bias(spec_caseload("unseen31"))
    without_retry = replace(transcriber, options=replace(transcriber.options, loop_retry_ngram=0))
    looped = without_retry.transcribe(audio, bias)
    assert {"obadiah", "done", "device", "twice"} <= words(looped.text), looped.text  # the words before it stay
    assert len(looped.text.split()) < 20 and "center" not in words(looped.text)  # the loop itself is collapsed
    # A loop scores high for repeating itself, so a text from a looping memo counts as unsure (below
    # check_names_below): the names in it are checked without the prompt.
    _kept, _dropped, confidence = without_retry._decode(to_float32(audio), bias)
    assert confidence <= transcriber.options.log_prob_threshold < transcriber.options.check_names_below
    # The loop took the window: read again with no word pair repeated, the words after it are heard.
    result = transcriber.transcribe(audio, bias)
    assert {"obadiah", "done", "device", "twice", "center"} <= words(result.text), result.text
    assert transcriber.transcribe(audio, bias).text == result.text  # and the same every time: no sampling


def test_a_letter_written_without_end_is_read_past(transcriber):
    # Recorded clean (make_memo_set.py, espeak, unseen21 b01): "Maeve said f at the beginning of words, nine
    # of twelve, on her own." After the caseload prompt tiny.en writes "Main, ffff..." to the end of the
    # window, a loop that once took the whole memo with it: nothing kept, the memo filed as silence.
    from tagging.suggest import suggest_observations

    audio = recorded("f_written_without_end.wav")
    caseload = spec_caseload("unseen21")
    bias = build_bias(caseload)
    without_retry = replace(transcriber, options=replace(transcriber.options, loop_retry_ngram=0))
    assert without_retry.transcribe(audio, bias).text.startswith("Main")  # the letters collapse, the word stays
    result = transcriber.transcribe(audio, bias)  # so the memo is read again past its loop
    assert {"beginning", "words", "12"} <= words(result.text), result.text
    [suggestion] = suggest_observations(result.text, caseload)
    assert (suggestion.data_type, suggestion.correct, suggestion.total) == ("trials", 9, 12), suggestion
    assert {student.id: student.name for student in caseload}[suggestion.student_id] == "Maeve Donnelly"


TALKED_OUT_OF = [
    # (memo kept in tests/golden/audio, its bench spec, words said). Espeak memos whose whole reading after the
    # caseload prompt came to nothing or to the caseload's names (on an Intel Sapphire Rapids CPU), so each was
    # filed as silence, or for students it never named:
    # independent2 g59 (en-us), "Siobhan and Xiomara at the listening center, Siobhan said her k words correctly
    # seven of ten, Xiomara just listened.", read "No, no, no." and dropped as babble;
    ("two_students_at_the_listening_center.wav", "independent2", {"listening", "center"}),
    # independent3 h19, "Fatima, T H at the sentence level, ten out of twelve, I modeled it first.", read
    # "Fatima Haddad, Fatima Haddad": the caseload recited, its names dropped, nothing left.
    ("ten_out_of_twelve_recited_as_the_caseload.wav", "independent3", {"fatima", "sentence"}),
    # independent2 g30 and g52 (en-gb-scotland, 15 dB classroom noise), "Amara, past tense verbs with the picture
    # cards, ten correct, two incorrect, she fixed a couple herself." and "Thandiwe vocalic r, um, in phrases, nine
    # correct, one incorrect, phonemic cue on the first couple.", read "Amara, Paddad, Nalani Kahananui, Nalani
    # Kahananui." (its names dropped, "Paddad" was all that was left) and "Kahananui Volkov, Kenji Watanabe,
    # Kahananui Kahananui, Kahananui." (first and last names run together, filed for three students never named).
    ("ten_correct_read_as_names_in_classroom_noise.wav", "independent2", {"picture", "cards"}),
    ("nine_correct_read_as_names_in_classroom_noise.wav", "independent2", {"correct", "incorrect"}),
]


@pytest.mark.parametrize(("name", "spec", "said"), TALKED_OUT_OF)
def test_a_memo_the_caseload_prompt_talks_out_of_is_read_without_it(transcriber, name, spec, said):
    # Read again without the prompt, its words are kept for the review (the names spelled by ear).
    audio = recorded(name)
    bias = build_bias(spec_caseload(spec))
    result = transcriber.transcribe(audio, bias)
    assert said <= words(result.text), result.text
    unbiased = replace(transcriber, options=replace(transcriber.options, bias="none"))
    assert words(unbiased.transcribe(audio, bias).text) & said


NEAR_TIES = [
    # (memo kept in tests/golden/audio, its bench spec, a word the beam's runner-up says that the best garbled)
    # unseen3 k05 (espeak en-029, clean): "Chloe used pausing and phrasing on seven of nine sentences after I
    # modeled the first one." The best beam garbles the support ("after I'm adult"); its runner-up says "after I
    # modeled", 0.02 behind per token on one CPU (Intel, MKL), 0.063 on another (AMD, oneDNN).
    ("after_i_modeled_the_first_one.wav", "unseen3", "modeled"),
    # unseen10 p06 (espeak en-us+f2, clean): "Lila used cancellations after a stuttered word on seven of nine tries,
    # with a model first." The best beam garbles the score ("Sam, with a nine tries"); a runner-up says "7-9
    # tries", 0.016 behind per token on an Intel Sapphire Rapids CPU, where k05's beam names no support at all.
    ("seven_of_nine_tries_with_a_model_first.wav", "unseen10", "7-9"),
]


def test_a_near_tie_that_says_a_measurement_or_names_the_support_is_read(transcriber, monkeypatch):
    # How a memo's beam ties varies with how the CPU rounds the int8 model, so the margin is set here, wide
    # enough for each CPU tried (measure_margin's default is measured on memo sets), and every memo whose beam
    # reads otherwise with it must read what was said; on each CPU tried, at least one memo does.
    read_otherwise = 0
    for name, spec, said in NEAR_TIES:
        audio = recorded(name)
        bias = build_bias(spec_caseload(spec))
        monkeypatch.setattr(transcriber._model.model, "margin", 0.15)
        near_tie = transcriber.transcribe(audio, bias).text
        monkeypatch.setattr(transcriber._model.model, "margin", 0.0)
        best_only = transcriber.transcribe(audio, bias).text
        assert said not in words(best_only), best_only
        if near_tie != best_only:
            assert said in words(near_tie), near_tie
            read_otherwise += 1
    assert read_otherwise


def test_trials_said_as_plus_and_minus_are_read_as_a_score(transcriber):
    # A data sheet said aloud, trial by trial.
    samples = trimmed_memo("Augustin, vocalic r, plus, plus, minus, plus, plus.", "en-us")
    text = transcriber.transcribe(samples, build_bias([Student(1, "Augustin Leclerc")])).text
    assert ratios_in(text) == [(4, 5)], text


def test_a_score_said_last_is_read_where_the_best_beam_stopped_short(transcriber, monkeypatch):
    # Recorded at 15 dB SNR (make_memo_set.py, the Piper voice, unseen23 d09): "Cormac needed me to
    # show him where his tongue goes for bl, and got two of six." tiny.en's best beam ends at "for
    # B.L."; the hypotheses that read on to the score score about 0.08 to 0.1 lower per token.
    audio = recorded("got_two_of_six_said_last_in_classroom_noise.wav")
    bias = build_bias(spec_caseload("unseen23"))
    assert ratios_in(transcriber.transcribe(audio, bias).text) == [(2, 6)]
    monkeypatch.setattr(transcriber._model.model, "tail_margin", 0.0)
    assert not ratios_in(transcriber.transcribe(audio, bias).text)


def test_a_score_read_again_keeps_the_support_the_first_reading_heard(transcriber):
    # Recorded at 15 dB SNR (make_memo_set.py, espeak en-us+f2, unseen6 m02): "Hannah answered where
    # questions about the story, four of six, with a picture cue." A first reading that hears the
    # support ("a picture queue") but garbles the score, as tiny.en read it on one CPU (how it garbles
    # a noisy memo varies with the CPU's rounding, so the reading is given here); read again, the score
    # is heard ("4 of 6") and the support the first heard is kept.
    audio = recorded("four_of_six_with_a_picture_cue_in_classroom_noise.wav")
    bias = build_bias(spec_caseload("unseen6"))
    first = "Hannah answered where questions about the story, for a sex, with a picture queue."
    assert find_cue(first).level == "visual" and not ratios_in(first), first
    reading = transcriber.second_look(audio, bias, first, awaited=frozenset({"trials"}))
    assert ratios_in(reading.text) == [(4, 6)], reading.text
    assert find_cue(reading.text).level == "visual", reading.text
    assert reading.text.startswith("Hannah answered where questions"), reading.text


def test_process_pending_skips_silence_reports_progress_and_calls_the_hook(store, transcriber, speech_clips):
    silent = import_audio_file(store, speech_clips["silence"])
    spoken = import_audio_file(store, speech_clips["short"])
    assert silent.status == NoteStatus.NO_SPEECH  # the VAD gate: never sent to the model
    progress, hooked = [], []
    notes = process_pending(store, transcriber, on_progress=lambda n, d, t: progress.append((n.id, d, t)),
                            after_transcribe=lambda s, n: hooked.append(n.id))
    assert [n.id for n in notes] == [spoken.id]
    assert progress == [(spoken.id, 1, 1)]
    assert hooked == [spoken.id]
    assert "morning" in store.note(spoken.id).transcript_raw.lower()
    assert store.note(silent.id).status == NoteStatus.NO_SPEECH
    assert store.note(silent.id).transcript_raw is None


def test_a_failure_is_recorded_the_audio_kept_and_a_retry_works(store, transcriber, speech_clips):
    note = import_audio_file(store, speech_clips["short"])
    trimmed = store.trimmed_audio_path(note.id)
    good = trimmed.read_bytes()
    trimmed.write_bytes(b"RIFF\x00\x00garbage, not audio")
    [failed] = process_pending(store, transcriber)
    assert failed.status == NoteStatus.FAILED
    assert failed.error and trimmed.name in failed.error
    assert store.audio_path(note.id).exists() and trimmed.exists()  # nothing deleted

    trimmed.write_bytes(good)
    assert retry_failed(store) == 1
    [retried] = process_pending(store, transcriber)
    assert retried.status == NoteStatus.TRANSCRIBED and retried.error is None
    assert "morning" in retried.transcript_raw.lower()


def test_a_broken_hook_does_not_lose_the_transcript(store, transcriber, speech_clips):
    import_audio_file(store, speech_clips["short"])

    def broken_hook(store, note):
        raise RuntimeError("tagging blew up")

    [note] = process_pending(store, transcriber, after_transcribe=broken_hook)
    assert note.status == NoteStatus.TRANSCRIBED and "morning" in note.transcript_raw.lower()


def test_an_unloadable_model_leaves_memos_pending(store, speech_clips, tmp_path):
    note = import_audio_file(store, speech_clips["short"])
    broken = Transcriber(config=Config(model=str(tmp_path / "missing-model")), home=store.home)
    with pytest.raises(ModelError):
        process_pending(store, broken)
    assert store.note(note.id).status == NoteStatus.PENDING


def test_the_worker_thread_transcribes_what_is_queued(store, transcriber, speech_clips):
    events: list[tuple[str, object]] = []
    done = threading.Event()

    def changed(note):
        events.append(("note", note.status))
        if note.status in (NoteStatus.TRANSCRIBED, NoteStatus.FAILED):
            done.set()

    worker = TranscriptionWorker(store, Config(), transcriber=transcriber, poll_seconds=30,
                                 on_model_ready=lambda name: events.append(("ready", name)),
                                 on_model_error=lambda msg: events.append(("error", msg)),
                                 on_note_changed=changed)
    worker.start()
    try:
        time.sleep(0.2)  # the worker is idle, waiting; the wake must reach it
        note = import_audio_file(store, speech_clips["short"])
        worker.wake()
        assert done.wait(60), events
    finally:
        worker.stop()
    assert not worker.alive
    assert events[0] == ("ready", "tiny.en")
    assert ("note", NoteStatus.TRANSCRIBING) in events and events[-1] == ("note", NoteStatus.TRANSCRIBED)
    assert "morning" in store.note(note.id).transcript_raw.lower()


def test_the_worker_reports_a_model_error_and_keeps_the_queue(store, speech_clips, tmp_path):
    note = import_audio_file(store, speech_clips["short"])
    errors: list[str] = []
    worker = TranscriptionWorker(store, Config(model=str(tmp_path / "no-such-model")),
                                 on_model_error=errors.append)
    worker.start()
    worker._thread.join(30)
    assert errors and "no-such-model" in errors[0]
    assert isinstance(worker.model_error, ModelError)
    assert store.note(note.id).status == NoteStatus.PENDING


def _pushin(home: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PUSHIN_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "tui", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_pushin_transcribe_resumes_after_a_crash_mid_transcription(store, speech_clips):
    """SIGKILL `pushin transcribe` while a memo is 'transcribing'; the next run finishes everything."""
    ids = [import_audio_file(store, speech_clips[name]).id for name in ("short", "jayden", "short")]
    process = _pushin(store.home, "transcribe")
    deadline = time.monotonic() + 120
    caught = False
    while time.monotonic() < deadline and process.poll() is None:
        rows = store.rows("SELECT id FROM notes WHERE status = ?", [NoteStatus.TRANSCRIBING])
        if rows:
            process.send_signal(signal.SIGKILL)
            caught = True
            break
        time.sleep(0.01)
    process.communicate(timeout=30)
    assert caught, "the memo was never seen mid-transcription"
    left = [store.note(i).status for i in ids]
    assert NoteStatus.TRANSCRIBING in left  # the crash left it half done

    rerun = _pushin(store.home, "transcribe")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert [store.note(i).status for i in ids] == [NoteStatus.TRANSCRIBED] * 3
    for note_id, before in zip(ids, left, strict=True):
        if before != NoteStatus.TRANSCRIBED:
            assert f"memo {note_id}: transcribed" in out
    assert "jayden" in store.note(ids[1]).transcript_raw.lower()


def test_pushin_transcribe_exits_non_zero_when_a_memo_fails(store, speech_clips):
    note = import_audio_file(store, speech_clips["short"])
    store.trimmed_audio_path(note.id).unlink()
    run = _pushin(store.home, "transcribe")
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1
    assert f"memo {note.id}: failed" in out and "missing" in out
    assert "--retry-failed" in err
    again = _pushin(store.home, "transcribe")
    out, _ = again.communicate(timeout=60)
    assert again.returncode == 0 and "nothing to transcribe" in out  # failed memos wait for --retry-failed


SCORE_CASELOAD = [
    Student(1, "Jaxon Rivera", goals=(Goal(1, 1, "JR-1", "articulation",
                                           "Produce the K and G sounds in sentences", 80, "trials"),)),
    Student(2, "Gabriel Santos", goals=(Goal(2, 2, "GS-1", "social communication",
                                             "Stay on topic during a group conversation", 4, "interval"),)),
]


GARBLED_SCORES = [
    ("Jaxon made the K sound in nine of ten words during the sentence game.", "en-us+m1", (9, 10)),
    ("Gabriel stayed on topic in four of five intervals during the group talk.", "en-gb-x-rp", (4, 5)),
]


def ratios_in(text: str) -> list[tuple[int | None, int | None]]:
    from tagging.numbers import find_measures, normalize_numbers

    return [(m.correct, m.total) for m in find_measures(normalize_numbers(text)) if m.kind == "ratio"]


@pytest.mark.parametrize(("said", "voice", "score"), GARBLED_SCORES)
def test_a_score_the_first_reading_garbled_is_read_again(transcriber, said, voice, score):
    from tagging.numbers import lost_its_score

    samples = trimmed_memo(said, voice)
    bias = build_bias(SCORE_CASELOAD)
    garbled = transcriber.transcribe(samples, bias).text
    assert lost_its_score(garbled), garbled  # tiny.en loses this score on a first reading
    assert transcriber.wants_second_look(bias, garbled)
    reread = transcriber.second_look(samples, bias, garbled).text
    assert ratios_in(reread) == [score], reread
    assert set(bias.names_in(reread)) == set(bias.names_in(garbled))
    # Nothing to read again in a memo that states its score, or in one that names no score at all.
    assert transcriber.second_look(samples, bias, reread) is None
    assert not transcriber.wants_second_look(bias, "Gabriel was upset after recess.")


def test_a_reading_again_that_states_only_what_the_first_did_finds_nothing(transcriber):
    # A memo waiting for its score whose every reading says only "twice": the second look has nothing new.
    samples = trimmed_memo("Gabriel self corrected twice today.", "en-us")
    bias = build_bias(SCORE_CASELOAD)
    first = transcriber.transcribe(samples, bias).text
    assert "twice" in first.lower(), first
    assert transcriber.second_look(samples, bias, first, awaited=frozenset({"trials"})) is None


JAXON = "Jaxon Rivera,1,Ms. Holt,JR-1,articulation,Produce the K and G sounds in sentences,80,trials"
HARPER = ("Harper Lewis,K,Mrs. Olsen,HL-1,language,"
          "Follow one-step directions with basic concepts like under and behind,80,trials")


def one_student_store(tmp_path: Path, row: str = JAXON) -> Store:
    """A fresh store whose caseload is one student and one goal (a caseload CSV row), or the given rows."""
    store = Store(tmp_path / "home")
    csv = tmp_path / "caseload.csv"
    csv.write_text("student,grade,teacher,goal_id,area,goal,target,measure\n" + row + "\n")
    import_caseload(store, csv)
    return store


def test_the_first_reading_is_stored_and_shown_then_replaced_by_the_second(tmp_path, transcriber):
    from tagging.store_suggestions import store_suggestions

    said, voice, score = GARBLED_SCORES[0]
    store = one_student_store(tmp_path)
    wav = write_wav(tmp_path / "memo.wav", memo(said, voice=voice))
    first_seen: list[str] = []

    def show(note):
        first_seen.append(note.transcript_raw)
        assert note.status == NoteStatus.TRANSCRIBED and store.observations(note_id=note.id)

    note = import_audio_file(store, wav)
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           after_transcribe=store_suggestions, on_first_reading=show)
    assert len(first_seen) == 1 and ratios_in(first_seen[0]) != [score]
    assert ratios_in(done.transcript_raw) == [score]
    [observation] = store.observations(note_id=note.id)
    assert (observation.correct, observation.total) == score
    actions = [row["action"] for row in store.rows("SELECT action FROM audit WHERE table_name = 'notes' "
                                                   "AND row_id = ? ORDER BY id", [note.id])]
    assert actions[-2:] == ["transcribed", "reread"]


def test_a_second_reading_never_replaces_a_persons_edit(tmp_path, transcriber):
    said, voice, _ = GARBLED_SCORES[0]
    store = one_student_store(tmp_path)
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice=voice)))

    def person_edits(first):
        store.update_note(first.id, "edit", transcript="Jaxon made the K sound in 9 of 10 words.")

    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           on_first_reading=person_edits)
    assert done.transcript == "Jaxon made the K sound in 9 of 10 words."
    assert ratios_in(done.transcript_raw) != [(9, 10)]  # the model's first text stays as it was
    assert "reread" not in [r["action"] for r in store.rows("SELECT action FROM audit WHERE row_id = ?", [note.id])]


def test_a_suggestion_waiting_for_its_score_has_the_memo_read_again(tmp_path, transcriber):
    """The first reading lost "two of five" without a word of a score left ("to, behind");
    the suggestion (data on Harper's directions goal, no score) is what asks for a second reading."""
    from tagging.numbers import lost_its_score
    from tagging.store_suggestions import store_suggestions

    store = one_student_store(tmp_path, HARPER)
    said = "Harper followed the directions with under and behind, two of five, with gestures."
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice="en-us+f2")))
    first: list[str] = []
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and not lost_its_score(first[0]) and ratios_in(first[0]) == []
    assert ratios_in(done.transcript_raw) == [(2, 5)], done.transcript_raw
    [observation] = store.observations(note_id=note.id)
    assert (observation.data_type, observation.correct, observation.total, observation.cue) == ("trials", 2, 5,
                                                                                                "gestural")


def spec_rows(spec: str) -> str:
    """The caseload of a bench spec as caseload CSV rows."""
    rows = json.loads((Path(__file__).parent / "bench_specs" / f"{spec}.json").read_text())["caseload"]
    fields = ("student", "grade", "teacher", "goal_id", "area", "goal", "target", "measure")
    return "\n".join(",".join(str(row[field]) for field in fields) for row in rows)


def test_a_name_weighed_back_then_has_its_lost_score_weighed(tmp_path, transcriber):
    """The first reading named nobody ("Audilie said...") and garbled the score ("a talker, melamron"), so
    no suggestion asked for a score; once Ottilie's name is weighed back her suggestion waits for one, and
    the memo is looked at once more, for the score said before the support it ends on."""
    from tagging.store_suggestions import store_suggestions

    store = one_student_store(tmp_path, spec_rows("unseen20"))
    said = "Ottilie said ch at the start of words, eight out of eleven, with no help."
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice="en-us+m1")))
    first: list[str] = []
    done = transcribe_note(store, transcriber, note.id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and "Ottilie" not in first[0] and ratios_in(first[0]) == [], first
    assert done.transcript_raw.startswith("Ottilie"), done.transcript_raw
    assert ratios_in(done.transcript_raw) == [(8, 11)], done.transcript_raw
    [observation] = store.observations(note_id=note.id)
    assert (observation.data_type, observation.correct, observation.total, observation.cue) == (
        "trials", 8, 11, "independent")


LOST_COUNTS = [
    # (said, espeak voice, how tiny.en has written it, the count said)
    ("Liam read the vocabulary list, nine out of ten correct with a phonemic cue.", "en-029",
     "Liam read the vocabulary list, I out of 10 correct with a phonemic cue.", 9),
    ("Isabella said the TH sound correctly in seven out of ten words.", "en-us",
     "Isabella said the TH sound correctly in Sandler out of 10 words.", 7),
    ("Jackson used pull outs on six out of eight stuttered words.", "en-us+f3",
     "Jackson used pull outs on sex out of 8 stuttered words.", 6),
    ("Liam got three out of five correct.", "en-gb", "Liam got tree out of 5 correct.", 3),
    ("Isabella answered eight out of ten questions.", "en-us+m3", "Isabella answered date out of 10 questions.", 8),
]
# A count the model wrote as two words (tiny.en on a Piper voice in 15 dB noise, unseen21 b02):
# weighed in place of the word before "out of" alone, "0" won; in place of both, "4".
TWO_WORD_COUNT = ("Rashid followed two step directions four out of seven times once I repeated them.", "en-us",
                  "Rashid followed two step directions, who are out of seven times, once I repeated them.", 4)


@pytest.mark.parametrize(("said", "voice", "garbled", "count"), LOST_COUNTS)
def test_a_lost_count_is_weighed_back_from_the_audio(transcriber, said, voice, garbled, count):
    samples = trimmed_memo(said, voice)
    reading = transcriber.weigh_lost_count(to_float32(samples), garbled)
    assert ratios_in(reading.text) == [(count, ratios_in(garbled)[0][1])], reading.text
    assert reading.doubtful == (str(count),)
    # Only the lost word changed.
    assert reading.text.replace(str(count), "#", 1).split("#")[0] == garbled.split(" out of")[0].rsplit(" ", 1)[0] + " "


def test_a_count_written_as_two_words_is_weighed_back_in_place_of_both(transcriber):
    said, voice, garbled, count = TWO_WORD_COUNT
    reading = transcriber.weigh_lost_count(to_float32(trimmed_memo(said, voice)), garbled)
    assert reading.text == garbled.replace("who are", str(count)) and reading.doubtful == (str(count),)


# Said at the end of a dictation longer than one 30 s window, the lost count is not in the audio the weighing
# scores texts against: the memo is left as first read (its score asked for in review), not given a guess. Weighed
# anyway, each of LOST_COUNTS said at the end of this 37-41 s memo came back wrong (1 of 10, 1 of 10, 3 of 8, 1 of 5,
# 1 of 10), and each alone came back right.
LONG_STORY = ("Sofia seemed tired today and had trouble attending during the math lesson. The teacher says she has "
              "been like that all week and will call home tonight. During the science lesson the class built a "
              "volcano model and Sofia worked with her partner, explained each step to the group and waited for "
              "her turn. She stayed on topic for most of the discussion and asked good questions about lava. After "
              "lunch the class went to the library and Sofia chose a book about sharks, then read two pages with her "
              "buddy and drew a picture of a whale. ")


def test_a_memo_longer_than_one_window_is_left_as_first_read(transcriber):
    said, voice, garbled, count = LOST_COUNTS[0]
    bias = build_bias([Student(1, "Liam Chen", goals=(Goal(1, 1, "LC-1", "articulation", "Say the R sound",
                                                             80, "trials"),)), Student(2, "Sofia Rossi")])
    samples = trimmed_memo(LONG_STORY + said, voice)
    assert len(samples) > 35 * RATE
    assert transcriber.wants_second_look(bias, LONG_STORY + garbled, awaited=frozenset({"trials"}))
    assert transcriber.second_look(samples, bias, LONG_STORY + garbled, awaited=frozenset({"trials"})) is None
    # The same words alone fit the window, and the count is weighed back.
    reading = transcriber.second_look(trimmed_memo(said, voice), bias, garbled, awaited=frozenset({"trials"}))
    assert reading is not None and ratios_in(reading.text) == [(count, 10)], reading


COUNTS_BEFORE_OF = [
    # (said, espeak voice, how tiny.en wrote it, the count said)
    ("Freya self corrected her r sound and got nine of ten words.", "en-us+f3",
     "Freya self corrected the raw sound and the light of ten words.", 9),
    ("Hazel used light contacts on nine of ten words.", "en-us+m1",
     "Hazel used light contacts on eye of ten words.", 9),
]
WORD_BEFORE_OF_SAID = [  # each scored its best count 10 to 15 below the text as read (count_margin 7)
    ("Mia sorted the pile of ten cards by color.", "en-gb"),
    ("Kai read a story of ten words.", "en-us+f3"),
    ("We played a game of ten cards today.", "en-us"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "count"), COUNTS_BEFORE_OF)
def test_a_count_lost_before_of_is_weighed_back_from_the_audio(transcriber, said, voice, garbled, count):
    samples = trimmed_memo(said, voice)
    bias = build_bias([Student(1, "Freya Lindholm"), Student(2, "Hazel Kim")])
    assert not ratios_in(garbled) and transcriber.wants_second_look(bias, garbled)
    reading = transcriber.weigh_count_before_of(to_float32(samples), garbled)
    assert reading is not None and ratios_in(reading.text) == [(count, 10)], reading
    assert reading.doubtful == (str(count),)


@pytest.mark.parametrize(("said", "voice"), WORD_BEFORE_OF_SAID)
def test_a_word_said_before_of_is_kept(transcriber, said, voice):
    samples = trimmed_memo(said, voice)
    first = transcriber.transcribe(samples).text
    assert count_before_of_span(first), first  # "pile of 10 cards" has the shape of a lost count
    assert transcriber.weigh_count_before_of(to_float32(samples), first) is None


def test_a_weighed_count_is_stored_marked_for_review(tmp_path, transcriber):
    from tagging.numbers import lost_count_span
    from tagging.store_suggestions import store_suggestions
    from tagging.suggest import UNCERTAIN_BELOW

    said, voice, _, count = LOST_COUNTS[1]
    store = one_student_store(tmp_path, "\n".join([
        "Liam Chen,2,Mr. Okafor,LC-1,articulation,Produce vocalic R in words during oral reading,90,trials",
        "Isabella Moreno,3,Mrs. Carter,IM-1,articulation,"
        "Produce the TH sound in the initial position of words,80,trials",
        "Jackson Reyes,2,Ms. Ford,JR-1,fluency,Use pull outs to move through a stuttered word,80,trials"]))
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice=voice)))
    first: list[str] = []
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and lost_count_span(first[0]), first  # tiny.en wrote "in Sandler out of ten words"
    assert ratios_in(done.transcript_raw) == [(count, 10)], done.transcript_raw
    assert str(count) in json.loads(done.doubtful_words)
    [observation] = store.observations(note_id=note.id)
    assert (observation.correct, observation.total) == (count, 10)
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [observation.id])[0]["confidence"])
    assert confidence["correct"] < UNCERTAIN_BELOW  # the review marks it: the model was unsure


SOUNDALIKE_COUNTS = [
    # (said, espeak voice, how the pipeline read it, the count): an independently written memo set's bench
    # transcripts (f21, f51, f28) and unseen32 s03. The count put back scored 2.6 above to 1.6 below the text.
    ("Mateo used the talker to ask for more, go, and help, so three requests, no prompting from me.", "en-us+f2",
     "Mateo used the talker task for more, go, and help, so free request, no prompting from me.", 3),
    ("Kofi commented big and wow on his device, so two comments, with me pointing to the core board.", "en-gb",
     "Kofi commented, big, and wow, on his device, so too, comments, with me pointing to the core board.", 2),
    ("Two comments on the device from Kofi at the sensory table, both after I modeled on his talker first.",
     "en-gb-scotland",
     "To comment on the device from Kofi at the sensory table, both after I modeled on the talk at first.", 2),
    ("Thaddeus asked his partner two follow up questions during the group project.", "en-us+f2",
     "And you asked his partner to follow-up, questions during the group project.", 2),
]
NO_COUNT_AT_SOUNDALIKE = [  # "to" said before the things: the count put there scored 8 to 9 below (margin 4.5)
    ("Kofi talked to friends at recess on his device, with a model from me.", "en-us"),
    ("Kofi went to centers and used his device to request with a gesture.", "en-us+m3"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "count"), SOUNDALIKE_COUNTS)
def test_a_tally_count_written_as_a_word_it_sounds_like_is_weighed_back(transcriber, said, voice, garbled, count):
    from tagging.numbers import find_measures, normalize_numbers

    reading = transcriber.weigh_soundalike_count(to_float32(trimmed_memo(said, voice)), garbled)
    assert reading is not None and reading.doubtful == (str(count),), garbled
    assert [m.count for m in find_measures(normalize_numbers(reading.text))] == [count], reading.text
    assert words(garbled) - words(reading.text) <= {"free", "to", "too", "request", "comment", "follow-up,"}


@pytest.mark.parametrize(("said", "voice"), NO_COUNT_AT_SOUNDALIKE)
def test_no_count_is_put_over_a_word_that_only_sounds_like_one(transcriber, said, voice):
    from tagging.numbers import count_soundalike_slots

    assert count_soundalike_slots(said)  # there is a place a count could stand
    assert transcriber.weigh_soundalike_count(to_float32(trimmed_memo(said, voice)), said) is None


def test_a_tally_waiting_for_its_count_has_it_weighed_back_and_marked(tmp_path, transcriber):
    from tagging.store_suggestions import store_suggestions
    from tagging.suggest import UNCERTAIN_BELOW

    said, voice, _, count = SOUNDALIKE_COUNTS[0]
    store = one_student_store(tmp_path, "Mateo Alvarez,1,Ms. Nguyen,MA-1,AAC,"
                                        "Use his talker to request preferred items or activities,3,tally")
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice=voice)))
    first: list[str] = []
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and "free request" in first[0], first
    assert "three requests" in done.transcript_raw
    [observation] = store.observations(note_id=note.id)
    assert (observation.data_type, observation.count) == ("tally", count)
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [observation.id])[0]["confidence"])
    assert confidence["count"] < UNCERTAIN_BELOW  # the review marks it: the model was unsure


SOUNDALIKE_SCORES = [
    # (said, espeak voice, how the pipeline read it, the score): the benchmark transcripts of independent1 f71,
    # independent2 g04, unseen7 s05 and unseen29 n08 (quiet), each still waiting for its score after every other
    # weighing. The score came back in every voice tried (en-us, en-gb, en-us+f3, en-us+m3) but one.
    ("I gave the first sound each time, and Amara got six of nine r words.", "en-gb",
     "I gave the first sound each time, and Amara got sick, so I are words.", (6, 9)),
    ("Tariq used easy onset on six of eight bumpy moments during the class discussion, after I modeled it at the "
     "start.", "en-us",
     "Tariq used easy onset on sick, surveyed, bumpy moment, storing the class discussion, after I modeled it at "
     "the start.", (6, 8)),
    ("Mia followed directions with under and behind, three of five, with a gestural cue.", "en-us+f3",
     "Mia followed directions with under and behind, free on fire, with a gestural cue?", (3, 5)),
    ("Saffron answered yes or no questions about the picture, seven of ten, with a gestural cue.", "en-us+m3",
     "Saffron and satties, or no questions about the big chat, same anton, with a gestural cue.", (7, 10)),
]
SOUNDALIKE_CASELOAD = [Student(1, "Amara Okafor"), Student(2, "Tariq Haddad"), Student(3, "Mia Chen"),
                       Student(4, "Saffron Lee")]
NO_SCORE_SAID = [  # memos of trials goals that said no score: words that sound like one, but no score fits the audio
    ("Mia followed directions with under and behind, with a gestural cue.", "en-us"),
    ("Saffron answered yes or no questions about the picture with a gestural cue.", "en-us+m3"),
    ("Tariq used easy onset on bumpy moments during the class discussion, after I modeled it at the start.",
     "en-gb"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "score"), SOUNDALIKE_SCORES)
def test_a_score_written_as_words_that_sound_like_it_is_weighed_back(transcriber, said, voice, garbled, score):
    from tagging.numbers import score_soundalike_slots

    bias = build_bias(SOUNDALIKE_CASELOAD)
    assert not ratios_in(garbled) and score_soundalike_slots(garbled, bias.name_words)
    reading = transcriber.weigh_score_soundalike(to_float32(trimmed_memo(said, voice)), bias, garbled)
    assert reading is not None and ratios_in(reading.text) == [score], reading
    assert reading.doubtful == tuple(str(n) for n in score)


@pytest.mark.parametrize(("said", "voice"), NO_SCORE_SAID)
def test_no_score_is_weighed_over_words_that_only_sound_like_one(transcriber, said, voice):
    from tagging.numbers import score_soundalike_slots

    bias = build_bias(SOUNDALIKE_CASELOAD)
    text = transcriber.transcribe(trimmed_memo(said, voice), bias).text
    assert score_soundalike_slots(text, bias.name_words), text  # a place a score could stand
    near: list[NearScore] = []
    assert transcriber.weigh_score_soundalike(to_float32(trimmed_memo(said, voice)), bias, text, near) is None
    assert all(score.below > transcriber.options.score_margin for score in near)


@pytest.mark.parametrize("voice", ["en-us", "en-us+m3"])
def test_a_soundalike_score_of_one_must_fit_better_than_the_text_as_read(transcriber, voice):
    # "one" sounds like "on": in unseen36 w06's reading (a tally said, no score) "one of three" went over "on, on,"
    # 5 nats below the text as read, within score_margin; it must be likelier than the text itself.
    said = "Cressida commented with core words on her talker six times at the play kitchen."
    read = "Cressida commented, we can't work on, on, talker, sit, I'm, that, play, kitchen."
    bias = build_bias([Student(1, "Cressida Moon")])
    reading = transcriber.weigh_score_soundalike(to_float32(trimmed_memo(said, voice)), bias, read)
    assert reading is None or reading.doubtful[0] != "1", reading


SCORE_WEIGHINGS = ("weigh_lost_count", "weigh_count_before_of", "weigh_lost_score", "weigh_score_at_number",
                   "weigh_score_at_end", "weigh_score_before_items", "weigh_score_soundalike", "keep_clearest_score")


@pytest.mark.parametrize(("awaited", "score_weighed"), [({"tally"}, False), ({"trials"}, True),
                                                         ({"tally", "trials"}, True)])
def test_a_memo_waiting_only_for_a_tally_has_no_score_weighed_in(transcriber, monkeypatch, awaited, score_weighed):
    # The tally memo of the test above, waiting for its count: it is read again (its example scores include
    # "three times") and that reading states "six times"; no score weighing may run on it, as one did through a
    # tally memo's words ("3 of 3"), filing the tally as trials. A memo also waiting for a trials score has both.
    said = "Cressida commented with core words on her talker six times at the play kitchen."
    read = "Cressida commented, we can't work on, on, talker, sit, I'm, that, play, kitchen."
    bias = build_bias([Student(1, "Cressida Moon")])
    called: list[str] = []
    for name in (*SCORE_WEIGHINGS, "_read_again", "weigh_soundalike_count"):
        weighing = getattr(transcriber, name)
        monkeypatch.setattr(transcriber, name, lambda *a, _w=weighing, _n=name, **k: called.append(_n) or _w(*a, **k))
    reading = transcriber.second_look(trimmed_memo(said, "en-us"), bias, read, frozenset(awaited))
    assert "_read_again" in called
    assert bool(set(called) & set(SCORE_WEIGHINGS)) == score_weighed, called
    assert reading is not None and "six times" in reading.text, reading


def test_a_tally_waiting_for_its_count_is_looked_at_for_it_alone(transcriber):
    bias = build_bias([Student(1, "Cressida Moon")])
    read = "Cressida commented at the play kitchen."
    assert not transcriber.wants_second_look(bias, read)
    assert transcriber.wants_second_look(bias, read, frozenset({"tally"}))
    assert not transcriber._score_wanted(read, frozenset({"tally"}))
    assert transcriber._score_wanted(read, frozenset({"interval"}))


def test_a_score_read_as_soundalike_words_is_stored_marked_for_review(tmp_path, transcriber):
    from tagging.store_suggestions import store_suggestions
    from tagging.suggest import UNCERTAIN_BELOW

    said, _, _, score = SOUNDALIKE_SCORES[1]
    store = one_student_store(tmp_path, "Tariq Haddad,5,Ms. Lee,TH-1,fluency,"
                                        "Use easy onset on bumpy moments in class discussion,80,trials")
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice="en-us+m3")))
    first: list[str] = []
    done = transcribe_note(store, transcriber, store.claim_next_pending().id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and not ratios_in(first[0]) and "sick" in first[0], first  # "on sick, survey, bumpy"
    assert ratios_in(done.transcript_raw) == [score], done.transcript_raw
    assert set(json.loads(done.doubtful_words)) >= {"6", "8"}
    [observation] = store.observations(note_id=note.id)
    assert (observation.correct, observation.total) == score
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [observation.id])[0]["confidence"])
    assert confidence["correct"] < UNCERTAIN_BELOW and confidence["total"] < UNCERTAIN_BELOW


LOST_SCORES = [
    # (said, espeak voice, how tiny.en wrote it, the score said)
    ("Lucas kept a quiet voice in three of five intervals during independent work.", "en-us",
     "Lucas kept a quiet voice in and read your high intervals during independent work.", (3, 5)),
    ("Gabriel stayed on topic in one of four intervals even with reminders.", "en-gb-x-rp",
     "Gabriel stayed on topic in well and four intervals even with reminders.", (1, 4)),
    ("Noah answered questions in four of six trials.", "en-us+f2", "Noah answered questions in for a sex trials.",
     (4, 6)),
    ("Lucas named the pictures in seven of ten trials.", "en-gb", "Lucas named the pictures in several ten trials.",
     (7, 10)),
    ("Caleb needed me to model the L sound, then he said seven of ten correctly.", "en-029",
     "Caleb needed me to model the old song, then he said save a hunt in correctly.", (7, 10)),
    ("Zoe got seven of nine correct.", "en-gb-scotland", "Zoe got seven with a value correct.", (7, 9)),
    # A total over ten, one number of it kept (unseen30 p01, quiet): "1 of 7" fitted best in digits.
    ("Lucas said th in phrases on nine of eleven tries with no reminders.", "en-us+m2",
     "Lucas's anti-Hin phrases on high of 11 tries with no reminders.", (9, 11)),
]
SLOT_CASELOAD = [Student(1, "Lucas Bennett"), Student(2, "Gabriel Santos"), Student(3, "Noah Williams"),
                 Student(4, "Caleb Thompson"), Student(5, "Zoe Kowalski")]
NOTHING_LOST = [
    # "correct(ly)" often follows a score, but not here: the weighing must find none.
    ("Zoe pronounced the word spaghetti correctly.", "en-us+m3"),
    ("Caleb used the new word correctly in a sentence.", "en-gb-x-rp"),
    ("Lucas got the answer correct on his own.", "en-029"),
]


def assert_weighed_score(reading, score: tuple[int, int], garbled: str, kept_words: int = 1) -> None:
    """The reading states `score`, both its numbers doubtful, and keeps the garbled text's first words."""
    assert reading is not None and ratios_in(reading.text) == [score], reading
    assert reading.doubtful == tuple(str(n) for n in score)
    assert reading.text.split()[:kept_words] == garbled.split()[:kept_words]


@pytest.mark.parametrize(("said", "voice", "garbled", "score"), LOST_SCORES)
def test_a_whole_lost_score_is_weighed_back_from_the_audio(transcriber, said, voice, garbled, score):
    samples = trimmed_memo(said, voice)
    reading = transcriber.weigh_lost_score(to_float32(samples), build_bias(SLOT_CASELOAD), garbled)
    assert_weighed_score(reading, score, garbled)  # the name is never weighed away
    assert transcriber.weigh_lost_score(to_float32(samples), None, "Lucas was quiet today.") is None


def test_a_lost_score_is_weighed_in_more_than_the_likeliest_place(transcriber):
    # Recorded at 15 dB SNR (make_memo_set.py, espeak en-us+m3): "Leo needed a phonemic cue for
    # the s blends, six of ten correct.", trimmed as the recorder keeps it. The probe "1 of 10"
    # fits best over "lens, sit up and", but "6 of 10" over "sit up and" fits better still.
    audio = to_float32(recorded("six_of_ten_correct_in_classroom_noise.wav"))
    garbled = "Leo needed a dynamic Q for this lens, sit up and correct."
    reading = transcriber.weigh_lost_score(audio, build_bias(SLOT_CASELOAD), garbled)
    assert reading.text == "Leo needed a dynamic Q for this lens, six of ten correct."
    one_place = replace(transcriber, options=replace(transcriber.options, score_places=1))  # the same model
    missed = one_place.weigh_lost_score(audio, build_bias(SLOT_CASELOAD), garbled)
    assert missed is None or ratios_in(missed.text) != [(6, 10)]


LONE_NUMBER_SCORES = [
    # (said, espeak voice, how tiny.en wrote it in classroom noise, the score said)
    ("Hugo produced final t and p in CVC words, seven of ten, when I tapped the table.", "en-us+m2",
     "Hugo produced final t and p in CVC words, and written 10, when I tapped the table.", (7, 10)),
    ("Delia answered who and where questions about the read aloud, four of six, with a verbal prompt.", "en-us+f2",
     "Delia answered who and where questions about the read aloud, four, boxes, with a verbal prompt.", (4, 6)),
    ("Lucia self corrected her fast rate and read six of seven sentences smoothly.", "en-029",
     "Lucia self-corrected, or fast rate, and read, seek some 7 sentences smoothly.", (6, 7)),
    # Both numbers kept, "of" lost between them (unseen20 a02, en-gb at 15 dB).
    ("Lucia added the plural s in sentences on five of nine tries after a verbal reminder.", "en-gb",
     "Lucia added the plural S in sentences on five, nine, try after a verbal reminder.", (5, 9)),
    # "in two" written "into", "of three" garbled after it (unseen40 w11, en-us+m2, quiet).
    ("Hugo retold the story in order using first, next and last in two of three retells, he fixed one mix up himself.",
     "en-us+m2", "Hugo retired, the story, in order, using, first, next, and last, into my free, retails, "
     "he fixed one, mix up himself.", (2, 3)),
]
NO_SCORE_AROUND = [  # a lone number said as it is: its best score scored 10 to 18 below (score_margin 8)
    ("Lucas moved to table three today.", "en-gb"),
    ("Mia finished her five math problems early.", "en-us+f3"),
    ("Zoe sat at table four with two friends.", "en-gb"),
    ("We practiced in room twelve today.", "en-us"),
    ("Hugo lost two teeth this week and was excited.", "en-us+m1"),
    ("Mia sorted the words into animals and tools today.", "en-us+f3"),  # an "into" that is no "in two"
]


@pytest.mark.parametrize(("said", "voice", "garbled", "score"), LONE_NUMBER_SCORES)
def test_a_score_garbled_around_its_one_number_is_weighed_back(transcriber, said, voice, garbled, score):
    samples = trimmed_memo(said, voice)
    bias = build_bias([Student(1, "Hugo Lambert"), Student(2, "Delia Marsh"), Student(3, "Lucia Bianchi")])
    assert_weighed_score(transcriber.weigh_score_at_number(to_float32(samples), bias, garbled), score, garbled)


def assert_no_score_weighed(transcriber: Transcriber, said: str, voice: str, bias, places, weigh) -> None:
    """The memo's first reading has `places` where a score could stand, yet `weigh` puts none there, nor does
    any score it weighed there stand clear of the others (TranscribeOptions.score_lead)."""
    samples = trimmed_memo(said, voice)
    first = transcriber.transcribe(samples, bias).text
    assert places(first), first
    near: list[NearScore] = []
    assert weigh(to_float32(samples), bias, first, near) is None
    assert transcriber.keep_clearest_score(near) is None, near


@pytest.mark.parametrize(("said", "voice"), NO_SCORE_AROUND)
def test_no_score_is_put_around_a_number_said_as_it_is(transcriber, said, voice):
    from tagging.numbers import scores_around_numbers

    # There is a lone number a score could stand around.
    assert_no_score_weighed(transcriber, said, voice, None, scores_around_numbers, transcriber.weigh_score_at_number)


SCORES_SAID_LAST = [
    # (said, espeak voice, how tiny.en wrote it after the unseen17 caseload prompt, the score said)
    # Put over "the I" alone, the score would follow the six the text kept: "six of six of nine".
    ("Leona needed a phonemic cue for final k, then got six of nine.", "en-us+m3",
     "Leona needed a dynamic Q for final K, then got six of the I.", (6, 9)),
    # Said before the support the memo ends on (unseen22 c01, as the pipeline first read it).
    ("Benedikt said k at the end of words, six of nine, without any help.", "en-us+m3",
     "Benedikt Strand Keefe, hand on words, sick son dying, without any help.", (6, 9)),
]
NO_SCORE_SAID_LAST = [
    ("Leona practiced her k sound at the end of words with the picture cards today.", "en-us+f3"),
    ("Leona worked on final k in words with a phonemic cue during the card game.", "en-gb"),
    ("Priya self corrected two definitions and needed a phonemic cue on one word.", "en-gb"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "score"), SCORES_SAID_LAST)
def test_a_score_garbled_at_the_end_of_the_memo_is_weighed_back(transcriber, said, voice, garbled, score):
    reading = transcriber.weigh_score_at_end(to_float32(trimmed_memo(said, voice)),
                                             build_bias(spec_caseload("unseen17")), garbled)
    assert_weighed_score(reading, score, garbled, kept_words=5)  # only the end is weighed


@pytest.mark.parametrize(("said", "voice"), NO_SCORE_SAID_LAST)
def test_no_score_is_put_at_the_end_of_a_memo_that_said_none(transcriber, said, voice):
    from tagging.numbers import end_slots

    bias = build_bias(spec_caseload("unseen17"))
    # There are last words a score could stand in.
    assert_no_score_weighed(transcriber, said, voice, bias, lambda text: end_slots(text, bias.name_words),
                            transcriber.weigh_score_at_end)


SCORES_STANDING_CLEAR = [
    # (said, espeak voice, how the pipeline first read it (bench transcripts), the score said, the spec for the
    # caseload): no weighing keeps the score (it scores 9 to 13 below the garble), but it stands clear of the rest.
    ("Beatrice got the th sound with a phonemic cue, six of ten.", "en-029",
     "Beatrice got the TH sound, win a dynamic cue, seek something.", (6, 10), "unseen11"),
    ("Alejandro put the block between the cups in four of six tries after I showed him.", "en-us",
     "Alejandro put the block between the cup, sin 4 and 6, try after I showed him.", (4, 6), "unseen24"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "score", "spec"), SCORES_STANDING_CLEAR)
def test_a_score_standing_clear_of_the_others_is_kept(transcriber, said, voice, garbled, score, spec):
    audio, bias = to_float32(trimmed_memo(said, voice)), build_bias(spec_caseload(spec))
    near: list[NearScore] = []
    assert not any(weigh(audio, bias, garbled, near) for weigh in (
        transcriber.weigh_lost_score, transcriber.weigh_score_at_number, transcriber.weigh_score_at_end,
        transcriber.weigh_score_before_items))
    assert_weighed_score(transcriber.keep_clearest_score(near), score, garbled, kept_words=4)
    assert transcriber.keep_clearest_score([]) is None
    unclear = replace(transcriber, options=replace(transcriber.options, score_lead=max(n.lead for n in near) + 0.1))
    assert unclear.keep_clearest_score(near) is None


SCORES_BEFORE_ITEMS = [
    # (said, espeak voice, how the pipeline read it (bench transcripts), the score said, the spec for the caseload)
    ("Evander waited for his turn in the board game without interrupting, six of eight turns, when I held up my "
     "hand as a signal.", "en-us+m2", "Evander waited for his turn in the board, game, without interrupting, zig, "
     "submit, turns, when I held up my hand, I'm a signal.", (6, 8), "unseen33"),
    ("Winona used context clues to define six of eight words, independently.", "en-029",
     "Winona used context, clues to define seek, submit, words, independently.", (6, 8), "unseen30"),
]
NO_SCORE_BEFORE_ITEMS = [
    # "two follow up questions" (a count, tiny.en's "to follow-up questions"); items with no score at all.
    ("Thaddeus asked his partner two follow up questions during the group project.", "en-us+f2", "unseen32"),
    ("Leona practiced her k sound at the end of words with the picture cards today.", "en-us+f3", "unseen17"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "score", "spec"), SCORES_BEFORE_ITEMS)
def test_a_score_garbled_before_the_items_it_counts_is_weighed_back(transcriber, said, voice, garbled, score, spec):
    reading = transcriber.weigh_score_before_items(to_float32(trimmed_memo(said, voice)),
                                                   build_bias(spec_caseload(spec)), garbled)
    assert_weighed_score(reading, score, garbled, kept_words=5)


@pytest.mark.parametrize(("said", "voice", "spec"), NO_SCORE_BEFORE_ITEMS)
def test_no_score_is_put_before_items_said_without_one(transcriber, said, voice, spec):
    from tagging.numbers import items_slots

    bias = build_bias(spec_caseload(spec))
    # There are words before the items a score could stand in.
    assert_no_score_weighed(transcriber, said, voice, bias, lambda text: items_slots(text, bias.name_words),
                            transcriber.weigh_score_before_items)


# A memo of two students where the second's score was garbled: whole-memo checks see the first one's score and
# looked no further. Before, of these four one came back by reading the memo again, three not at all.
OTHER_STUDENT_FIRST = "Jayden answered four out of five questions with a verbal cue. "
LOST_AFTER_ANOTHERS = [(*LOST_COUNTS[0][:3], (9, 10)), LOST_SCORES[0], LONE_NUMBER_SCORES[1], SCORES_SAID_LAST[0]]


@pytest.mark.parametrize(("said", "voice", "garbled", "score"), LOST_AFTER_ANOTHERS)
def test_a_score_lost_after_another_students_is_weighed_back_where_it_was_lost(transcriber, said, voice, garbled,
                                                                            score):
    names = ["Jayden Brooks", "Liam Chen", "Lucas Bennett", "Delia Ward", "Leona Fox"]
    bias = build_bias([Student(i + 1, name) for i, name in enumerate(names)])
    reading = transcriber.second_look(trimmed_memo(OTHER_STUDENT_FIRST + said, voice), bias,
                                      OTHER_STUDENT_FIRST + garbled, awaited=frozenset({"trials"}))
    assert reading is not None and reading.text.startswith(OTHER_STUDENT_FIRST), reading
    assert ratios_in(reading.text) == [(4, 5), score]


NAME_CASELOAD = [Student(1, "Mia Patel"), Student(2, "Caleb Thompson"), Student(3, "Owen Murphy"),
                 Student(4, "Grace Lee"), Student(5, "Layla Hassan"), Student(6, "Daniel Kim")]
LOST_NAMES = [
    # (said, espeak voice, how tiny.en wrote it, the name said)
    ("Mia did not greet anyone today, zero times.", "en-us+f5", "May it not reach anyone to pay, zero times.", "Mia"),
    ("Caleb produced L at the end of words in eight out of ten tries during the word sort.", "en-us+m1",
     "Can't reproduce, tell at the end of words in 8 out of 10 tries during the word sort.", "Caleb"),
]
NO_NAME_SAID = [
    ("The whole class worked on the science worksheet today.", "en-us+f3"),
    ("She needed a verbal cue on three of five questions.", "en-us"),
    ("Next week bring the picture cards for the sorting game.", "en-gb-x-rp"),
    ("Great session, everyone participated in the discussion.", "en-us"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "name"), LOST_NAMES)
def test_a_lost_name_is_weighed_back_from_the_audio(transcriber, said, voice, garbled, name):
    samples = trimmed_memo(said, voice)
    bias = build_bias(NAME_CASELOAD)
    assert not bias.names_in(garbled) and transcriber.wants_second_look(bias, garbled)
    reading = transcriber.weigh_lost_name(to_float32(samples), bias, garbled)
    assert reading is not None and reading.text.split()[0] == name, reading
    assert reading.doubtful == (name.lower(),)
    assert reading.text.endswith(garbled.split()[-1])  # the rest of the first reading is kept
    # Only the students present in the memo's session are tried when it has them.
    others = tuple(s.name for s in NAME_CASELOAD if not s.name.startswith(name))[:2]
    elsewhere = transcriber.weigh_lost_name(to_float32(samples), bias, garbled, present=others)
    assert elsewhere is None or name not in elsewhere.text, elsewhere


def test_a_lost_name_is_weighed_as_the_model_read_it_after_the_caseload_prompt(transcriber):
    # Scored with no prompt, "Talia" came 5.7 below the model's "Taylor" and was not put back;
    # after the prompt that names her, as in the reading, it is the likeliest text.
    samples = trimmed_memo("Talia was upset during centers and cried when it was time to clean up.", "en-us+f3")
    bias = build_bias(spec_caseload("unseen13"))
    garbled = "Taylor was upset during centers and cried when it was time to clean up."
    reading = transcriber.weigh_lost_name(to_float32(samples), bias, garbled)
    assert reading is not None and reading.text.split()[0] == "Talia", reading
    assert reading.doubtful == ("talia",)
    # A bigger caseload is first shortlisted without the prompt; the name still comes back.
    shortlisting = replace(transcriber, options=replace(transcriber.options, name_shortlist=2))
    assert len(bias.names) > 2
    shortlisted = shortlisting.weigh_lost_name(to_float32(samples), bias, garbled)
    assert shortlisted is not None and shortlisted.text.split()[0] == "Talia", shortlisted


def test_a_lost_name_that_stands_out_from_every_other_is_weighed_back_beyond_the_margin(transcriber):
    # tiny.en wrote "Then you'll ask to adult..." for "Daniel asked an adult...": "Daniel" put in scored
    # more than name_margin below that, but far above any other student's name.
    samples = to_float32(trimmed_memo("Daniel asked an adult for help when he was stuck on the worksheet twice.",
                                      "en-us+m1"))
    bias = build_bias(spec_caseload("unseen5"))
    garbled = "Then you'll ask to adult for help when he was stuck on the worksheet twice."
    reading = transcriber.weigh_lost_name(samples, bias, garbled)
    assert reading is not None and reading.text.split()[0] == "Daniel", reading
    without_gap = replace(transcriber, options=replace(transcriber.options, name_gap=math.inf))
    assert without_gap.weigh_lost_name(samples, bias, garbled) is None  # beyond name_margin alone


def test_a_name_heard_by_ear_is_the_only_one_weighed_in(transcriber):
    # unseen24 e09 (espeak en-us+m3): tiny.en wrote "Faddeus" for Thaddeus. Every name weighed in its
    # place, "Idris" scored best (3.6 below the reading); the tagger hears Thaddeus in "Faddeus", so
    # only his name is weighed, and it is spelled out.
    from tagging.names import heard_by_ear

    samples = to_float32(trimmed_memo("Thaddeus needed a phonemic cue for z at the end, and got six out of ten.",
                                      "en-us+m3"))
    bias = build_bias(spec_caseload("unseen24"))
    garbled = "Faddeus needed a dynamic queue for me at the end, and got 6 out of 10."
    assert heard_by_ear(garbled, bias.names) == ("Thaddeus Moore",)
    reading = transcriber.weigh_lost_name(samples, bias, garbled)
    assert reading is not None and reading.text.split()[0] == "Thaddeus", reading


def test_a_memo_that_names_nobody_is_given_no_name(transcriber):
    # A memo's opening words can sound like a name: "Great session, ..." read on as "Grace Ashun, ..." after the
    # name on an Intel Sapphire Rapids CPU, 8.0 below the reading and clear of every other name (the name_gap
    # rule), while other CPUs kept no name. So of these memos one may be given a name, never silently: a name
    # weighed in is reported doubtful, and the review marks its student uncertain.
    bias = build_bias(NAME_CASELOAD)
    named = []
    for said, voice in NO_NAME_SAID:
        samples = trimmed_memo(said, voice)
        first = transcriber.transcribe(samples, bias).text
        assert first and not bias.names_in(first), first
        reading = transcriber.weigh_lost_name(to_float32(samples), bias, first)
        looked = transcriber.second_look(samples, bias, first)
        for weighed in filter(None, (reading, looked)):
            if bias.names_in(weighed.text):
                assert {w.lower() for w in bias.names_in(weighed.text)} <= set(weighed.doubtful), weighed
                named.append(said)
    assert len(set(named)) <= 1, named


def test_a_memo_that_opens_on_the_teacher_is_given_no_students_name(transcriber):
    # unseen25 f16 (espeak en-us+m1): read as "Teacher asked me...", then "Tariq" weighed in over
    # "Teacher" came 5.4 below the reading, within name_margin: the teacher became a student.
    samples = trimmed_memo("Teacher asked me to come back Thursday instead, the class has a field trip.", "en-us+m1")
    bias = build_bias(spec_caseload("unseen25"))
    first = transcriber.transcribe(samples, bias).text
    assert first.startswith("Teach") and not bias.names_in(first), first  # "Teach your ask me..." here
    assert transcriber.weigh_lost_name(to_float32(samples), bias, first) is None
    assert not transcriber.wants_second_look(bias, first)


def test_a_weighed_name_is_stored_and_its_student_marked_for_review(tmp_path, transcriber):
    from tagging.store_suggestions import store_suggestions
    from tagging.suggest import UNCERTAIN_BELOW

    said, voice, _, name = LOST_NAMES[0]
    store = one_student_store(tmp_path, "\n".join([
        "Mia Patel,3,Mrs. Gray,MP-2,pragmatics,Greet a peer or adult by name,3,tally",
        "Caleb Thompson,1,Ms. Hart,CT-1,articulation,Produce final L in words,80,trials",
        "Owen Murphy,4,Mr. Stone,OM-1,fluency,Use easy onset when reading aloud,80,trials"]))
    session = store.start_session(setting="push-in", student_ids=tuple(
        s.id for s in store.students() if s.name in ("Mia Patel", "Owen Murphy")))
    note = import_audio_file(store, write_wav(tmp_path / "memo.wav", memo(said, voice=voice)), session_id=session.id)
    assert present_names(store, note) == ("Mia Patel", "Owen Murphy")  # the only names weighed
    first: list[str] = []
    done = transcribe_note(store, transcriber, note.id, build_bias(store.students()),
                           after_transcribe=store_suggestions,
                           on_first_reading=lambda n: first.append(n.transcript_raw))
    assert len(first) == 1 and "Mia" not in first[0], first  # tiny.en wrote "May it not reach anyone"
    assert done.transcript_raw.startswith(name), done.transcript_raw
    assert json.loads(done.doubtful_words) == [name.lower()]
    [observation] = store.observations(note_id=note.id)
    assert store.student(observation.student_id).name == "Mia Patel"
    assert (observation.data_type, observation.count) == ("tally", 0)
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [observation.id])[0]["confidence"])
    assert confidence["student_id"] < UNCERTAIN_BELOW  # the review marks it: the model was unsure


LOST_SUPPORTS = [
    # (said, espeak voice, how tiny.en wrote it in classroom noise, the support said)
    ("Kai took turns without interrupting in two of four intervals, he needed a gestural cue.", "en-us+f2",
     "Kai, talk, turn, 2 of 4 intervals, he needed a guest, your look, you.", "gestural"),
    ("Zoe retold the story with a beginning, middle and end, three of four, with a picture cue.", "en-gb",
     "Zoe, Retell, the story, beginning, middle, end, and then three off four, with a big chuck, you.", "visual"),
    # Read fairly well as a whole (-0.96 per token): the support alone was garbled.
    ("Ottilie needed a phonemic cue for j and got three of seven.", "en-us+m2",
     "Ottilie needed a dynamic view for a day, and got free of heaven for.", "phonemic"),
]
NO_SUPPORT_SAID = [
    ("Nora started a conversation with a peer twice at lunch.", "en-us"),
    ("Felix read aloud with a slow rate and light contacts, about sixty percent of the time.", "en-gb"),
    # "with a picture" over "with a partner" fits the audio almost as well: a support's name is never a lone noun.
    ("Caleb built a tower with a partner during centers.", "en-us+m3"),
]


@pytest.mark.parametrize(("said", "voice", "garbled", "level"), LOST_SUPPORTS)
def test_a_lost_support_is_weighed_back_from_the_audio(transcriber, said, voice, garbled, level):
    samples = trimmed_memo(said, voice)
    bias = build_bias([Student(1, "Kai Thompson"), Student(2, "Zoe Kowalski"), Student(3, "Ottilie Brandvold")])
    assert find_cue(garbled).surest == 0 and transcriber.wants_second_look(bias, garbled)  # for its support alone
    reading = transcriber.weigh_lost_support(to_float32(samples), garbled)
    assert reading is not None and find_cue(reading.text).level == level, reading
    assert reading.text.split(" a ")[0] == garbled.split(" a ")[0]  # only the support's place changed
    assert set(reading.doubtful) & {"gestural", "picture", "phonemic"}


@pytest.mark.parametrize(("said", "voice"), NO_SUPPORT_SAID)
def test_no_support_is_weighed_in_where_none_was_said(transcriber, said, voice):
    samples = trimmed_memo(said, voice)
    assert support_slots(said), said  # "with a peer": a place a support could stand, read right
    assert transcriber.weigh_lost_support(to_float32(samples), said) is None


# Recorded at 15 dB SNR (make_memo_set.py), trimmed as the recorder keeps it: (file, bench spec, the first
# reading, support said). A first reading is the model's own, but how tiny.en garbles a memo turns on how the
# CPU rounds its int8 sums (Intel with MKL and AMD with oneDNN read some of these differently), so each is given
# as tiny.en read it on one of them; the audio is weighed on whatever CPU runs the test.
GARBLED_SUPPORTS = [
    # espeak en-us+f2, unseen2 h02: "Kai took turns without interrupting in two of four intervals, he needed a
    # gestural cue." (AMD)
    ("needed_a_gestural_cue_in_classroom_noise.wav", "unseen2",
     "Kai, talk, turns, and interrupting, into the forum, intervals, he needed a guest, your look, you.",
     "gestural", "gestural"),
    # espeak en-gb, unseen8 t02: "Zoe retold the story with a beginning, middle and end, three of four, with a
    # picture cue." (Intel) 6.1 nats above the reading with a picture cue in it.
    ("with_a_picture_cue_garbled_in_classroom_noise.wav", "unseen8",
     "Zoe, Retell, the story, beginning, middle, end, and then three off four, with a big chuck you.",
     "visual", "picture"),
    # The support said last, its "with a" lost too (tagging.cues.closing_clause_slot). espeak en-029, quiet,
    # unseen31 r08: "Perpetua pointed to body parts when asked, eight of ten, with a gestural cue." (AMD)
    ("with_a_gestural_cue_said_last.wav", "unseen31",
     "Perpetua pointed to body parts, we asked, it's on tin, we digest your alkyou.", "gestural", "gestural"),
    # espeak en-us+f3, unseen12 r02: "Penelope used past tense verbs while retelling her weekend, four of six,
    # with a verbal cue." (AMD)
    ("with_a_verbal_cue_said_last_in_classroom_noise.wav", "unseen12",
     "When Ella P.U.s past tense verbs, while retelling for a week and four months late, the number will keep.",
     "verbal", "verbal"),
]


@pytest.mark.parametrize(("name", "spec", "first", "level", "word"), GARBLED_SUPPORTS)
def test_a_garbled_support_is_weighed_back_and_suggested_for_review(transcriber, name, spec, first, level, word):
    from tagging.suggest import UNCERTAIN_BELOW, suggest_observations

    audio = recorded(name)
    caseload = spec_caseload(spec)
    bias = build_bias(caseload)
    assert find_cue(first).surest == 0 and support_candidates(first, bias.name_words), first
    reading = transcriber.second_look(audio, bias, first)
    assert reading is not None and find_cue(reading.text).level == level, reading
    assert word in reading.doubtful
    [suggestion] = suggest_observations(reading.text, caseload, doubtful_words=reading.doubtful)
    assert suggestion.cue == level and suggestion.confidence["cue"] < UNCERTAIN_BELOW  # marked for review


@pytest.mark.parametrize(("said", "voice"), NOTHING_LOST)
def test_no_score_is_weighed_in_where_none_was_said(transcriber, said, voice):
    from tagging.numbers import score_slots
    samples = trimmed_memo(said, voice)
    bias = build_bias(SLOT_CASELOAD)
    assert score_slots(said, bias.name_words)  # there is a place a score could stand
    assert transcriber.weigh_lost_score(to_float32(samples), bias, said) is None
