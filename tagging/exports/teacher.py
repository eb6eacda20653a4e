"""Teacher update: two to four sentences per push-in session, and carryover strategies.

Written for the classroom teacher: first names, plain words, no goal codes.
The sentences say when and what, how each student did, and one moment worth
knowing (an anecdotal note) when there is one; then one carryover strategy per
goal worked on, from the goal's strategy field.
"""

from __future__ import annotations

from tagging.exports.base import Export, by_student_session, period_text, stem_for
from tagging.exports.data import ExportData, Obs, SessionInfo
from tagging.exports.document import Bullets, Document, Heading, Paragraph
from tagging.exports.wording import day_text, join_words, pct, plain_cue, score


def _goal_name(data: ExportData, goal_id: int) -> str:
    goal = data.goals[goal_id]
    return (goal.area or "communication").casefold()


def _how_it_went(data: ExportData, name: str, points: list[Obs]) -> str:
    by_goal: dict[int, list[Obs]] = {}
    for obs in points:
        if obs.goal_id is not None and obs.goal_id in data.goals and obs.data_type != "anecdotal":
            by_goal.setdefault(obs.goal_id, []).append(obs)
    parts = []
    for goal_id, goal_points in sorted(by_goal.items(), key=lambda kv: data.goal_code(kv[0])):
        result = score(goal_points)
        if result.value is None:
            continue
        if result.unit == "%" and result.total:
            got = f"{result.correct} of {result.total} ({pct(result.value)})"
        elif result.unit == "%":
            got = pct(result.value)
        elif result.unit == "count":
            got = f"{result.value:g} time" + ("" if result.value == 1 else "s")
        else:
            got = result.text()
        cue = plain_cue(result.cue)
        parts.append(f"{_goal_name(data, goal_id)} {got}" + (f" {cue}" if cue else ""))
    if not parts:
        return ""
    return f"{name}: {', '.join(parts)}"


def _session_block(data: ExportData, session: SessionInfo, grouped: dict) -> dict | None:
    worked = [data.students[sid] for sid in sorted(data.students, key=lambda i: data.students[i].name)
              if session.id in grouped.get(sid, {})]
    if not worked:
        return None
    names = [s.first_name for s in worked]
    areas = sorted({_goal_name(data, o.goal_id) for s in worked for o in grouped[s.id][session.id]
                    if o.goal_id is not None and o.goal_id in data.goals})
    where = f"{session.teacher}'s class" if session.teacher else "class"
    if session.classroom:
        where += f" ({session.classroom})"
    during = f" during {session.activity}" if session.activity else ""
    sentences = [f"On {day_text(session.start.date())} I joined {where}{during} and worked with "
                 f"{join_words(names)} on {join_words(areas) or 'their goals'}."]
    results = [r for r in (_how_it_went(data, s.first_name, grouped[s.id][session.id]) for s in worked) if r]
    if results:
        sentences.append("How it went: " + "; ".join(results) + ".")
    notes = [o.text for s in worked for o in grouped[s.id][session.id] if o.data_type == "anecdotal" and o.text]
    if notes:
        note = notes[0].strip()
        sentences.append(note if note.endswith((".", "!", "?")) else note + ".")
    if len(sentences) < 2:  # two sentences at least: say plainly there was nothing to score
        sentences.append("There were no scores to report this time.")
    strategies = []
    seen = set()
    for student in worked:
        for obs in grouped[student.id][session.id]:
            goal = data.goals.get(obs.goal_id) if obs.goal_id is not None else None
            if goal is None or goal.id in seen:
                continue
            seen.add(goal.id)
            if goal.strategy:
                strategies.append(f"{student.first_name}, {goal.area.casefold() or 'communication'}: {goal.strategy}")
    if strategies:
        sentences.append("Between sessions, the strategies below help carry this over to class.")
    return {"session_id": session.id, "date": session.start.date().isoformat(), "teacher": session.teacher,
            "classroom": session.classroom, "activity": session.activity, "students": names,
            "sentences": sentences[:4], "strategies": strategies}


def build(data: ExportData) -> Export:
    grouped = by_student_session(data)
    blocks = []
    for session in data.sessions.values():
        if session.setting != "push-in":
            continue
        block = _session_block(data, session, grouped)
        if block:
            blocks.append(block)
    model = {"kind": "teacher", "provider": data.provider,
             "period": {"from": data.date_from.isoformat() if data.date_from else None,
                        "to": data.date_to.isoformat() if data.date_to else None},
             "sessions": blocks}
    doc = Document("Speech-language update for the classroom")
    doc.add(Paragraph(f"Period: {period_text(data)}." + (f" From {data.provider}." if data.provider else "")))
    if not blocks:
        doc.add(Paragraph("No push-in sessions with confirmed data in this period."))
    for block in blocks:
        doc.add(Heading(f"{block['date']}" + (f", {block['teacher']}" if block["teacher"] else ""), 2))
        doc.add(Paragraph(" ".join(block["sentences"])))
        if block["strategies"]:
            doc.add(Paragraph("Carryover strategies:"), Bullets(tuple(block["strategies"])))
    return Export(kind="teacher", document=doc, model=model, stem=stem_for("teacher", data))
