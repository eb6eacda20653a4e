"""Goal progress: each session's score per goal, by setting, against the mastery rule.

The score of a session pools its confirmed points (correct/total summed, else
percents averaged, else counts summed). Mastery: the goal's target met in
`consecutive` sessions in a row (default 3), counting sessions in either
setting, in date order. Push-in and pull-out are summarised apart so carryover
from the therapy room to the classroom shows at a glance; a chart per goal
goes into the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tagging.exports import chart
from tagging.exports.base import Export, ordered_students, period_text, stem_for
from tagging.exports.data import ExportData, Obs
from tagging.exports.document import Chart, Document, Heading, Paragraph, Table
from tagging.exports.wording import pct, score

CSV_COLUMNS = ("student", "goal_id", "area", "date", "session", "setting", "score", "unit", "correct", "total",
               "points", "cue", "target", "met_target")


@dataclass(frozen=True)
class MasteryRule:
    """consecutive: sessions in a row at or above the goal's target that count as mastery."""

    consecutive: int = 3


def _value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return pct(value) if unit == "%" else f"{value:g}"


def _goal_sessions(data: ExportData, points: list[Obs]) -> list[dict]:
    groups: dict[tuple, list[Obs]] = {}
    for obs in points:
        key = (obs.day, obs.session_id) if obs.session_id is not None else (obs.day, None, obs.setting)
        groups.setdefault(key, []).append(obs)
    rows = []
    for key, pts in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        result = score(pts)
        session = data.sessions.get(key[1]) if key[1] is not None else None
        setting = pts[0].setting or (session.setting if session else "")
        rows.append({"date": key[0].isoformat(), "session": key[1], "setting": setting,
                     "score": None if result.value is None else round(result.value, 1), "unit": result.unit,
                     "correct": result.correct, "total": result.total, "points": result.points,
                     "cue": result.cue or "", "text": result.text()})
    return rows


def _mastery(rows: list[dict], target: float | None, rule: MasteryRule) -> dict:
    if target is None:
        return {"status": "no target", "text": "No target set for this goal."}
    run, start = 0, None
    for row in rows:
        if row["score"] is None:
            continue
        if row["score"] >= target:
            run += 1
            start = start or row["date"]
            if run >= rule.consecutive:
                return {"status": "mastered", "from": start, "to": row["date"],
                        "text": f"Mastered: {rule.consecutive} consecutive sessions at or above the target "
                                f"({start} to {row['date']})."}
        else:
            run, start = 0, None
    return {"status": "not yet", "streak": run,
            "text": f"Not yet mastered: {run} session{'s' if run != 1 else ''} in a row at or above the target "
                    f"at the end of the period; {rule.consecutive} needed."}


def _by_setting(rows: list[dict], unit: str) -> tuple[dict, str]:
    summary = {}
    texts = []
    for setting in ("push-in", "pull-out"):
        scores = [r["score"] for r in rows if r["setting"] == setting and r["score"] is not None]
        if not scores:
            continue
        mean = sum(scores) / len(scores)
        summary[setting] = {"sessions": len(scores), "average": round(mean, 1), "latest": scores[-1]}
        texts.append(f"{setting}: {len(scores)} session{'s' if len(scores) != 1 else ''}, "
                     f"average {_value_text(mean, unit)}, latest {_value_text(scores[-1], unit)}")
    return summary, ("; ".join(texts).capitalize() + ".") if texts else "No scored sessions in this period."


def build(data: ExportData, *, charts: bool = True, rule: MasteryRule | None = None) -> Export:
    rule = rule or MasteryRule()
    points_by_goal: dict[int, list[Obs]] = {}
    for obs in data.observations:
        if obs.goal_id in data.goals and obs.data_type != "anecdotal":
            points_by_goal.setdefault(obs.goal_id, []).append(obs)
    goals_model = []
    doc = Document("Goal progress" + (f": {next(iter(data.students.values())).name}"
                                      if len(data.students) == 1 else ""))
    doc.add(Paragraph(f"Period: {period_text(data)}. Mastery: the target met in {rule.consecutive} "
                      "consecutive sessions. Provider: " + (data.provider or "(not set)") + "."))
    csv_rows = []
    for student in ordered_students(data):
        for goal in student.goals:
            if goal.id not in data.goals:
                continue
            rows = _goal_sessions(data, points_by_goal.get(goal.id, []))
            unit = next((r["unit"] for r in rows if r["unit"]), "%" if goal.measure in ("trials", "interval") else "")
            mastery = _mastery(rows, goal.target, rule)
            settings, settings_text = _by_setting(rows, unit)
            target_text = _value_text(goal.target, unit) if goal.target is not None else "not set"
            goals_model.append({"student": student.name, "goal_id": goal.code, "area": goal.area, "goal": goal.text,
                                "measure": goal.measure, "target": goal.target, "unit": unit, "sessions": rows,
                                "by_setting": settings, "mastery": mastery})
            for row in rows:
                met = None if goal.target is None or row["score"] is None else row["score"] >= goal.target
                csv_rows.append({"student": student.name, "goal_id": goal.code, "area": goal.area, **row,
                                 "target": goal.target, "met_target": met})
            doc.add(Heading(f"{goal.code} ({goal.area}): {goal.text}", 2))
            doc.add(Paragraph(f"Student: {student.name}. Measure: {goal.measure or '-'}. Target: {target_text}."))
            if rows:
                doc.add(Table(("Date", "Setting", "Score", "Data points", "Cue"),
                              tuple((r["date"], r["setting"] or "-", r["text"], str(r["points"]), r["cue"] or "-")
                                    for r in rows)))
            else:
                doc.add(Paragraph("No confirmed data in this period."))
            doc.add(Paragraph(settings_text), Paragraph(mastery["text"]))
            scored = [r for r in rows if r["score"] is not None]
            if charts and scored:
                spec = chart.ChartSpec(
                    title=f"{goal.code}: score per session",
                    points=tuple(chart.Point(date.fromisoformat(r["date"]), r["score"], r["setting"]) for r in scored),
                    target=goal.target, unit=unit or "%")
                doc.add(Chart(name=goal.code, caption=f"{goal.code}: score per session, push-in (circles) and "
                              "pull-out (squares), dashed line at the target.", spec=spec))
    model = {"kind": "progress", "provider": data.provider, "mastery_rule": {"consecutive": rule.consecutive},
             "period": {"from": data.date_from.isoformat() if data.date_from else None,
                        "to": data.date_to.isoformat() if data.date_to else None},
             "goals": goals_model}
    return Export(kind="progress", document=doc, model=model, stem=stem_for("progress", data), columns=CSV_COLUMNS,
                  rows=csv_rows)
