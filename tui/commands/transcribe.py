"""`pushin transcribe [--retry-failed] [--model NAME]`: every pending memo, with a progress bar.

Prints one line per memo (id and outcome) and exits non-zero when any memo
failed; a failed memo keeps its audio and is retried with --retry-failed.
"""

from __future__ import annotations

import argparse
import dataclasses

from models.domain import NoteStatus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--retry-failed", action="store_true",
                        help="queue memos that failed before, then transcribe them with the rest")
    parser.add_argument("--model", metavar="NAME",
                        help="use this model for this run: tiny.en, base, a model folder, or a name "
                             "faster-whisper can fetch (only with allow_download = true)")


def run(args: argparse.Namespace, context) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tagging.store_suggestions import store_suggestions
    from transcribe.engine import Transcriber
    from transcribe.worker import process_pending, retry_failed

    store = context.store
    if args.retry_failed:
        retried = retry_failed(store)
        if retried:
            context.say(f"{retried} failed memo(s) queued again")
    store.requeue_interrupted_transcriptions()
    pending = len(store.notes(NoteStatus.PENDING))
    if pending == 0:
        context.say("nothing to transcribe: no pending memos")
        return 0
    config = context.config
    if args.model:
        config = dataclasses.replace(config, model=args.model)
    transcriber = Transcriber(config=config, home=context.home)
    context.warn(f"loading the {config.model} model ...")
    transcriber.load()  # a ModelError is shown by the CLI; the memos stay pending

    console = Console(file=context.err)
    columns = (TextColumn("transcribing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    failed = 0
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("memos", total=pending)

        def on_progress(note, done: int, total: int) -> None:
            nonlocal failed
            progress.update(task, completed=done, total=total)
            detail = f": {note.error}" if note.status == NoteStatus.FAILED else ""
            failed += note.status == NoteStatus.FAILED
            line = f"memo {note.id}: {note.status}{detail}"
            if console.is_terminal and _isatty(context.out):
                progress.console.print(line, highlight=False, soft_wrap=True)  # above the live bar
            else:
                context.say(line)

        notes = process_pending(store, transcriber, on_progress=on_progress, after_transcribe=store_suggestions)
    counts = {status: sum(n.status == status for n in notes) for status in NoteStatus.ALL}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    context.say(f"{len(notes)} memo(s): {summary}")
    if failed:
        context.warn("some memos failed; their audio is kept. Retry with: pushin transcribe --retry-failed")
        return 1
    return 0


def _isatty(stream) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())
