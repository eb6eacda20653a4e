"""Crash-safe WAV files: written as captured, repaired after a kill, private."""

from __future__ import annotations

import errno
import os
import stat
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from models.errors import AudioError, DiskFullError
from recorder import wavfile
from recorder.wavfile import SAMPLE_RATE, WavAppender, read_wav, repair_wav_header, write_wav

REPO = Path(__file__).resolve().parent.parent


def ramp(n: int, start: int = 0) -> np.ndarray:
    return ((np.arange(start, start + n) % 2000) - 1000).astype(np.int16)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_appender_header_first_sizes_fixed_on_close(tmp_path):
    path = tmp_path / "1.wav"
    writer = WavAppender(path)
    assert path.stat().st_size == wavfile.HEADER_BYTES  # the header is on disk before any audio
    assert mode(path) == 0o600
    blocks = [ramp(480, i * 480) for i in range(100)]
    for block in blocks:
        writer.append(block)
    writer.close()
    data = path.read_bytes()
    riff, = struct.unpack("<I", data[4:8])
    declared, = struct.unpack("<I", data[40:44])
    assert declared == 100 * 480 * 2
    assert riff == len(data) - 8
    assert np.array_equal(read_wav(path), np.concatenate(blocks))
    # Another reader agrees (Python's wave module).
    import wave

    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()) == (SAMPLE_RATE, 1, 2, 48000)


def test_appender_syncs_about_once_a_second(tmp_path, monkeypatch):
    clock = [0.0]
    syncs = []
    monkeypatch.setattr(wavfile.time, "monotonic", lambda: clock[0])
    real_fsync = os.fsync
    monkeypatch.setattr(wavfile.os, "fsync", lambda fd: (syncs.append(clock[0]), real_fsync(fd)))
    writer = WavAppender(tmp_path / "1.wav")
    syncs.clear()
    for _ in range(100):  # 3 s of 30 ms blocks
        clock[0] += 0.03
        writer.append(ramp(480))
    assert 2 <= len(syncs) <= 3
    assert all(b - a >= 0.99 for a, b in zip(syncs, syncs[1:], strict=False))
    writer.close()


WRITER_THEN_KILLED = textwrap.dedent("""
    import os, sys
    import numpy as np
    sys.path.insert(0, {repo!r})
    from recorder.wavfile import WavAppender
    writer = WavAppender({path!r})
    for i in range(50):
        writer.append(((np.arange(i * 480, (i + 1) * 480) % 2000) - 1000).astype(np.int16))
    writer._file.flush()
    os.write(writer._file.fileno(), b"\\x01")  # half a frame: the kill came mid-write
    os.kill(os.getpid(), 9)
""")


def test_repair_after_the_writer_is_killed(tmp_path):
    path = tmp_path / "7.wav"
    code = WRITER_THEN_KILLED.format(repo=str(REPO), path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert done.returncode == -9
    data = path.read_bytes()
    assert data[40:44] == b"\xff\xff\xff\xff"  # the header still says "unknown length"
    assert len(data) == wavfile.HEADER_BYTES + 50 * 480 * 2 + 1
    frames = repair_wav_header(path)
    assert frames == 50 * 480
    data = path.read_bytes()
    assert struct.unpack("<I", data[40:44])[0] == 50 * 480 * 2
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8
    assert np.array_equal(read_wav(path), ramp(50 * 480))
    assert repair_wav_header(path) == frames  # repairing twice changes nothing


def test_repair_of_a_file_cut_inside_its_header(tmp_path):
    path = tmp_path / "3.wav"
    path.write_bytes(b"RIFF\xff\xff")
    assert repair_wav_header(path) == 0
    assert len(read_wav(path)) == 0


def test_repair_refuses_what_is_not_a_wav(tmp_path):
    path = tmp_path / "4.wav"
    path.write_bytes(b"this is not a wav file at all, just text " * 4)
    with pytest.raises(AudioError, match="4.wav: cannot repair: not a WAV file"):
        repair_wav_header(path)
    with pytest.raises(AudioError, match="the recording is missing"):
        repair_wav_header(tmp_path / "missing.wav")


def test_read_wav_wants_16k_mono_pcm(tmp_path):
    import wave

    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\0" * 400)
    with pytest.raises(AudioError, match="stereo.wav: expected 16 kHz mono 16-bit PCM, found format 1, "
                                         "2 channel\\(s\\), 44100 Hz, 16 bit"):
        read_wav(path)


def test_write_wav_is_private_and_complete(tmp_path):
    path = tmp_path / "9.trim.wav"
    samples = ramp(16000)
    write_wav(path, samples)
    assert mode(path) == 0o600
    assert np.array_equal(read_wav(path), samples)
    assert not (tmp_path / "9.trim.wav.part").exists()


def test_disk_full_keeps_what_was_written(tmp_path):
    path = tmp_path / "5.wav"
    writer = WavAppender(path)
    writer.append(ramp(4800))

    class FullDisk:
        def __init__(self, real):
            self.real = real

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.real, name)

    real = writer._file
    writer._file = FullDisk(real)
    with pytest.raises(DiskFullError, match="the disk is full: 5.wav could not be written; "
                                            "the audio recorded so far is kept"):
        writer.append(ramp(4800))
    real.close()
    assert repair_wav_header(path) == 4800
    assert np.array_equal(read_wav(path), ramp(4800))


LIVE_WRITER = textwrap.dedent("""
    import sys, time
    import numpy as np
    sys.path.insert(0, {repo!r})
    from recorder.wavfile import WavAppender
    writer = WavAppender({path!r})
    writer.append(np.zeros(1600, np.int16))
    writer._sync()
    print("writing", flush=True)
    time.sleep(60)
""")


def test_recovery_leaves_a_live_recording_alone(tmp_path):
    from models.domain import NoteStatus
    from models.store import Store
    from recorder.memos import recover_interrupted_recordings

    store = Store(tmp_path / "home")
    note = store.create_note()
    code = LIVE_WRITER.format(repo=str(REPO), path=str(store.audio_path(note.id)))
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        # Another pushin starting now must not take over the memo being recorded.
        assert recover_interrupted_recordings(store) == []
        assert store.note(note.id).status == NoteStatus.RECORDING
    finally:
        writer.kill()
        writer.wait()
    recovered = recover_interrupted_recordings(store)
    assert [n.id for n in recovered] == [note.id]
    assert recovered[0].status == NoteStatus.NO_SPEECH and recovered[0].seconds_raw == 0.1
