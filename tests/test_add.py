"""`pushin add FILE...`: any common format in, 16 kHz mono WAV named by id out;
bad files named with their reason and skipped, the rest imported."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models.domain import NoteStatus
from models.errors import AudioError
from models.store import Store
from recorder.decode import decode_audio
from recorder.memos import import_audio_file
from recorder.wavfile import read_wav
from tests.audio_fixtures import RATE, encode, memo, room_tone, write_wav
from tui.cli import main

REPO = Path(__file__).resolve().parent.parent
TEXT = "Maria used because three times during the science discussion"


@pytest.fixture(scope="module")
def dictation() -> np.ndarray:
    return memo(TEXT, lead=0.8, tail=1.0, speech_dbfs=-20)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("PUSHIN_HOME", str(path))
    return path


def resample(x: np.ndarray, rate: int) -> np.ndarray:
    n = int(len(x) * rate / RATE)
    return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)


def cut(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


@pytest.mark.parametrize("name,rate,channels", [
    ("memo.wav", 44100, 2), ("memo.mp3", 44100, 1), ("memo.m4a", 48000, 2),
    ("memo.ogg", 16000, 1), ("memo.flac", 22050, 1),
])
def test_every_format_decodes_to_16k_mono(tmp_path, dictation, name, rate, channels):
    path = encode(tmp_path / name, resample(dictation, rate), rate, channels)
    samples = decode_audio(path)
    assert samples.dtype == np.int16
    # Same length (codecs pad a few ms) and the speech is there at its level.
    assert abs(len(samples) / RATE - len(dictation) / RATE) < 0.1
    assert np.sqrt(np.mean((samples / 32768.0) ** 2)) == pytest.approx(np.sqrt(np.mean(dictation**2)), rel=0.2)


def test_add_imports_good_files_and_names_each_bad_one(tmp_path, home, dictation, capsys):
    files = tmp_path / "in"
    files.mkdir()
    good = [encode(files / "one.mp3", dictation), encode(files / "two.flac", resample(dictation, 44100), 44100, 2)]
    silent = write_wav(files / "quiet.wav", room_tone(3.0))
    empty = files / "empty.wav"
    empty.write_bytes(b"")
    truncated = cut(write_wav(files / "cut.wav", dictation), 0.5)
    truncated_flac = cut(encode(files / "cut.flac", dictation), 0.5)
    text = files / "notes.mp3"
    text.write_text("Jordan: 8/10 with a verbal cue.\n" * 40)
    folder = files / "folder.wav"
    folder.mkdir()
    long = write_wav(files / "lecture.wav", np.zeros(601 * 8000, np.int16), rate=8000)
    missing = files / "missing.m4a"
    args = ["add", *map(str, [good[0], empty, truncated, silent, text, truncated_flac, folder, long, missing,
                              good[1]])]

    status = main(args)
    out, err = capsys.readouterr()

    assert status == 1
    assert "skipped empty.wav: empty file (zero length)" in err
    whole, left = len(dictation) / RATE, (truncated.stat().st_size - 44) / 2 / RATE
    assert f"skipped cut.wav: truncated (the file says {whole:.1f} s, only {left:.1f} s of audio is there)" in err
    assert "skipped notes.mp3: not an audio file, or damaged or truncated beyond reading" in err
    assert "skipped cut.flac: truncated or damaged after" in err
    assert "skipped folder.wav: is a folder, not an audio file" in err
    assert "skipped lecture.wav: too long (10.0 minutes; a memo may be at most 10 minutes)" in err
    assert "skipped missing.m4a: no such file" in err
    assert "7 of 10 files not imported" in err
    lines = out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["one.mp3", "quiet.wav", "two.flac"]  # one line per file
    assert "pending" in lines[0] and "no-speech" in lines[1] and "pending" in lines[2]

    store = Store(home)
    notes = store.notes()
    assert [n.audio_file for n in notes] == ["one.mp3", "quiet.wav", "two.flac"]  # nothing half-made for bad files
    statuses = {n.audio_file: n.status for n in notes}
    assert statuses == {"one.mp3": NoteStatus.PENDING, "quiet.wav": NoteStatus.NO_SPEECH,
                        "two.flac": NoteStatus.PENDING}
    for note in notes:
        raw = store.audio_path(note.id)
        assert raw.name == f"{note.id}.wav"  # named by id, never by the file's name
        assert stat.S_IMODE(raw.stat().st_mode) == 0o600
        assert note.seconds_raw == pytest.approx(len(read_wav(raw)) / RATE, abs=0.01)
        trimmed = store.trimmed_audio_path(note.id)
        if note.status == NoteStatus.PENDING:
            assert note.seconds_trimmed < note.seconds_raw
            assert len(read_wav(trimmed)) / RATE == pytest.approx(note.seconds_trimmed, abs=0.01)
        else:
            assert not trimmed.exists() and note.seconds_trimmed == 0  # never sent to the model
    assert sorted(os.listdir(store.audio_dir)) == sorted(
        [f"{n.id}.wav" for n in notes] + [f"{n.id}.trim.wav" for n in notes if n.status == NoteStatus.PENDING])


def test_import_keeps_nothing_for_a_bad_file(tmp_path):
    store = Store(tmp_path / "home")
    bad = tmp_path / "noise.ogg"
    bad.write_bytes(os.urandom(4000))
    with pytest.raises(AudioError, match="noise.ogg: not an audio file"):
        import_audio_file(store, bad)
    assert store.notes() == []
    assert os.listdir(store.audio_dir) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; permissions cannot be tested as root")
def test_unreadable_file(tmp_path):
    path = write_wav(tmp_path / "locked.wav", room_tone(1.0))
    path.chmod(0)
    with pytest.raises(AudioError, match="locked.wav: cannot be read \\(permission denied\\)"):
        decode_audio(path)


def test_pushin_add_as_a_command(tmp_path, dictation):
    path = encode(tmp_path / "memo.m4a", dictation)
    env = {**os.environ, "PUSHIN_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "tui", "add", str(path)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("memo.m4a: memo 1, ")
    assert done.stdout.strip().endswith("pending")
