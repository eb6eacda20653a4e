"""`pushin add FILE...`: import audio memos from files.

Each file is decoded (any format PyAV reads), stored as a 16 kHz mono WAV
named by the memo's id, trimmed and queued. A bad file is named with the
reason and skipped; the rest still import; the exit status says some failed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from models.errors import AudioError, DiskFullError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="audio files: WAV, MP3, M4A, OGG, FLAC (at most 10 minutes each)")
    parser.add_argument("--session", type=int, default=None, metavar="ID",
                        help="attach the memos to this session")


def run(args: argparse.Namespace, context) -> int:
    from recorder.memos import import_audio_file, options_from_config, recover_interrupted_recordings

    store = context.store
    options = options_from_config(context.config)
    recover_interrupted_recordings(store, options)
    if args.session is not None:
        store.session(args.session)  # a wrong id is reported before any file is read
    failed = 0
    for path in args.files:
        try:
            note = import_audio_file(store, path, session_id=args.session, options=options)
        except DiskFullError:
            raise  # nothing more can be stored: stop here, say so once
        except AudioError as error:
            failed += 1
            context.warn(f"skipped {error}")
            continue
        context.say(f"{path.name}: memo {note.id}, {note.seconds_raw:.1f} s "
                    f"({note.seconds_trimmed:.1f} s of speech kept), {note.status}")
    if failed:
        context.warn(f"{failed} of {len(args.files)} files not imported")
    return 1 if failed else 0
