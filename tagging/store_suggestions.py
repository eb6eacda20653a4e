"""Writing a memo's suggestions to the store: the transcription worker's after_transcribe hook.

A memo transcribed again (or edited) gets fresh suggestions; what the SLP
already confirmed, tallied or typed is never touched.
"""

from __future__ import annotations

import json
import logging
from collections import Counter

from models.domain import Note, Observation, score_percent
from models.store import Store, now_iso
from tagging.suggest import SuggestOptions, suggest_observations

log = logging.getLogger(__name__)


def store_suggestions(store: Store, note: Note, options: SuggestOptions | None = None) -> list[Observation]:
    """Replace the note's unconfirmed suggested observations with fresh ones; return the new ones.

    Confirmed, tallied and typed observations stay; a student already confirmed on this memo
    gets no new suggestion (nor, when the memo scores several of their goals, a goal already confirmed).
    """
    session = store.session(note.session_id) if note.session_id is not None else None
    suggestions = suggest_observations(note.text, store.students(), session, options,
                                       doubtful_words=note.doubtful)
    created: list[int] = []
    with store.write() as conn:
        stale = conn.execute(
            "SELECT id FROM observations WHERE note_id = ? AND source = 'suggested' AND confirmed = 0 "
            "AND deleted_at IS NULL", [note.id]).fetchall()
        for (obs_id,) in stale:
            Store.update(conn, "observations", obs_id, {"deleted_at": now_iso()})
            Store.audit(conn, "observations", obs_id, "replace-suggestion", {"note_id": note.id})
        # A student whose observation on this memo the SLP already confirmed gets no duplicate; when the memo
        # gives the student scores on several goals, only the goals already confirmed are left out.
        settled = {(row[0], row[1]) for row in conn.execute(
            "SELECT student_id, goal_id FROM observations WHERE note_id = ? AND confirmed = 1 AND deleted_at IS NULL",
            [note.id])}
        settled_students = {student_id for student_id, _ in settled}
        per_student = Counter(suggestion.student_id for suggestion in suggestions)
        for suggestion in suggestions:
            if suggestion.student_id in settled_students and (
                    per_student[suggestion.student_id] == 1 or (suggestion.student_id, suggestion.goal_id) in settled):
                continue
            values = suggestion.values()
            if values.get("percent") is None:  # the same percent a person's tag would get
                values["percent"] = score_percent(values.get("correct"), values.get("total"))
            row = {**values, "note_id": note.id, "session_id": note.session_id,
                   "setting": session.setting if session else None, "source": "suggested", "confirmed": 0,
                   "confidence": json.dumps(suggestion.confidence), "created_at": now_iso()}
            obs_id = Store.insert(conn, "observations", row)
            # The audit keeps what was suggested, not the memo's words (those stay in notes).
            Store.audit(conn, "observations", obs_id, "suggest",
                        {k: v for k, v in row.items() if k not in ("text", "confidence")})
            created.append(obs_id)
    log.info("note %d: %d suggestion(s), %d replaced", note.id, len(created), len(stale))
    return [store.observation(obs_id) for obs_id in created]
