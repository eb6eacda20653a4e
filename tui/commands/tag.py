"""`pushin tag ID [...]` and `pushin tag --confirm-suggested [--session ID]`."""

from __future__ import annotations

import argparse

from models.domain import CUE_LEVELS, DATA_TYPES
from tagging.tags import TagError, TagValues, confirm_suggested, tag_note


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note_id", type=int, nargs="?", metavar="ID", help="the memo's id")
    parser.add_argument("--student", help="full name (or a first or last name only one student has)")
    parser.add_argument("--goal", metavar="GOAL_ID", help="the goal's code, e.g. JB-1")
    parser.add_argument("--type", dest="data_type", choices=DATA_TYPES)
    parser.add_argument("--correct", type=int)
    parser.add_argument("--total", type=int)
    parser.add_argument("--count", type=int)
    parser.add_argument("--percent", type=float)
    parser.add_argument("--cue", choices=CUE_LEVELS)
    parser.add_argument("--text", help="an anecdotal note or comment")
    parser.add_argument("--confirm", action="store_true", help="mark the observation confirmed")
    parser.add_argument("--confirm-suggested", action="store_true",
                        help="confirm every suggestion not yet confirmed")
    parser.add_argument("--session", type=int, metavar="ID", help="with --confirm-suggested: only this session")


def run(args: argparse.Namespace, context) -> int:
    if args.confirm_suggested:
        count = confirm_suggested(context.store, args.session)
        context.say(f"confirmed {count} suggested observation{'s' if count != 1 else ''}")
        return 0
    if args.note_id is None:
        raise TagError("give a memo id (pushin export notes lists them) or --confirm-suggested")
    values = TagValues(data_type=args.data_type, correct=args.correct, total=args.total, count=args.count,
                       percent=args.percent, cue=args.cue, text=args.text)
    observation = tag_note(context.store, args.note_id, student_name=args.student, goal_code=args.goal,
                           values=values, confirm=args.confirm)
    state = "confirmed" if observation.confirmed else "suggested"
    context.say(f"memo {args.note_id}: observation {observation.id} ({observation.data_type}, {state})")
    return 0
