"""Benchmark: pushin's pipeline against plain faster-whisper on a memo set.

Run by hand (pytest does not collect bench_*.py):

    .venv/bin/python tests/bench_pipeline.py MEMO_SET_DIR [--model tiny.en|base] [--verbose]

MEMO_SET_DIR holds caseload.csv, the memos (16 kHz mono WAV) and truth.json
(format in DESIGN.md). Two arms run on the same memos, each in its own
subprocess so their peak memory is their own:

- pushin: a fresh PUSHIN_HOME, the caseload imported, then every memo through
  the pipeline (import -> VAD trim -> transcribe with the caseload bias).
- plain: WhisperModel(same model folder) with default options, each raw memo
  transcribed with transcribe(wav, hotwords=the caseload's names).

Figures: WER (corpus level over the memos that hold speech; text lowercased,
punctuation stripped, number words and digits unified), names heard
(caseload first/last names in the truth that the transcript has), names
invented (caseload names in a transcript that the truth lacks), silent memos
kept silent, total time (model load included), peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- text normalisation and WER -------------------------------------------

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}


def normalise(text: str) -> list[str]:
    """Words for WER: lowercase, no punctuation, numbers as digits ("seventy five" = "75")."""
    text = unicodedata.normalize("NFKC", text).lower().replace("%", " percent ")
    text = re.sub(r"(\d),(\d)", r"\1\2", text)
    text = re.sub(r"[^\w\s']|_", " ", text).replace("'", "")
    words: list[str] = []
    for word in text.split():
        ordinal = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
        if ordinal:
            word = f"{ordinal.group(1)}th"
        elif word in _ORDINALS:
            word = f"{_ORDINALS[word]}th"
        elif word in _UNITS:
            word = str(_UNITS.index(word))
        elif word in _TENS:
            word = str(_TENS[word])
        if (word.isdigit() and 0 < int(word) < 10 and words and words[-1].isdigit()
                and int(words[-1]) >= 20 and int(words[-1]) % 10 == 0 and int(words[-1]) < 100):
            words[-1] = str(int(words[-1]) + int(word))  # "70 5" -> "75"
            continue
        words.append(word)
    return words


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (r != h))
    return row[len(hyp)]


# --- the memo set ------------------------------------------------------------


def load_set(folder: Path) -> tuple[list[dict], list[str]]:
    import csv

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    with open(folder / "caseload.csv", newline="", encoding="utf-8") as handle:
        names = list(dict.fromkeys(row["student"].strip() for row in csv.DictReader(handle)))
    return truth, names


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# --- the two arms (each runs in its own subprocess) ---------------------------


def arm_pushin(folder: Path, model: str, options_json: str) -> dict:
    """Import -> trim -> transcribe -> suggest, exactly as `pushin add` + `pushin transcribe` do."""
    sys.path.insert(0, str(ROOT))
    from models.caseload import import_caseload
    from models.config import Config, home_dir
    from models.domain import NoteStatus
    from models.store import Store
    from recorder.memos import import_audio_file, options_from_config
    from tagging.exports.notes import memos
    from tagging.store_suggestions import store_suggestions
    from transcribe.bias import build_bias
    from transcribe.engine import TranscribeOptions, Transcriber
    from transcribe.worker import transcribe_note

    truth, _ = load_set(folder)
    started = time.perf_counter()
    home = home_dir()
    store = Store(home)
    import_caseload(store, folder / "caseload.csv")
    options = TranscribeOptions(**json.loads(options_json or "{}"))
    config = Config(model=model)
    transcriber = Transcriber(config=config, home=home, options=options)
    transcriber.load()
    bias = build_bias(store.students())
    texts, doubtful, statuses, note_ids, trimmed = {}, {}, {}, {}, 0.0
    for memo in truth:
        note = import_audio_file(store, folder / memo["audio"], options=options_from_config(config))
        trimmed += note.seconds_trimmed or 0.0
        if note.status == NoteStatus.PENDING:
            note = transcribe_note(store, transcriber, store.claim_next_pending().id, bias,
                                   after_transcribe=store_suggestions)
        texts[memo["id"]] = note.transcript_raw or ""
        doubtful[memo["id"]] = list(note.doubtful)
        statuses[memo["id"]] = note.status
        note_ids[note.id] = memo["id"]
    elapsed = time.perf_counter() - started
    observations = {note_ids[m["id"]]: m["observations"] for m in memos(store)}
    return {"texts": texts, "doubtful": doubtful, "statuses": statuses, "observations": observations,
            "seconds": elapsed, "load_seconds": transcriber.load_seconds, "peak_mb": peak_rss_mb(),
            "trimmed_seconds": trimmed, "home": str(home)}


def arm_plain(folder: Path, model_path: str) -> dict:
    """Plain faster-whisper: default options, the caseload's names as hotwords."""
    sys.path.insert(0, str(ROOT))
    from transcribe.kernels import pin_cpu_kernels

    pin_cpu_kernels()  # before CTranslate2 loads: the same arithmetic as pushin's arm
    from faster_whisper import WhisperModel

    truth, names = load_set(folder)
    started = time.perf_counter()
    model = WhisperModel(model_path, device="cpu")
    load_seconds = time.perf_counter() - started
    texts = {}
    for memo in truth:
        segments, _info = model.transcribe(str(folder / memo["audio"]), hotwords=", ".join(names))
        texts[memo["id"]] = " ".join(s.text.strip() for s in segments).strip()
    return {"texts": texts, "seconds": time.perf_counter() - started, "load_seconds": load_seconds,
            "peak_mb": peak_rss_mb()}


def run_arm(arm: str, folder: Path, model: str, model_path: str, home: Path, options_json: str) -> dict:
    env = {**os.environ, "PUSHIN_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, __file__, str(folder), "--arm", arm, "--model", model,
               "--model-path", model_path, "--options", options_json]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"the {arm} arm failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- figures -----------------------------------------------------------------


def score(truth: list[dict], texts: dict[str, str], names: list[str]) -> dict:
    name_words = {w for n in names for w in normalise(n)}
    errors = words = all_errors = 0
    heard = said = invented = 0
    silent = silent_kept = 0
    for memo in truth:
        ref, hyp = normalise(memo["text"]), normalise(texts.get(memo["id"], ""))
        distance = edit_distance(ref, hyp)
        all_errors += distance
        if ref:
            errors += distance
            words += len(ref)
        else:
            silent += 1
            silent_kept += not hyp
        # A possessive is the name heard ("Maria's" for "Maria"); WER still counts it as an error.
        hyp_names = {w.removesuffix("s") if w.removesuffix("s") in name_words else w for w in hyp}
        expected = set(ref) & name_words
        said += len(expected)
        heard += len(expected & hyp_names)
        invented += len((hyp_names & name_words) - set(ref))
    return {"wer": errors / max(1, words), "wer_all": all_errors / max(1, words), "names_heard": heard,
            "names_said": said, "names_invented": invented, "silent_kept": silent_kept, "silent": silent}


def suggestion_figures(truth: list[dict], pushin: dict) -> list[tuple[str, str, str]]:
    """Rows (figure, pushin, plain) for the tag suggestions, end to end from audio.

    Per field, the share of memos whose stored suggestion (as `pushin export
    notes` shows it) matches the truth; a silent memo counts only when it got
    no observation at all. Plain faster-whisper suggests nothing: "-".
    """
    from tagging.evaluate import FIELDS, score_observations

    scored = [score_observations(memo, pushin["observations"].get(memo["id"], [])) for memo in truth]
    rows = [(f"suggested {field} matches truth", f"{sum(s[field] for s in scored) / len(scored):.0%}", "-")
            for field in FIELDS]
    silent = [m for m in truth if not m["text"]]
    invented = sum(len(pushin["observations"].get(m["id"], [])) for m in silent)
    return [*rows, ("observations from silent memos", str(invented), "-")]


def report(folder: Path, model: str, truth: list[dict], names: list[str], ours: dict, plain: dict,
           join_seconds: float | None, verbose: bool) -> str:
    a, b = score(truth, ours["texts"], names), score(truth, plain["texts"], names)
    raw_seconds = sum(m.get("seconds", 0) for m in truth)
    rows = [
        ("WER (memos with speech)", f"{a['wer']:.3f}", f"{b['wer']:.3f}"),
        ("WER incl. words on silent memos", f"{a['wer_all']:.3f}", f"{b['wer_all']:.3f}"),
        ("WER ratio pushin/plain", f"{a['wer'] / b['wer']:.2f}" if b["wer"] else "-", ""),
        ("names heard", f"{a['names_heard']}/{a['names_said']}", f"{b['names_heard']}/{b['names_said']}"),
        ("names invented", str(a["names_invented"]), str(b["names_invented"])),
        ("silent memos kept silent", f"{a['silent_kept']}/{a['silent']}", f"{b['silent_kept']}/{b['silent']}"),
        ("total time (s, model load incl.)", f"{ours['seconds']:.1f}", f"{plain['seconds']:.1f}"),
        ("  of which model load (s)", f"{ours['load_seconds']:.1f}", f"{plain['load_seconds']:.1f}"),
        ("peak memory (MB RSS)", f"{ours['peak_mb']:.0f}", f"{plain['peak_mb']:.0f}"),
        ("audio seconds sent to the model", f"{ours['trimmed_seconds']:.1f}", f"{raw_seconds:.1f}"),
        *suggestion_figures(truth, ours),
    ]
    width = max(len(r[0]) for r in rows) + 2
    lines = [f"memo set {folder} ({len(truth)} memos), model {model}"
             + (f"; one-time join of base: {join_seconds:.1f} s" if join_seconds is not None else ""),
             f"{'':{width}}{'pushin':>10}{'plain':>10}"]
    lines += [f"{name:{width}}{x:>10}{y:>10}" for name, x, y in rows]
    if verbose:
        for memo in truth:
            lines.append(f"\n{memo['id']} truth : {memo['text']}")
            lines.append(f"{memo['id']} pushin: {ours['texts'][memo['id']]} [{ours['statuses'][memo['id']]}]")
            lines.append(f"{memo['id']} plain : {plain['texts'][memo['id']]}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="memo set: caseload.csv, truth.json, WAVs")
    parser.add_argument("--model", default="tiny.en", help="tiny.en (default) or base")
    parser.add_argument("--verbose", action="store_true", help="print every memo's transcripts")
    parser.add_argument("--options", default="{}", help="TranscribeOptions overrides as JSON (tuning)")
    parser.add_argument("--arm", choices=("pushin", "plain"), help=argparse.SUPPRESS)
    parser.add_argument("--model-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.folder.resolve()
    if args.arm == "pushin":
        print(json.dumps(arm_pushin(folder, args.model, args.options)))
        return 0
    if args.arm == "plain":
        print(json.dumps(arm_plain(folder, args.model_path)))
        return 0

    sys.path.insert(0, str(ROOT))
    from models.config import Config
    from transcribe.model_source import resolve_model

    truth, names = load_set(folder)
    with tempfile.TemporaryDirectory(prefix="pushin-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir(mode=0o700)
        started = time.perf_counter()
        # Resolving here joins base once (an install-time cost, reported apart);
        # both arms then load the very same model folder.
        source = resolve_model(Config(model=args.model), home)
        join_seconds = time.perf_counter() - started if args.model == "base" else None
        ours = run_arm("pushin", folder, args.model, source.path, home, args.options)
        plain = run_arm("plain", folder, args.model, source.path, home, args.options)
        print(report(folder, args.model, truth, names, ours, plain, join_seconds, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
