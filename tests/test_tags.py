"""`pushin tag` and the tag operations on a real database."""

import subprocess
import sys

import pytest

from models.domain import NoteStatus
from tagging.tags import TagError, TagValues, confirm_suggested, tag_note
from tests.suggest_helpers import with_caseload

CASELOAD = (
    "student,grade,teacher,goal_id,area,goal,target,measure\n"
    "Jayden Brooks,3,Ms. Alvarez,JB-1,language,Answer inferencing questions,80,trials\n"
    "Jayden Brooks,3,Ms. Alvarez,JB-2,social communication,Make topic-relevant comments,3,tally\n"
    "Maria Gonzalez,3,Ms. Alvarez,MG-1,language,Use causal conjunctions,80,trials\n"
)


@pytest.fixture
def store(store, tmp_path):
    return with_caseload(store, tmp_path, CASELOAD)


def student_id(store, name):
    return next(s.id for s in store.students() if s.name == name)


def test_tag_creates_then_updates_and_confirms(store):
    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    obs = tag_note(store, note.id, student_name="jayden", goal_code="JB-1",
                   values=TagValues(data_type="trials", correct=4, total=5, cue="verbal"))
    assert (obs.correct, obs.total, obs.percent, obs.cue, obs.confirmed) == (4, 5, 80.0, "verbal", False)
    again = tag_note(store, note.id, values=TagValues(correct=3, total=5), confirm=True)
    assert again.id == obs.id and again.percent == 60.0 and again.confirmed
    assert store.note(note.id).reviewed_at is not None
    actions = [r["action"] for r in store.rows("SELECT action FROM audit WHERE table_name = 'observations'")]
    assert actions == ["create", "tag"]


def test_changing_the_type_clears_numbers_of_the_old_type(store):
    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    tag_note(store, note.id, student_name="Jayden Brooks", values=TagValues(data_type="trials", correct=4, total=5))
    obs = tag_note(store, note.id, values=TagValues(data_type="tally", count=2))
    assert (obs.data_type, obs.count, obs.correct, obs.total, obs.percent) == ("tally", 2, None, None, None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"student_name": "Nobody"}, "no student named 'Nobody'"),
        ({"student_name": "Maria", "goal_code": "JB-1"}, "not one of Maria Gonzalez's goals"),
        ({"student_name": "Maria", "values": TagValues(correct=6, total=5)}, "is not a score"),
        ({"student_name": "Maria", "values": TagValues(correct=3)}, "give both --correct and --total"),
        ({"student_name": "Maria", "values": TagValues(percent=120)}, "between 0 and 100"),
        ({}, "say which student"),
    ],
)
def test_bad_tags_are_refused_with_the_reason(store, kwargs, message):
    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    with pytest.raises(TagError, match=message):
        tag_note(store, note.id, **kwargs)
    assert store.observations(note_id=note.id) == []


def test_confirm_suggested_limits_to_the_session(store):
    session = store.start_session(setting="push-in")
    inside = store.create_note(session_id=session.id, status=NoteStatus.TRANSCRIBED)
    outside = store.create_note(status=NoteStatus.TRANSCRIBED)
    maria = student_id(store, "Maria Gonzalez")
    store.add_observation(student_id=maria, data_type="anecdotal", note_id=inside.id, session_id=session.id)
    store.add_observation(student_id=maria, data_type="anecdotal", note_id=outside.id)
    assert confirm_suggested(store, session.id) == 1
    assert [o.confirmed for o in store.observations(note_id=outside.id)] == [False]
    assert store.note(inside.id).reviewed_at is not None


def test_command_line_tag(store, tmp_path):
    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    env = {"PUSHIN_HOME": str(store.home), "PATH": "/usr/bin:/bin"}

    def pushin(*args):
        return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env)

    done = pushin("tag", str(note.id), "--student", "Jayden Brooks", "--goal", "JB-2", "--type", "tally",
                  "--count", "3", "--cue", "independent", "--confirm")
    assert done.returncode == 0, done.stderr
    obs = store.observations(note_id=note.id)
    assert [(o.goal_id is not None, o.count, o.cue, o.confirmed) for o in obs] == [(True, 3, "independent", True)]
    bad = pushin("tag", str(note.id), "--student", "Jayden Brooks", "--goal", "MG-1")
    assert bad.returncode == 1 and "not one of Jayden Brooks's goals" in bad.stderr
    missing = pushin("tag", "999", "--student", "Maria")
    assert missing.returncode == 1 and "no memo with id 999" in missing.stderr


def test_a_score_with_a_lost_correct_count_waits_for_a_person(store):
    from tagging.tags import confirm_note

    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    maria = next(s.id for s in store.students() if s.name == "Maria Gonzalez")
    obs = store.add_observation(student_id=maria, data_type="trials", total=10, note_id=note.id)
    assert confirm_suggested(store) == 0
    with pytest.raises(TagError, match=r"the score is \?/10"):
        confirm_note(store, note.id)
    with pytest.raises(TagError, match=r"the score is \?/10"):
        tag_note(store, note.id, confirm=True)
    done = tag_note(store, note.id, values=TagValues(correct=9, total=10), confirm=True)
    assert (done.id, done.correct, done.confirmed) == (obs.id, 9, True)


def test_a_measured_observation_with_no_score_waits_for_a_person(store):
    from tagging.tags import confirm_note

    note = store.create_note(status=NoteStatus.TRANSCRIBED)
    maria = next(s.id for s in store.students() if s.name == "Maria Gonzalez")
    obs = store.add_observation(student_id=maria, data_type="trials", note_id=note.id)
    with pytest.raises(TagError, match="trials observation has no score"):
        confirm_note(store, note.id)
    with pytest.raises(TagError, match="no score"):
        tag_note(store, note.id, confirm=True)
    anecdotal = tag_note(store, note.id, values=TagValues(data_type="anecdotal"), confirm=True)
    assert (anecdotal.id, anecdotal.data_type, anecdotal.confirmed) == (obs.id, "anecdotal", True)
