"""store_suggestions: the after_transcribe hook, on a real SQLite store."""

from __future__ import annotations

import json

import pytest

from models.domain import NoteStatus
from models.store import Store
from tagging.store_suggestions import store_suggestions
from tests.suggest_helpers import with_caseload

CSV = """student,grade,teacher,goal_id,area,goal,target,measure
Jayden Brooks,3,Ms. Alvarez,JB-1,language,Answer inferencing questions about a grade-level text,80,trials
Jayden Brooks,3,Ms. Alvarez,JB-2,social communication,Make topic-relevant comments during class discussion,3,tally
Maria Gonzalez,3,Ms. Alvarez,MG-1,language,Use causal conjunctions such as because and so,80,trials
Priya Shah,1,Mr. Lee,PS-1,articulation,Produce /k/ in final position of words,80,trials
"""


@pytest.fixture
def store(store, tmp_path):
    return with_caseload(store, tmp_path, CSV)


def ids(store: Store) -> dict[str, int]:
    return {s.name: s.id for s in store.students()}


def goal_codes(store: Store) -> dict[int, str]:
    return {g.id: g.code for s in store.students() for g in s.goals}


def transcribed(store: Store, text: str, session_id: int | None = None):
    note = store.create_note(session_id=session_id, status=NoteStatus.PENDING)
    return store.update_note(note.id, "transcribe", status=NoteStatus.TRANSCRIBED, transcript_raw=text)


def test_suggestions_are_stored_unconfirmed_with_confidence_and_session(store):
    people = ids(store)
    session = store.start_session(setting="pull-out", student_ids=(people["Jayden Brooks"], people["Maria Gonzalez"]))
    note = transcribed(store, "Jaden answered 4 out of 5 inferencing questions with a verbal cue, "
                              "and Maria used because twice.", session.id)
    created = store_suggestions(store, note)
    assert len(created) == 2
    stored = store.observations(note_id=note.id)
    assert [o.id for o in stored] == [o.id for o in created]
    jayden, maria = stored
    assert (jayden.student_id, goal_codes(store)[jayden.goal_id]) == (people["Jayden Brooks"], "JB-1")
    assert (jayden.data_type, jayden.correct, jayden.total, jayden.cue) == ("trials", 4, 5, "verbal")
    assert (maria.student_id, maria.data_type, maria.count) == (people["Maria Gonzalez"], "tally", 2)
    for obs in stored:
        assert obs.source == "suggested" and obs.confirmed is False
        assert obs.session_id == session.id and obs.setting == "pull-out"
    row = store.rows("SELECT confidence FROM observations WHERE id = ?", [jayden.id])[0]
    confidence = json.loads(row["confidence"])
    assert confidence["student_id"] > 0.6 and 0.0 <= min(confidence.values()) <= 1.0
    actions = [r["action"] for r in store.rows("SELECT action FROM audit WHERE table_name = 'observations'")]
    assert actions.count("suggest") == 2


def test_rerun_replaces_unconfirmed_suggestions_and_keeps_confirmed_and_tallies(store):
    people = ids(store)
    note = transcribed(store, "Priya said the K sound at the end of words 9 of 10.")
    [first] = store_suggestions(store, note)
    tally = store.add_observation(student_id=people["Priya Shah"], data_type="tally", source="tally", count=1,
                                  note_id=note.id)
    note = store.update_note(note.id, "edit", transcript="Priya said the K sound at the end of words 7 of 10.")
    [second] = store_suggestions(store, note)
    live = store.observations(note_id=note.id)
    assert {o.id for o in live} == {tally.id, second.id}
    assert (second.correct, second.total) == (7, 10)
    deleted = store.rows("SELECT deleted_at FROM observations WHERE id = ?", [first.id])[0]
    assert deleted["deleted_at"] is not None  # soft: the audit and an undo keep it

    # Once the SLP confirmed a student's observation, a re-run adds no duplicate for that student.
    store.update_observation(second.id, "confirm", confirmed=True)
    assert store_suggestions(store, note) == []
    assert {o.id for o in store.observations(note_id=note.id)} == {tally.id, second.id}


def test_empty_transcript_stores_nothing_and_clears_old_suggestions(store):
    note = transcribed(store, "Maria used because three times.")
    assert len(store_suggestions(store, note)) == 1
    note = store.update_note(note.id, "edit", transcript="   ")
    assert store_suggestions(store, note) == []
    assert store.observations(note_id=note.id) == []


def test_note_without_session_has_no_setting(store):
    note = transcribed(store, "Maria used because three times.")
    [obs] = store_suggestions(store, note)
    assert obs.session_id is None and obs.setting is None


def test_one_students_scores_on_two_goals_are_stored_as_two_observations(store):
    people = ids(store)
    note = transcribed(store, "Jayden answered inferencing questions 4 of 5, and made topic comments 2 of 3 "
                              "times during the discussion.")
    created = store_suggestions(store, note)
    assert [(o.student_id, goal_codes(store)[o.goal_id], o.correct, o.total) for o in created] == [
        (people["Jayden Brooks"], "JB-1", 4, 5), (people["Jayden Brooks"], "JB-2", 2, 3)]
    assert [o.percent for o in created] == [80.0, pytest.approx(66.7, abs=0.1)]


def test_a_memo_scoring_two_goals_suggests_again_only_the_goal_not_yet_confirmed(store):
    note = transcribed(store, "Jayden answered inferencing questions 4 of 5, and made topic comments 2 of 3 "
                              "times during the discussion.")
    first, _ = store_suggestions(store, note)
    store.update_observation(first.id, "confirm", confirmed=1)
    again = store_suggestions(store, note)  # the memo transcribed again, or its text edited
    assert [goal_codes(store)[o.goal_id] for o in again] == ["JB-2"]
    live = store.observations(note_id=note.id)
    assert sorted(goal_codes(store)[o.goal_id] for o in live) == ["JB-1", "JB-2"]
