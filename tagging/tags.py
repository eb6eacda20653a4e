"""Tag operations: what `pushin tag` and the review screen do to observations.

Both front ends go through these functions so the rules (a goal belongs to its
student, numbers make sense, every change is audited) live in one place.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields

from models.domain import CUE_LEVELS, DATA_TYPES, Goal, Note, Observation, Student
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
        values.setdefault("percent", round(100 * correct / total, 1))
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
        if observation.source != "suggested":
            continue
        if min_confidence and lowest_confidence(store, observation.id) < min_confidence:
            continue
        store.update_observation(observation.id, "confirm", confirmed=True)
        confirmed += 1
    for note_id in {o.note_id for o in store.observations(session_id=session_id) if o.note_id}:
        mark_reviewed(store, store.note(note_id))
    return confirmed


def lowest_confidence(store: Store, observation_id: int) -> float:
    import json

    row = store.rows("SELECT confidence FROM observations WHERE id = ?", [observation_id])
    scores = json.loads(row[0]["confidence"] or "{}") if row else {}
    return min(scores.values(), default=1.0)
