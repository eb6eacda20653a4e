"""From audio to a confirmed observation, through what a person uses.

espeak-ng says a memo; `pushin add` imports it; `pushin transcribe` runs the
real Whisper model and stores suggestions; the SLP confirms them with
`pushin tag --confirm-suggested` or with enter on the review screen; and
`pushin export notes --format json` shows the confirmed observation. Each
step is a real subprocess (or the real screen) over a real PUSHIN_HOME.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.audio_fixtures import RATE, at_level, have_speech_tools, room_tone, speak, write_wav

ROOT = Path(__file__).resolve().parent.parent
SAID = "Maria answered four out of five questions with a verbal cue."

CASELOAD = (
    "student,grade,teacher,goal_id,area,goal,target,measure\n"
    "Maria Gonzalez,3,Ms. Alvarez,MG-1,language,Answer wh- questions about a story,80,trials\n"
    "Maria Gonzalez,3,Ms. Alvarez,MG-2,fluency,Use easy onset when starting a sentence,3,tally\n"
    "Jayden Brooks,3,Ms. Alvarez,JB-1,articulation,Produce /r/ in the initial position of words,80,trials\n"
)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox make the test speech")]


def pushin(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PUSHIN_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"pushin {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def dictated(text: str) -> np.ndarray:
    """A memo as an SLP dictates it: a pause, the words at speaking level, a pause, room tone.
    (espeak-ng's "en" voice at 130 words a minute: the robotic voice is hard enough for the model.)"""
    words = at_level(speak(text, voice="en", speed=130), -20.0)
    x = np.concatenate([np.zeros(int(0.8 * RATE), np.float32), words, np.zeros(RATE, np.float32)])
    return x + np.resize(room_tone(len(x) / RATE), len(x))


def notes(home: Path) -> list[dict]:
    return json.loads(pushin(home, "export", "notes", "--format", "json").stdout)


@pytest.fixture(scope="module")
def transcribed(tmp_path_factory) -> Path:
    """A home where the memo was added and transcribed (once for the module; tests copy it)."""
    tmp = tmp_path_factory.mktemp("e2e")
    home = tmp / "home"
    caseload = tmp / "caseload.csv"
    caseload.write_text(CASELOAD)
    pushin(home, "caseload", "import", str(caseload))
    wav = write_wav(tmp / "maria.wav", dictated(SAID))

    pushin(home, "add", str(wav))
    (added,) = notes(home)
    assert (added["audio_file"], added["status"], added["observations"]) == ("maria.wav", "pending", [])

    pushin(home, "transcribe")
    (heard,) = notes(home)
    assert heard["status"] == "transcribed"
    assert "maria" in heard["transcript"].lower() and "verbal" in heard["transcript"].lower()
    (suggested,) = heard["observations"]
    assert suggested["confirmed"] is False and suggested["student"] == "Maria Gonzalez"
    return home


@pytest.fixture
def home(transcribed, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(transcribed, copy)
    return copy


def assert_confirmed_as_said(home: Path) -> None:
    (note,) = notes(home)
    (observation,) = note["observations"]
    assert observation["confirmed"] is True
    assert (observation["student"], observation["goal_id"], observation["data_type"]) == (
        "Maria Gonzalez", "MG-1", "trials")
    assert (observation["correct"], observation["total"], observation["cue"]) == (4, 5, "verbal")
    from models.store import Store
    from tagging.review import review_queue

    store = Store(home)
    try:
        assert review_queue(store) == []  # nothing left to review
        actions = [r["action"] for r in store.rows("SELECT action FROM audit WHERE table_name = 'observations'")]
        assert actions == ["suggest", "confirm"]
    finally:
        store.close()


def test_from_audio_to_a_confirmed_observation_on_the_command_line(home):
    done = pushin(home, "tag", "--confirm-suggested")
    assert "confirmed 1 suggested observation" in done.stdout
    assert_confirmed_as_said(home)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_from_audio_to_a_confirmed_observation_on_the_review_screen(home, anyio_backend):
    from models.store import Store
    from tests.test_review_screen import Host, started
    from tests.tui_helpers import screen_text

    store = Store(home)
    try:
        app = Host(store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot, app)
            shown = screen_text(app)
            assert "Maria Gonzalez" in shown and "MG-1" in shown and "4/5" in shown
            await pilot.press("enter")
            assert screen.item is None and "Memo 1 confirmed" in screen.last_message
    finally:
        store.close()
    assert_confirmed_as_said(home)
