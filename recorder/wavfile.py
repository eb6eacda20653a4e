"""16 kHz mono 16-bit WAV files that survive a crash.

A recording is written as it is captured: the header goes first with
placeholder sizes, blocks are appended, and the file is flushed and fsynced
about once a second, so a crash or power cut loses at most about a second.
The sizes are fixed when the file is closed, or by `repair_wav_header` at the
next start when the writer was killed.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import struct
import time
from pathlib import Path
from typing import BinaryIO

import numpy as np

from models.config import FILE_MODE
from models.errors import AudioError, DiskFullError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
CHANNELS = 1
SAMPLE_WIDTH = 2  # bytes: int16
HEADER_BYTES = 44
# "Unknown length", as streaming writers (sox, ffmpeg) mark it: a reader that
# meets an unrepaired file reads to the end instead of seeing zero frames.
_UNKNOWN = 0xFFFFFFFF


def _header(data_bytes: int, rate: int = SAMPLE_RATE) -> bytes:
    riff = _UNKNOWN if data_bytes == _UNKNOWN else 36 + data_bytes
    return b"".join([
        b"RIFF", struct.pack("<I", riff), b"WAVE",
        b"fmt ", struct.pack("<IHHIIHH", 16, 1, CHANNELS, rate, rate * CHANNELS * SAMPLE_WIDTH,
                             CHANNELS * SAMPLE_WIDTH, SAMPLE_WIDTH * 8),
        b"data", struct.pack("<I", data_bytes),
    ])


def _disk_error(path: Path, error: OSError) -> Exception:
    if error.errno == errno.ENOSPC:
        return DiskFullError(f"the disk is full: {path.name} could not be written; "
                             "the audio recorded so far is kept")
    return AudioError(f"{path.name}: cannot be written: {error.strerror or error}")


class WavAppender:
    """Appends int16 blocks to a new WAV file, syncing about once a second.

    Not thread-safe: one writer thread owns it.
    """

    def __init__(self, path: Path, sync_seconds: float = 1.0):
        self.path = Path(path)
        self.sync_seconds = sync_seconds
        self.frames = 0
        self._last_sync = time.monotonic()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            os.fchmod(fd, FILE_MODE)
            # Held until close (or until the process dies, even by SIGKILL): recovery
            # at another start skips a file that is locked, as it is still being recorded.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._file = os.fdopen(fd, "wb")
            self._file.write(_header(_UNKNOWN))
            self._sync()
        except OSError as error:
            raise _disk_error(self.path, error) from error

    @property
    def seconds(self) -> float:
        return self.frames / SAMPLE_RATE

    def append(self, samples: np.ndarray) -> None:
        data = np.ascontiguousarray(samples, dtype="<i2").reshape(-1)
        try:
            self._file.write(data.tobytes())
            self.frames += len(data)
            if time.monotonic() - self._last_sync >= self.sync_seconds:
                self._sync()
        except OSError as error:
            raise _disk_error(self.path, error) from error

    def _sync(self) -> None:
        _flush_to_disk(self._file)
        self._last_sync = time.monotonic()

    def close(self) -> None:
        """Write the real sizes into the header and close the file."""
        if self._file.closed:
            return
        try:
            self._file.flush()
            self._file.seek(0)
            self._file.write(_header(self.frames * SAMPLE_WIDTH))
            self._sync()
        except OSError as error:
            raise _disk_error(self.path, error) from error
        finally:
            try:
                self._file.close()
            except OSError:
                log.warning("closing %s failed", self.path.name)

    def __enter__(self) -> WavAppender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chunks(data: bytes) -> dict[bytes, tuple[int, int]]:
    """Chunk id -> (offset of its payload, declared size), for a RIFF/WAVE file."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    found: dict[bytes, tuple[int, int]] = {}
    offset = 12
    while offset + 8 <= len(data):
        chunk_id = data[offset:offset + 4]
        (size,) = struct.unpack("<I", data[offset + 4:offset + 8])
        found.setdefault(chunk_id, (offset + 8, size))
        if chunk_id == b"data":
            break  # the audio runs to the end of the file; nothing after it matters here
        offset += 8 + size + (size & 1)
    return found


def _wav_layout(data: bytes, missing: str = "no fmt or data chunk") -> tuple[int, int, int]:
    """(offset of the fmt payload, offset of the audio, declared audio bytes) of a RIFF/WAVE file.

    ValueError when `data` is not a WAV, or with `missing` when it lacks either chunk.
    """
    chunks = _chunks(data)
    if b"fmt " not in chunks or b"data" not in chunks:
        raise ValueError(missing)
    data_at, declared = chunks[b"data"]
    return chunks[b"fmt "][0], data_at, declared


def _flush_to_disk(file: BinaryIO) -> None:
    file.flush()
    os.fsync(file.fileno())


def declared_wav_bytes(head: bytes) -> tuple[int, int, int] | None:
    """(data offset, declared data bytes, byte rate) of a WAV header, or None
    when `head` is not a WAV or does not state its length."""
    try:
        fmt_at, data_at, declared = _wav_layout(head)
    except ValueError:
        return None
    if fmt_at + 12 > len(head):
        return None
    (byte_rate,) = struct.unpack("<I", head[fmt_at + 8:fmt_at + 12])
    if declared in (0, _UNKNOWN) or byte_rate == 0:
        return None
    return data_at, declared, byte_rate


def repair_wav_header(path: Path) -> int:
    """Fix the sizes in the header of a WAV whose writer was killed.

    The audio is whatever whole frames reached the disk. Returns the number of
    frames recovered (0 for a file cut off inside its header, which is then
    rewritten as an empty WAV).
    """
    path = Path(path)
    try:
        with open(path, "r+b") as file:
            head = file.read(4096)
            size = os.fstat(file.fileno()).st_size
            if len(head) < HEADER_BYTES and head[:4] in (b"", b"R", b"RI", b"RIF", b"RIFF"):
                # Killed before the header was on disk: nothing was recorded.
                file.seek(0)
                file.truncate()
                file.write(_header(0))
                _flush_to_disk(file)
                return 0
            try:
                fmt_at, data_at, _ = _wav_layout(head)
            except ValueError as error:
                raise AudioError(f"{path.name}: cannot repair: {error}") from error
            channels, = struct.unpack("<H", head[fmt_at + 2:fmt_at + 4])
            bits, = struct.unpack("<H", head[fmt_at + 14:fmt_at + 16])
            frame_bytes = max(1, channels * bits // 8)
            data_bytes = max(0, size - data_at)
            data_bytes -= data_bytes % frame_bytes  # a half-written last frame is dropped
            file.truncate(data_at + data_bytes)
            file.seek(4)
            file.write(struct.pack("<I", data_at - 8 + data_bytes))
            file.seek(data_at - 4)
            file.write(struct.pack("<I", data_bytes))
            _flush_to_disk(file)
    except FileNotFoundError as error:
        raise AudioError(f"{path.name}: the recording is missing") from error
    frames = data_bytes // frame_bytes
    log.info("repaired %s: %d frames", path.name, frames)
    return frames


def read_wav(path: Path) -> np.ndarray:
    """The samples of a 16 kHz mono 16-bit PCM WAV (what pushin writes)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AudioError(f"{path.name}: cannot be read: {error.strerror or error}") from error
    try:
        fmt_at, data_at, declared = _wav_layout(data, missing="not a complete WAV file (no fmt or data chunk)")
    except ValueError as error:
        raise AudioError(f"{path.name}: {error}") from error
    tag, channels, rate = struct.unpack("<HHI", data[fmt_at:fmt_at + 8])
    bits, = struct.unpack("<H", data[fmt_at + 14:fmt_at + 16])
    if (tag, channels, rate, bits) != (1, CHANNELS, SAMPLE_RATE, 16):
        raise AudioError(f"{path.name}: expected 16 kHz mono 16-bit PCM, found "
                         f"format {tag}, {channels} channel(s), {rate} Hz, {bits} bit")
    end = len(data) if declared == _UNKNOWN else min(len(data), data_at + declared)
    end -= (end - data_at) % SAMPLE_WIDTH
    return np.frombuffer(data[data_at:end], dtype="<i2").astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    """Write a whole WAV at once, atomically (a reader never sees half a file)."""
    path = Path(path)
    data = np.ascontiguousarray(samples, dtype="<i2").reshape(-1).tobytes()
    temp = path.with_name(path.name + ".part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as file:
            file.write(_header(len(data), rate))
            file.write(data)
            _flush_to_disk(file)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _disk_error(path, error) from error


def wav_seconds(path: Path) -> float:
    """Length of a pushin WAV in seconds, from its size (cheap; no decoding)."""
    size = Path(path).stat().st_size
    return max(0, size - HEADER_BYTES) / (SAMPLE_RATE * SAMPLE_WIDTH)
