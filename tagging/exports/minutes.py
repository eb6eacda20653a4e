"""Service-minutes log: one row per student per session, and weekly totals against the IEP.

Minutes for a student present = the session's end minus its start. Weeks run
Monday to Sunday; each week's push-in and pull-out minutes are compared with
the student's weekly IEP minutes, and a shortfall is flagged. A week cut by
--from/--to is marked partial and not flagged (its other days are not in
the export); without dates the period is the data's own whole weeks.
"""

from __future__ import annotations

from datetime import date, timedelta

from tagging.exports.base import Export, ordered_students, period_text, stem_for
from tagging.exports.data import ExportData
from tagging.exports.document import Document, Heading, Paragraph, Table

SERVICE = "Speech-language therapy"
CSV_COLUMNS = ("record", "date", "student", "service", "setting", "minutes", "provider",
               "required_minutes", "shortfall_minutes", "flag")
SETTINGS = ("push-in", "pull-out")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(data: ExportData) -> Export:
    log = []
    for session in data.sessions.values():
        if session.minutes is None:
            continue  # listed in the warnings: an open session has no minutes yet
        for student in ordered_students(data):
            if student.id in session.student_ids:
                log.append({"record": "session", "date": session.start.date().isoformat(), "student": student.name,
                            "service": SERVICE, "setting": session.setting, "minutes": session.minutes,
                            "provider": data.provider, "session": session.id, "_student_id": student.id,
                            "_day": session.start.date()})
    delivered: dict[tuple[int, str, date], int] = {}
    for r in log:
        key = (r["_student_id"], r["setting"], _monday(r["_day"]))
        delivered[key] = delivered.get(key, 0) + r["minutes"]
    weeks = []
    notes = []
    if data.date_from and data.date_to:
        first, last = _monday(data.date_from), _monday(data.date_to)
        for student in ordered_students(data):
            required = {"push-in": student.minutes_push_in, "pull-out": student.minutes_pull_out}
            if all(v is None for v in required.values()):
                if any(r["_student_id"] == student.id for r in log):
                    notes.append(f"{student.name}: IEP minutes not set, weekly totals not checked.")
                continue
            week = first
            while week <= last:
                # Only a date the SLP gave can cut a week; a period taken from the data is whole weeks.
                partial = bool(data.scope.date_from and week < data.scope.date_from) or bool(
                    data.scope.date_to and week + timedelta(days=6) > data.scope.date_to)
                for setting in SETTINGS:
                    need = required[setting]
                    if need is None:
                        continue
                    got = delivered.get((student.id, setting, week), 0)
                    short = max(0, need - got)
                    flag = "partial week" if partial else ("SHORTFALL" if short else "")
                    weeks.append({"record": "week", "date": week.isoformat(), "student": student.name,
                                  "service": SERVICE, "setting": setting, "minutes": got, "provider": data.provider,
                                  "required_minutes": need, "shortfall_minutes": short if not partial else None,
                                  "flag": flag})
                week += timedelta(days=7)
    public_log = [{k: v for k, v in r.items() if not k.startswith("_")} for r in log]
    shortfalls = [w for w in weeks if w["flag"] == "SHORTFALL"]
    model = {"kind": "minutes", "provider": data.provider, "service": SERVICE,
             "period": {"from": data.date_from.isoformat() if data.date_from else None,
                        "to": data.date_to.isoformat() if data.date_to else None},
             "log": public_log, "weeks": weeks, "notes": notes}

    doc = Document("Service-minutes log")
    doc.add(Paragraph(f"Period: {period_text(data)}. Service: {SERVICE}. "
                      f"Provider: {data.provider or '(not set)'}."))
    doc.add(Heading("Sessions", 2))
    if public_log:
        doc.add(Table(("Date", "Student", "Service", "Setting", "Minutes", "Provider"),
                      tuple((r["date"], r["student"], r["service"], r["setting"], str(r["minutes"]), r["provider"])
                            for r in public_log)))
    else:
        doc.add(Paragraph("No ended sessions in this period."))
    doc.add(Heading("Weekly totals against IEP minutes", 2))
    if weeks:
        doc.add(Paragraph(f"{len(shortfalls)} shortfall{'s' if len(shortfalls) != 1 else ''} flagged. "
                          "Weeks start on Monday."))
        doc.add(Table(("Week of", "Student", "Setting", "Minutes", "IEP minutes", "Short by", "Flag"),
                      tuple((w["date"], w["student"], w["setting"], str(w["minutes"]), str(w["required_minutes"]),
                             "" if w["shortfall_minutes"] is None else str(w["shortfall_minutes"]), w["flag"])
                            for w in weeks)))
    else:
        doc.add(Paragraph("No IEP minutes set for these students."))
    for note in notes:
        doc.add(Paragraph(note))
    return Export(kind="minutes", document=doc, model=model, stem=stem_for("minutes", data), columns=CSV_COLUMNS,
                  rows=public_log + weeks)
