"""Shared pytest fixtures. Add yours below; do not overwrite others'."""

from __future__ import annotations

import pytest

from tests.pulse import PulseUnavailable, VirtualMic, virtual_microphone


@pytest.fixture
def virtual_mic(monkeypatch: pytest.MonkeyPatch) -> VirtualMic:
    """A private PulseAudio daemon acting as the microphone (see tests/pulse.py).

    This process's environment points at it (PULSE_SERVER, PULSE_SOURCE), so
    sounddevice's device "pulse" hears what `virtual_mic.play(wav)` plays;
    pass `virtual_mic.env()` to a subprocess. Stopped after the test.
    """
    try:
        with virtual_microphone() as mic:
            for key, value in mic.env({}).items():
                monkeypatch.setenv(key, value)
            yield mic
    except PulseUnavailable as error:
        pytest.fail(f"the virtual microphone cannot run: {error}")


@pytest.fixture(scope="session")
def transcriber(tmp_path_factory: pytest.TempPathFactory):
    """The real default Whisper model (tiny.en, bundled), loaded once per test session."""
    from models.config import Config
    from transcribe.engine import load_transcriber

    return load_transcriber(Config(), tmp_path_factory.mktemp("model-home"))


@pytest.fixture
def anyio_backend():
    """The async Pilot tests (marked anyio) run on asyncio only."""
    return "asyncio"


@pytest.fixture
def store(tmp_path):
    """A fresh real Store in tmp_path/home, closed after the test.

    A module adds its caseload by overriding it: `def store(store): ...; return store`.
    """
    from models.store import Store

    store = Store(tmp_path / "home")
    yield store
    store.close()


@pytest.fixture
def ids(store):
    """tests.tui_helpers' small caseload written into the store: student ids by name."""
    from tests.tui_helpers import add_caseload

    return add_caseload(store)
