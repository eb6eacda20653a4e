"""`pushin record [--seconds N]`: dictate one memo from the microphone.

In a terminal, Enter stops the memo. Without a terminal (a script, a test)
it stops after --seconds, or after the trailing silence set by
--silence-stop (default: config.silence_stop_seconds). Memos a crash left
half-recorded are recovered first, so `pushin record --seconds 0` only
recovers.
"""

from __future__ import annotations

import argparse
import sys
import threading

from models.errors import PushinError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=None, metavar="N",
                        help="stop after N seconds (0: only recover interrupted memos)")
    parser.add_argument("--silence-stop", type=float, default=None, metavar="S",
                        help="stop after S seconds of silence once speech was heard (0: off)")
    parser.add_argument("--session", type=int, default=None, metavar="ID",
                        help="attach the memo to this session")


def run(args: argparse.Namespace, context) -> int:
    from recorder.memos import options_from_config, record_memo, recover_interrupted_recordings

    store, config = context.store, context.config
    for note in recover_interrupted_recordings(store, options_from_config(config)):
        context.say(f"recovered interrupted memo {note.id}: {note.seconds_raw or 0:.1f} s, {note.status}")
    if args.seconds is not None and args.seconds <= 0:
        return 0
    if args.session is not None:
        store.session(args.session)
    silence = config.silence_stop_seconds if args.silence_stop is None else args.silence_stop
    interactive = sys.stdin.isatty()
    if not interactive and args.seconds is None and not silence:
        raise PushinError("without a terminal, say when to stop: --seconds N or --silence-stop S")

    stop = threading.Event()

    def ready() -> None:
        how = "press Enter to stop" if interactive else (
            f"stops after {args.seconds:g} s" if args.seconds else f"stops after {silence:g} s of silence")
        context.warn(f"recording ({how})")
        if interactive:
            threading.Thread(target=_wait_for_enter, args=(stop,), daemon=True).start()

    progress = _Progress(context) if interactive else None
    note = record_memo(store, config, seconds=args.seconds, stop_event=stop,
                       on_progress=progress, session_id=args.session,
                       silence_stop_seconds=silence, on_ready=ready)
    if progress:
        progress.clear()
    context.say(f"memo {note.id}: {note.seconds_raw or 0:.1f} s recorded, "
                f"{note.seconds_trimmed or 0:.1f} s of speech kept, {note.status}")
    return 0


def _wait_for_enter(stop: threading.Event) -> None:
    try:
        sys.stdin.readline()
    finally:
        stop.set()


class _Progress:
    """One self-rewriting status line on stderr: time, level bar, speech light."""

    def __init__(self, context):
        self.err = context.err

    def __call__(self, elapsed: float, level: float, speech: bool) -> None:
        bar = "#" * int(level * 20)
        light = "speech" if speech else "      "
        self.err.write(f"\r{elapsed:5.1f} s [{bar:<20}] {light}")
        self.err.flush()

    def clear(self) -> None:
        self.err.write("\r" + " " * 40 + "\r")
        self.err.flush()
