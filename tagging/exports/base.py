"""What every template returns, and helpers they share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from tagging.exports.data import ExportData, Obs, SessionInfo, StudentInfo
from tagging.exports.document import Document


@dataclass
class Export:
    """One built export, before it is rendered in a format.

    kind: note | teacher | parent | minutes | progress | notes.
    document: the fixed template, for md, txt, docx and pdf (None: no document form).
    model: the same content as plain data, for json.
    columns, rows: the CSV form (no columns: no CSV form).
    stem: the default file-name stem (already de-identified when asked).
    warnings: what was left out because nobody confirmed it.
    """

    kind: str
    document: Document | None
    model: dict | list
    stem: str
    columns: tuple[str, ...] = ()
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _period(data: ExportData, *, unknown: str, joiner: str) -> str:
    """One day, or the first and last joined by `joiner`; `unknown` when there are no dates."""
    if data.date_from is None or data.date_to is None:
        return unknown
    if data.date_from == data.date_to:
        return data.date_from.isoformat()
    return f"{data.date_from.isoformat()}{joiner}{data.date_to.isoformat()}"


def period_text(data: ExportData) -> str:
    return _period(data, unknown="no data", joiner=" to ")


def period_stem(data: ExportData) -> str:
    if data.scope.session_id is not None:
        return f"session-{data.scope.session_id}"
    return _period(data, unknown="all", joiner="_")


def file_safe(text: str) -> str:
    """A name part safe in a file name on every system: letters, digits, '-' and '_'."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in text.replace(".", ""))
    return "-".join(part for part in cleaned.split("-") if part) or "export"


def stem_for(kind: str, data: ExportData) -> str:
    who = ""
    if data.scope.student and len(data.students) == 1:
        who = file_safe(next(iter(data.students.values())).name)
    elif data.scope.goal and len(data.goals) == 1:
        who = file_safe(next(iter(data.goals.values())).code)
    return "_".join(p for p in (kind, who, period_stem(data)) if p)


def by_student_session(data: ExportData) -> dict[int, dict[int | None, list[Obs]]]:
    """student id -> session id (None: no session) -> confirmed points, in date order."""
    grouped: dict[int, dict[int | None, list[Obs]]] = defaultdict(lambda: defaultdict(list))
    for obs in data.observations:
        grouped[obs.student_id][obs.session_id].append(obs)
    return grouped


def sessions_of(data: ExportData, student: StudentInfo, with_data: set[int | None]) -> list[SessionInfo]:
    """The student's sessions in scope: present, or with data; in date order."""
    return [s for s in data.sessions.values() if student.id in s.student_ids or s.id in with_data]


def ordered_students(data: ExportData) -> list[StudentInfo]:
    return sorted(data.students.values(), key=lambda s: (s.name.casefold(), s.id))


def time_range(session: SessionInfo) -> str:
    start = session.start.strftime("%H:%M")
    return f"{start}-{session.end.strftime('%H:%M')}" if session.end else f"{start}-(open)"


def day_of(item: SessionInfo | Obs) -> date:
    return item.start.date() if isinstance(item, SessionInfo) else item.day
