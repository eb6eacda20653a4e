"""Playing a memo's audio in the review screen (plain Python, no Textual).

Playback runs on its own thread, writing small blocks to a sounddevice output
stream so stop() takes effect within one block. Every failure (PortAudio
missing, no output device, the device vanishing) becomes an AudioError
message passed to `on_finished`; nothing here raises into the UI.
"""

from __future__ import annotations

import logging
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from models.errors import AudioError

log = logging.getLogger(__name__)

BLOCK = 1024  # frames per write: about 64 ms at 16 kHz, so stop is quick

NO_DEVICE = ("No audio output device: the memo cannot be played on this computer. "
             "Connect headphones or speakers and try again; the transcript is still here.")


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """int16 samples (frames x channels) and the sample rate of a PCM WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise AudioError(f"{path.name}: only 16-bit WAV can be played")
            channels, rate = wav.getnchannels(), wav.getframerate()
            data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    except (OSError, wave.Error, EOFError) as error:
        raise AudioError(f"{path.name}: cannot read the memo's audio ({error})") from error
    return data.reshape(-1, channels), rate


def _output_device(device: str | int | None):
    """The output device to use, or AudioError with a message for a person."""
    try:
        import sounddevice as sd
    except OSError as error:  # the PortAudio library itself is missing
        raise AudioError(f"{NO_DEVICE} (PortAudio is not installed: {error})") from error
    try:
        info = sd.query_devices(device if device not in ("", None) else None, kind="output")
    except (sd.PortAudioError, ValueError) as error:
        raise AudioError(NO_DEVICE) from error
    if not info or info.get("max_output_channels", 0) < 1:
        raise AudioError(NO_DEVICE)
    return sd, info


class Player:
    """Plays one WAV at a time. on_finished(error) runs on the playback thread:
    error is "" when the audio played to its end or was stopped."""

    def __init__(self, device: str | int | None = None,
                 on_finished: Callable[[str], None] | None = None):
        self.device = device
        self.on_finished = on_finished
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.frames_played = 0

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def play(self, path: Path) -> None:
        """Start playing `path` (stopping what plays now). Raises AudioError when it
        cannot start: no such file, unreadable, or no output device."""
        self.stop()
        if not path.exists():
            raise AudioError(f"memo audio {path.name} is missing")
        data, rate = read_wav(path)
        sd, info = _output_device(self.device)
        self._stop = threading.Event()
        self.frames_played = 0
        self._thread = threading.Thread(target=self._run, args=(sd, info, data, rate, self._stop),
                                        name="playback", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait)

    def _run(self, sd, info, data: np.ndarray, rate: int, stop: threading.Event) -> None:
        error = ""
        try:
            channels = data.shape[1]
            try:
                stream = sd.OutputStream(samplerate=rate, channels=channels, dtype="int16",
                                         device=self.device if self.device not in ("", None) else None)
            except sd.PortAudioError:
                # Some devices refuse 16 kHz: play at the device's own rate instead.
                device_rate = int(info.get("default_samplerate") or 48000)
                n = int(len(data) * device_rate / rate)
                positions = np.linspace(0, len(data) - 1, n)
                data = np.stack([np.interp(positions, np.arange(len(data)), data[:, c])
                                 for c in range(channels)], axis=1).astype(np.int16)
                rate = device_rate
                stream = sd.OutputStream(samplerate=rate, channels=channels, dtype="int16",
                                         device=self.device if self.device not in ("", None) else None)
            with stream:
                for start in range(0, len(data), BLOCK):
                    if stop.is_set():
                        break
                    stream.write(np.ascontiguousarray(data[start:start + BLOCK]))
                    self.frames_played += min(BLOCK, len(data) - start)
                if stop.is_set():
                    stream.abort()
        except Exception as failure:  # a device can fail in ways no one listed: report, never crash
            log.warning("playback failed: %s", failure)
            error = f"{NO_DEVICE} ({failure})" if "device" in str(failure).lower() else \
                f"The memo could not be played: {failure}"
        if self.on_finished is not None:
            try:
                self.on_finished(error)
            except Exception:
                log.debug("on_finished failed", exc_info=True)
