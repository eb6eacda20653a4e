"""Voice-activity trimming: keep the dictation, drop the silence and the room.

webrtcvad marks each 30 ms frame voiced or not, but in a classroom it also
marks other people talking (babble) and much of the noise. So a frame counts
as speech only when it is voiced, clearly above the memo's own noise floor,
and inside a run of such frames (smoothing). A memo then holds speech only
when there is enough of it and it stands out the way a person dictating
into the laptop does: far above the room (contrast), or loud and above the
room. A silent or noise-only memo must never turn into text, so when in
doubt it is `no-speech`; its audio is kept and the SLP can still play it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import webrtcvad

from models.config import VAD_AGGRESSIVENESS
from recorder.wavfile import SAMPLE_RATE

_EPS = 1e-10


@dataclass
class TrimOptions:
    """How memos are trimmed and when a memo counts as holding speech.

    aggressiveness: webrtcvad mode 0-3; higher calls fewer noisy frames voiced.
    frame_ms: VAD frame length; webrtcvad accepts 10, 20 or 30 ms.
    pad_ms: audio kept before the first speech and after the last, so word
        onsets and endings are not clipped.
    max_pause_ms: a pause inside the memo longer than this is shortened to it.
    min_speech_ms: less speech than this in total means no speech, so a cough
        or a door does not become a memo.
    smooth_ms: a frame is speech when most frames in a window this long
        around it are speech candidates; single voiced noise frames vanish.
    floor_margin_db: a candidate frame is at least this far above the noise
        floor (the memo's 10th-percentile frame energy).
    min_contrast_db: speech this far above the noise floor (power average of
        its frames) counts, however quiet: a close talker in a quiet room.
    loud_dbfs, loud_contrast_db: speech at least `loud_dbfs` loud and
        `loud_contrast_db` above the floor also counts: dictation over a loud
        classroom. Babble heard from across the room is quieter than both.
    far_talker_db: speech this far below the memo's speech level, before the
        dictation or after it, is someone across the room, not the SLP at the
        laptop: it neither starts nor ends the memo.
    far_talker_gain_db: such stretches left inside the trimmed memo are
        turned down by this much, so the model does not write them down.
    """

    aggressiveness: int = VAD_AGGRESSIVENESS
    frame_ms: int = 30
    pad_ms: int = 300
    max_pause_ms: int = 800
    min_speech_ms: int = 300
    smooth_ms: int = 210
    floor_margin_db: float = 10.0
    min_contrast_db: float = 25.0
    loud_dbfs: float = -26.0
    loud_contrast_db: float = 14.0
    far_talker_db: float = 9.0
    far_talker_gain_db: float = -20.0


@dataclass
class TrimResult:
    samples: np.ndarray  # the trimmed memo, int16 at 16 kHz (empty when no speech)
    has_speech: bool
    seconds_before: float
    seconds_after: float
    speech_seconds: float = 0.0  # frames judged speech, before padding
    level_dbfs: float | None = None  # power average of the speech frames
    floor_dbfs: float | None = None  # the memo's noise floor


def frame_energies(samples: np.ndarray, frame: int) -> np.ndarray:
    """RMS level of each whole frame in dBFS."""
    n = len(samples) // frame
    frames = samples[: n * frame].reshape(n, frame).astype(np.float64) / 32768
    return 10 * np.log10(np.mean(frames**2, axis=1) + _EPS)


def voiced_frames(samples: np.ndarray, options: TrimOptions) -> np.ndarray:
    frame = SAMPLE_RATE * options.frame_ms // 1000
    vad = webrtcvad.Vad(int(options.aggressiveness))
    pcm = np.ascontiguousarray(samples, dtype="<i2")
    n = len(pcm) // frame
    return np.fromiter((vad.is_speech(pcm[i * frame:(i + 1) * frame].tobytes(), SAMPLE_RATE)
                        for i in range(n)), dtype=bool, count=n)


def speech_frames(samples: np.ndarray, options: TrimOptions) -> tuple[np.ndarray, np.ndarray, float]:
    """(speech mask per frame, frame energies in dBFS, noise floor in dBFS)."""
    frame = SAMPLE_RATE * options.frame_ms // 1000
    energy = frame_energies(samples, frame)
    if len(energy) == 0:
        return np.zeros(0, bool), energy, -100.0
    floor = float(np.percentile(energy, 10))
    candidate = voiced_frames(samples, options) & (energy >= floor + options.floor_margin_db)
    width = max(1, options.smooth_ms // options.frame_ms)
    # A centred moving average ("same" mode would return the kernel's length for very short memos).
    full = np.convolve(candidate.astype(np.float64), np.ones(width) / width)
    votes = full[(width - 1) // 2:(width - 1) // 2 + len(candidate)]
    return (votes > 0.5) & (energy >= floor + options.floor_margin_db / 2), energy, floor


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index pairs of the True runs."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0].tolist(), np.nonzero(edges == -1)[0].tolist(), strict=True))


def power_average(levels_dbfs: np.ndarray) -> float:
    """The level of frames taken together (dB averaged as power, not as numbers)."""
    return float(10 * np.log10(np.mean(10 ** (levels_dbfs / 10))))


def split_far_talkers(mask: np.ndarray, energy: np.ndarray, level: float,
                      far_db: float) -> tuple[np.ndarray, np.ndarray]:
    """(the dictation's frames, other talkers' frames) of a speech mask.

    The SLP speaks into the laptop; a classmate or teacher across the room
    reaches it far quieter, so a run of speech far below the memo's level,
    before the dictation starts or after it ends, is theirs. Quieter runs
    between the dictation's own stay: the SLP may turn away mid-sentence.
    Loud babble that merges with the dictation cannot be told apart this way.
    """
    runs = _runs(mask)
    near = [i for i, (start, end) in enumerate(runs) if power_average(energy[start:end]) >= level - far_db]
    far = np.zeros_like(mask)
    for i, (start, end) in enumerate(runs):
        if near and not near[0] <= i <= near[-1]:
            far[start:end] = True
    return mask & ~far, far


def _dilate(mask: np.ndarray, frames: int) -> np.ndarray:
    """mask grown by `frames` on each side."""
    grown = np.convolve(mask.astype(np.int8), np.ones(2 * frames + 1, np.int8))
    return grown[frames:frames + len(mask)] > 0


def _turn_down(samples: np.ndarray, frames: np.ndarray, frame: int, gain_db: float) -> np.ndarray:
    """samples with the marked frames scaled by gain_db, ramped over 10 ms so it does not click."""
    if not frames.any():
        return samples
    gain = np.ones(len(samples))
    gain[: len(frames) * frame] = np.where(np.repeat(frames, frame), 10 ** (gain_db / 20), 1.0)
    ramp = SAMPLE_RATE // 100
    gain = np.convolve(np.pad(gain, (ramp // 2, ramp - ramp // 2 - 1), mode="edge"), np.ones(ramp) / ramp, "valid")
    return np.round(samples * gain).astype(np.int16)


def trim_speech(samples: np.ndarray, options: TrimOptions | None = None) -> TrimResult:
    """Trim a 16 kHz int16 memo to its speech, or say it has none."""
    options = options or TrimOptions()
    samples = np.asarray(samples, dtype=np.int16).reshape(-1)
    before = len(samples) / SAMPLE_RATE
    mask, energy, floor = speech_frames(samples, options)
    frame = SAMPLE_RATE * options.frame_ms // 1000
    speech_seconds = float(mask.sum()) * options.frame_ms / 1000
    if not mask.any():
        return TrimResult(np.zeros(0, np.int16), False, before, 0.0, 0.0, None, floor)
    level = power_average(energy[mask])
    contrast = level - floor
    stands_out = contrast >= options.min_contrast_db or (
        level >= options.loud_dbfs and contrast >= options.loud_contrast_db)
    if speech_seconds * 1000 < options.min_speech_ms or not stands_out:
        return TrimResult(np.zeros(0, np.int16), False, before, 0.0, speech_seconds, level, floor)

    mask, far = split_far_talkers(mask, energy, level, options.far_talker_db)
    samples = _turn_down(samples, far & ~_dilate(mask, 3), frame, options.far_talker_gain_db)
    pad = SAMPLE_RATE * options.pad_ms // 1000
    max_pause = SAMPLE_RATE * options.max_pause_ms // 1000
    runs = [(start * frame, end * frame) for start, end in _runs(mask)]
    pieces: list[np.ndarray] = []
    cursor = max(0, runs[0][0] - pad)
    for (_, end), (next_start, _) in zip(runs, runs[1:], strict=False):
        if next_start - end > max_pause:
            # Keep half the allowed pause after this run and half before the next.
            pieces.append(samples[cursor:end + max_pause // 2])
            cursor = next_start - max_pause // 2
    pieces.append(samples[cursor:min(len(samples), runs[-1][1] + pad)])
    trimmed = np.concatenate(pieces).astype(np.int16, copy=False)
    return TrimResult(trimmed, True, before, len(trimmed) / SAMPLE_RATE, speech_seconds, level, floor)


class LiveSpeechDetector:
    """Speech or not, block by block, for the level meter and auto-stop.

    Cheap: webrtcvad on the block's frames plus a level gate, with a short
    hangover so the indicator does not flicker between words.
    """

    def __init__(self, aggressiveness: int = 3, min_dbfs: float = -50.0, hangover_ms: int = 300):
        self._vad = webrtcvad.Vad(int(aggressiveness))
        self.min_dbfs = min_dbfs
        self.hangover_ms = hangover_ms
        self._pending = np.zeros(0, np.int16)
        self._quiet_ms = hangover_ms  # start as "not speaking"

    def feed(self, block: np.ndarray) -> bool:
        """Take a block of 16 kHz int16 samples; True while speech is heard."""
        frame = SAMPLE_RATE * 30 // 1000
        data = np.concatenate([self._pending, np.asarray(block, np.int16).reshape(-1)])
        n = len(data) // frame
        self._pending = data[n * frame:]
        for i in range(n):
            chunk = data[i * frame:(i + 1) * frame]
            if _frame_is_speech(self._vad, chunk, self.min_dbfs):
                self._quiet_ms = 0
            else:
                self._quiet_ms += 30
        return self._quiet_ms < self.hangover_ms

    @property
    def speaking(self) -> bool:
        return self._quiet_ms < self.hangover_ms


def _frame_is_speech(vad: webrtcvad.Vad, chunk: np.ndarray, min_dbfs: float) -> bool:
    level = 10 * np.log10(np.mean((chunk.astype(np.float64) / 32768) ** 2) + _EPS)
    return bool(level >= min_dbfs and vad.is_speech(np.ascontiguousarray(chunk, "<i2").tobytes(), SAMPLE_RATE))


_shared_vad: webrtcvad.Vad | None = None


def is_speech(block: np.ndarray, aggressiveness: int = 3, min_dbfs: float = -50.0) -> bool:
    """True when most 30 ms frames of a 16 kHz int16 block are voiced and not faint."""
    global _shared_vad
    if _shared_vad is None:
        _shared_vad = webrtcvad.Vad(aggressiveness)
    _shared_vad.set_mode(int(aggressiveness))
    frame = SAMPLE_RATE * 30 // 1000
    block = np.asarray(block, np.int16).reshape(-1)
    n = len(block) // frame
    if n == 0:
        return False
    votes = sum(_frame_is_speech(_shared_vad, block[i * frame:(i + 1) * frame], min_dbfs) for i in range(n))
    return votes * 2 > n
