"""The review queue and the review operations, on a fresh real Store per test."""

from __future__ import annotations

import pytest

from models.domain import NoteStatus
from tagging import tags
from tagging.review import (
    describe_numbers,
    high_confidence_suggestions,
    load_item,
    parse_numbers,
    queue_count,
    review_queue,
)
from tagging.tags import TagError, TagValues
from tests.review_helpers import SURE, add_memo, audit, suggest


def test_queue_is_unreviewed_undeleted_oldest_first(store, ids):
    first, second, third = (add_memo(store, f"memo {n}") for n in range(3))
    recording = store.create_note()  # still being recorded: not reviewable yet
    assert [n.id for n in review_queue(store)] == [first.id, second.id, third.id]
    assert queue_count(store) == 3
    tags.confirm_note(store, second.id)
    tags.delete_note(store, third.id)
    assert [n.id for n in review_queue(store)] == [first.id]
    assert queue_count(store) == 1
    assert recording.id not in [n.id for n in review_queue(store)]


def test_confirm_note_confirms_every_observation_and_leaves_the_queue(store, ids):
    note = add_memo(store, "Jayden four of five, Noah three of five")
    a = suggest(store, note, ids["Jayden Brooks"])
    b = suggest(store, note, ids["Noah Kim"], correct=3, total=5, percent=60.0)
    assert tags.confirm_note(store, note.id) == 2
    assert all(o.confirmed for o in store.observations(note_id=note.id))
    assert store.note(note.id).reviewed_at is not None
    assert [(t, r, a_) for t, r, a_, _ in audit(store, "observations")][-2:] == [
        ("observations", a.id, "confirm"), ("observations", b.id, "confirm")]
    assert ("notes", note.id, "review") in [(t, r, a_) for t, r, a_, _ in audit(store, "notes")]


def test_a_memo_with_nothing_to_file_can_be_marked_reviewed(store, ids):
    note = add_memo(store, "", status=NoteStatus.NO_SPEECH)
    assert tags.confirm_note(store, note.id) == 0
    assert review_queue(store) == []


def test_edit_fields_of_one_observation_validated_and_audited(store, ids):
    note = add_memo(store, "Jaden got 4 of 5")
    obs = suggest(store, note, ids["Jayden Brooks"], confidence={**SURE, "goal_id": 0.3, "cue": 0.2})
    item = load_item(store, note.id)
    assert item.observations[0].uncertain == {"goal", "cue"}
    sofia = ids["Sofia Martinez"]
    # A new student: the old goal is not theirs, so it goes.
    changed = tags.tag_observation(store, obs.id, student_id=sofia)
    assert (changed.student_id, changed.goal_id) == (sofia, None)
    goal = store.student(sofia).goals[0]
    changed = tags.tag_observation(store, obs.id, goal_id=goal.id, values=TagValues(cue="gestural"))
    assert (changed.goal_id, changed.cue) == (goal.id, "gestural")
    # Edited fields are vouched for by a person: no longer marked.
    assert load_item(store, note.id).observations[0].uncertain == frozenset()
    with pytest.raises(TagError, match="not one of Sofia Martinez's goals"):
        tags.tag_observation(store, obs.id, goal_id=store.student(ids["Noah Kim"]).goals[0].id)
    with pytest.raises(TagError, match="is not a score"):
        tags.tag_observation(store, obs.id, values=TagValues(correct=6, total=5))
    edits = [d for t, r, a, d in audit(store, "observations") if a == "review-edit"]
    assert [e.get("student_id") for e in edits] == [sofia, None]
    assert edits[1]["cue"] == "gestural"


def test_new_numbers_replace_the_old_and_a_type_change_clears_them(store, ids):
    note = add_memo(store, "x")
    obs = suggest(store, note, ids["Jayden Brooks"])
    entry = parse_numbers("3", "tally")
    changed = tags.tag_observation(store, obs.id, values=TagValues(data_type="tally", count=entry.values.count))
    assert (changed.data_type, changed.count, changed.correct, changed.total, changed.percent) == \
        ("tally", 3, None, None, None)
    changed = tags.tag_observation(store, obs.id, values=TagValues(correct=7, total=10))
    assert (changed.correct, changed.total, changed.percent, changed.count) == (7, 10, 70.0, None)
    changed = tags.tag_observation(store, obs.id, values=TagValues(data_type="anecdotal"))
    assert (changed.correct, changed.total, changed.percent) == (None, None, None)


@pytest.mark.parametrize(("text", "data_type", "expected"), [
    ("4/5", "trials", ("trials", 4, 5, None, None, None)),
    ("8 of 10", "interval", ("interval", 8, 10, None, None, None)),
    ("3 out of 4", "anecdotal", ("trials", 3, 4, None, None, None)),
    ("75%", "trials", ("trials", None, None, None, 75.0, None)),
    ("75", "trials", ("trials", None, None, None, 75.0, None)),
    ("3", "tally", ("tally", None, None, 3, None, None)),
    ("2", "anecdotal", ("tally", None, None, 2, None, None)),
    ("90s", "trials", ("duration", None, None, None, None, 90.0)),
    ("2m", "duration", ("duration", None, None, None, None, 120.0)),
    ("45", "duration", ("duration", None, None, None, None, 45.0)),
])
def test_parse_numbers(text, data_type, expected):
    entry = parse_numbers(text, data_type)
    v = entry.values
    assert (entry.data_type, v.correct, v.total, v.count, v.percent, entry.duration_seconds) == expected


@pytest.mark.parametrize("text", ["four", "4/", "1.5", ""])
def test_parse_numbers_refuses_what_it_cannot_read(text):
    with pytest.raises(TagError):
        parse_numbers(text, "tally")


def test_edit_transcript_keeps_the_raw_and_going_back_clears_the_edit(store, ids):
    note = add_memo(store, "Jaden got for out of five")
    edited = tags.edit_transcript(store, note.id, "Jayden got four out of five")
    assert (edited.transcript_raw, edited.transcript, edited.text) == (
        "Jaden got for out of five", "Jayden got four out of five", "Jayden got four out of five")
    back = tags.edit_transcript(store, note.id, "Jaden got for out of five ")
    assert back.transcript is None and back.text == "Jaden got for out of five"
    actions = [(a, d) for t, r, a, d in audit(store, "notes") if a == "edit-transcript"]
    assert actions == [("edit-transcript", {"transcript": "Jayden got four out of five"}),
                       ("edit-transcript", {"transcript": None})]


def test_delete_memo_and_undo_bring_back_exactly_what_was_deleted(store, ids):
    note = add_memo(store, "Jayden four of five")
    kept = suggest(store, note, ids["Jayden Brooks"])
    removed_before = suggest(store, note, ids["Noah Kim"])
    tags.remove_observation(store, removed_before.id)
    tags.delete_note(store, note.id)
    assert review_queue(store) == [] and store.observations(note_id=note.id) == []
    assert store.notes() == []  # gone from every list, yet still in the database
    tags.restore_note(store, note.id)
    assert [n.id for n in review_queue(store)] == [note.id]
    assert [o.id for o in store.observations(note_id=note.id)] == [kept.id]  # not the one removed before
    actions = [(t, r, a) for t, r, a, _ in audit(store) if a in ("delete", "restore")]
    assert actions == [("observations", removed_before.id, "delete"), ("notes", note.id, "delete"),
                       ("observations", kept.id, "delete"), ("notes", note.id, "restore"),
                       ("observations", kept.id, "restore")]


def test_remove_and_restore_an_observation(store, ids):
    note = add_memo(store, "x")
    obs = suggest(store, note, ids["Jayden Brooks"])
    tags.remove_observation(store, obs.id)
    assert store.observations(note_id=note.id) == []
    tags.restore_observation(store, obs.id)
    assert [o.id for o in store.observations(note_id=note.id)] == [obs.id]


def test_anecdotal_note_and_manual_observation(store, ids):
    session = store.start_session(setting="pull-out", student_ids=(ids["Noah Kim"],))
    note = add_memo(store, "Noah told a whole story about his dog today", session.id)
    obs = tags.add_manual_observation(store, note.id, ids["Noah Kim"])
    assert (obs.data_type, obs.text, obs.source, obs.setting, obs.session_id, obs.confirmed) == (
        "anecdotal", "Noah told a whole story about his dog today", "manual", "pull-out", session.id, False)
    tags.confirm_note(store, note.id)
    # Adding to a reviewed memo puts it back in the queue: nothing unconfirmed hides.
    tags.add_manual_observation(store, note.id, ids["Sofia Martinez"], data_type="interval", text="")
    assert [n.id for n in review_queue(store)] == [note.id]
    with pytest.raises(TagError):
        tags.add_manual_observation(store, note.id, ids["Noah Kim"], data_type="vibes")


def test_retranscribe_requeues_and_withdraws_unconfirmed_suggestions(store, ids):
    note = add_memo(store, "Jaden got four of five")
    store.audio_path(note.id).write_bytes(b"RIFF" + b"\0" * 100)
    suggestion = suggest(store, note, ids["Jayden Brooks"])
    confirmed = suggest(store, note, ids["Noah Kim"])
    tags.tag_observation(store, confirmed.id, confirm=True)
    tags.edit_transcript(store, note.id, "Jayden got four of five")
    again = tags.retranscribe(store, note.id)
    assert (again.status, again.transcript, again.reviewed_at) == (NoteStatus.PENDING, None, None)
    assert [o.id for o in store.observations(note_id=note.id)] == [confirmed.id]
    detail = next(d for t, r, a, d in audit(store, "notes") if a == "retranscribe")
    assert detail["previous_transcript"] == "Jayden got four of five"
    assert suggestion.id in [r for t, r, a, _ in audit(store, "observations") if a == "withdraw"]
    with pytest.raises(TagError, match="pending already"):
        tags.retranscribe(store, note.id)


def test_retranscribe_without_audio_says_so(store, ids):
    note = add_memo(store, "x")
    with pytest.raises(TagError, match="no audio file"):
        tags.retranscribe(store, note.id)


def test_high_confidence_suggestions_of_a_session_then_confirm_them(store, ids):
    one = store.start_session(setting="push-in")
    two = store.start_session(setting="push-in")
    a = add_memo(store, "a", one.id)
    b = add_memo(store, "b", one.id)
    c = add_memo(store, "c", two.id)
    sure = suggest(store, a, ids["Jayden Brooks"])
    unsure = suggest(store, a, ids["Noah Kim"], confidence={**SURE, "cue": 0.3})
    sure_b = suggest(store, b, ids["Sofia Martinez"])
    suggest(store, c, ids["Jayden Brooks"])
    deleted = add_memo(store, "d", one.id)
    suggest(store, deleted, ids["Jayden Brooks"])
    tags.delete_note(store, deleted.id)
    offered = [v.observation.id for v in high_confidence_suggestions(store, one.id)]
    assert offered == [sure.id, sure_b.id]
    assert tags.confirm_observations(store, offered) == 2
    assert store.observation(unsure.id).confirmed is False
    # b had only the sure suggestion: reviewed. a still has the unsure one: still in the queue.
    assert [n.id for n in review_queue(store)] == [a.id, c.id]
    assert high_confidence_suggestions(store, one.id) == []


def test_attach_an_unattached_memo_to_a_session(store, ids):
    note = add_memo(store, "x")
    obs = suggest(store, note, ids["Jayden Brooks"])
    session = store.start_session(setting="pull-out")
    tags.attach_session(store, note.id, session.id)
    assert store.note(note.id).session_id == session.id
    assert (store.observation(obs.id).session_id, store.observation(obs.id).setting) == (session.id, "pull-out")


def test_describe_numbers():
    from models.domain import Observation

    assert describe_numbers(Observation(id=1, student_id=1, data_type="trials", correct=4, total=5)) == "4/5"
    assert describe_numbers(Observation(id=1, student_id=1, data_type="tally", count=3)) == "×3"
    assert describe_numbers(Observation(id=1, student_id=1, data_type="anecdotal")) == "–"


def test_refresh_suggestions_only_when_no_person_changed_them(store, ids):
    from tagging.review import refresh_suggestions

    note = add_memo(store, "Noah answered three of five.")
    tags.edit_transcript(store, note.id, "Jayden answered three of five.")
    assert refresh_suggestions(store, note.id) is True
    (fresh,) = store.observations(note_id=note.id)
    assert (fresh.student_id, fresh.correct, fresh.total) == (ids["Jayden Brooks"], 3, 5)
    tags.tag_observation(store, fresh.id, values=TagValues(cue="visual"))
    tags.edit_transcript(store, note.id, "Noah answered three of five.")
    assert refresh_suggestions(store, note.id) is False
    assert [(o.id, o.cue) for o in store.observations(note_id=note.id)] == [(fresh.id, "visual")]


def snapshot(store):
    return {(table, r["id"]): r for table in ("notes", "observations") for r in store.rows(f"SELECT * FROM {table}")}


def test_every_review_operation_leaves_an_audit_row_for_every_row_it_changed(store, ids):
    session = store.start_session(setting="push-in")
    note = add_memo(store, "Jaden got four of five")
    store.audio_path(note.id).write_bytes(b"RIFF" + b"\0" * 100)
    obs = suggest(store, note, ids["Jayden Brooks"])
    other = add_memo(store, "Noah", session.id)
    steps = [
        lambda: tags.tag_observation(store, obs.id, student_id=ids["Noah Kim"]),
        lambda: tags.tag_observation(store, obs.id, values=TagValues(data_type="tally", count=2), clear_cue=True),
        lambda: tags.edit_transcript(store, note.id, "Jayden got four of five"),
        lambda: tags.add_manual_observation(store, note.id, ids["Sofia Martinez"]),
        lambda: tags.remove_observation(store, obs.id),
        lambda: tags.restore_observation(store, obs.id),
        lambda: tags.attach_session(store, note.id, session.id),
        lambda: tags.confirm_note(store, note.id),
        lambda: tags.retranscribe(store, note.id),
        lambda: tags.delete_note(store, other.id),
        lambda: tags.restore_note(store, other.id),
        lambda: tags.confirm_observations(store, [suggest(store, other, ids["Noah Kim"]).id]),
    ]
    for step in steps:
        before, last_audit = snapshot(store), store.rows("SELECT max(id) AS m FROM audit")[0]["m"]
        step()
        after = snapshot(store)
        changed = {key for key in after if before.get(key) != after[key]}
        audited = {(r["table_name"], r["row_id"])
                   for r in store.rows("SELECT * FROM audit WHERE id > ?", [last_audit])}
        assert changed, "each step changes something"
        assert changed <= audited, f"changed without an audit row: {changed - audited}"
