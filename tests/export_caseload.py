"""A small synthetic caseload with sessions and observations at fixed dates, for the export tests.

Three students (one with a non-ASCII name), two push-in and pull-out weeks,
confirmed data that reaches mastery on one goal, a tally goal, an anecdotal
note naming two students, a cell that looks like a spreadsheet formula, a
suggestion nobody confirmed, a memo nobody reviewed, and a session never
ended: every case a template must handle.
"""

from __future__ import annotations

from models.store import Store

PROVIDER = "Pat Rivera, CCC-SLP"
TZ = "-05:00"

STUDENTS = [
    # name, grade, teacher, (push-in, pull-out) weekly minutes, goals
    ("Jordan Baker", "3", "Ms. Lee", (30, 30), [
        ("JB-1", "language", "Answer inferencing questions about a read-aloud", 80.0, "trials",
         "Pause after a page and ask one 'why do you think' question."),
        ("JB-2", "articulation", "Produce /r/ in words", 80.0, "trials",
         "Praise one clear R sound during each lesson."),
    ]),
    ("Maya Ortiz", "3", "Ms. Lee", (30, 30), [
        ("MO-1", "fluency", "Use easy onsets when answering in class", 5.0, "tally",
         "Give Maya extra wait time before she answers."),
    ]),
    ("Élodie Nguyễn", "4", "Mr. Grant", (None, None), [
        ("EN-1", "social communication", "Take three conversational turns with a peer", 80.0, "trials", ""),
    ]),
]

# key, start, end, setting, teacher, classroom, activity, format, students present
SESSIONS = [
    ("s1", "2025-03-04T09:00", "2025-03-04T09:30", "push-in", "Ms. Lee", "Room 12", "read-aloud", "small group",
     ["Jordan Baker", "Maya Ortiz"]),
    ("s2", "2025-03-06T13:00", "2025-03-06T13:30", "pull-out", "", "Speech room", "picture cards", "individual",
     ["Jordan Baker"]),
    ("s3", "2025-03-11T09:00", "2025-03-11T09:25", "push-in", "Ms. Lee", "Room 12", "science centers", "small group",
     ["Jordan Baker", "Maya Ortiz"]),
    ("s4", "2025-03-12T10:00", "2025-03-12T10:30", "push-in", "Mr. Grant", "Room 14", "morning meeting",
     "whole class", ["Élodie Nguyễn"]),
    ("s5", "2025-03-13T13:00", "2025-03-13T13:30", "pull-out", "", "Speech room", "story retell", "small group",
     ["Jordan Baker", "Maya Ortiz"]),
    ("s6", "2025-03-18T09:00", "2025-03-18T09:30", "push-in", "Ms. Lee", "Room 12", "read-aloud", "small group",
     ["Jordan Baker"]),
    ("s7", "2025-03-21T09:00", None, "push-in", "Ms. Lee", "Room 12", "writing", "small group", ["Maya Ortiz"]),
]

# session, student, goal, data_type, values, confirmed, with a memo
OBSERVATIONS = [
    ("s1", "Jordan Baker", "JB-1", "trials", {"correct": 3, "total": 5, "cue": "verbal"}, True, True),
    ("s1", "Jordan Baker", "JB-2", "trials", {"correct": 6, "total": 10, "cue": "phonemic"}, True, False),
    ("s1", "Maya Ortiz", "MO-1", "tally", {"count": 3}, True, False),
    ("s1", "Jordan Baker", "JB-1", "anecdotal",
     {"text": "Jordan used the picture clues to explain why the bear hid; Maya Ortiz helped him find the page."},
     True, True),
    ("s2", "Jordan Baker", "JB-1", "trials", {"correct": 4, "total": 5, "cue": "independent"}, True, True),
    ("s2", "Jordan Baker", "JB-2", "trials", {"correct": 8, "total": 10, "cue": "visual"}, True, False),
    ("s3", "Jordan Baker", "JB-1", "trials", {"correct": 4, "total": 5, "cue": "verbal"}, True, False),
    ("s3", "Jordan Baker", "JB-2", "trials", {"correct": 7, "total": 10, "cue": "verbal"}, True, False),
    ("s3", "Maya Ortiz", "MO-1", "tally", {"count": 5}, True, False),
    ("s3", "Maya Ortiz", None, "anecdotal", {"text": "=SUM(A1) is what Maya wrote on the board"}, True, False),
    ("s3", "Jordan Baker", "JB-1", "trials", {"correct": 2, "total": 5, "cue": "model"}, False, True),
    ("s4", "Élodie Nguyễn", "EN-1", "trials", {"percent": 60.0, "cue": "model"}, True, False),
    ("s5", "Jordan Baker", "JB-1", "trials", {"correct": 5, "total": 5, "cue": "independent"}, True, False),
    ("s5", "Maya Ortiz", "MO-1", "tally", {"count": 6}, True, False),
    ("s6", "Jordan Baker", "JB-1", "trials", {"correct": 3, "total": 4, "cue": "gestural"}, True, False),
    ("s6", "Jordan Baker", "JB-1", "trials", {"correct": 4, "total": 6, "cue": "verbal"}, True, False),
]


def build(store: Store) -> dict[str, int]:
    """Fill a fresh store; returns the session ids by key ("s1"...), and memo ids ("memo-pending")."""
    ids: dict[str, int] = {}
    students: dict[str, int] = {}
    goals: dict[str, int] = {}
    with store.write() as conn:
        for name, grade, teacher, _minutes, goal_rows in STUDENTS:
            sid = store.insert(conn, "students", {"name": name, "grade": grade, "teacher": teacher,
                                                  "created_at": "2025-03-01T08:00:00" + TZ})
            students[name] = sid
            for code, area, text, target, measure, strategy in goal_rows:
                goals[code] = store.insert(conn, "goals", {"student_id": sid, "code": code, "area": area,
                                                           "text": text, "target": target, "measure": measure,
                                                           "strategy": strategy})
    for name, _grade, _teacher, (push_in, pull_out), _goals in STUDENTS:
        if push_in is not None or pull_out is not None:
            store.set_iep_minutes(students[name], push_in=push_in, pull_out=pull_out)
    for key, start, end, setting, teacher, classroom, activity, fmt, present in SESSIONS:
        session = store.start_session(setting=setting, teacher=teacher, classroom=classroom, activity=activity,
                                      format=fmt, student_ids=tuple(students[n] for n in present),
                                      started_at=start + ":00" + TZ)
        if end:
            store.end_session(session.id, ended_at=end + ":00" + TZ)
        ids[key] = session.id
    memo_for_session: dict[str, int] = {}
    for key, student, goal, data_type, values, confirmed, with_memo in OBSERVATIONS:
        note_id = None
        if with_memo:
            if key not in memo_for_session:
                note = store.create_note(session_id=ids[key], audio_file=f"memo-{key}.wav", status="transcribed")
                store.update_note(note.id, transcript_raw=f"Memo for session {key}.")
                memo_for_session[key] = note.id
            note_id = memo_for_session[key]
        store.add_observation(student_id=students[student], goal_id=goals.get(goal) if goal else None,
                              data_type=data_type, session_id=ids[key], note_id=note_id, confirmed=confirmed,
                              source="suggested" if with_memo else "tally", **values)
    # A memo nobody has reviewed, with nothing confirmed from it.
    pending = store.create_note(session_id=ids["s6"], audio_file="Jordan Baker memo.wav", status="transcribed")
    store.update_note(pending.id, transcript_raw="Jordan Baker got three of four with a gesture.")
    ids["memo-pending"] = pending.id
    ids.update({f"student:{k}": v for k, v in students.items()})
    return ids


def all_name_parts() -> list[str]:
    """Every first and last name (and teacher name) in the caseload, for de-identification checks."""
    parts = set()
    for name, _grade, teacher, _m, _g in STUDENTS:
        parts.update(name.split())
        parts.update(p for p in teacher.split() if p not in ("Ms.", "Mr."))
    return sorted(parts)
