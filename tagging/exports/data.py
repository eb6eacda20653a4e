"""Gather what an export needs from the store, in a handful of queries.

Every export reads the same shape: the caseload (students with goals and IEP
minutes), the sessions in scope, the confirmed observations in scope, and the
things left out because nobody confirmed them yet (listed as warnings, never
dropped silently). One query per table, whatever the date range, so a year of
data for a full caseload exports in well under a second.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from models.domain import Goal
from models.errors import PushinError
from models.store import Store


@dataclass(frozen=True)
class Scope:
    """What to export.

    student: a student's full name (or an unambiguous part of it); None: everyone.
    goal: a goal code such as "JB-1"; None: every goal.
    date_from, date_to: inclusive local dates; None: open-ended.
    session_id: one session only.
    """

    student: str | None = None
    goal: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    session_id: int | None = None


@dataclass(frozen=True)
class StudentInfo:
    id: int
    name: str
    grade: str
    teacher: str
    goals: tuple[Goal, ...]
    minutes_push_in: int | None = None  # weekly IEP minutes, None: not set
    minutes_pull_out: int | None = None

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else self.name


@dataclass(frozen=True)
class SessionInfo:
    id: int
    start: datetime
    end: datetime | None
    setting: str
    teacher: str
    classroom: str
    activity: str
    format: str
    student_ids: tuple[int, ...]

    @property
    def minutes(self) -> int | None:
        """Whole minutes from start to end; None while the session is open."""
        if self.end is None:
            return None
        return max(0, round((self.end - self.start).total_seconds() / 60))


@dataclass(frozen=True)
class Obs:
    """A confirmed (or, in warnings, suggested) data point with its context."""

    id: int
    student_id: int
    goal_id: int | None
    session_id: int | None
    note_id: int | None
    day: date  # the session's date, else the memo's, else when it was entered
    at: str  # ISO timestamp used for ordering
    setting: str  # the observation's own setting, else its session's; "" when unknown
    data_type: str
    correct: int | None
    total: int | None
    count: int | None
    percent: float | None
    duration_seconds: float | None
    cue: str | None
    text: str
    confirmed: bool
    source: str


@dataclass(frozen=True)
class PendingMemo:
    """A memo in scope that nobody has confirmed yet."""

    note_id: int
    day: date
    status: str
    session_id: int | None


@dataclass
class ExportData:
    """Everything one export reads, already narrowed to its scope."""

    scope: Scope
    provider: str
    students: dict[int, StudentInfo]  # the students in scope, by id
    goals: dict[int, Goal]  # every goal of the students in scope
    sessions: dict[int, SessionInfo]  # sessions in scope, by id (ordered by start)
    observations: list[Obs]  # confirmed only, ordered by date then id
    unconfirmed: list[Obs] = field(default_factory=list)  # suggested, left out
    pending_memos: list[PendingMemo] = field(default_factory=list)
    open_sessions: list[int] = field(default_factory=list)  # sessions without an end time
    date_from: date | None = None  # the period covered (scope, else the data's own span)
    date_to: date | None = None

    def goal_code(self, goal_id: int | None) -> str:
        goal = self.goals.get(goal_id) if goal_id is not None else None
        return goal.code if goal else ""

    def warnings(self) -> list[str]:
        """What was left out, one line each: memos and observations not yet confirmed."""
        lines = []
        for memo in self.pending_memos:
            where = f"session {memo.session_id}" if memo.session_id else "no session"
            lines.append(f"memo {memo.note_id} ({memo.day.isoformat()}, {where}, {memo.status}) "
                         "is not confirmed yet: left out")
        for obs in self.unconfirmed:
            who = self.students[obs.student_id].name if obs.student_id in self.students else "?"
            goal = self.goal_code(obs.goal_id) or "no goal"
            memo = f"memo {obs.note_id}" if obs.note_id else f"{obs.source} entry"
            lines.append(f"suggested observation {obs.id} ({obs.day.isoformat()}, {memo}, {who}, {goal}) "
                         "is not confirmed yet: left out")
        for session_id in self.open_sessions:
            lines.append(f"session {session_id} has no end time: its minutes are not counted")
        return lines


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def resolve_student(students: list[StudentInfo], name: str) -> StudentInfo:
    """The one student a name means: the full name, else an unambiguous part of it."""
    wanted = _norm(name)
    exact = [s for s in students if _norm(s.name) == wanted]
    if exact:
        return exact[0]
    partial = [s for s in students if wanted in _norm(s.name)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise PushinError(f"no student named {name!r} in the caseload")
    raise PushinError(f"{name!r} matches several students ({', '.join(s.name for s in partial)}); give the full name")


def _day_bounds(scope: Scope) -> tuple[str, str]:
    """ISO text bounds: local timestamps compare as text within one day's prefix."""
    low = scope.date_from.isoformat() if scope.date_from else ""
    high = (scope.date_to + timedelta(days=1)).isoformat() if scope.date_to else "9999"
    return low, high


def load(store: Store, scope: Scope, provider: str = "") -> ExportData:
    """Read what the scope covers. Raises PushinError for an unknown student, goal or session."""
    minutes = store.iep_minutes()
    everyone = [
        StudentInfo(id=s.id, name=s.name, grade=s.grade, teacher=s.teacher, goals=s.goals,
                    minutes_push_in=minutes.get(s.id, (None, None))[0],
                    minutes_pull_out=minutes.get(s.id, (None, None))[1])
        for s in store.students()
    ]
    chosen = everyone
    if scope.student:
        chosen = [resolve_student(everyone, scope.student)]
    goal_filter: int | None = None
    if scope.goal:
        matches = [(s, g) for s in everyone for g in s.goals if _norm(g.code) == _norm(scope.goal)]
        if not matches:
            raise PushinError(f"no goal with code {scope.goal!r} in the caseload")
        owner, goal = matches[0]
        if scope.student and owner.id != chosen[0].id:
            raise PushinError(f"goal {goal.code} belongs to {owner.name}, not {chosen[0].name}")
        chosen = [owner]
        goal_filter = goal.id
    student_ids = {s.id for s in chosen}
    students = {s.id: s for s in chosen}
    goals = {g.id: g for s in chosen for g in s.goals if goal_filter is None or g.id == goal_filter}

    low, high = _day_bounds(scope)
    # Sessions in range, each with the students present, in one query.
    session_sql = (
        "SELECT s.*, group_concat(ss.student_id) AS present FROM sessions s "
        "LEFT JOIN session_students ss ON ss.session_id = s.id "
        "WHERE s.started_at >= ? AND s.started_at < ?"
    )
    params: list = [low, high]
    if scope.session_id is not None:
        session_sql += " AND s.id = ?"
        params.append(scope.session_id)
    session_sql += " GROUP BY s.id ORDER BY s.started_at, s.id"
    all_sessions = {}
    for row in store.rows(session_sql, params):
        present = tuple(sorted(int(x) for x in (row["present"] or "").split(",") if x))
        all_sessions[row["id"]] = SessionInfo(
            id=row["id"], start=_parse(row["started_at"]),
            end=_parse(row["ended_at"]) if row["ended_at"] else None, setting=row["setting"] or "",
            teacher=row["teacher"] or "", classroom=row["classroom"] or "", activity=row["activity"] or "",
            format=row["format"] or "", student_ids=present)
    if scope.session_id is not None and scope.session_id not in all_sessions \
            and not store.rows("SELECT id FROM sessions WHERE id = ?", [scope.session_id]):
        raise PushinError(f"no session with id {scope.session_id}")

    # Observations in scope: the session (or memo) decides the date and setting.
    where = ["o.deleted_at IS NULL", "when_at >= ?", "when_at < ?"]
    params = [low, high]
    if len(student_ids) < len(everyone):
        where.append(f"o.student_id IN ({','.join('?' * len(student_ids))})")
        params.extend(sorted(student_ids))
    if goal_filter is not None:
        where.append("o.goal_id = ?")
        params.append(goal_filter)
    if scope.session_id is not None:
        where.append("sid = ?")
        params.append(scope.session_id)
    obs_sql = (
        "SELECT * FROM (SELECT o.*, COALESCE(o.session_id, n.session_id) AS sid, "
        "COALESCE(s.started_at, n.created_at, o.created_at) AS when_at, s.setting AS session_setting "
        "FROM observations o LEFT JOIN notes n ON n.id = o.note_id "
        "LEFT JOIN sessions s ON s.id = COALESCE(o.session_id, n.session_id)) o "
        f"WHERE {' AND '.join(where)} ORDER BY when_at, o.id"
    )
    confirmed: list[Obs] = []
    unconfirmed: list[Obs] = []
    for row in store.rows(obs_sql, params):
        obs = Obs(
            id=row["id"], student_id=row["student_id"], goal_id=row["goal_id"], session_id=row["sid"],
            note_id=row["note_id"], day=_parse(row["when_at"]).date(), at=row["when_at"],
            setting=row["setting"] or row["session_setting"] or "", data_type=row["data_type"],
            correct=row["correct"], total=row["total"], count=row["count"], percent=row["percent"],
            duration_seconds=row["duration_seconds"], cue=row["cue"], text=row["text"] or "",
            confirmed=bool(row["confirmed"]), source=row["source"] or "")
        (confirmed if obs.confirmed else unconfirmed).append(obs)

    # Sessions in scope: those the chosen students attended or have data in.
    with_data = {o.session_id for o in confirmed if o.session_id is not None}
    sessions = {
        sid: s for sid, s in all_sessions.items()
        if sid in with_data or student_ids.intersection(s.student_ids)
    }

    # Memos in scope nobody has looked at: not reviewed, nothing confirmed from them.
    memo_where = ["n.deleted_at IS NULL", "n.reviewed_at IS NULL", "when_at >= ?", "when_at < ?",
                  "NOT EXISTS (SELECT 1 FROM observations c WHERE c.note_id = n.id AND c.confirmed = 1 "
                  "AND c.deleted_at IS NULL)"]
    params = [low, high]
    if scope.session_id is not None:
        memo_where.append("n.session_id = ?")
        params.append(scope.session_id)
    memo_sql = (
        "SELECT * FROM (SELECT n.*, COALESCE(s.started_at, n.created_at) AS when_at FROM notes n "
        "LEFT JOIN sessions s ON s.id = n.session_id) n "
        f"WHERE {' AND '.join(memo_where)} ORDER BY when_at, n.id"
    )
    suggested_about = {o.note_id for o in unconfirmed}
    pending = []
    for row in store.rows(memo_sql, params):
        session = all_sessions.get(row["session_id"]) if row["session_id"] else None
        # A memo about someone else's session is not this student's business; a memo in
        # no session (or with suggestions naming the student) might be, so it is listed.
        if len(student_ids) < len(everyone) and session is not None and row["id"] not in suggested_about \
                and not student_ids.intersection(session.student_ids):
            continue
        pending.append(PendingMemo(note_id=row["id"], day=_parse(row["when_at"]).date(),
                                   status=row["status"], session_id=row["session_id"]))

    days = [s.start.date() for s in sessions.values()] + [o.day for o in confirmed]
    date_from = scope.date_from or (min(days) if days else None)
    date_to = scope.date_to or (max(days) if days else None)
    return ExportData(
        scope=scope, provider=provider, students=students, goals=goals, sessions=sessions,
        observations=confirmed, unconfirmed=unconfirmed, pending_memos=pending,
        open_sessions=[s.id for s in sessions.values() if s.end is None],
        date_from=date_from, date_to=date_to)
