"""Caseload CSV import: one row per IEP goal, validated whole before any write.

A file with any bad row imports nothing; every problem is reported with its
line number. Text stays text ("007" stays "007"): nothing is type-guessed
except the target, which must be a number.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from models.domain import DATA_TYPES
from models.errors import CaseloadError
from models.store import Store

REQUIRED_COLUMNS = ("student", "grade", "teacher", "goal_id", "area", "goal", "target", "measure")
# strategy: a carryover strategy for the teacher update; minutes_*: weekly IEP
# service minutes by setting, for the service-minutes log's shortfall check.
OPTIONAL_COLUMNS = ("strategy", "minutes_push_in", "minutes_pull_out")
MINUTES_COLUMNS = ("minutes_push_in", "minutes_pull_out")


@dataclass(frozen=True)
class CaseloadRow:
    line: int
    student: str
    grade: str
    teacher: str
    goal_id: str
    area: str
    goal: str
    target: float | None
    measure: str
    strategy: str = ""
    minutes_push_in: int | None = None
    minutes_pull_out: int | None = None


@dataclass(frozen=True)
class ImportSummary:
    students_added: int
    goals_added: int
    goals_updated: int
    rows: int

    @property
    def changed(self) -> bool:
        return bool(self.students_added or self.goals_added or self.goals_updated)


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def _parse_target(text: str) -> float:
    return float(text.removesuffix("%").strip())


def read_caseload(path: Path) -> list[CaseloadRow]:
    """Parse and validate the whole file; raise CaseloadError listing every bad row."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CaseloadError([f"{path}: cannot read the file ({error.strerror or error})"]) from error
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError as error:
        raise CaseloadError([f"{path}: not UTF-8 text (save the CSV as UTF-8): {error}"]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise CaseloadError([f"{path}: the file is empty; line 1 must be the header"])
    columns = [_clean(h).lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CaseloadError([f"line 1: missing column(s): {', '.join(missing)}"])
    index = {name: columns.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in columns}

    problems: list[str] = []
    rows: list[CaseloadRow] = []
    first_line_of_goal: dict[str, int] = {}
    student_details: dict[str, tuple[int, str, str]] = {}
    line = reader.line_num
    for fields_ in reader:
        start_line, line = line + 1, reader.line_num
        if not any(f.strip() for f in fields_):
            continue  # blank lines are harmless
        if len(fields_) < len(header):
            problems.append(f"line {start_line}: {len(fields_)} fields, the header has {len(header)}")
            continue
        value = {name: _clean(fields_[i]) for name, i in index.items()}
        row_problems = []
        if not value["student"]:
            row_problems.append("student name is blank")
        if not value["goal_id"]:
            row_problems.append("goal_id is blank")
        elif value["goal_id"] in first_line_of_goal:
            row_problems.append(
                f"duplicate goal_id {value['goal_id']!r} (first on line {first_line_of_goal[value['goal_id']]})")
        target: float | None = None
        if value["target"]:
            try:
                target = _parse_target(value["target"])
            except ValueError:
                row_problems.append(f"target {value['target']!r} is not a number")
        minutes: dict[str, int | None] = {}
        for column in MINUTES_COLUMNS:
            text = value.get(column, "")
            try:
                minutes[column] = int(text) if text else None
                if text and minutes[column] < 0:
                    raise ValueError
            except ValueError:
                row_problems.append(f"{column} {text!r} is not a whole number of minutes a week")
        measure = value["measure"].lower()
        if measure and measure not in DATA_TYPES:
            row_problems.append(f"measure {value['measure']!r} is not one of: {', '.join(DATA_TYPES)}")
        if value["student"]:
            known = student_details.setdefault(value["student"], (start_line, value["grade"], value["teacher"]))
            if (known[1], known[2]) != (value["grade"], value["teacher"]):
                row_problems.append(
                    f"{value['student']} has grade/teacher {value['grade']!r}/{value['teacher']!r} here but "
                    f"{known[1]!r}/{known[2]!r} on line {known[0]}")
        if row_problems:
            problems.extend(f"line {start_line}: {p}" for p in row_problems)
            continue
        first_line_of_goal[value["goal_id"]] = start_line
        rows.append(CaseloadRow(
            line=start_line, student=value["student"], grade=value["grade"], teacher=value["teacher"],
            goal_id=value["goal_id"], area=value["area"], goal=value["goal"], target=target,
            measure=measure or "anecdotal", strategy=value.get("strategy", ""), **minutes))
    if problems:
        raise CaseloadError(problems)
    if not rows:
        raise CaseloadError([f"{path}: no goal rows after the header"])
    return rows


def import_caseload(store: Store, path: Path) -> ImportSummary:
    """Validate the whole file, then write it in one transaction (all or nothing)."""
    rows = read_caseload(path)
    students_added = goals_added = goals_updated = 0
    with store.write() as conn:
        student_ids = {name: sid for sid, name in conn.execute("SELECT id, name FROM students")}
        owner_of_goal = dict(conn.execute(
            "SELECT goals.code, students.name FROM goals JOIN students ON students.id = goals.student_id"))
        clashes = [f"line {r.line}: goal_id {r.goal_id!r} already belongs to {owner_of_goal[r.goal_id]}"
                   for r in rows if owner_of_goal.get(r.goal_id, r.student) != r.student]
        if clashes:
            raise CaseloadError(clashes)
        for row in rows:
            student_id = student_ids.get(row.student)
            if student_id is None:
                student_id = store.insert(conn, "students", {"name": row.student, "grade": row.grade,
                                                              "teacher": row.teacher})
                student_ids[row.student] = student_id
                store.audit(conn, "students", student_id, "import", {"line": row.line})
                students_added += 1
            else:
                conn.execute("UPDATE students SET grade = ?, teacher = ? WHERE id = ? AND (grade IS NOT ? OR "
                             "teacher IS NOT ?)", [row.grade, row.teacher, student_id, row.grade, row.teacher])
            for column, value in (("minutes_push_in_per_week", row.minutes_push_in),
                                  ("minutes_pull_out_per_week", row.minutes_pull_out)):
                if value is not None:
                    conn.execute(f"UPDATE students SET {column} = ? WHERE id = ? AND {column} IS NOT ?",
                                 [value, student_id, value])
            goal = {"student_id": student_id, "code": row.goal_id, "area": row.area, "text": row.goal,
                    "target": row.target, "measure": row.measure}
            if row.strategy:
                goal["strategy"] = row.strategy
            existing = conn.execute("SELECT id, student_id, code, area, text, target, measure, strategy FROM goals "
                                    "WHERE code = ?", [row.goal_id]).fetchone()
            if existing is None:
                goal_id = store.insert(conn, "goals", goal)
                store.audit(conn, "goals", goal_id, "import", {"line": row.line})
                goals_added += 1
                continue
            current = dict(zip(("id", "student_id", "code", "area", "text", "target", "measure", "strategy"),
                               existing, strict=True))
            changes = {k: v for k, v in goal.items() if current[k] != v}
            if changes:
                store.update(conn, "goals", current["id"], changes)
                store.audit(conn, "goals", current["id"], "import", {"line": row.line, **changes})
                goals_updated += 1
    return ImportSummary(students_added, goals_added, goals_updated, len(rows))
