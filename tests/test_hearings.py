"""transcribe.hearings: the filtered copies of a noisy memo, and the reading kept among theirs."""

from __future__ import annotations

import numpy as np
import pytest

from recorder.vad import trim_speech
from tests.audio_fixtures import RATE, classroom_noise, have_speech_tools, memo, pink_noise, to_int16
from transcribe.hearings import HearingOptions, closest_reading, contrast_db, filtered_copies, wants_hearings


def tone(hz: float, seconds: float, amplitude: float) -> np.ndarray:
    return (amplitude * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(np.float32)


def power_at(samples: np.ndarray, hz: float) -> float:
    """The power of `samples` (int16) in the FFT bin nearest `hz`, in dB."""
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64) / 32768)) ** 2
    return float(10 * np.log10(spectrum[int(round(hz * len(samples) / RATE))] + 1e-20))


def test_the_reading_the_others_agree_with_is_kept():
    readings = ["Omar spoke in complete sentences, six or ten times, after a verbal reminder.",
                "Omar spoke in complete sentences, six of ten times, after a verbal reminder.",
                "Omar spoke, complete sentences, six of ten times after a verbal reminder."]
    assert closest_reading(readings) == 1


def test_the_unfiltered_reading_wins_a_tie_and_a_lone_reading_is_kept():
    assert closest_reading(["Jayden got four of five.", "Jayden got for a five.", "Jayden got four of nine."]) == 0
    assert closest_reading(["Maria used because three times."]) == 0
    # Case and punctuation are not words: these three agree.
    assert closest_reading(["maria, used because", "Maria used because.", "Maria used Because"]) == 0


def test_the_copies_keep_the_memos_length_and_the_voice_band():
    hum, voice = tone(60, 2.0, 0.3), tone(1000, 2.0, 0.3)
    samples = to_int16(hum + voice)
    highpassed, denoised = filtered_copies(samples, HearingOptions())
    for copy in (highpassed, denoised):
        assert copy.dtype == np.int16 and len(copy) == len(samples)
    assert power_at(highpassed, 60) < power_at(samples, 60) - 20  # the rumble goes
    assert abs(power_at(highpassed, 1000) - power_at(samples, 1000)) < 0.5  # the voice band stays


def test_the_noise_copy_takes_some_of_the_steady_room_off_and_keeps_what_stands_above_it():
    """Mild by design (twice the room's 20th-percentile spectrum off each frame): what was measured."""
    room = pink_noise(3 * RATE, seed=3) * 10 ** (-40 / 20)
    burst = np.zeros(3 * RATE, np.float32)
    burst[RATE:2 * RATE] = tone(700, 1.0, 0.3)
    samples = to_int16(room + burst)
    _, denoised = filtered_copies(samples, HearingOptions())

    def level(x: np.ndarray) -> float:
        return float(10 * np.log10(np.mean((x.astype(np.float64) / 32768) ** 2) + 1e-20))

    quiet = slice(RATE // 4, 3 * RATE // 4)  # the room alone
    assert level(denoised[quiet]) < level(samples[quiet]) - 1.5
    loud = slice(5 * RATE // 4, 7 * RATE // 4)  # the tone over the room
    assert abs(level(denoised[loud]) - level(samples[loud])) < 0.3
    stronger = HearingOptions(noise_strength=8.0)
    assert level(filtered_copies(samples, stronger)[1][quiet]) < level(denoised[quiet]) - 3


def test_silence_gives_silent_copies():
    silent = np.zeros(RATE, np.int16)
    assert all(not copy.any() for copy in filtered_copies(silent, HearingOptions()))
    assert contrast_db(silent) == 0.0


@pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng is not installed")
def test_only_a_memo_said_over_a_noisy_room_is_heard_again():
    said = "Maria used because three times during the science discussion."
    quiet = trim_speech(to_int16(memo(said))).samples
    noisy = trim_speech(to_int16(memo(said, noise=classroom_noise(12.0, dbfs=-35.0, seed=2)))).samples
    assert contrast_db(quiet) > 32 > contrast_db(noisy)
    assert not wants_hearings(quiet, HearingOptions())
    assert wants_hearings(noisy, HearingOptions())
    assert not wants_hearings(noisy, HearingOptions(below_contrast_db=0))
