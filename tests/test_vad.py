"""Trimming: speech is kept (quiet or over a loud classroom); silence, room
noise and babble with nothing said are `no speech`, never text."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from recorder.vad import LiveSpeechDetector, TrimOptions, is_speech, trim_speech
from tests.audio_fixtures import RATE, at_level, classroom_noise, memo, rms_db, room_tone, speak, to_int16

TEXT = "Jordan got eight of ten correct with a verbal cue"


@pytest.fixture(scope="module")
def spoken() -> np.ndarray:
    return speak(TEXT)


def speech_seconds(x: np.ndarray) -> float:
    """Length of the utterance itself, from the first to the last clearly audible sample."""
    loud = np.nonzero(np.abs(x) > 0.02 * np.abs(x).max())[0]
    return (loud[-1] - loud[0]) / RATE


def test_the_app_trims_as_the_benchmarks_measured():
    # `pushin add` and the recorder trim with the config's mode; files imported without options with
    # TrimOptions' own. They were once 2 and 3: the app trimmed unlike every benchmark.
    from models.config import Config
    from recorder.memos import options_from_config

    assert options_from_config(Config()) == TrimOptions()


def test_options_are_documented():
    doc = TrimOptions.__doc__ or ""
    for field in dataclasses.fields(TrimOptions):
        assert f"{field.name}" in doc, field.name
    assert TrimOptions().frame_ms == 30


def test_quiet_room_memo_is_trimmed_to_its_speech(spoken):
    options = TrimOptions()
    x = to_int16(memo(TEXT, lead=2.0, tail=3.0, speech_dbfs=-20))
    result = trim_speech(x, options)
    assert result.has_speech
    assert result.seconds_before == pytest.approx(len(x) / RATE)
    utterance = speech_seconds(spoken)
    # Lead and tail silence go; the utterance and about pad_ms each side stay.
    assert utterance - 0.1 <= result.seconds_after <= utterance + 2 * options.pad_ms / 1000 + 0.35
    assert result.seconds_after < result.seconds_before - 4.0
    # What is kept is the speech: nearly all of the memo's energy.
    energy = lambda a: float(np.sum(a.astype(np.float64) ** 2))  # noqa: E731
    assert energy(result.samples) > 0.98 * energy(x)


def test_long_pauses_inside_are_shortened():
    options = TrimOptions(max_pause_ms=800)
    first, second = speak("Jordan eight of ten."), speak("Then two of five with a model.")
    gap = np.zeros(int(4.0 * RATE), np.float32)
    x = np.concatenate([np.zeros(RATE // 2, np.float32), first, gap, second, np.zeros(RATE // 2, np.float32)])
    x = to_int16(x * 0.3 + room_tone(len(x) / RATE + 0.01)[: len(x)])
    result = trim_speech(x, options)
    assert result.has_speech
    # The 4 s pause (plus any quiet tail of the words) shrinks to about 0.8 s.
    assert result.seconds_after <= result.seconds_before - 3.5
    assert result.seconds_after >= speech_seconds(first) + speech_seconds(second) + 0.6


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loud_classroom_with_nothing_said_is_no_speech(seed):
    # Babble of three other voices over pink noise, at the loudness of a
    # classroom 5 dB under the SLP's voice: voices, but nobody dictating.
    x = to_int16(classroom_noise(6.0, dbfs=-31, seed=seed) + room_tone(6.0, seed=seed))
    result = trim_speech(x, TrimOptions())
    assert not result.has_speech, result
    assert result.seconds_after == 0 and len(result.samples) == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_dictation_over_a_loud_classroom_is_kept(seed):
    noise = classroom_noise(8.0, dbfs=-25, seed=seed)  # 5 dB under the speech
    x = to_int16(memo(TEXT, speech_dbfs=-20, noise=noise))
    result = trim_speech(x, TrimOptions())
    assert result.has_speech, result
    assert result.seconds_after >= 2.5


def test_quiet_speech_is_kept():
    x = to_int16(memo(TEXT, speech_dbfs=-40))  # a soft voice, far from the laptop
    result = trim_speech(x, TrimOptions())
    assert result.has_speech, result


@pytest.mark.parametrize("case", ["digital silence", "room tone", "a cough or a door"])
def test_no_speech_cases(case):
    if case == "digital silence":
        x = np.zeros(3 * RATE, np.int16)
    elif case == "room tone":
        x = to_int16(room_tone(5.0))
    else:
        rng = np.random.default_rng(1)
        burst = np.zeros(4 * RATE, np.float32)
        burst[20000:22400] = rng.standard_normal(2400) * 0.3 * np.hanning(2400)
        x = to_int16(burst + room_tone(4.0))
    result = trim_speech(x, TrimOptions())
    assert not result.has_speech
    assert len(result.samples) == 0


@pytest.mark.parametrize("n", [0, 100, 480, 1440, 3000, 5000])
def test_empty_and_tiny_inputs(n):
    loud = (np.random.default_rng(n).standard_normal(n) * 3000).astype(np.int16)
    for x in (np.zeros(n, np.int16), loud):
        result = trim_speech(x)
        assert not result.has_speech
        assert result.seconds_before == pytest.approx(n / RATE)


def test_live_speech_indicator(spoken):
    voice = to_int16(spoken * 0.3)
    block = voice[len(voice) // 3: len(voice) // 3 + 4800]  # 0.3 s from the middle of a word run
    assert is_speech(block)
    assert not is_speech(to_int16(room_tone(0.3)))
    assert not is_speech(np.zeros(4800, np.int16))
    detector = LiveSpeechDetector()
    states = [detector.feed(voice[i:i + 480]) for i in range(0, len(voice), 480)]
    assert any(states)
    quiet = to_int16(room_tone(1.0))
    after = [detector.feed(quiet[i:i + 480]) for i in range(0, len(quiet), 480)]
    assert after[-1] is False  # the light goes off after the hangover


def test_someone_across_the_room_before_the_dictation_is_not_kept(spoken):
    """A classmate's sentence, 14 dB under the SLP's voice, just before the memo: trimmed away and what is
    left of it inside the kept padding is turned down, so the model does not write it down."""
    options = TrimOptions()
    other = at_level(speak("Line up quietly at the door.", "en-us+f5", 170), -34)
    gap = np.zeros(int(0.15 * RATE), np.float32)
    dictation = at_level(spoken, -20)
    x = np.concatenate([np.zeros(RATE // 3, np.float32), other, gap, dictation, np.zeros(RATE, np.float32)])
    x = to_int16(x + room_tone(len(x) / RATE + 0.01)[: len(x)])
    result = trim_speech(x, options)
    assert result.has_speech
    assert result.seconds_after <= speech_seconds(spoken) + 2 * options.pad_ms / 1000 + 0.35
    # The padding before the dictation still holds the classmate's last 150 ms, 20 dB down.
    assert rms_db(result.samples[: int(0.12 * RATE)]) < -48
    # The same sentence at the SLP's own level is the SLP's: kept.
    loud = np.concatenate([np.zeros(RATE // 3, np.float32), at_level(other, -20), gap, dictation,
                           np.zeros(RATE, np.float32)])
    kept = trim_speech(to_int16(loud + room_tone(len(loud) / RATE + 0.01)[: len(loud)]), options)
    assert kept.seconds_after >= speech_seconds(spoken) + len(other) / RATE


def test_a_quieter_stretch_inside_the_dictation_is_kept(spoken):
    """The SLP turns away mid-memo: 12 dB quieter between two loud stretches, and nothing is turned down."""
    quiet = at_level(speak("with a verbal cue", "en-us"), -32)
    pause = np.zeros(int(0.3 * RATE), np.float32)
    x = np.concatenate([np.zeros(RATE // 2, np.float32), at_level(spoken, -20), pause, quiet, pause,
                        at_level(speak("eight of ten"), -20), np.zeros(RATE // 2, np.float32)])
    x = to_int16(x + room_tone(len(x) / RATE + 0.01)[: len(x)])
    result = trim_speech(x, TrimOptions())
    energy = lambda a: float(np.sum(a.astype(np.float64) ** 2))  # noqa: E731
    assert energy(result.samples) > 0.995 * energy(x)  # the quiet words are 2% of it: not turned down
