"""A private PulseAudio daemon acting as a microphone, for tests of the real capture path.

A null sink `vmic` is the "room"; its monitor `vmic.monitor` is the
microphone. PortAudio reaches it through ALSA's pulse plugin (sounddevice
device "pulse") when PULSE_SERVER and PULSE_SOURCE point at it. What is
played into the sink with `play()` is what the microphone hears.

Two details make it behave like a real microphone:
- a faint hiss is fed into the sink all the time. An idle null sink renders in
  2-second chunks (the first block would come seconds late) and a real
  microphone never sends exact zeros (pushin reads zeros as a dead device);
- the daemon lives in its own runtime folder under /tmp (a Unix socket path
  must be short), with anonymous auth, so it clashes with nothing, also as root.

Use `virtual_microphone()` as a context manager, or the `virtual_mic` fixture
in tests/conftest.py (which also points this process's environment at it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SINK = "vmic"
SOURCE = "vmic.monitor"
DEVICE = "pulse"  # the ALSA device PortAudio lists for PulseAudio
REQUIRED = ("pulseaudio", "pacat", "paplay", "pactl", "sox")


class PulseUnavailable(RuntimeError):
    pass


@dataclass
class VirtualMic:
    runtime: Path
    hiss_dbfs: float = -60.0
    _feeders: list[subprocess.Popen] = field(default_factory=list)

    @property
    def socket(self) -> Path:
        return self.runtime / "pulse" / "native"

    @property
    def server(self) -> str:
        return f"unix:{self.socket}"

    @property
    def pid(self) -> int | None:
        try:
            return int((self.runtime / "pulse" / "pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for a process that should hear this microphone."""
        env = dict(os.environ if base is None else base)
        env.update({"PULSE_SERVER": self.server, "PULSE_SOURCE": SOURCE, "PULSE_SINK": SINK})
        return env

    def _daemon_env(self) -> dict[str, str]:
        env = self.env()
        # The daemon keeps its cookie and state under HOME and XDG_RUNTIME_DIR: keep them private.
        env.update({"HOME": str(self.runtime), "XDG_RUNTIME_DIR": str(self.runtime),
                    "PULSE_RUNTIME_PATH": str(self.runtime / "pulse"),
                    "XDG_CONFIG_HOME": str(self.runtime / "config")})
        env.pop("PULSE_SERVER", None)
        return env

    def start(self) -> VirtualMic:
        missing = [tool for tool in REQUIRED if shutil.which(tool) is None]
        if missing:
            raise PulseUnavailable(f"missing {', '.join(missing)}: apt install pulseaudio pulseaudio-utils "
                                   "libasound2-plugins sox")
        subprocess.run(
            ["pulseaudio", "-n", "--daemonize=yes", "--exit-idle-time=-1", "--use-pid-file=yes",
             "--disable-shm=yes", f"--log-target=file:{self.runtime / 'pulse.log'}",
             "--load=module-native-protocol-unix auth-anonymous=1",
             f"--load=module-null-sink sink_name={SINK} rate=48000 channels=1"],
            env=self._daemon_env(), check=True, timeout=20, capture_output=True)
        deadline = time.monotonic() + 10
        while not self._answers():
            if time.monotonic() > deadline:
                raise PulseUnavailable(f"PulseAudio did not start; see {self.runtime / 'pulse.log'}")
            time.sleep(0.05)
        self._start_hiss()
        return self

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        done = subprocess.run(["pactl", "info"], env=self.env(), capture_output=True, timeout=10)
        return done.returncode == 0

    def _start_hiss(self) -> None:
        amplitude = 10 ** (self.hiss_dbfs / 20) * 1.7  # uniform noise: RMS = amplitude / sqrt(3)
        sox = subprocess.Popen(
            ["sox", "-q", "-n", "-r", "48000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-",
             "synth", "whitenoise", "vol", f"{amplitude:.6f}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        pacat = subprocess.Popen(
            ["pacat", "--playback", "--raw", "--format=s16le", "--rate=48000", "--channels=1",
             "--latency-msec=20", f"--device={SINK}", "--client-name=hiss"],
            stdin=sox.stdout, env=self.env(), stderr=subprocess.DEVNULL)
        sox.stdout.close()  # pacat owns the pipe now
        self._feeders = [sox, pacat]
        time.sleep(0.3)  # let the sink leave its idle 2-second rhythm

    def play(self, wav: Path, wait: bool = True) -> subprocess.Popen:
        """Play a WAV into the room: the microphone hears it."""
        process = subprocess.Popen(["paplay", f"--device={SINK}", str(wav)], env=self.env(),
                                   stderr=subprocess.PIPE)
        if wait:
            process.wait(timeout=120)
        return process

    def kill(self) -> None:
        """SIGKILL the daemon: the microphone vanishes as if unplugged."""
        pid = self.pid
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        for process in self._feeders:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self._feeders = []
        pid = self.pid
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.05)
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed daemon is a zombie until its parent (init) reaps it: count that as gone.
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (OSError, IndexError):
        return False
    return status != "Z"


@contextlib.contextmanager
def virtual_microphone(hiss_dbfs: float = -60.0) -> Iterator[VirtualMic]:
    """A running private PulseAudio microphone; stopped and removed on exit."""
    runtime = Path(tempfile.mkdtemp(prefix="pushin-pa-", dir="/tmp"))
    os.chmod(runtime, 0o700)
    mic = VirtualMic(runtime, hiss_dbfs)
    try:
        mic.start()
        yield mic
    finally:
        mic.stop()
        shutil.rmtree(runtime, ignore_errors=True)
