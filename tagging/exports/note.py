"""Session note per student: for a session or a date range, in a fixed template.

Each session: date and time, setting, classroom and teacher, activity, format,
minutes, each goal addressed with its data ("JB-1 (language) Answer
inferencing questions: 4/5 (80%), verbal cue"), then the anecdotal notes.
"""

from __future__ import annotations

from tagging.exports.base import (
    Export,
    by_student_session,
    ordered_students,
    period_text,
    sessions_of,
    stem_for,
    time_range,
)
from tagging.exports.data import ExportData, Obs, SessionInfo, StudentInfo
from tagging.exports.document import Bullets, Document, Heading, Paragraph
from tagging.exports.wording import clinical_line, score

CSV_COLUMNS = ("date", "student", "session", "setting", "goal_id", "area", "data_type", "correct", "total",
               "count", "percent", "cue", "result", "text")


def _goal_lines(data: ExportData, points: list[Obs]) -> list[dict]:
    by_goal: dict[int, list[Obs]] = {}
    for obs in points:
        if obs.goal_id is not None and obs.data_type != "anecdotal":
            by_goal.setdefault(obs.goal_id, []).append(obs)
    lines = []
    for goal_id, goal_points in sorted(by_goal.items(), key=lambda kv: data.goal_code(kv[0])):
        goal = data.goals.get(goal_id)
        if goal is None:
            continue
        results = [clinical_line(o) for o in goal_points]
        pooled = score(goal_points)
        line = f"{goal.code} ({goal.area}) {goal.text}: {'; '.join(r for r in results if r)}"
        if len(goal_points) > 1 and pooled.value is not None:
            line += f" (session total {pooled.text()})"
        lines.append({"goal_id": goal.code, "area": goal.area, "goal": goal.text, "data": results,
                      "score": None if pooled.value is None else round(pooled.value, 1), "unit": pooled.unit,
                      "line": line})
    return lines


def _anecdotes(data: ExportData, points: list[Obs]) -> list[str]:
    notes = []
    for obs in points:
        if obs.data_type == "anecdotal" or (obs.goal_id is None and obs.text):
            code = data.goal_code(obs.goal_id)
            notes.append(f"{code}: {obs.text}" if code else obs.text)
    return [n for n in notes if n.strip()]


def _session_model(data: ExportData, session: SessionInfo | None, points: list[Obs]) -> dict:
    goals = _goal_lines(data, points)
    model: dict = {"session_id": session.id if session else None,
                   "date": (session.start.date() if session else points[0].day).isoformat()}
    if session:
        model.update({"time": time_range(session), "setting": session.setting, "classroom": session.classroom,
                      "teacher": session.teacher, "activity": session.activity, "format": session.format,
                      "minutes": session.minutes})
    model.update({"goals": goals, "observations": _anecdotes(data, points)})
    return model


def _student_model(data: ExportData, student: StudentInfo, grouped: dict[int | None, list[Obs]]) -> dict:
    sessions = []
    for session in sessions_of(data, student, set(grouped)):
        sessions.append(_session_model(data, session, grouped.get(session.id, [])))
    # Points from no session (or a session outside scope) still belong in the note.
    loose = [o for sid, pts in grouped.items() if sid is None or sid not in data.sessions for o in pts]
    by_day: dict = {}
    for obs in loose:
        by_day.setdefault(obs.day, []).append(obs)
    for _day, pts in sorted(by_day.items()):
        sessions.append(_session_model(data, None, pts))
    sessions.sort(key=lambda s: (s["date"], s.get("time", ""), s["session_id"] or 0))
    return {"student": student.name, "grade": student.grade, "sessions": sessions}


def build(data: ExportData) -> Export:
    grouped = by_student_session(data)
    students = [_student_model(data, s, grouped.get(s.id, {})) for s in ordered_students(data)]
    students = [s for s in students if s["sessions"] or data.scope.student]
    model = {"kind": "note", "provider": data.provider,
             "period": {"from": data.date_from.isoformat() if data.date_from else None,
                        "to": data.date_to.isoformat() if data.date_to else None},
             "students": students}

    title = f"Session note: {students[0]['student']}" if len(students) == 1 else "Session notes"
    doc = Document(title)
    doc.add(Paragraph(f"Period: {period_text(data)}. Provider: {data.provider or '(not set)'}."))
    rows = []
    for student in students:
        doc.add(Heading(student["student"], 2))
        if student["grade"]:
            doc.add(Paragraph(f"Grade: {student['grade']}"))
        if not student["sessions"]:
            doc.add(Paragraph("No sessions or confirmed data in this period."))
        for s in student["sessions"]:
            if s["session_id"] is not None:
                doc.add(Heading(f"{s['date']} {s['time']}, {s['setting']}", 3))
                teacher = f", teacher {s['teacher']}" if s["teacher"] else ""
                minutes = s["minutes"] if s["minutes"] is not None else "not recorded (session not ended)"
                doc.add(Bullets((
                    f"Setting: {s['setting']}",
                    f"Classroom: {s['classroom'] or '-'}{teacher}",
                    f"Activity: {s['activity'] or '-'}",
                    f"Format: {s['format'] or '-'}",
                    f"Minutes: {minutes}",
                )))
            else:
                doc.add(Heading(f"{s['date']}, entries outside a session", 3))
            if s["goals"]:
                doc.add(Paragraph("Goals addressed:"), Bullets(tuple(g["line"] for g in s["goals"])))
            else:
                doc.add(Paragraph("Goals addressed: none with confirmed data."))
            if s["observations"]:
                doc.add(Paragraph("Observations:"), Bullets(tuple(s["observations"])))
    for obs in data.observations:
        goal = data.goals.get(obs.goal_id) if obs.goal_id is not None else None
        rows.append({"date": obs.day.isoformat(), "student": data.students[obs.student_id].name,
                     "session": obs.session_id, "setting": obs.setting, "goal_id": goal.code if goal else "",
                     "area": goal.area if goal else "", "data_type": obs.data_type, "correct": obs.correct,
                     "total": obs.total, "count": obs.count, "percent": obs.percent, "cue": obs.cue or "",
                     "result": clinical_line(obs) if obs.data_type != "anecdotal" else "", "text": obs.text})
    return Export(kind="note", document=doc, model=model, stem=stem_for("note", data), columns=CSV_COLUMNS,
                  rows=rows)
