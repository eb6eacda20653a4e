"""Where pushin keeps its files, and its settings, in one place.

The home folder is $PUSHIN_HOME, else the platform's user data folder. It holds
pushin.db, audio/ (one WAV per memo, named by note id) and config.toml.
Folders are 0700 and files 0600: these are protected student records.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from models.errors import PushinError

APP_NAME = "pushin"
DIR_MODE = 0o700
FILE_MODE = 0o600


def home_dir() -> Path:
    """The home folder, created private if it does not exist."""
    env = os.environ.get("PUSHIN_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME))
    return ensure_private_dir(path)


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def private_open(path: Path, mode: str = "wb"):
    """Open a file for writing that only its owner can read."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, mode)


# webrtcvad's mode for trimming memos: the one every benchmark measured (mode 2 kept more classroom
# noise and transcribed no better); TrimOptions and Config both default to it.
VAD_AGGRESSIVENESS = 3


@dataclass
class Config:
    """Settings read from config.toml; every field has a working default.

    model: "tiny.en" (bundled, the default), "base" (bundled, multilingual),
        a folder holding a CTranslate2 Whisper model, or a model name that
        faster-whisper may fetch when allow_download is true.
    allow_download: let faster-whisper fetch a named model. Off: nothing is
        downloaded at run time.
    input_device: sounddevice device name or index; empty for the default.
    silence_stop_seconds: stop a recording after this much trailing silence;
        0 turns auto-stop off.
    vad_aggressiveness: webrtcvad mode 0-3; higher rejects more noise.
    provider: the SLP's name on exported logs.
    """

    model: str = "tiny.en"
    allow_download: bool = False
    input_device: str = ""
    silence_stop_seconds: float = 0.0
    vad_aggressiveness: int = VAD_AGGRESSIVENESS
    provider: str = ""
    language: str = "en"
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, home: Path | None = None) -> Config:
        path = (home or home_dir()) / "config.toml"
        if not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise PushinError(f"{path}: not valid TOML: {error}") from error
        known = {f.name for f in fields(cls)} - {"extra"}
        values = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**values, extra=extra)

    def save(self, home: Path | None = None) -> Path:
        path = (home or home_dir()) / "config.toml"
        lines = []
        for key, value in asdict(self).items():
            if key == "extra":
                continue
            lines.append(f"{key} = {_toml_value(value)}")
        with private_open(path, "w") as out:
            out.write("\n".join(lines) + "\n")
        return path


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
