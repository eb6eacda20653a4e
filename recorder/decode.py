"""Audio files of any common format to 16 kHz mono int16, through PyAV.

PyAV (FFmpeg) is already installed for faster-whisper, so WAV, MP3, M4A, OGG
and FLAC at any sample rate or channel count work without another library.
Every way a file can be unusable becomes an AudioError naming the file and
the reason, so `pushin add` can skip it and go on.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import av
import numpy as np

from models.errors import AudioError
from recorder.wavfile import SAMPLE_RATE, declared_wav_bytes

log = logging.getLogger(__name__)

MAX_MEMO_SECONDS = 600  # a memo is short; a lecture is not a memo
# A file whose audio stops this far before its declared length is truncated.
_TRUNCATION_TOLERANCE_SECONDS = 0.25


def _too_long(name: str, seconds: float, limit: float) -> AudioError:
    return AudioError(f"{name}: too long ({seconds / 60:.1f} minutes; a memo may be at most "
                      f"{limit / 60:g} minutes)")


def decode_audio(path: Path, max_seconds: float = MAX_MEMO_SECONDS) -> np.ndarray:
    """Decode a file to 16 kHz mono int16 samples, or raise AudioError saying why not."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise AudioError(f"{name}: no such file")
    if path.is_dir():
        raise AudioError(f"{name}: is a folder, not an audio file")
    if not os.access(path, os.R_OK):
        raise AudioError(f"{name}: cannot be read (permission denied)")
    size = path.stat().st_size
    if size == 0:
        raise AudioError(f"{name}: empty file (zero length)")
    _check_wav_length(path, size)

    try:
        container = av.open(str(path), mode="r")
    except PermissionError as error:
        raise AudioError(f"{name}: cannot be read (permission denied)") from error
    except (av.error.InvalidDataError, av.error.EOFError) as error:
        raise AudioError(f"{name}: not an audio file, or damaged or truncated beyond reading") from error
    except (av.error.FFmpegError, OSError) as error:
        raise AudioError(f"{name}: cannot be read ({error})") from error

    with container:
        if not container.streams.audio:
            raise AudioError(f"{name}: has no audio in it (not an audio file)")
        stream = container.streams.audio[0]
        declared = _declared_seconds(container, stream)
        if declared is not None and declared > max_seconds + 0.5:
            raise _too_long(name, declared, max_seconds)
        samples = _decode_stream(container, stream, name, max_seconds)

    seconds = len(samples) / SAMPLE_RATE
    if len(samples) == 0:
        raise AudioError(f"{name}: contains no audio (zero length)")
    if declared is not None and _is_pcm(stream) and seconds < declared - _TRUNCATION_TOLERANCE_SECONDS:
        # Only uncompressed files state their length exactly; a compressed
        # file's declared length is an estimate from its bit rate.
        raise AudioError(f"{name}: truncated (the file says {declared:.1f} s, "
                         f"only {seconds:.1f} s of audio is there)")
    log.info("decoded %s: %.2f s", name, seconds)
    return samples


def _check_wav_length(path: Path, size: int) -> None:
    """A WAV states its length exactly; FFmpeg quietly reads a cut-off one."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise AudioError(f"{path.name}: cannot be read ({error.strerror or error})") from error
    declared = declared_wav_bytes(head)
    if declared is None:
        return
    data_at, data_bytes, byte_rate = declared
    missing = data_at + data_bytes - size
    if missing > byte_rate * _TRUNCATION_TOLERANCE_SECONDS:
        raise AudioError(f"{path.name}: truncated (the file says {data_bytes / byte_rate:.1f} s, "
                         f"only {max(0, size - data_at) / byte_rate:.1f} s of audio is there)")


def _is_pcm(stream) -> bool:
    return stream.codec_context.name.startswith("pcm_")


def _declared_seconds(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _decode_stream(container, stream, name: str, max_seconds: float) -> np.ndarray:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    parts: list[np.ndarray] = []
    total = 0
    limit = int((max_seconds + 0.5) * SAMPLE_RATE)
    try:
        for frame in container.decode(stream):
            frame.pts = None  # let the resampler follow the stream; bad timestamps must not stop it
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray().reshape(-1).copy())
                total += out.samples
            if total > limit:
                raise _too_long(name, total / SAMPLE_RATE, max_seconds)
        for out in resampler.resample(None):
            parts.append(out.to_ndarray().reshape(-1).copy())
            total += out.samples
    except AudioError:
        raise
    except (av.error.FFmpegError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        if total == 0:
            raise AudioError(f"{name}: not an audio file, or damaged beyond reading ({reason})") from error
        raise AudioError(f"{name}: truncated or damaged after {total / SAMPLE_RATE:.1f} s ({reason})") from error
    if total > limit:
        raise _too_long(name, total / SAMPLE_RATE, max_seconds)
    if not parts:
        return np.zeros(0, np.int16)
    return np.concatenate(parts).astype(np.int16, copy=False)
