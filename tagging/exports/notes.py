"""Every memo with its transcript and observations (`pushin export notes`).

The shape is the command-line contract in DESIGN.md: a list of objects with
id, audio_file, status, transcript (the SLP's edit if any, else the model's
text) and observations (student full name, goal code, data type, numbers, cue,
confirmed). Suggested observations are included with confirmed false.
"""

from __future__ import annotations

from models.store import Store
from tagging.exports.base import Export
from tagging.exports.deidentify import Namer, initials

OBSERVATION_FIELDS = ("student", "goal_id", "data_type", "correct", "total", "count", "percent", "cue", "confirmed")
CSV_COLUMNS = ("id", "audio_file", "status", "transcript", *OBSERVATION_FIELDS)


def memos(store: Store, *, deidentify: bool = False) -> list[dict]:
    """The memo list, in id order; two queries whatever the number of memos."""
    observations: dict[int, list[dict]] = {}
    rows = store.rows(
        "SELECT o.*, s.name AS student_name, g.code AS goal_code FROM observations o "
        "JOIN students s ON s.id = o.student_id LEFT JOIN goals g ON g.id = o.goal_id "
        "WHERE o.deleted_at IS NULL AND o.note_id IS NOT NULL ORDER BY o.id")
    namer = None
    if deidentify:
        people = store.rows("SELECT name, teacher FROM students")
        teachers = store.rows("SELECT DISTINCT teacher FROM sessions WHERE teacher IS NOT NULL AND teacher != ''")
        namer = Namer([p["name"] for p in people] + [p["teacher"] for p in people if p["teacher"]]
                      + [t["teacher"] for t in teachers])
    for row in rows:
        observations.setdefault(row["note_id"], []).append({
            "student": initials(row["student_name"]) if namer else row["student_name"],
            "goal_id": row["goal_code"], "data_type": row["data_type"], "correct": row["correct"],
            "total": row["total"], "count": row["count"], "percent": row["percent"], "cue": row["cue"],
            "confirmed": bool(row["confirmed"])})
    result = []
    for note in store.rows("SELECT * FROM notes WHERE deleted_at IS NULL ORDER BY id"):
        text = note["transcript"] if note["transcript"] is not None else (note["transcript_raw"] or "")
        audio = note["audio_file"]
        if namer:
            text, audio = namer(text), (namer(audio) if audio else audio)
        result.append({"id": note["id"], "audio_file": audio, "status": note["status"], "transcript": text,
                       "observations": observations.get(note["id"], [])})
    return result


def build(store: Store, *, deidentify: bool = False) -> Export:
    items = memos(store, deidentify=deidentify)
    rows = []
    for memo in items:
        base = {k: memo[k] for k in ("id", "audio_file", "status", "transcript")}
        rows.extend({**base, **obs} for obs in memo["observations"])
        if not memo["observations"]:
            rows.append(base)
    return Export(kind="notes", document=None, model=items, stem="notes", columns=CSV_COLUMNS, rows=rows)
