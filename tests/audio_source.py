"""A file-backed audio input with the microphone's interface, for Pilot tests only.

Used ONLY where a real microphone cannot run (headless Pilot tests of screens
and bindings). It plays a WAV into the memo from the moment start_memo() is
called, at real time times `speed`, and is quiet between memos, like an SLP
who speaks after pressing space. Level, the VAD's speech flag (real
webrtcvad), elapsed time and auto-stop after trailing silence behave like the
real capture; vanish() simulates a device that disappears mid-memo. The real
capture path is tested end to end with the PulseAudio virtual microphone.
"""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

import numpy as np
import webrtcvad

from models.errors import MicrophoneError

RATE = 16000
FRAME = 480  # 30 ms, a webrtcvad frame


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)


class FileAudioSource:
    def __init__(self, audio: np.ndarray | Path | None = None, *, speed: float = 1.0,
                 auto_stop_seconds: float = 0.0, tail_silence: float = 0.0):
        if isinstance(audio, Path):
            audio = read_wav(audio)
        elif audio is not None and audio.dtype != np.int16:  # float -1..1, as tests.audio_fixtures.speak makes
            audio = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
        self.audio = audio if audio is not None else np.zeros(RATE, dtype=np.int16)
        if tail_silence:
            self.audio = np.concatenate([self.audio, np.zeros(int(tail_silence * RATE), dtype=np.int16)])
        self.speed = speed
        self.auto_stop_seconds = auto_stop_seconds
        self.level = 0.0
        self.speech_active = False
        self.error: MicrophoneError | None = None
        self.memos_started = 0
        self._vad = webrtcvad.Vad(2)
        self._lock = threading.Lock()
        self._wav: wave.Wave_write | None = None
        self._pos = 0
        self._written = 0
        self._silence = 0
        self._heard = False
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="file-audio", daemon=True)
        self._thread.start()

    # -- the microphone's interface ------------------------------------------------

    @property
    def recording(self) -> bool:
        return self._wav is not None

    @property
    def elapsed(self) -> float:
        return self._written / RATE

    def start_memo(self, wav_path: Path) -> None:
        wav = wave.open(str(wav_path), "wb")  # noqa: SIM115 -- open for the whole memo, closed by stop_memo
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        with self._lock:
            self._pos = self._written = self._silence = 0
            self._heard = False
            self._wav = wav
            self.memos_started += 1

    def stop_memo(self) -> float:
        with self._lock:
            wav, self._wav = self._wav, None
        if wav is not None:
            wav.close()
        return self.elapsed

    def close(self) -> None:
        self._closed.set()
        self.stop_memo()

    def vanish(self) -> None:
        """The device disappears: the memo so far is closed and an error reported."""
        self.stop_memo()
        self.error = MicrophoneError("the microphone vanished (no audio for over a second)")

    # -- the "device" ----------------------------------------------------------------

    def _run(self) -> None:
        while not self._closed.wait(FRAME / RATE / self.speed):
            if self._wav is None:
                # Quiet between memos, and idle: Pilot waits for an idle process after every key.
                self.level, self.speech_active = 0.0, False
                self._closed.wait(0.1)
                continue
            with self._lock:
                if self._wav is not None and self._pos < len(self.audio):
                    block = self.audio[self._pos:self._pos + FRAME]
                    self._pos += len(block)
                else:
                    block = np.zeros(FRAME, dtype=np.int16)
                if len(block) < FRAME:
                    block = np.pad(block, (0, FRAME - len(block)))
                self.level = min(1.0, float(np.sqrt(np.mean(block.astype(np.float64) ** 2))) / 8000)
                self.speech_active = self._vad.is_speech(block.tobytes(), RATE)
                if self._wav is None:
                    continue
                self._wav.writeframes(block.tobytes())
                self._written += FRAME
                self._heard |= self.speech_active
                self._silence = 0 if self.speech_active else self._silence + FRAME
                stop = self.auto_stop_seconds and self._heard and self._silence >= self.auto_stop_seconds * RATE
            if stop:
                self.stop_memo()


def wait_for(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
