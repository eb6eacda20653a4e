"""The transcription worker in a child process, for the terminal UI.

Why a process: CTranslate2's Whisper encoder holds Python's GIL while it runs
(about 100 ms per memo on a two-core laptop), so in the UI's process it would
freeze the event loop that long. In a child, the model has its own GIL and
the UI stays responsive; the UI process also never imports faster-whisper.

The child runs transcribe.worker.TranscriptionWorker unchanged over the same
database (SQLite in WAL mode serves both processes). It reports on stdout, one
JSON object a line: {"event": "ready", "name"}, {"event": "model-error",
"message"}, {"event": "note", "id"}. It reads "wake" lines on stdin; end of
stdin (the UI quit, or was killed) stops it.

    python -m tui.worker_process --home DIR
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from models.domain import Note
from models.errors import PushinError
from models.store import Store

log = logging.getLogger(__name__)


class ProcessWorker:
    """The TranscriptionWorker interface (start, wake, stop), run in a child process.

    Callbacks (a tui.services.WorkerCallbacks) are called from a reader thread,
    like the in-process worker's.
    """

    def __init__(self, store: Store, callbacks, python: str = sys.executable):
        self.store = store
        self.callbacks = callbacks
        self.python = python
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.process = subprocess.Popen(
            [self.python, "-m", "tui.worker_process", "--home", str(self.store.home)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, env=env, cwd=root,
        )
        self._reader = threading.Thread(target=self._read, name="pushin-worker-reader", daemon=True)
        self._reader.start()

    def wake(self) -> None:
        self._send("wake")

    def stop(self, timeout: float | None = 5.0) -> None:
        """Close the child's stdin (it finishes the memo in hand and exits); kill it if it lingers."""
        self._stopping = True
        process = self.process
        if process is None:
            return
        with self._lock, contextlib.suppress(OSError):  # already closed: the child is going anyway
            process.stdin.close()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            # A memo cut off here is left 'transcribing' and is queued again at the next start.
            process.kill()
            process.wait()

    def _send(self, line: str) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        with self._lock:
            try:
                process.stdin.write(line + "\n")
                process.stdin.flush()
            except (OSError, ValueError):
                log.debug("the transcription process is gone", exc_info=True)

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            event = message.get("event")
            try:
                if event == "ready":
                    self.callbacks.on_model_ready(message.get("name", ""))
                elif event == "model-error":
                    self.callbacks.on_model_error(message.get("message", "the model failed"))
                elif event == "note":
                    self.callbacks.on_note_changed(self.store.note(int(message["id"])))
            except PushinError:
                log.debug("a report from the transcription process could not be used", exc_info=True)
            except Exception:
                log.exception("a transcription callback failed")
        code = self.process.wait()
        self.store.close()  # this thread's connection
        if not self._stopping:
            self.callbacks.on_model_error(
                f"the transcription process ended unexpectedly (exit status {code}); memos wait in the queue")


# --- the child ------------------------------------------------------------------


def _child(home: Path) -> int:
    from models.config import Config, private_open
    from transcribe.worker import TranscriptionWorker

    log_path = home / "pushin.log"
    private_open(log_path, "a").close()
    logging.basicConfig(filename=log_path, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    out_lock = threading.Lock()

    def emit(**message) -> None:
        with out_lock:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

    def show_then_suggest(store: Store, note: Note) -> object:
        # The worker reports a memo after this hook; reporting here first puts the
        # transcript on screen before the suggestion work.
        emit(event="note", id=note.id)
        from tagging.store_suggestions import store_suggestions

        return store_suggestions(store, note)

    # Below the UI in the scheduler's eyes: on two cores the model's threads would
    # otherwise keep the event loop waiting for a core; idle, it still gets them all.
    with contextlib.suppress(OSError):
        os.nice(10)
    store = Store(home)
    worker = TranscriptionWorker(
        store, Config.load(home),
        on_model_ready=lambda name: emit(event="ready", name=name),
        on_model_error=lambda text: emit(event="model-error", message=text),
        on_note_changed=lambda note: emit(event="note", id=note.id),
        after_transcribe=show_then_suggest,
    )
    worker.start()
    for line in sys.stdin:
        if line.strip() == "wake":
            worker.wake()
    worker.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pushin's transcription worker for the terminal UI")
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    return _child(args.home)


if __name__ == "__main__":
    sys.exit(main())
