"""End to end: the real app (`python -m tui`) in a real terminal (tmux), dictated to through
the PulseAudio virtual microphone, with the real model; the transcript must appear on screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from models.domain import NoteStatus
from models.store import Store
from tests.audio_fixtures import have_speech_tools, speak

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("tmux") and have_speech_tools()), reason="needs tmux, espeak-ng and sox"),
]


class Terminal:
    """A private tmux server running one 80x24 window."""

    def __init__(self, name: str):
        self.socket = name

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: str, env: dict[str, str]) -> None:
        pairs = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", *pairs, command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app", check=False).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def wait_for(self, predicate, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate(self.screen()):
                return True
            time.sleep(0.1)
        return predicate(self.screen())

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "app", check=False).returncode == 0

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def test_dictate_in_the_real_app_and_see_the_transcript(tmp_path, virtual_mic):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('input_device = "pulse"\n')
    speech = write_wav(tmp_path / "memo.wav", speak("Please remember the science notebook tomorrow."))
    env = {key: value for key, value in virtual_mic.env({}).items() if key.startswith("PULSE")}
    env["PUSHIN_HOME"] = str(home)
    terminal = Terminal(f"pushin-test-{os.getpid()}")
    terminal.start(f"cd {ROOT} && {sys.executable} -m tui; sleep 2", env)
    try:
        assert terminal.wait_for(lambda s: "press space" in s, 60), terminal.screen()
        terminal.keys("Space")
        assert terminal.wait_for(lambda s: "REC" in s, 10), terminal.screen()
        virtual_mic.play(speech)
        time.sleep(0.3)
        terminal.keys("Space")
        assert terminal.wait_for(lambda s: "notebook" in s.lower(), 90), terminal.screen()
        assert "model ready" in terminal.screen()
        terminal.keys("q")
        assert terminal.wait_for(lambda s: "press space" not in s, 10)
    finally:
        terminal.kill()
    store = Store(home)
    [note] = store.notes()
    assert note.status == NoteStatus.TRANSCRIBED and note.session_id is None
    assert "notebook" in note.transcript_raw.lower()
    store.close()
