"""Model resolution: bundled models verified before loading, base joined once, nothing downloaded unasked."""

from __future__ import annotations

import hashlib
import shutil
import socket
import stat
import time
from pathlib import Path

import pytest

from models.config import Config
from models.errors import ModelError
from transcribe import model_source
from transcribe.engine import Transcriber
from transcribe.model_source import (
    BASE_SHA256,
    TINY_EN_SHA256,
    prepare_base,
    resolve_model,
    sha256_file,
    tiny_en_dir,
    verify_file,
)


def _flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))


def test_checksum_of_a_small_file_and_a_corrupted_one(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(b"pushin" * 100_000)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert sha256_file(path) == expected
    verify_file(path, expected, "test model")  # intact: no error
    _flip_byte(path, 12_345)
    with pytest.raises(ModelError, match="damaged or was replaced") as caught:
        verify_file(path, expected, "test model")
    assert str(path) in str(caught.value)
    with pytest.raises(ModelError, match="missing"):
        verify_file(tmp_path / "absent.bin", expected, "test model")


def test_bundled_tiny_en_is_verified(tmp_path):
    source = resolve_model(Config(), tmp_path)
    assert source.name == "tiny.en" and source.verified and source.local_files_only
    assert Path(source.path, "model.bin").is_file()
    assert sha256_file(Path(source.path) / "model.bin") == TINY_EN_SHA256


def test_corrupted_tiny_en_is_refused_and_not_loaded(tmp_path, monkeypatch):
    copy = tmp_path / "model"
    shutil.copytree(tiny_en_dir(), copy)
    _flip_byte(copy / "model.bin", 40_000_000)
    monkeypatch.setattr(model_source, "tiny_en_dir", lambda: copy)
    with pytest.raises(ModelError, match="damaged or was replaced"):
        resolve_model(Config(), tmp_path)
    transcriber = Transcriber(config=Config(), home=tmp_path)
    transcriber.load_in_background().join(30)
    assert transcriber.ready.is_set()
    assert isinstance(transcriber.error, ModelError)
    assert transcriber._model is None
    (copy / "model.bin").unlink()
    with pytest.raises(ModelError, match="missing"):
        resolve_model(Config(), tmp_path)


@pytest.mark.slow
def test_base_is_joined_once_verified_private_and_reused(tmp_path):
    started = time.perf_counter()
    folder = prepare_base(tmp_path)
    join_seconds = time.perf_counter() - started
    print(f"base model joined and verified in {join_seconds:.2f} s")
    model_bin = folder / "model.bin"
    assert sha256_file(model_bin) == BASE_SHA256
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "models").stat().st_mode) == 0o700
    assert stat.S_IMODE(model_bin.stat().st_mode) == 0o600
    assert not (folder / "model.bin.partial").exists()
    first_write = model_bin.stat().st_mtime_ns

    source = resolve_model(Config(model="base"), tmp_path)
    assert source.path == str(folder) and source.verified
    assert model_bin.stat().st_mtime_ns == first_write  # reused, not joined again

    # The joined model really is Whisper base: it loads and hears speech.
    import numpy as np

    from tests.audio_fixtures import memo, to_int16

    base = Transcriber(config=Config(model="base"), home=tmp_path)
    base.load()
    result = base.transcribe(to_int16(memo("Good morning class.", lead=0.3, tail=0.3)))
    assert "morning" in result.text.lower()
    assert result.model_name == "base"
    assert np.isfinite(result.seconds)

    _flip_byte(model_bin, 100_000_000)
    with pytest.raises(ModelError, match="damaged or was replaced"):
        resolve_model(Config(model="base"), tmp_path)


def test_a_model_folder_is_used_as_it_is(tmp_path):
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"x")
    source = resolve_model(Config(model=str(folder)), tmp_path)
    assert source.path == str(folder) and not source.verified and source.local_files_only
    (folder / "model.bin").unlink()
    with pytest.raises(ModelError, match="no model.bin"):
        resolve_model(Config(model=str(folder)), tmp_path)
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model(Config(model=str(tmp_path / "nowhere" / "model")), tmp_path)


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Make sure it is pushin, not the environment, that keeps the network out.
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    return attempts


def test_a_named_model_is_not_downloaded_unless_allowed(tmp_path, no_network):
    with pytest.raises(ModelError, match="allow_download = true") as caught:
        resolve_model(Config(model="small.en", allow_download=False), tmp_path)
    assert "small.en" in str(caught.value)
    transcriber = Transcriber(config=Config(model="small.en"), home=tmp_path)
    with pytest.raises(ModelError, match="downloads are off"):
        transcriber.load()
    assert no_network == []


def test_an_unknown_model_name_is_refused(tmp_path, no_network):
    with pytest.raises(ModelError, match="unknown model"):
        resolve_model(Config(model="enormous.en"), tmp_path)
    assert no_network == []


def test_allowed_downloads_go_to_the_private_home(tmp_path, no_network):
    source = resolve_model(Config(model="small.en", allow_download=True), tmp_path)
    assert source.path == "small.en" and not source.local_files_only
    assert Path(source.download_root) == tmp_path / "models" / "hub"
    assert stat.S_IMODE(Path(source.download_root).stat().st_mode) == 0o700
    assert no_network == []  # resolving does not download; loading would
