"""Parent summary: one student over a period, in plain language.

No goal codes, no clinical terms: areas get everyday names ("Speech sounds"),
settings become "in the classroom" / "in the speech room", cues become what
the help looked like. The goal's own text is left out on purpose: it is written
for the IEP team and is full of jargon. The strategy ("something to try at home")
is shown as the SLP wrote it.
"""

from __future__ import annotations

from tagging.exports.base import Export, by_student_session, ordered_students, period_text, stem_for
from tagging.exports.data import ExportData, Obs, StudentInfo
from tagging.exports.document import Document, Heading, Paragraph
from tagging.exports.wording import PLAIN_SETTINGS, plain_area, plain_cue, score, short_day, usual_cue

ORDINALS = ("", "second ", "third ", "fourth ", "fifth ", "sixth ")


def _goal_paragraph(data: ExportData, name: str, points: list[Obs], sessions: list[int | None],
                    target: float | None) -> str:
    per_session = []
    for sid in sessions:
        session_points = [o for o in points if o.session_id == sid]
        if session_points:
            per_session.append((sid, score(session_points)))
    scored = [(sid, s) for sid, s in per_session if s.value is not None]
    sentences = []
    if scored and scored[0][1].unit == "%":
        first, last = scored[0][1].value or 0, scored[-1][1].value or 0
        if len(scored) == 1:
            sentences.append(f"In the one session with a score, {name} was right about {round(last)} out of "
                             "100 times.")
        else:
            trend = "up from" if last > first + 5 else "down from" if last < first - 5 else "about the same as"
            sentences.append(f"In the latest session {name} was right about {round(last)} out of 100 times, "
                             f"{trend} about {round(first)} at the start of this period.")
        by_place: dict[str, list[float]] = {}
        for sid, result in scored:
            session = data.sessions.get(sid) if sid is not None else None
            if session and session.setting in PLAIN_SETTINGS and result.value is not None:
                by_place.setdefault(session.setting, []).append(result.value)
        if len(by_place) == 2:
            places = [f"{PLAIN_SETTINGS[k]} about {round(sum(v) / len(v))} out of 100"
                      for k, v in sorted(by_place.items(), key=lambda kv: kv[0] != "pull-out")]
            sentences.append(f"On average: {places[0]}, and {places[1]}.")
    elif scored:
        first, last = scored[0][1].value or 0, scored[-1][1].value or 0
        aim = f" (the aim is {target:g})" if target is not None else ""
        if len(scored) == 1:
            sentences.append(f"In the one session with a count, {name} reached {last:g}{aim}.")
        else:
            sentences.append(f"In the latest session {name} reached {last:g}{aim}, compared with {first:g} at the "
                             "start of this period.")
    usual = usual_cue(o.cue for o in points)
    if usual:
        sentences.append(f"Most of the time {name} did this {plain_cue(usual)}.")
    if not sentences:
        sentences.append(f"{name} practised this; there are notes but no scores for this period.")
    return " ".join(sentences)


def _student(data: ExportData, student: StudentInfo, grouped: dict[int | None, list[Obs]]) -> dict:
    name = student.first_name
    sessions = [s for s in data.sessions.values() if student.id in s.student_ids or s.id in grouped]
    in_class = sum(1 for s in sessions if s.setting == "push-in")
    in_room = sum(1 for s in sessions if s.setting == "pull-out")
    minutes = sum(s.minutes or 0 for s in sessions)
    places = []
    if in_class:
        places.append(f"{in_class} in the classroom")
    if in_room:
        places.append(f"{in_room} in the speech room")
    overview = (f"Between {short_day(data.date_from)} and {short_day(data.date_to)}, {name} had "
                f"{len(sessions)} speech and language session{'s' if len(sessions) != 1 else ''}"
                + (f" ({' and '.join(places)})" if places else "") + f", {minutes} minutes in all."
                if data.date_from and data.date_to else f"{name} had no sessions in this period.")
    points_by_goal: dict[int, list[Obs]] = {}
    for pts in grouped.values():
        for obs in pts:
            if obs.goal_id is not None and obs.goal_id in data.goals:
                points_by_goal.setdefault(obs.goal_id, []).append(obs)
    session_order = [s.id for s in data.sessions.values()] + [None]
    goals = []
    seen_areas: dict[str, int] = {}
    for goal in student.goals:
        if goal.id not in data.goals:
            continue
        area = plain_area(goal.area)
        nth = seen_areas.get(area, 0)
        seen_areas[area] = nth + 1
        heading = area if nth == 0 else f"{area} ({ORDINALS[min(nth, len(ORDINALS) - 1)]}goal)"
        points = points_by_goal.get(goal.id, [])
        if points:
            text = _goal_paragraph(data, name, points, session_order, goal.target)
        else:
            text = "We did not work on this during this period."
        home = f" Something to try at home: {goal.strategy}" if goal.strategy else ""
        goals.append({"area": heading, "summary": text, "try_at_home": goal.strategy})
        goals[-1]["paragraph"] = text + home
    return {"student": student.name, "first_name": name, "overview": overview, "goals": goals}


def build(data: ExportData) -> Export:
    grouped = by_student_session(data)
    students = [_student(data, s, grouped.get(s.id, {})) for s in ordered_students(data)]
    model = {"kind": "parent", "provider": data.provider,
             "period": {"from": data.date_from.isoformat() if data.date_from else None,
                        "to": data.date_to.isoformat() if data.date_to else None},
             "students": students}
    title = (f"Speech and language update for {students[0]['student']}" if len(students) == 1
             else "Speech and language updates")
    doc = Document(title)
    for student in students:
        if len(students) > 1:
            doc.add(Heading(student["student"], 2))
        doc.add(Paragraph(student["overview"]))
        for goal in student["goals"]:
            doc.add(Heading(goal["area"], 3), Paragraph(goal["paragraph"]))
    sign = f"Thank you for your support at home. {data.provider}" if data.provider else \
        "Thank you for your support at home."
    doc.add(Paragraph(sign))
    doc.add(Paragraph(f"Period: {period_text(data)}."))
    return Export(kind="parent", document=doc, model=model, stem=stem_for("parent", data))
