"""The microphone: an input stream that stays open, and memos switched on and off.

Threads: PortAudio calls `_callback` on its own thread; it ONLY copies the
block into a queue (anything slower there drops audio). One writer thread
takes blocks from the queue, resamples them to 16 kHz mono when the device
would not open at 16 kHz, updates the level meter and the speech light, keeps
~300 ms of pre-roll, and, while a memo is on, appends blocks to the memo's
WAV (synced to disk about once a second; see recorder.wavfile).

Because the stream is already running, `start_memo` only tells the writer
where blocks go next: a memo starts in well under 50 ms of a key press, with
the pre-roll in front so the first word is not clipped.

The device vanishing shows up as blocks stopping (over a second with none)
or as digital silence (exact zeros for over a second, which no live
microphone produces). Either way the memo is closed with what was recorded
and `error` says what happened.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.config import Config
from models.errors import MicrophoneError, PushinError
from recorder.decode import MAX_MEMO_SECONDS
from recorder.vad import LiveSpeechDetector
from recorder.wavfile import SAMPLE_RATE, WavAppender

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.03  # one webrtcvad frame per block at 16 kHz
PREROLL_SECONDS = 0.3
STALL_SECONDS = 1.0  # no blocks, or only zeros, for this long: the device is gone
FALLBACK_RATES = (48000, 44100, 32000)


def sounddevice_module():
    """Import sounddevice, turning a missing PortAudio into a clear error."""
    try:
        import sounddevice
    except OSError as error:  # sounddevice raises OSError when libportaudio is absent
        raise MicrophoneError(
            "PortAudio, the system's audio library, is not installed, so no microphone can be used. "
            "On Debian or Ubuntu: sudo apt install libportaudio2"
        ) from error
    return sounddevice


def device_from_config(value: str | int | None) -> str | int | None:
    """Config's input_device: empty for the default, a number for an index, else a name."""
    if value is None or value == "":
        return None
    if isinstance(value, int) or str(value).strip().isdigit():
        return int(value)
    return str(value)


@dataclass
class MemoResult:
    """How a memo ended.

    reason: "stopped" (stop_memo), "silence" (trailing silence), "limit"
        (the length asked for, or the 10-minute cap), "device-lost", "error".
    error: set for "device-lost" and "error"; what was recorded is kept.
    """

    path: Path
    seconds: float
    reason: str
    error: PushinError | None = None


class _Resampler:
    """Device rate and channels to 16 kHz mono int16, keeping state across blocks."""

    def __init__(self, rate: int, channels: int):
        self.rate = rate
        self.channels = channels
        self._av = None
        if rate != SAMPLE_RATE:
            import av

            self._av = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            self._layout = "mono" if channels == 1 else "stereo"

    def __call__(self, block: np.ndarray) -> np.ndarray:
        if self.channels > 1:
            block = block[:, :2] if self._av is not None else block
            if self._av is None:
                block = block.astype(np.int32).mean(axis=1).astype(np.int16)
        block = np.asarray(block, np.int16)
        if self._av is None:
            return block.reshape(-1)
        import av

        packed = np.ascontiguousarray(block.reshape(1, -1))
        frame = av.AudioFrame.from_ndarray(packed, format="s16", layout=self._layout)
        frame.sample_rate = self.rate
        frame.pts = None
        out = [f.to_ndarray().reshape(-1) for f in self._av.resample(frame)]
        return np.concatenate(out).astype(np.int16) if out else np.zeros(0, np.int16)


class Microphone:
    """An open input stream with a level meter, a speech light and memos.

    Read from any thread: level (0..1), level_dbfs, speech_active, recording,
    elapsed, error. Call from one thread (the UI's): start_memo, stop_memo,
    close.
    """

    def __init__(self, device: str | int | None = None, *, silence_stop_seconds: float = 0.0,
                 vad_aggressiveness: int = 3, preroll_seconds: float = PREROLL_SECONDS,
                 stall_seconds: float = STALL_SECONDS, max_seconds: float = MAX_MEMO_SECONDS,
                 on_memo_end: Callable[[MemoResult], None] | None = None):
        self.device = device
        self.silence_stop_seconds = silence_stop_seconds
        self.stall_seconds = stall_seconds
        self.max_seconds = max_seconds
        self.on_memo_end = on_memo_end
        self.level = 0.0
        self.level_dbfs = -100.0
        self.speech_active = False
        self.error: PushinError | None = None
        self.last_result: MemoResult | None = None
        self.device_name = ""
        self.device_rate = SAMPLE_RATE
        self._detector = LiveSpeechDetector(vad_aggressiveness)
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._preroll: collections.deque[np.ndarray] = collections.deque()
        self._preroll_frames = int(preroll_seconds * SAMPLE_RATE)
        self._lock = threading.Lock()
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._first_block = threading.Event()
        self._memo_done = threading.Event()
        self._memo_done.set()
        # Memo state, owned by the writer thread once a memo is handed over.
        self._target: tuple[Path, float | None] | None = None
        self._max: float | None = None
        self._stop_requested = False
        self._writer: WavAppender | None = None
        self._frames = 0
        self._silent_frames = 0
        self._heard = False
        self._last_block_at = time.monotonic()
        self._zero_frames = 0

    # -- opening and closing ----------------------------------------------------

    def open(self, ready_timeout: float = 3.0) -> Microphone:
        """Open the stream and wait for its first block; MicrophoneError if it cannot."""
        sd = sounddevice_module()
        try:
            info = sd.query_devices(self.device, kind="input")
        except ValueError as error:
            if self.device is None:
                raise MicrophoneError("no microphone found: this computer has no audio input device") from error
            raise MicrophoneError(f"no microphone called {self.device!r}: {error}") from error
        except sd.PortAudioError as error:
            raise MicrophoneError(f"no microphone found ({error})") from error
        if int(info.get("max_input_channels", 0)) < 1:
            raise MicrophoneError(f"{info.get('name', self.device)!r} is not an input device (it has no inputs)")
        self.device_name = str(info.get("name", ""))
        rate, channels = self._settings(sd, info)
        self.device_rate = rate
        resample = _Resampler(rate, channels)
        self._resample = resample
        try:
            self._stream = sd.InputStream(
                device=self.device, samplerate=rate, channels=channels, dtype="int16",
                blocksize=int(rate * BLOCK_SECONDS), callback=self._callback)
            self._stream.start()
        except sd.PortAudioError as error:
            self._stream = None
            raise MicrophoneError(f"the microphone {self.device_name!r} cannot be opened: {error}") from error
        self._last_block_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="mic-writer", daemon=True)
        self._thread.start()
        if not self._first_block.wait(ready_timeout):
            self.close()
            raise MicrophoneError(f"the microphone {self.device_name!r} opened but sends no sound")
        log.info("microphone open: %s at %d Hz, %d channel(s)", self.device_name, rate, channels)
        return self

    def _settings(self, sd, info) -> tuple[int, int]:
        """16 kHz mono where the device allows it, else its closest working rate."""
        default_rate = int(info.get("default_samplerate") or 48000)
        rates = [SAMPLE_RATE, *FALLBACK_RATES, default_rate]
        for channels in (1, min(2, int(info["max_input_channels"]))):
            for rate in rates:
                try:
                    sd.check_input_settings(device=self.device, samplerate=rate, channels=channels, dtype="int16")
                except (sd.PortAudioError, ValueError):
                    continue
                return rate, channels
        raise MicrophoneError(f"the microphone {self.device_name!r} accepts none of the sample rates "
                              f"{', '.join(str(r) for r in dict.fromkeys(rates))} Hz")

    def close(self) -> MemoResult | None:
        """Stop any memo (keeping it) and close the stream."""
        result = self.stop_memo() if self.recording else None
        self._closing.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # a vanished device can fail here too; it is closed either way
                log.debug("closing the stream failed", exc_info=True)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        return result

    def __enter__(self) -> Microphone:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- memos --------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return not self._memo_done.is_set()

    @property
    def elapsed(self) -> float:
        return self._frames / SAMPLE_RATE

    def start_memo(self, wav_path: Path, max_seconds: float | None = None) -> None:
        """Start writing a memo to wav_path (pre-roll first). Returns at once."""
        if self.error is not None:
            raise self.error
        if self._stream is None:
            raise MicrophoneError("the microphone is not open")
        if self.recording:
            raise MicrophoneError("a memo is already being recorded")
        with self._lock:
            self._frames = 0
            self._silent_frames = 0
            self._heard = False
            self._stop_requested = False
            self.last_result = None
            self._target = (Path(wav_path), max_seconds)
            self._memo_done.clear()

    def stop_memo(self, timeout: float = 3.0) -> MemoResult | None:
        """End the memo: the blocks already queued are written and the file closed."""
        with self._lock:
            if self._memo_done.is_set():
                return self.last_result
            self._stop_requested = True
        if not self._memo_done.wait(timeout):
            log.warning("the writer did not finish the memo in %.1f s", timeout)
        return self.last_result

    def wait_memo(self, timeout: float | None = None) -> bool:
        """Wait until the memo ends by itself (silence, length, device lost)."""
        return self._memo_done.wait(timeout)

    # -- the audio thread: copy and go --------------------------------------------

    def _callback(self, indata, frames, time_info, status) -> None:  # noqa: ARG002
        self._queue.put_nowait(indata.copy())

    # -- the writer thread --------------------------------------------------------

    def _run(self) -> None:
        while not self._closing.is_set():
            try:
                raw = self._queue.get(timeout=0.1)
            except queue.Empty:
                raw = None
            now = time.monotonic()
            if raw is not None:
                self._last_block_at = now
                try:
                    block = self._resample(raw)
                except Exception:
                    log.exception("resampling failed")
                    continue
                self._first_block.set()
                self._take(block)
            elif now - self._last_block_at > self.stall_seconds and self._first_block.is_set():
                self._lost("the microphone stopped sending sound (was it unplugged or switched off?)")
            self._check_memo()
        self._finish("stopped")

    def _take(self, block: np.ndarray) -> None:
        if len(block) == 0:
            return
        power = float(np.mean((block.astype(np.float64) / 32768) ** 2))
        self.level_dbfs = 10 * np.log10(power + 1e-10)
        self.level = float(min(1.0, max(0.0, (self.level_dbfs + 60) / 60)))  # -60..0 dBFS as 0..1
        speaking = self._detector.feed(block)
        self.speech_active = speaking
        if not block.any():
            self._zero_frames += len(block)
            if self._zero_frames > self.stall_seconds * SAMPLE_RATE:
                self._lost("the microphone sends only digital silence (is it muted or disconnected?)")
        else:
            self._zero_frames = 0
        if self._writer is None and self._target is None:
            self._preroll.append(block)
            while sum(len(b) for b in self._preroll) - len(self._preroll[0]) >= self._preroll_frames:
                self._preroll.popleft()
            return
        self._open_target()
        if self._writer is None:
            return
        self._write(block)
        if self._writer is None:
            return
        self._silent_frames = 0 if speaking else self._silent_frames + len(block)
        self._heard |= speaking

    def _open_target(self) -> None:
        if self._target is None:
            return
        with self._lock:
            path, self._max = self._target
            self._target = None
        try:
            self._writer = WavAppender(path)
        except PushinError as error:
            self._end_memo(MemoResult(path, 0.0, "error", error))
            return
        preroll = list(self._preroll)
        self._preroll.clear()
        for block in preroll:
            self._write(block)

    def _write(self, block: np.ndarray) -> None:
        writer = self._writer
        if writer is None:
            return
        limit = self._max if self._max is not None else self.max_seconds
        room = int(limit * SAMPLE_RATE) - writer.frames
        block = block[:max(0, room)]
        try:
            writer.append(block)
        except PushinError as error:
            self._finish("error", error)
            return
        self._frames = writer.frames

    def _check_memo(self) -> None:
        if self._target is not None and self._stop_requested:
            self._open_target()  # asked to stop before a block came: still leave a file
        writer = self._writer
        if writer is None:
            return
        limit = self._max if self._max is not None else self.max_seconds
        if self._stop_requested:
            self._finish("stopped")
        elif writer.frames >= int(limit * SAMPLE_RATE):
            self._finish("limit")
        elif self._silence_ends_memo(writer.frames):
            self._finish("silence")

    def _silence_ends_memo(self, frames: int) -> bool:
        stop = self.silence_stop_seconds * SAMPLE_RATE
        if stop <= 0 or self._silent_frames < stop:
            return False
        # Before any speech, wait longer: the SLP may still be gathering a thought.
        return self._heard or frames >= 3 * stop

    def _lost(self, message: str) -> None:
        if self.error is not None:
            return
        self.error = MicrophoneError(message)
        log.warning("microphone lost: %s", message)
        self._finish("device-lost", self.error)
        self._closing.set()  # nothing more will come; the owner closes the stream

    def _finish(self, reason: str, error: PushinError | None = None) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            if self.recording:  # the memo was asked for but no block came to open its file
                with self._lock:
                    target, self._target = self._target, None
                self._end_memo(MemoResult(target[0] if target else Path(), 0.0, reason, error))
            return
        try:
            writer.close()
        except PushinError as close_error:
            error = error or close_error
            reason = "error"
        self._end_memo(MemoResult(writer.path, writer.seconds, reason, error))

    def _end_memo(self, result: MemoResult) -> None:
        self.last_result = result
        self._memo_done.set()
        log.info("memo ended (%s) after %.1f s", result.reason, result.seconds)
        if self.on_memo_end is not None:
            try:
                self.on_memo_end(result)
            except Exception:
                log.exception("on_memo_end failed")


def open_microphone(config: Config, **options: Any) -> Microphone:
    """The configured (or default) microphone, open, as the UI and `pushin record` use it."""
    mic = Microphone(
        device_from_config(config.input_device),
        silence_stop_seconds=float(options.pop("silence_stop_seconds", config.silence_stop_seconds) or 0),
        vad_aggressiveness=int(config.vad_aggressiveness),
        **options,
    )
    return mic.open()
