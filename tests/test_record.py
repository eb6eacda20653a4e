"""`pushin record` and the microphone, through the real capture path.

A private PulseAudio daemon is the microphone (tests/pulse.py); espeak-ng
speech played into it is what the SLP says. PortAudio reaches it through
ALSA's pulse plugin, exactly as on a laptop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from models.config import Config
from models.domain import NoteStatus
from models.errors import MicrophoneError
from models.store import Store
from recorder.capture import Microphone, open_microphone
from recorder.vad import TrimOptions, trim_speech
from recorder.wavfile import SAMPLE_RATE, read_wav
from tests.audio_fixtures import at_level, speak, write_wav

REPO = Path(__file__).resolve().parent.parent
TEXT = "Jordan produced the R sound correctly in eight of ten words"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory) -> tuple[Path, float]:
    """The SLP's dictation as a WAV, and its length in seconds."""
    x = at_level(speak(TEXT), -18)
    path = write_wav(tmp_path_factory.mktemp("speech") / "speech.wav", x)
    return path, len(x) / SAMPLE_RATE


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    Config(input_device="pulse").save(home)
    return home


class Recording:
    """`pushin record` running in a subprocess; stderr collected as it comes."""

    def __init__(self, home: Path, env: dict[str, str], *args: str):
        self.lines: list[str] = []
        self.started_at: float | None = None
        self._ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "record", *args], cwd=REPO, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**env, "PUSHIN_HOME": str(home)})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)
            if line.startswith("recording") and self.started_at is None:
                self.started_at = time.monotonic()
                self._ready.set()
        self._ready.set()

    def wait_recording(self, timeout: float = 20) -> None:
        assert self._ready.wait(timeout), "pushin record did not start"
        assert self.started_at is not None, "".join(self.lines)

    def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        out = self.process.stdout.read()
        code = self.process.wait(timeout)
        time.sleep(0.05)
        return code, out, "".join(self.lines)


def heard(transcript: str) -> set[str]:
    """The memo's content words the transcript holds (digits count as their words)."""
    words = {"jordan", "produced", "sound", "correctly", "eight", "ten", "words"}
    text = transcript.lower().replace("8", " eight ").replace("10", " ten ")
    return {w for w in words if w in text}


def test_record_captures_what_the_microphone_hears(virtual_mic, home, speech_wav, transcriber):
    wav, seconds = speech_wav
    rec = Recording(home, virtual_mic.env(), "--seconds", "6")
    rec.wait_recording()
    virtual_mic.play(wav)
    code, out, err = rec.finish()
    assert code == 0, err
    assert out.startswith("memo 1: 6.0 s recorded, ") and out.strip().endswith(", pending"), out

    store = Store(home)
    note = store.note(1)
    assert note.status == NoteStatus.PENDING and note.audio_file is None
    raw = read_wav(store.audio_path(1))
    assert len(raw) == 6 * SAMPLE_RATE  # exactly the length asked for
    result = trim_speech(raw, TrimOptions())
    assert result.has_speech
    # The whole utterance is in the memo: trimmed ~ the speech plus a little padding.
    assert seconds - 0.3 <= note.seconds_trimmed <= seconds + 0.8
    trimmed = read_wav(store.trimmed_audio_path(1))
    assert note.seconds_trimmed == pytest.approx(len(trimmed) / SAMPLE_RATE, abs=0.01)
    # And the model hears the words in what was captured.
    transcript = transcriber.transcribe(trimmed).text
    assert len(heard(transcript)) >= 4, transcript


def test_trailing_silence_stops_the_memo(virtual_mic, home, speech_wav):
    wav, seconds = speech_wav
    rec = Recording(home, virtual_mic.env(), "--silence-stop", "1.0")
    rec.wait_recording()
    time.sleep(0.3)
    virtual_mic.play(wav)
    speech_ended = time.monotonic()
    code, out, err = rec.finish(timeout=15)
    assert code == 0, err
    stopped_after = time.monotonic() - speech_ended
    assert stopped_after < 4.0  # about a second of silence, plus start-up of finalising
    note = Store(home).note(1)
    assert note.status == NoteStatus.PENDING
    assert seconds + 0.5 < note.seconds_raw < seconds + 0.6 + 0.3 + 2.5


def test_without_a_terminal_a_stop_condition_is_required(home):
    env = {**os.environ, "PUSHIN_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "tui", "record"], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pushin: without a terminal, say when to stop: --seconds N or --silence-stop S" in done.stderr


def test_killed_mid_memo_is_recovered_at_the_next_start(virtual_mic, home, speech_wav, transcriber):
    wav, _ = speech_wav
    rec = Recording(home, virtual_mic.env(), "--seconds", "60")
    rec.wait_recording()
    virtual_mic.play(wav)
    time.sleep(0.7)
    rec.process.kill()  # SIGKILL: no cleanup, no header fix
    killed_at = time.monotonic()
    rec.process.wait(10)
    recorded_for = killed_at - rec.started_at

    store = Store(home)
    assert store.note(1).status == NoteStatus.RECORDING  # what the crash left
    done = subprocess.run([sys.executable, "-m", "tui", "record", "--seconds", "0"], cwd=REPO,
                          env={**virtual_mic.env(), "PUSHIN_HOME": str(home)}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recovered interrupted memo 1: ")
    note = store.note(1)
    assert note.status == NoteStatus.PENDING
    # At most about a second short (plus the pre-roll in front of it).
    assert recorded_for - 1.0 <= note.seconds_raw <= recorded_for + 0.4
    assert trim_speech(read_wav(store.audio_path(1))).has_speech
    transcript = transcriber.transcribe(read_wav(store.trimmed_audio_path(1))).text
    assert len(heard(transcript)) >= 4, transcript  # the recovered memo transcribes


def test_device_vanishing_mid_memo_keeps_the_audio(virtual_mic, home, speech_wav):
    wav, _ = speech_wav
    rec = Recording(home, virtual_mic.env(), "--seconds", "30")
    rec.wait_recording()
    player = virtual_mic.play(wav, wait=False)
    time.sleep(2.0)
    virtual_mic.kill()  # the microphone is unplugged
    code, out, err = rec.finish(timeout=15)
    player.wait(10)
    assert code == 1
    assert "pushin: the microphone stopped sending sound (was it unplugged or switched off?). " \
           "What was recorded is kept: memo 1 was saved (" in err
    note = Store(home).note(1)
    assert note.status in (NoteStatus.PENDING, NoteStatus.NO_SPEECH)
    assert 1.5 <= note.seconds_raw <= 3.0
    assert len(read_wav(Store(home).audio_path(1))) / SAMPLE_RATE == pytest.approx(note.seconds_raw, abs=0.01)


def test_unknown_input_device_is_named(tmp_path, virtual_mic):
    home = tmp_path / "home"
    home.mkdir()
    Config(input_device="Blue Yeti").save(home)
    done = subprocess.run([sys.executable, "-m", "tui", "record", "--seconds", "2"], cwd=REPO,
                          env={**virtual_mic.env(), "PUSHIN_HOME": str(home)}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pushin: no microphone called 'Blue Yeti'" in done.stderr
    assert Store(home).notes() == []  # nothing half-made


HIDE_PORTAUDIO = """
import sys
class NoPortAudio:
    def find_spec(self, name, path=None, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")  # what sounddevice raises without libportaudio2
sys.meta_path.insert(0, NoPortAudio())
from tui.cli import main
sys.exit(main(["record", "--seconds", "2"]))
"""


def test_portaudio_missing_is_explained(home):
    done = subprocess.run([sys.executable, "-c", HIDE_PORTAUDIO], cwd=REPO, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PUSHIN_HOME": str(home)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert ("pushin: PortAudio, the system's audio library, is not installed, so no microphone can be used. "
            "On Debian or Ubuntu: sudo apt install libportaudio2") in done.stderr


def test_microphone_for_the_ui(virtual_mic, tmp_path, speech_wav):
    """The stream stays open; memos start at once, with pre-roll; level, speech light, auto-stop."""
    wav, seconds = speech_wav
    mic = open_microphone(Config(input_device="pulse"))
    try:
        time.sleep(0.5)
        assert mic.level < 0.3 and not mic.speech_active  # only the room's hiss
        started = time.perf_counter()
        mic.start_memo(tmp_path / "1.wav")
        assert time.perf_counter() - started < 0.05
        assert mic.recording
        player = virtual_mic.play(wav, wait=False)
        levels, lights = [], []
        while player.poll() is None:
            levels.append(mic.level)
            lights.append(mic.speech_active)
            time.sleep(0.05)
        time.sleep(0.3)
        stopped_at = time.perf_counter()
        result = mic.stop_memo()
        assert not mic.recording and result.reason == "stopped" and result.error is None
        assert max(levels) > 0.5 and sum(lights) > len(lights) / 3
        first = read_wav(tmp_path / "1.wav")
        # Pre-roll: about 0.3 s from before the key press are in front.
        assert (stopped_at - started) + 0.15 <= len(first) / SAMPLE_RATE <= (stopped_at - started) + 0.5
        assert trim_speech(first).has_speech

        # The same open stream, a second memo, ended by trailing silence.
        mic.silence_stop_seconds = 1.0
        mic.start_memo(tmp_path / "2.wav")
        virtual_mic.play(wav)
        assert mic.wait_memo(timeout=5), "the memo did not stop after a second of silence"
        assert mic.last_result.reason == "silence"
        assert seconds < mic.last_result.seconds < seconds + 3.0
        assert trim_speech(read_wav(tmp_path / "2.wav")).has_speech
    finally:
        mic.close()


def test_digital_silence_means_the_device_is_gone(tmp_path):
    """A live microphone always hears something; a second of exact zeros is a dead device."""
    mic = Microphone(stall_seconds=1.0)
    mic._stream = object()  # as if open: the blocks below are what its callback delivers
    mic.start_memo(tmp_path / "1.wav")
    noise = (np.random.default_rng(0).standard_normal(480) * 30).astype(np.int16)
    for _ in range(20):
        mic._take(noise)
        mic._check_memo()
    for _ in range(40):
        mic._take(np.zeros(480, np.int16))
        mic._check_memo()
    assert isinstance(mic.error, MicrophoneError)
    assert str(mic.error) == "the microphone sends only digital silence (is it muted or disconnected?)"
    assert not mic.recording and mic.last_result.reason == "device-lost"
    kept = read_wav(tmp_path / "1.wav")
    assert len(kept) >= 20 * 480 + SAMPLE_RATE - 480  # what came before, and the silence up to the decision
    with pytest.raises(MicrophoneError):
        mic.start_memo(tmp_path / "2.wav")


def test_disk_full_mid_memo_keeps_what_was_written(tmp_path):
    import errno

    from models.errors import DiskFullError
    from recorder.wavfile import repair_wav_header

    mic = Microphone()
    mic._stream = object()  # as if open: the blocks below are what its callback delivers
    mic.start_memo(tmp_path / "1.wav")
    noise = (np.random.default_rng(0).standard_normal(480) * 30).astype(np.int16)
    for _ in range(10):
        mic._take(noise)
    writer = mic._writer
    real = writer._file

    class FullDisk:
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(real, name)

    writer._file = FullDisk()
    mic._take(noise)
    assert not mic.recording
    assert mic.last_result.reason == "error" and isinstance(mic.last_result.error, DiskFullError)
    assert str(mic.last_result.error) == ("the disk is full: 1.wav could not be written; "
                                          "the audio recorded so far is kept")
    real.close()
    assert repair_wav_header(tmp_path / "1.wav") == 10 * 480
