"""`pushin caseload import FILE.csv` and `pushin caseload list`."""

from __future__ import annotations

import argparse
from pathlib import Path

from models.caseload import import_caseload


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importer = actions.add_parser("import", help="import students and IEP goals from a CSV file")
    importer.add_argument("file", type=Path, help="caseload CSV (see the README for its columns)")
    actions.add_parser("list", help="list students and their goals")


def run(args: argparse.Namespace, context) -> int:
    if args.action == "import":
        summary = import_caseload(context.store, args.file)
        if summary.changed:
            context.say(f"imported {summary.rows} goal rows: {summary.students_added} students added, "
                        f"{summary.goals_added} goals added, {summary.goals_updated} goals updated")
        else:
            context.say(f"{summary.rows} goal rows: nothing changed (already imported)")
        return 0
    students = context.store.students()
    if not students:
        context.say("no caseload yet: pushin caseload import FILE.csv")
    for student in students:
        context.say(f"{student.name} (grade {student.grade}, {student.teacher})")
        for goal in student.goals:
            target = "" if goal.target is None else f", target {goal.target:g}"
            context.say(f"  {goal.code} [{goal.area}; {goal.measure}{target}] {goal.text}")
    return 0
