"""A caseload name the model heard only with the caseload in its prompt: kept, and marked doubtful.

tiny.en, given the caseload, often hears a name it mangles without it ("Action,
self-connected" for "Jackson, self-corrected"); the name check used to drop such
names, and with them the student. Now the name stays in the text, the memo
records it as doubtful, and the suggestion marks its student uncertain. When the
model hears nothing at all without the prompt, the names came from the prompt
alone and are still dropped.

The model's two decodes are scripted here (ScriptedTranscriber), because which
name tiny.en garbles on a given clip is not stable across CPUs; the real model
runs this path in test_transcribe and in tests/bench_pipeline.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from models.config import Config
from models.domain import NoteStatus
from tagging.store_suggestions import store_suggestions
from tagging.suggest import UNCERTAIN_BELOW
from tests.audio_fixtures import RATE, to_int16, write_wav
from tests.suggest_helpers import with_caseload
from transcribe.bias import build_bias
from transcribe.engine import Transcriber
from transcribe.worker import transcribe_note

CSV = """student,grade,teacher,goal_id,area,goal,target,measure
Jackson Reyes,2,Ms. Ford,JR-1,fluency,Use pull outs to move through a stuttered word,80,trials
Emma Fischer,4,Mr. Shaw,EF-1,language,Use past tense verbs correctly when retelling events,80,trials
"""
# What tiny.en wrote for "Jackson self corrected his pull outs twice and got six of eight overall."
# (a synthetic memo set), with the caseload in its prompt and without.
BIASED = "Jackson, self-connected, this ball out of twice, and that fix a mate on the roll."
UNBIASED = "Action self-directed this ball out twice and that's it, so make it overall."


class ScriptedTranscriber(Transcriber):
    """A Transcriber whose biased and unbiased decodes return set texts (see the module docstring)."""

    unbiased: str = ""

    def _decode(self, audio, bias, beam_size=None, temperatures=None, max_new_tokens=None):
        if bias is None:
            return ([self.unbiased] if self.unbiased else []), 0, -0.8
        return [BIASED], 0, -0.9  # unsure: the name check runs


@pytest.fixture
def store(store, tmp_path):
    return with_caseload(store, tmp_path, CSV)


def scripted(tmp_path: Path, unbiased: str) -> ScriptedTranscriber:
    transcriber = ScriptedTranscriber(config=Config(model="tiny.en"), home=tmp_path)
    transcriber._model = object()  # never loaded: every decode is scripted
    transcriber.unbiased = unbiased
    return transcriber


def test_a_name_garbled_without_the_prompt_is_kept_as_doubtful(store, tmp_path):
    result = scripted(tmp_path, UNBIASED).transcribe(
        np.zeros(RATE, np.int16), build_bias(store.students()))
    assert result.text == BIASED
    assert result.doubtful_names == ("jackson",)


def test_names_heard_only_with_the_prompt_and_nothing_without_are_dropped(store, tmp_path):
    result = scripted(tmp_path, "").transcribe(np.zeros(RATE, np.int16), build_bias(store.students()))
    assert "Jackson" not in result.text and "self-connected" in result.text
    assert result.doubtful_names == ()


def test_a_doubtful_name_is_stored_with_the_memo_and_marks_its_student_until_the_slp_edits(store, tmp_path):
    note = store.create_note(status=NoteStatus.TRANSCRIBING)
    write_wav(store.trimmed_audio_path(note.id), to_int16(np.full(RATE, 0.1, np.float32)))
    transcriber = scripted(tmp_path, UNBIASED)
    done = transcribe_note(store, transcriber, note.id, build_bias(store.students()),
                           after_transcribe=store_suggestions)
    assert done.transcript_raw == BIASED
    assert json.loads(done.doubtful_words) == ["jackson"]
    jackson = {s.name: s.id for s in store.students()}["Jackson Reyes"]
    [suggested] = store.observations(note_id=note.id)
    assert suggested.student_id == jackson
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [suggested.id])[0]["confidence"])
    assert confidence["student_id"] < UNCERTAIN_BELOW

    # The SLP read the memo and kept the name: no longer doubtful.
    edited = store.update_note(note.id, "edit", transcript=BIASED)
    [again] = store_suggestions(store, edited)
    confidence = json.loads(store.rows("SELECT confidence FROM observations WHERE id = ?",
                                       [again.id])[0]["confidence"])
    assert again.student_id == jackson and confidence["student_id"] >= UNCERTAIN_BELOW

    # Transcribed again and heard surely: the doubt is cleared from the memo.
    transcriber.unbiased = "Jackson self-directed this ball out twice and that's it, so make it overall."
    store.update_note(note.id, "transcribe-again", status=NoteStatus.TRANSCRIBING, transcript=None)
    assert transcribe_note(store, transcriber, note.id, build_bias(store.students())).doubtful_words is None
