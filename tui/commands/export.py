"""`pushin export KIND`: memos as JSON, and the documentation exports.

    pushin export notes --format json
    pushin export note|teacher|parent|minutes|progress [--student NAME] [--goal GOAL_ID]
        [--from DATE] [--to DATE] [--session ID] [--format md|txt|csv|json|docx|pdf]
        [--deidentify] [-o FILE]

Text formats go to standard output unless -o is given; DOCX and PDF always go
to a file (the suggested name in the current folder when -o is missing).
What was left out because nobody confirmed it is listed on standard error.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from models.errors import PushinError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from tagging.exports import FORMATS, KINDS

    parser.add_argument("kind", choices=KINDS, metavar="KIND",
                        help="notes (every memo, JSON), note, teacher, parent, minutes or progress")
    parser.add_argument("--student", metavar="NAME", help="one student (full name or an unambiguous part)")
    parser.add_argument("--goal", metavar="GOAL_ID", help="one goal, by its code (e.g. JB-1)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--session", type=int, metavar="ID", help="one session")
    parser.add_argument("--format", choices=FORMATS, help="md, txt, csv, json, docx or pdf (default: md; "
                        "json for notes, csv for minutes)")
    parser.add_argument("--deidentify", action="store_true", help="names become initials, file names included")
    parser.add_argument("--mastery", type=int, default=3, metavar="N",
                        help="progress: sessions in a row at or above target that count as mastery (default 3)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (a file or a folder)")


def _date(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PushinError(f"{option} {text!r}: not a date; write it as YYYY-MM-DD") from None


def run(args: argparse.Namespace, context) -> int:
    from tagging.exports import (
        BINARY_FORMATS,
        ExportOptions,
        Scope,
        build_export,
        default_format,
        namer_for,
        render,
        write_export,
    )

    fmt = args.format or default_format(args.kind)
    scope = Scope(student=args.student, goal=args.goal, date_from=_date(args.date_from, "--from"),
                  date_to=_date(args.date_to, "--to"), session_id=args.session)
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise PushinError(f"--from {scope.date_from} is after --to {scope.date_to}")
    if args.mastery < 1:
        raise PushinError("--mastery must be 1 or more")
    options = ExportOptions(format=fmt, deidentify=args.deidentify, provider=context.config.provider,
                            mastery_consecutive=args.mastery)
    export = build_export(context.store, args.kind, scope, options)
    if export.warnings:
        context.warn(f"warning: {len(export.warnings)} item(s) not confirmed yet were left out "
                     "(confirm them in the review queue):")
        for line in export.warnings:
            context.warn(f"  {line}")
    output = args.output
    if output is None and fmt in BINARY_FORMATS:
        output = Path.cwd()
    rendered = render(export, fmt, with_charts=output is not None)
    if output is None:
        text = rendered.content
        context.say(text.rstrip("\n") if isinstance(text, str) else "")
        if export.document is not None and export.document.charts() and fmt in ("md", "txt"):
            context.warn("note: charts are written as SVG files beside the export only with -o FILE")
        return 0
    paths = write_export(rendered, output, namer=namer_for(context.store) if args.deidentify else None)
    for path in paths:
        context.warn(f"wrote {path}")
    return 0
