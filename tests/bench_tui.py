"""Benchmark of the terminal UI, run by hand (not a timed test):

    .venv/bin/python tests/bench_tui.py [--runs 5]

Everything is real: the app with its real services, the real microphone code
reading the PulseAudio virtual microphone (tests/pulse.py) while espeak-ng
speech plays into it, the real model. It prints:

- key to recording: from the space key to the memo recording (start_memo
  returned; the stream is already open, and ~300 ms of pre-roll lands in
  front of the memo). Target < 50 ms.
- longest event-loop stall while a 10-second memo transcribes: the largest
  lateness of a 5 ms timer on the app's loop, from stop until the
  transcript is on screen. Target < 50 ms. BENCH_STACKS=1 prints every
  thread's stack at each stall over 40 ms, to see who held the loop.
- stop to transcript for a 10-second memo: from the space that stops it to
  the transcript in the memo list (median of --runs). Target < 1.5 s.
- app start to ready to record: `python -m tui` in tmux, from launch to
  "press space" on screen (median of 3). Target < 1.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.config import Config  # noqa: E402
from models.domain import NoteStatus  # noqa: E402
from models.store import Store  # noqa: E402
from tests.audio_fixtures import speak  # noqa: E402
from tests.pulse import virtual_microphone  # noqa: E402
from tui.app import PushinApp  # noqa: E402
from tui.services import Services  # noqa: E402
from tui.widgets.memo_list import MemoList  # noqa: E402
from tui.widgets.recorder_panel import RecorderPanel  # noqa: E402

TEN_SECONDS = (
    "Jayden produced the r sound at the start of words in four out of five trials with a verbal cue. "
    "Sofia took turns in the group conversation three times without prompting. "
    "Noah answered two who questions about the story."
)


def ten_second_memo(folder: Path) -> Path:
    samples = speak(TEN_SECONDS, speed=165)
    samples = np.concatenate([samples, np.zeros(16000 * 10, np.float32)])[: 16000 * 10]
    path = folder / "ten.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes((samples * 32767).astype(np.int16).tobytes())
    return path


async def until(pilot, predicate, timeout: float, step: float = 0.005) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()


def shown(memos: MemoList, note_id: int):
    """True once the memo's outcome (its transcript) is in the memo list."""
    done = (NoteStatus.TRANSCRIBED, NoteStatus.NO_SPEECH, NoteStatus.FAILED)
    return lambda: memos.status_of(note_id) in done


class StallMeter:
    """A 5 ms timer on the app's loop; the lateness of its ticks is the loop's stall."""

    PERIOD = 0.005

    def __init__(self):
        self.last = time.perf_counter()
        self.worst = 0.0
        self.on = False

    def tick(self) -> None:
        now = time.perf_counter()
        if self.on:
            late = now - self.last - self.PERIOD
            self.worst = max(self.worst, late)
            if late > 0.04 and os.environ.get("BENCH_STACKS"):
                import traceback

                for ident, frame in sys._current_frames().items():
                    stack = traceback.extract_stack(frame)[-3:]
                    where = [f"{f.filename.split('/')[-1]}:{f.lineno} {f.name}" for f in stack]
                    print(f"    stall {late * 1000:.0f} ms, thread {ident}: {where}")
        self.last = now


async def in_app(home: Path, memo: Path, mic, runs: int) -> dict[str, list[float]]:
    store = Store(home)
    config = Config(input_device="pulse")
    app = PushinApp(Services.real(store, config), show_clock=False)
    started: list[float] = []
    figures: dict[str, list[float]] = {"key": [], "stall": [], "stop": [], "idle": []}
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: app.main.query_one(RecorderPanel).state == "idle", 30), "mic not ready"
        assert await until(pilot, lambda: app.model_ready, 60), f"model: {app.model_status}"
        real_start = app.mic.start_memo

        def timed_start(path, *args, **kwargs):
            real_start(path, *args, **kwargs)
            started.append(time.perf_counter())

        app.mic.start_memo = timed_start
        meter = StallMeter()
        app.main.set_interval(StallMeter.PERIOD, meter.tick)
        # Key to recording, on short memos.
        for _ in range(10):
            before = time.perf_counter()
            await pilot.press("space")
            figures["key"].append(started[-1] - before)
            await asyncio.sleep(0.3)
            await pilot.press("space")
            await asyncio.sleep(0.3)
        await until(pilot, lambda: not store.notes(NoteStatus.PENDING) and not store.notes(NoteStatus.TRANSCRIBING),
                    60)
        # The same meter with nothing to do: what the machine's load alone costs the loop.
        meter.worst, meter.on = 0.0, True
        await asyncio.sleep(3)
        meter.on = False
        figures["idle"].append(meter.worst)
        # Ten-second memos: stop to transcript, and the loop's longest stall meanwhile.
        for _ in range(runs):
            await pilot.press("space")
            note_id = app.recording.id
            player = mic.play(memo, wait=False)
            await asyncio.sleep(10.2)
            player.wait()
            stop = time.perf_counter()
            meter.worst, meter.on = 0.0, True
            await pilot.press("space")
            ok = await until(pilot, shown(app.main.query_one(MemoList), note_id), 60)
            figures["stop"].append(time.perf_counter() - stop)
            meter.on = False
            figures["stall"].append(meter.worst)
            note = store.note(note_id)
            print(f"  memo {note_id}: {note.status}, {figures['stop'][-1]:.2f} s, stall {meter.worst * 1000:.0f} ms: "
                  f"{(note.transcript_raw or '')[:60]!r}", flush=True)
            assert ok
        await pilot.press("q")
    store.close()
    return figures


def start_to_ready(home: Path, env: dict[str, str], runs: int = 3) -> list[float]:
    times = []
    for n in range(runs):
        socket = f"pushin-bench-{os.getpid()}-{n}"
        pairs = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        tmux = ["tmux", "-L", socket]
        start = time.perf_counter()
        subprocess.run([*tmux, "new-session", "-d", "-s", "app", "-x", "80", "-y", "24", *pairs,
                        f"cd {ROOT} && {sys.executable} -m tui"], check=True)
        try:
            while time.perf_counter() - start < 30:
                screen = subprocess.run([*tmux, "capture-pane", "-p", "-t", "app"], capture_output=True,
                                        text=True).stdout
                if "press space" in screen:
                    times.append(time.perf_counter() - start)
                    break
                time.sleep(0.01)
            subprocess.run([*tmux, "send-keys", "-t", "app", "q"])
            time.sleep(1.0)
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True)
    return times


def show(name: str, values: list[float], target: float, worst: bool = False) -> None:
    if not values:
        print(f"{name}: no measurement")
        return
    figure = max(values) if worst else statistics.median(values)
    label = "worst" if worst else "median"
    verdict = "ok" if figure < target else "OVER"
    print(f"{name}: {label} {figure * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, "
          f"n={len(values)}), target < {target * 1000:.0f} ms: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="ten-second memos to time (default 5)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp, virtual_microphone() as mic:
        folder = Path(tmp)
        for key, value in mic.env({}).items():
            os.environ[key] = value
        memo = ten_second_memo(folder)
        home = folder / "home"
        figures = asyncio.run(in_app(home, memo, mic, args.runs))
        env = {k: v for k, v in mic.env({}).items() if k.startswith("PULSE")}
        ready_home = folder / "ready"
        ready_home.mkdir()
        (ready_home / "config.toml").write_text('input_device = "pulse"\n')
        env["PUSHIN_HOME"] = str(ready_home)
        ready = start_to_ready(ready_home, env)
    print()
    show("key to recording", figures["key"], 0.050, worst=False)
    show("longest event-loop stall while transcribing", figures["stall"], 0.050, worst=True)
    show("  (same timer, app idle, for comparison)", figures["idle"], 0.050, worst=True)
    show("stop to transcript, 10-second memo", figures["stop"], 1.5)
    show("app start to ready to record", ready, 1.5)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
