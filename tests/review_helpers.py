"""Shared set-up for the review tests: memos and suggestions written with the store's own API."""

from __future__ import annotations

import json

from models.domain import Note, NoteStatus, Observation
from models.store import Store

# A suggestion the engine is sure of in every field (nothing marked for a look).
SURE = {"student_id": 0.95, "goal_id": 0.9, "data_type": 0.9, "correct": 0.9, "total": 0.9, "cue": 0.85}


def add_memo(store: Store, text: str, session_id: int | None = None, created_at: str | None = None,
             status: str = NoteStatus.TRANSCRIBED) -> Note:
    """A memo the model has transcribed as `text`."""
    note = store.create_note(session_id=session_id, status=status)
    changes = {"transcript_raw": text}
    if created_at:
        changes["created_at"] = created_at
    return store.update_note(note.id, **changes)


def suggest(store: Store, note: Note, student_id: int, confidence: dict | None = None, **values) -> Observation:
    """A suggested observation on the memo: 4/5 trials with a verbal cue on the student's first goal,
    unless `values` says otherwise."""
    goal = store.student(student_id).goals[0]
    defaults = {"data_type": "trials", "goal_id": goal.id, "correct": 4, "total": 5, "percent": 80.0,
                "cue": "verbal"}
    return store.add_observation(student_id=student_id, note_id=note.id, session_id=note.session_id,
                                 confidence=confidence or SURE, **{**defaults, **values})


def audit(store: Store, table: str | None = None) -> list[tuple[str, int, str, dict]]:
    """The audit trail (of one table, when given), oldest first: (table, row id, action, detail)."""
    sql = "SELECT table_name, row_id, action, detail FROM audit"
    rows = store.rows(sql + (" WHERE table_name = ?" if table else "") + " ORDER BY id", [table] if table else [])
    return [(r["table_name"], r["row_id"], r["action"], json.loads(r["detail"])) for r in rows]
