"""`pushin doctor`: what works on this machine, checked for real, one line each."""

from __future__ import annotations

import argparse
import shutil
import stat
from collections.abc import Callable

from models.errors import PushinError

OK, FAIL, WARN = "ok  ", "FAIL", "warn"
LOW_DISK_BYTES = 500 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-model-load", action="store_true", help="verify the model files without loading them")


def check_database(context) -> tuple[str, str]:
    store = context.store
    integrity = store.db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        return FAIL, f"database {store.path}: integrity check says {integrity}"
    counts = {row["status"]: row["n"] for row in store.rows(
        "SELECT status, count(*) AS n FROM notes WHERE deleted_at IS NULL GROUP BY status")}
    memos = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no memos yet"
    students = len(store.students())
    return OK, f"database {store.path} (schema {store.schema_version}): {students} students; {memos}"


def check_privacy(context) -> tuple[str, str]:
    home = context.store.home
    loose = [str(p) for p in (home, home / "audio") if stat.S_IMODE(p.stat().st_mode) & 0o077]
    loose += [str(p) for p in home.rglob("*") if p.is_file() and stat.S_IMODE(p.stat().st_mode) & 0o077]
    if loose:
        return WARN, f"readable by others (should be private): {', '.join(loose[:5])}"
    free = shutil.disk_usage(home).free
    if free < LOW_DISK_BYTES:
        return WARN, f"only {free // 2**20} MB free in {home}: recordings may fail"
    return OK, f"home {home}: private (0700/0600), {free // 2**30} GB free"


def check_portaudio(context) -> tuple[str, str]:
    try:
        import sounddevice
    except OSError as error:
        return FAIL, f"PortAudio library not found ({error}): sudo apt-get install libportaudio2"
    return OK, f"PortAudio: {sounddevice.get_portaudio_version()[1]}"


def check_microphone(context) -> tuple[str, str]:
    try:
        import sounddevice
    except OSError:
        return FAIL, "microphone: cannot be checked without PortAudio"
    device = context.config.input_device or None
    try:
        info = sounddevice.query_devices(device, kind="input")
    except (ValueError, sounddevice.PortAudioError) as error:
        return FAIL, f"microphone: no input device ({error}); plug one in or set input_device in config.toml"
    return OK, f"microphone: {info['name']} ({int(info['default_samplerate'])} Hz, {info['max_input_channels']} ch)"


def check_model(context, load: bool) -> tuple[str, str]:
    from transcribe.model_source import resolve_model

    source = resolve_model(context.config, context.home)
    checked = "checksum verified" if source.verified else "not checksummed (your own model)"
    if not load:
        return OK, f"model {source.name}: {source.path} ({checked})"
    from faster_whisper import WhisperModel

    WhisperModel(source.path, device="cpu", compute_type="int8", local_files_only=source.local_files_only,
                 download_root=source.download_root)
    return OK, f"model {source.name}: loads ({checked})"


def run(args: argparse.Namespace, context) -> int:
    checks: list[tuple[str, Callable[[], tuple[str, str]]]] = [
        ("database", lambda: check_database(context)),
        ("home", lambda: check_privacy(context)),
        ("portaudio", lambda: check_portaudio(context)),
        ("microphone", lambda: check_microphone(context)),
        ("model", lambda: check_model(context, load=not args.no_model_load)),
    ]
    failed = 0
    for name, check in checks:
        try:
            level, message = check()
        except PushinError as error:
            level, message = FAIL, f"{name}: {error}"
        except Exception as error:  # a doctor reports what breaks; it must not break itself
            level, message = FAIL, f"{name}: {type(error).__name__}: {error}"
        failed += level == FAIL
        context.say(f"{level} {message}")
    return 1 if failed else 0
