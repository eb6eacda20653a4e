"""Tag operations: what `pushin tag` and the review screen do to observations.

Both front ends go through these functions so the rules (a goal belongs to its
student, numbers make sense, every change is audited) live in one place.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import datetime

from models.domain import CUE_LEVELS, DATA_TYPES, Goal, Note, NoteStatus, Observation, Student, score_percent
from models.errors import PushinError
from models.store import Store, now_iso


class TagError(PushinError):
    """A tag that cannot be applied (unknown student, goal of someone else, bad numbers)."""


@dataclass
class TagValues:
    """The fields a person can set on an observation; None leaves a field as it is."""

    data_type: str | None = None
    correct: int | None = None
    total: int | None = None
    count: int | None = None
    percent: float | None = None
    cue: str | None = None
    text: str | None = None

    def given(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def find_student(students: list[Student], name: str) -> Student:
    """A student by full name, or by a first or last name that only one student has."""
    wanted = _fold(name)
    exact = [s for s in students if _fold(s.name) == wanted]
    if exact:
        return exact[0]
    partial = [s for s in students if wanted in {_fold(part) for part in s.name.split()}]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise TagError(f"{name!r} matches several students: {', '.join(s.name for s in partial)}")
    raise TagError(f"no student named {name!r} in the caseload (pushin caseload list)")


def find_goal(student: Student, code: str) -> Goal:
    for goal in student.goals:
        if _fold(goal.code) == _fold(code):
            return goal
    codes = ", ".join(g.code for g in student.goals) or "none"
    raise TagError(f"goal {code!r} is not one of {student.name}'s goals ({codes})")


def validate(values: dict[str, object]) -> dict[str, object]:
    """Check the numbers and words; derive the percent from correct/total."""
    data_type = values.get("data_type")
    if data_type is not None and data_type not in DATA_TYPES:
        raise TagError(f"data type {data_type!r} is not one of: {', '.join(DATA_TYPES)}")
    cue = values.get("cue")
    if cue is not None and cue not in CUE_LEVELS:
        raise TagError(f"cue level {cue!r} is not one of: {', '.join(CUE_LEVELS)}")
    correct, total = values.get("correct"), values.get("total")
    if (correct is None) != (total is None):
        raise TagError("give both --correct and --total (e.g. 4 of 5)")
    if correct is not None:
        if correct < 0 or total <= 0 or correct > total:
            raise TagError(f"{correct} of {total} is not a score: correct must be between 0 and total")
        values.setdefault("percent", score_percent(correct, total))
    count = values.get("count")
    if count is not None and count < 0:
        raise TagError(f"count {count} cannot be negative")
    percent = values.get("percent")
    if percent is not None and not 0 <= percent <= 100:
        raise TagError(f"percent {percent} must be between 0 and 100")
    return values


def tag_note(store: Store, note_id: int, *, student_name: str | None = None, goal_code: str | None = None,
             values: TagValues | None = None, confirm: bool = False) -> Observation:
    """Set a memo's observation for one student, creating it if the memo has none for them.

    Without a student, the memo's only observation is the one changed.
    """
    note = store.note(note_id)
    current = store.observations(note_id=note.id)
    changes = validate(dict((values or TagValues()).given()))
    students = store.students()
    target: Observation | None
    student: Student | None = None
    if student_name:
        student = find_student(students, student_name)
        mine = [o for o in current if o.student_id == student.id]
        target = mine[0] if len(mine) == 1 else None
        if len(mine) > 1 and goal_code:
            target = next((o for o in mine if (g := store.goal(o.goal_id or -1)) and g.code == goal_code), None)
    elif len(current) == 1:
        target = current[0]
        student = next(s for s in students if s.id == target.student_id)
    else:
        raise TagError(f"memo {note.id} has {len(current)} observations: say which student with --student")
    if goal_code:
        changes["goal_id"] = find_goal(student, goal_code).id
    if confirm:
        after = replace(target, **{k: v for k, v in changes.items() if hasattr(target, k)}) if target else None
        if after is not None and (problem := incomplete(after)):
            raise TagError(f"memo {note.id}: {problem} (--correct N --total M)")
        changes["confirmed"] = True
    if target is None:
        session = store.session(note.session_id) if note.session_id else None
        observation = store.add_observation(
            student_id=student.id, data_type=str(changes.pop("data_type", None) or "anecdotal"), source="manual",
            confirmed=bool(changes.pop("confirmed", False)), note_id=note.id, session_id=note.session_id,
            setting=session.setting if session else None, **changes)
    else:
        if changes.get("data_type") and changes["data_type"] != target.data_type:
            # Numbers of the old type would mislead under the new one.
            for stale in ("correct", "total", "count", "percent"):
                changes.setdefault(stale, None)
        observation = store.update_observation(target.id, "tag", **changes) if changes else target
    if confirm:
        mark_reviewed(store, note)
    return observation


def mark_reviewed(store: Store, note: Note) -> None:
    """A memo is reviewed once every observation on it is confirmed."""
    if note.reviewed_at is None and all(o.confirmed for o in store.observations(note_id=note.id)):
        store.update_note(note.id, "review", reviewed_at=now_iso())


def confirm_suggested(store: Store, session_id: int | None = None, *, min_confidence: float = 0.0) -> int:
    """Confirm every suggestion not yet confirmed (of one session, when given)."""
    confirmed = 0
    for observation in store.observations(session_id=session_id, confirmed=False):
        if observation.source != "suggested" or incomplete(observation):
            continue  # a score with a lost number waits for a person
        if min_confidence and lowest_confidence(store, observation.id) < min_confidence:
            continue
        store.update_observation(observation.id, "confirm", confirmed=True)
        confirmed += 1
    for note_id in {o.note_id for o in store.observations(session_id=session_id) if o.note_id}:
        mark_reviewed(store, store.note(note_id))
    return confirmed


def lowest_confidence(store: Store, observation_id: int) -> float:
    return min(_confidence(store, observation_id).values(), default=1.0)


# --- review operations: what the review screen does to memos and observations -----
# Each goes through the store's audited update/add/audit helpers; nothing here
# deletes a row (deletes are soft, so an undo and the audit trail stay whole).

NUMBER_FIELDS = ("correct", "total", "count", "percent", "duration_seconds")
# Which confidence keys (observation columns) a person's edit of a field vouches for.
EDITED_CONFIDENCE = {
    "student_id": ("student_id",),
    "goal_id": ("goal_id",),
    "data_type": ("data_type", *NUMBER_FIELDS),
    "cue": ("cue",),
    **{name: NUMBER_FIELDS for name in NUMBER_FIELDS},
}


def _confidence(store: Store, observation_id: int) -> dict[str, float]:
    row = store.rows("SELECT confidence FROM observations WHERE id = ?", [observation_id])
    return json.loads(row[0]["confidence"] or "{}") if row else {}


def tag_observation(store: Store, observation_id: int, *, student_id: int | None = None,
                    goal_id: int | None = None, clear_goal: bool = False, values: TagValues | None = None,
                    duration_seconds: float | None = None, clear_cue: bool = False,
                    confirm: bool = False) -> Observation:
    """Change one observation's fields (the review screen edits observations by id).

    A new student drops a goal that is not theirs; a new data type drops the old
    numbers; new numbers replace all the old ones. Fields a person set get
    confidence 1.0, so the screen stops marking them.
    """
    observation = store.observation(observation_id)
    changes = validate(dict((values or TagValues()).given()))
    if duration_seconds is not None:
        if duration_seconds < 0:
            raise TagError(f"duration {duration_seconds} s cannot be negative")
        changes["duration_seconds"] = duration_seconds
    owner_id = student_id or observation.student_id
    owner = store.student(owner_id)
    if owner is None:
        raise TagError(f"no student with id {owner_id} in the caseload")
    if student_id is not None and student_id != observation.student_id:
        changes["student_id"] = student_id
        if goal_id is None and observation.goal_id not in {g.id for g in owner.goals}:
            changes["goal_id"] = None
    if goal_id is not None:
        if goal_id not in {g.id for g in owner.goals}:
            goal = store.goal(goal_id)
            code = goal.code if goal else str(goal_id)
            raise TagError(f"goal {code!r} is not one of {owner.name}'s goals")
        changes["goal_id"] = goal_id
    if clear_goal:
        changes["goal_id"] = None
    if clear_cue:
        changes["cue"] = None
    new_type = changes.get("data_type") and changes["data_type"] != observation.data_type
    if new_type or any(name in changes for name in NUMBER_FIELDS):
        for name in NUMBER_FIELDS:
            changes.setdefault(name, None)
    if confirm:
        changes["confirmed"] = True
    edited = {key for name in changes for key in EDITED_CONFIDENCE.get(name, ())}
    if edited:
        confidence = _confidence(store, observation_id)
        confidence.update({key: 1.0 for key in edited})
        changes["confidence"] = json.dumps(confidence)
    if not changes:
        return observation
    updated = store.update_observation(observation_id, "review-edit", **changes)
    if confirm and updated.note_id:
        mark_reviewed(store, store.note(updated.note_id))
    return updated


def add_manual_observation(store: Store, note_id: int, student_id: int, *, data_type: str = "anecdotal",
                           text: str | None = None) -> Observation:
    """A new observation on a memo, for a student the suggestions missed (or an anecdotal note)."""
    validate({"data_type": data_type})
    note = store.note(note_id)
    if store.student(student_id) is None:
        raise TagError(f"no student with id {student_id} in the caseload")
    session = store.session(note.session_id) if note.session_id else None
    observation = store.add_observation(
        student_id=student_id, data_type=data_type, source="manual", note_id=note.id,
        session_id=note.session_id, setting=session.setting if session else None,
        text=note.text if text is None else text)
    if note.reviewed_at is not None:
        # A new unconfirmed observation puts the memo back in the queue.
        store.update_note(note.id, "unreview", reviewed_at=None)
    return observation


def remove_observation(store: Store, observation_id: int) -> None:
    """Soft delete: restore_observation brings it back."""
    store.delete_observation(observation_id)


def restore_observation(store: Store, observation_id: int) -> Observation:
    return store.update_observation(observation_id, "restore", deleted_at=None)


def incomplete(observation: Observation) -> str | None:
    """Why an observation cannot be confirmed as it is, else None: a score whose correct count was
    lost (?/10), or a measured observation with no score at all."""
    if observation.total is not None and observation.correct is None:
        return f"the score is ?/{observation.total}: say how many were correct first"
    scores = (observation.correct, observation.total, observation.count, observation.percent,
              observation.duration_seconds)
    if observation.data_type != "anecdotal" and all(value is None for value in scores):
        return f"a {observation.data_type} observation has no score: give it first, or make it anecdotal"
    return None


def confirm_note(store: Store, note_id: int) -> int:
    """Confirm every observation on a memo and mark it reviewed; returns how many were confirmed."""
    pending = store.observations(note_id=note_id, confirmed=False)
    for observation in pending:
        if problem := incomplete(observation):
            raise TagError(problem)
    confirmed = 0
    for observation in pending:
        store.update_observation(observation.id, "confirm", confirmed=True)
        confirmed += 1
    mark_reviewed(store, store.note(note_id))
    return confirmed


def confirm_observations(store: Store, observation_ids: list[int]) -> int:
    """Confirm exactly these observations (the ones a person looked at), then mark their memos reviewed."""
    note_ids: set[int] = set()
    confirmed = 0
    for observation_id in observation_ids:
        observation = store.observation(observation_id)
        if observation.confirmed or incomplete(observation):
            continue
        store.update_observation(observation_id, "confirm", confirmed=True)
        confirmed += 1
        if observation.note_id:
            note_ids.add(observation.note_id)
    for note_id in sorted(note_ids):
        mark_reviewed(store, store.note(note_id))
    return confirmed


def edit_transcript(store: Store, note_id: int, text: str) -> Note:
    """The SLP's text for a memo; the model's raw transcript is never changed."""
    note = store.note(note_id)
    edited: str | None = text.strip()
    if edited == (note.transcript_raw or "").strip():
        edited = None  # back to what the model said: no edit to keep
    if edited == note.transcript:
        return note
    return store.update_note(note_id, "edit-transcript", transcript=edited)


def _deleted_at(store: Store, note_id: int) -> str | None:
    row = store.rows("SELECT deleted_at FROM notes WHERE id = ?", [note_id])
    if not row:
        raise TagError(f"no memo with id {note_id}")
    return row[0]["deleted_at"]


def _observation_ids(conn: sqlite3.Connection, note_id: int, where: str = "deleted_at IS NULL",
                     params: tuple = ()) -> list[int]:
    """The memo's observations that match `where`, read inside the caller's transaction."""
    rows = conn.execute(f"SELECT id FROM observations WHERE note_id = ? AND {where}", [note_id, *params])
    return [observation_id for (observation_id,) in rows.fetchall()]


def delete_note(store: Store, note_id: int) -> str:
    """Soft-delete a memo and its observations; returns the stamp restore_note needs."""
    deleted_at = _deleted_at(store, note_id)
    if deleted_at:
        return deleted_at
    # To the microsecond: restore_note brings back only what carries this exact stamp,
    # not an observation removed on its own a moment before.
    stamp = datetime.now().astimezone().isoformat(timespec="microseconds")
    with store.write() as conn:
        Store.change(conn, "notes", note_id, "delete", {"deleted_at": stamp})
        for observation_id in _observation_ids(conn, note_id):
            Store.change(conn, "observations", observation_id, "delete", {"deleted_at": stamp},
                         {"deleted_at": stamp, "with_note": note_id})
    return stamp


def restore_note(store: Store, note_id: int) -> Note:
    """Undo delete_note: the memo and the observations deleted with it come back."""
    stamp = _deleted_at(store, note_id)
    if stamp is None:
        return store.note(note_id)
    with store.write() as conn:
        Store.change(conn, "notes", note_id, "restore", {"deleted_at": None})
        for observation_id in _observation_ids(conn, note_id, "deleted_at = ?", (stamp,)):
            Store.change(conn, "observations", observation_id, "restore", {"deleted_at": None}, {"with_note": note_id})
    return store.note(note_id)


def retranscribe(store: Store, note_id: int) -> Note:
    """Send a memo back to the transcription queue.

    The SLP's edit is cleared (the audit keeps it) so the new transcript shows,
    and unconfirmed suggestions are withdrawn: new ones come with the new text.
    """
    note = store.note(note_id)
    if note.status in (NoteStatus.RECORDING, NoteStatus.TRANSCRIBING, NoteStatus.PENDING):
        raise TagError(f"memo {note_id} is {note.status} already")
    if not (store.trimmed_audio_path(note_id).exists() or store.audio_path(note_id).exists()):
        raise TagError(f"memo {note_id} has no audio file left to transcribe ({store.audio_path(note_id)})")
    stamp = now_iso()
    with store.write() as conn:
        changes = {"status": NoteStatus.PENDING, "error": None, "transcript": None, "reviewed_at": None}
        Store.change(conn, "notes", note_id, "retranscribe", changes,
                     {**changes, "previous_transcript": note.transcript})
        suggested = "deleted_at IS NULL AND confirmed = 0 AND source = 'suggested'"
        for observation_id in _observation_ids(conn, note_id, suggested):
            Store.change(conn, "observations", observation_id, "withdraw", {"deleted_at": stamp})
    return store.note(note_id)


def attach_session(store: Store, note_id: int, session_id: int | None) -> Note:
    """Attach a memo recorded outside a session (or move it); its observations follow."""
    session = store.session(session_id) if session_id is not None else None
    changes = {"session_id": session_id, "setting": session.setting if session else None}
    with store.write() as conn:
        Store.change(conn, "notes", note_id, "attach-session", {"session_id": session_id})
        for observation_id in _observation_ids(conn, note_id):
            Store.change(conn, "observations", observation_id, "attach-session", changes)
    return store.note(note_id)
