"""The review queue: what the review screen shows, as plain data.

The queue is every memo not yet reviewed (reviewed_at NULL) and not deleted,
oldest first; a memo still being recorded is not in it yet. Changes go through
tagging.tags so the rules and the audit live in one place; this module only
reads, and parses what a person types.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.domain import DATA_TYPES, Goal, Note, NoteStatus, Observation, Session, Student
from models.store import Store, note_from_row
from tagging.suggest import UNCERTAIN_BELOW  # a field whose confidence is below this is marked for a look
from tagging.tags import NUMBER_FIELDS, TagError, TagValues

# Display field -> the confidence keys (observation columns) it stands for.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "student": ("student_id",),
    "goal": ("goal_id",),
    "type": ("data_type",),
    "numbers": NUMBER_FIELDS,
    "cue": ("cue",),
}


@dataclass(frozen=True)
class ObservationView:
    """One observation as the screen shows it: names resolved, uncertain fields known."""

    observation: Observation
    student: Student | None
    goal: Goal | None
    confidence: dict[str, float] = field(default_factory=dict)
    uncertain: frozenset[str] = frozenset()  # display fields (FIELD_KEYS) to mark

    @property
    def score(self) -> str:
        return describe_numbers(self.observation)


@dataclass(frozen=True)
class ReviewItem:
    """One memo in the queue, with everything the screen shows about it."""

    note: Note
    session: Session | None
    observations: tuple[ObservationView, ...]
    audio: Path | None  # trimmed audio when there is some, else the raw capture, else None


def review_queue(store: Store) -> list[Note]:
    """Memos not yet reviewed and not deleted, oldest first."""
    rows = store.rows(
        "SELECT * FROM notes WHERE reviewed_at IS NULL AND deleted_at IS NULL AND status != ? "
        "ORDER BY created_at, id", [NoteStatus.RECORDING])
    return [note_from_row(r) for r in rows]


def queue_count(store: Store) -> int:
    row = store.rows("SELECT count(*) AS n FROM notes WHERE reviewed_at IS NULL AND deleted_at IS NULL "
                     "AND status != ?", [NoteStatus.RECORDING])
    return int(row[0]["n"])


def audio_for(store: Store, note_id: int) -> Path | None:
    for path in (store.trimmed_audio_path(note_id), store.audio_path(note_id)):
        if path.exists() and path.stat().st_size > 44:
            return path
    return None


def confidence_of(store: Store, observation_id: int) -> dict[str, float]:
    row = store.rows("SELECT confidence FROM observations WHERE id = ?", [observation_id])
    if not row or not row[0]["confidence"]:
        return {}
    try:
        return {k: float(v) for k, v in json.loads(row[0]["confidence"]).items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def uncertain_fields(observation: Observation, confidence: dict[str, float],
                     threshold: float = UNCERTAIN_BELOW) -> frozenset[str]:
    """Display fields with a confidence below threshold. A field with no
    recorded confidence (typed by a person) is not marked; numbers count only
    when the observation has some."""
    marked = set()
    for name, keys in FIELD_KEYS.items():
        if name == "numbers":
            keys = tuple(k for k in keys if getattr(observation, k) is not None)
        scores = [confidence[k] for k in keys if k in confidence]
        if scores and min(scores) < threshold:
            marked.add(name)
    return frozenset(marked)


def view(store: Store, observation: Observation, students: dict[int, Student] | None = None) -> ObservationView:
    students = students if students is not None else {s.id: s for s in store.students()}
    student = students.get(observation.student_id)
    goal = next((g for g in student.goals if g.id == observation.goal_id), None) if student else None
    confidence = confidence_of(store, observation.id)
    return ObservationView(observation, student, goal, confidence, uncertain_fields(observation, confidence))


def load_item(store: Store, note_id: int) -> ReviewItem:
    note = store.note(note_id)
    session = store.session(note.session_id) if note.session_id else None
    students = {s.id: s for s in store.students()}
    views = tuple(view(store, o, students) for o in store.observations(note_id=note_id))
    return ReviewItem(note, session, views, audio_for(store, note_id))


def high_confidence_suggestions(store: Store, session_id: int | None,
                                threshold: float = UNCERTAIN_BELOW) -> list[ObservationView]:
    """Unconfirmed suggestions of one session (None: memos outside any session)
    with no field marked uncertain, on memos not deleted: what "confirm all" offers."""
    where = "o.session_id = ?" if session_id is not None else "o.session_id IS NULL"
    params = [session_id] if session_id is not None else []
    rows = store.rows(
        "SELECT o.id FROM observations o JOIN notes n ON n.id = o.note_id "
        f"WHERE {where} AND o.deleted_at IS NULL AND n.deleted_at IS NULL AND o.confirmed = 0 "
        "AND o.source = 'suggested' ORDER BY n.created_at, o.id", params)
    students = {s.id: s for s in store.students()}
    views = [view(store, store.observation(r["id"]), students) for r in rows]
    return [v for v in views if not uncertain_fields(v.observation, v.confidence, threshold)]


def describe_numbers(observation: Observation) -> str:
    o = observation
    if o.total is not None:
        return f"{'?' if o.correct is None else o.correct}/{o.total}"
    if o.count is not None:
        return f"×{o.count}"
    if o.percent is not None:
        return f"{o.percent:g}%"
    if o.duration_seconds is not None:
        return f"{o.duration_seconds:g}s"
    return "–"


_RATIO = re.compile(r"^\s*(\d+)\s*(?:/|of|out of|-)\s*(\d+)\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class NumberEntry:
    """What a person typed for the numbers, read for the observation's data type."""

    data_type: str
    values: TagValues
    duration_seconds: float | None = None


def parse_numbers(text: str, data_type: str) -> NumberEntry:
    """"4/5", "4 of 5" -> correct/total; "75%" -> percent; "90s", "2m" -> duration;
    a bare number -> a count for tally and rubric, seconds for duration, a
    percent for trials and interval. An anecdotal note given numbers becomes
    the type the numbers imply."""
    if data_type not in DATA_TYPES:
        raise TagError(f"data type {data_type!r} is not one of: {', '.join(DATA_TYPES)}")
    if match := _RATIO.match(text):
        kind = data_type if data_type in ("trials", "interval") else "trials"
        return NumberEntry(kind, TagValues(correct=int(match[1]), total=int(match[2])))
    if match := _PERCENT.match(text):
        kind = data_type if data_type in ("trials", "interval") else "trials"
        return NumberEntry(kind, TagValues(percent=float(match[1])))
    if match := _DURATION.match(text):
        seconds = float(match[1]) * (60 if match[2].lower().startswith("m") else 1)
        return NumberEntry("duration", TagValues(), duration_seconds=seconds)
    if match := _NUMBER.match(text):
        number = float(match[1])
        if data_type == "duration":
            return NumberEntry("duration", TagValues(), duration_seconds=number)
        if data_type in ("trials", "interval"):
            return NumberEntry(data_type, TagValues(percent=number))
        if number != int(number):
            raise TagError(f"a count is a whole number, not {match[1]}")
        return NumberEntry(data_type if data_type in ("tally", "rubric") else "tally", TagValues(count=int(number)))
    raise TagError(f"{text.strip()!r}: type 4/5, 75%, a count like 3, or a duration like 90s")


def refresh_suggestions(store: Store, note_id: int) -> bool:
    """Suggest again from the memo's text (after the SLP corrected it), unless a
    person already changed one of its suggestions: their work is never replaced.
    Returns whether the suggestions were refreshed."""
    from tagging.store_suggestions import store_suggestions

    touched = store.rows(
        "SELECT 1 FROM audit a JOIN observations o ON o.id = a.row_id WHERE a.table_name = 'observations' "
        "AND a.action = 'review-edit' AND o.note_id = ? AND o.deleted_at IS NULL LIMIT 1", [note_id])
    if touched:
        return False
    store_suggestions(store, store.note(note_id))
    return True
