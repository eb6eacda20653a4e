"""Audio for tests, made by the tests: espeak-ng speech, numpy noise.

Nothing is downloaded or read from outside the repository. Levels are in
dBFS (RMS relative to full scale), so a test says how loud things are.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import av
import numpy as np

RATE = 16000

BABBLE_LINES = (
    "Okay everyone, open your books to page forty two.",
    "Can I borrow your pencil please?",
    "Who knows what a habitat is?",
    "Line up quietly at the door.",
    "I finished my worksheet already.",
    "Let's read the next paragraph together.",
)


def have_speech_tools() -> bool:
    return bool(shutil.which("espeak-ng") and shutil.which("sox"))


def speak(text: str, voice: str = "en-us", speed: int = 150, rate: int = RATE) -> np.ndarray:
    """espeak-ng saying `text`, as float32 in -1..1 at `rate` Hz, mono."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
        subprocess.run(["sox", "-D", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(out)], check=True)
        data = out.read_bytes()
    pcm = np.frombuffer(data[44:], dtype="<i2")
    return pcm.astype(np.float32) / 32768


def rms_db(x: np.ndarray) -> float:
    x = np.asarray(x)
    x = x / 32768 if x.dtype == np.int16 else x.astype(np.float64)
    return float(20 * np.log10(np.sqrt(np.mean(x**2)) + 1e-12))


def at_level(x: np.ndarray, dbfs: float) -> np.ndarray:
    """Scale `x` so its RMS (over the non-silent part) is `dbfs`."""
    active = x[np.abs(x) > 1e-3]
    current = np.sqrt(np.mean(active.astype(np.float64) ** 2)) if len(active) else 1.0
    return (x * (10 ** (dbfs / 20) / current)).astype(np.float32)


def pink_noise(n: int, seed: int = 0) -> np.ndarray:
    """Pink (1/f) noise with unit RMS."""
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spectrum), dtype=np.float64)
    f[0] = 1
    x = np.fft.irfft(spectrum / np.sqrt(f), n)
    return (x / np.sqrt(np.mean(x**2))).astype(np.float32)


def babble(n: int, voices: int = 3, seed: int = 0) -> np.ndarray:
    """Several other synthetic voices talking over each other, unit RMS."""
    rng = np.random.default_rng(seed)
    out = np.zeros(n, np.float32)
    for i in range(voices):
        line = BABBLE_LINES[(seed + i) % len(BABBLE_LINES)]
        b = speak(line, ["en-us+m4", "en-us+f5", "en-gb+m5"][i % 3], 170)
        start = int(rng.integers(0, max(1, n - len(b))))
        seg = b[: n - start]
        out[start:start + len(seg)] += seg * rng.uniform(0.5, 1.0)
    return out / (np.sqrt(np.mean(out.astype(np.float64) ** 2)) + 1e-9)


def classroom_noise(seconds: float, dbfs: float = -31.0, seed: int = 0) -> np.ndarray:
    """A loud classroom: three other voices talking (babble) over pink noise,
    `dbfs` RMS overall. -31 dBFS is 5 dB under speech at -26 dBFS."""
    n = int(seconds * RATE)
    pink = pink_noise(n, seed=seed + 1)
    pink = pink / np.abs(pink).max()  # peak-normalised: a steady hum under the voices
    mix = 0.6 * babble(n, seed=seed) + 0.4 * pink
    return (mix / np.sqrt(np.mean(mix.astype(np.float64) ** 2)) * 10 ** (dbfs / 20)).astype(np.float32)


def room_tone(seconds: float, dbfs: float = -65.0, seed: int = 0) -> np.ndarray:
    """The faint hiss every real microphone hears in a quiet room."""
    return (pink_noise(int(seconds * RATE), seed=seed) * 10 ** (dbfs / 20)).astype(np.float32)


def memo(text: str, *, lead: float = 1.0, tail: float = 1.5, speech_dbfs: float = -20.0,
         noise: np.ndarray | None = None, voice: str = "en-us", seed: int = 0) -> np.ndarray:
    """A dictated memo: room tone, `lead` s of nothing, the speech, `tail` s of nothing.

    `noise` (float32 at RATE), when given, is added over the whole memo
    (tiled or cut to length) instead of room tone.
    """
    speech = at_level(speak(text, voice), speech_dbfs) if text else np.zeros(0, np.float32)
    x = np.concatenate([np.zeros(int(lead * RATE), np.float32), speech,
                        np.zeros(int(tail * RATE), np.float32)])
    if noise is None:
        noise = room_tone(len(x) / RATE, seed=seed)
    x = x + np.resize(noise, len(x))
    return x


def to_int16(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


def write_wav(path: Path, x: np.ndarray, rate: int = RATE, channels: int = 1) -> Path:
    """A plain PCM WAV from float32 (or int16) samples; channels > 1 duplicates the signal."""
    pcm = x if x.dtype == np.int16 else to_int16(x)
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1)
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return Path(path)


def encode(path: Path, x: np.ndarray, rate: int = RATE, channels: int = 1) -> Path:
    """Encode float32 samples by the file's suffix: .mp3, .m4a, .ogg, .flac, .wav."""
    path = Path(path)
    if path.suffix == ".wav":
        return write_wav(path, x, rate, channels)
    codec, fmt = {".mp3": ("mp3", "mp3"), ".m4a": ("aac", "ipod"), ".ogg": ("libopus", "ogg"),
                  ".flac": ("flac", "flac")}[path.suffix]
    if codec == "libopus":
        # Opus only runs at 48 kHz; resample by interpolation (fine for a test signal).
        n = int(len(x) * 48000 / rate)
        x = np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)
        rate = 48000
    pcm = to_int16(x)
    layout = "mono" if channels == 1 else "stereo"
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        frame_size = 1024
        data = np.repeat(pcm[None, :], channels, axis=0) if channels > 1 else pcm[None, :]
        # Packed s16: interleave channels into one plane.
        packed = data.T.reshape(1, -1) if channels > 1 else data
        for start in range(0, len(pcm), frame_size):
            chunk = packed[:, start * channels:(start + frame_size) * channels]
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="s16", layout=layout)
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
