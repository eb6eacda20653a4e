"""Benchmark: every export of one student, and the progress CSV of all, over a year of data.

Run by hand (not collected by pytest):

    .venv/bin/python tests/bench_exports.py [--keep DIR]

Generates a full caseload into a temporary store: 40 students with 2-3 goals
each, 36 school weeks, every student in one push-in and one pull-out group
session a week, about 10,000 confirmed observations, a memo per session. Then
times each export (build + render, in process) and prints a table; the target
is under 2 s each.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.config import Config  # noqa: E402
from models.store import Store  # noqa: E402
from tagging.exports import ExportOptions, Scope, build_export, render  # noqa: E402

STUDENTS = 40
WEEKS = 36
GROUP = 4  # students per group session
FIRST_MONDAY = date(2024, 9, 2)
TZ = "-05:00"
AREAS = [("articulation", "trials"), ("language", "trials"), ("fluency", "tally"), ("social communication", "trials")]
CUES = ("independent", "verbal", "visual", "phonemic", "model", "gestural")


def generate(store: Store, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")  # generation only; the store itself keeps FULL
    conn.execute("BEGIN")
    goals: dict[int, list[tuple[int, str]]] = {}
    for n in range(STUDENTS):
        name = f"Student{n:02d} Family{n:02d}"
        sid = Store.insert(conn, "students", {"name": name, "grade": str(1 + n % 5), "teacher": f"Ms. Teacher{n % 8}",
                                              "created_at": "2024-08-30T08:00:00" + TZ,
                                              "minutes_push_in_per_week": 30, "minutes_pull_out_per_week": 30})
        goals[sid] = []
        for g in range(2 + n % 2):
            area, measure = AREAS[(n + g) % len(AREAS)]
            gid = Store.insert(conn, "goals", {"student_id": sid, "code": f"S{n:02d}-{g + 1}", "area": area,
                                               "text": f"Goal {g + 1} in {area}", "target": 80.0 if measure == "trials"
                                               else 5.0, "measure": measure, "strategy": "Model it once a lesson."})
            goals[sid].append((gid, measure))
    student_ids = sorted(goals)
    groups = [student_ids[i:i + GROUP] for i in range(0, len(student_ids), GROUP)]
    observations = 0
    obs_rows = []
    for week in range(WEEKS):
        monday = FIRST_MONDAY + timedelta(weeks=week)
        for index, group in enumerate(groups):
            for setting, day_offset in (("push-in", index % 5), ("pull-out", (index + 2) % 5)):
                day = monday + timedelta(days=day_offset)
                start = datetime(day.year, day.month, day.day, 8 + index % 7, 0)
                minutes = 30 if rng.random() > 0.1 else 20  # some short sessions: shortfalls to flag
                session_id = Store.insert(conn, "sessions", {
                    "started_at": start.isoformat() + TZ,
                    "ended_at": (start + timedelta(minutes=minutes)).isoformat() + TZ, "setting": setting,
                    "teacher": f"Ms. Teacher{index % 8}", "classroom": f"Room {10 + index}", "activity": "centers",
                    "format": "small group"})
                note_id = Store.insert(conn, "notes", {"created_at": start.isoformat() + TZ, "session_id": session_id,
                                                       "status": "transcribed", "transcript_raw": "memo",
                                                       "reviewed_at": start.isoformat() + TZ})
                for sid in group:
                    Store.insert(conn, "session_students", {"session_id": session_id, "student_id": sid})
                    for gid, measure in goals[sid]:
                        for _ in range(1 + (rng.random() < 0.4)):
                            if measure == "trials":
                                total = rng.choice((5, 10))
                                values = {"correct": rng.randint(total // 3, total), "total": total}
                            else:
                                values = {"count": rng.randint(0, 8)}
                            obs_rows.append((note_id, session_id, sid, gid, measure, values.get("correct"),
                                             values.get("total"), values.get("count"), rng.choice(CUES),
                                             1, "suggested", start.isoformat() + TZ))
                            observations += 1
    conn.executemany(
        "INSERT INTO observations (note_id, session_id, student_id, goal_id, data_type, correct, total, count, cue, "
        "confirmed, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", obs_rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA synchronous = FULL")
    return {"students": STUDENTS, "sessions": WEEKS * len(groups) * 2, "observations": observations}


def timed(label: str, func) -> tuple[str, float, int]:
    start = time.perf_counter()
    size = func()
    return label, time.perf_counter() - start, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    home = args.keep or Path(tempfile.mkdtemp(prefix="pushin-bench-"))
    store = Store(home)
    started = time.perf_counter()
    counts = generate(store)
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s into {home}")
    Config(provider="Pat Rivera, CCC-SLP").save(home)
    student = "Student07 Family07"

    def run(kind: str, fmt: str, **scope):
        def go() -> int:
            options = ExportOptions(format=fmt, provider="Pat Rivera, CCC-SLP")
            content = render(build_export(store, kind, Scope(**scope), options), fmt).content
            return len(content)
        return go

    cases = [(f"{kind} {fmt} (one student, year)", run(kind, fmt, student=student))
             for kind, formats in (("note", ("md", "txt", "csv", "json", "docx", "pdf")),
                                   ("teacher", ("md", "json", "docx", "pdf")), ("parent", ("md", "txt", "pdf")),
                                   ("minutes", ("csv", "md", "pdf")),
                                   ("progress", ("md", "csv", "json", "docx", "pdf")))
             for fmt in formats]
    cases += [("progress csv (all students)", run("progress", "csv")),
              ("minutes csv (all students)", run("minutes", "csv")),
              ("notes json (every memo)", run("notes", "json"))]
    results = [timed(label, func) for label, func in cases]

    def cli(kind: str, fmt: str, *scope: str):
        def go() -> int:
            out = home / f"cli-{kind}.{fmt}"
            subprocess.run([sys.executable, "-m", "tui", "export", kind, *scope, "--format", fmt, "-o", str(out)],
                           cwd=Path(__file__).resolve().parents[1], check=True,
                           env={"PUSHIN_HOME": str(home), "PATH": "/usr/bin:/bin"}, capture_output=True)
            return out.stat().st_size
        return go

    one = ("--student", student)
    for kind, fmt, scope in (("note", "pdf", one), ("note", "docx", one), ("progress", "pdf", one),
                             ("progress", "docx", one), ("minutes", "csv", one), ("progress", "csv", ())):
        who = "one student" if scope else "all students"
        results.append(timed(f"CLI process: export {kind} --format {fmt} ({who})", cli(kind, fmt, *scope)))
    width = max(len(r[0]) for r in results)
    print(f"{'export':<{width}}  seconds  bytes")
    for label, seconds, size in results:
        flag = "" if seconds < 2 else "  OVER 2 s"
        print(f"{label:<{width}}  {seconds:7.3f}  {size}{flag}")
    return 0 if all(r[1] < 2 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
