"""Benchmark: pushin's suggestions over many memo sets at once, by voice and noise.

Run by hand (pytest does not collect bench_*.py):

    .venv/bin/python tests/bench_sets.py SET_DIR... [--options JSON] [--save FILE.json]
    .venv/bin/python tests/bench_sets.py --compare BEFORE.json AFTER.json
    .venv/bin/python tests/bench_sets.py SET_DIR... --retag RUN.json

Each SET_DIR is a memo set (see bench_pipeline.py) and goes through pushin's
arm of that benchmark, in a process of its own with a fresh home: import,
trim, transcribe, second look, suggestions. A set whose folder name ends in
"-piper" counts as the Piper voice, any other as espeak (render a spec both
ways with make_memo_set.py, the Piper one into NAME-piper). Printed: per field
the share of memos whose suggestion matches the truth, by voice and noise
level and over all, and the observations made from silent memos. --save keeps
every memo's transcript and per-field result, and --compare lists the memos
whose fields changed between two saved runs. --retag puts a saved run's
transcripts of the given sets through the suggestion engine as it is now (no
model: seconds, for work on tagging/) and also prints, per field, how many
memos the review would show as sure and how many of those are wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bench_pipeline import load_set, run_arm  # noqa: E402

NOISE = {0: "quiet", 1: "15 dB", 2: "5 dB"}


def voice_of(folder: Path) -> str:
    return "Piper" if folder.name.endswith("-piper") else "espeak"


def run_set(folder: Path, options_json: str) -> list[dict]:
    """One row per memo: set, id, voice, noise, transcript, and whether each field matches the truth."""
    from models.config import Config
    from tagging.evaluate import FIELDS, score_observations
    from transcribe.model_source import resolve_model

    truth, _names = load_set(folder)
    with tempfile.TemporaryDirectory(prefix="pushin-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir(mode=0o700)
        source = resolve_model(Config(), home)
        result = run_arm("pushin", folder, "tiny.en", source.path, home, options_json)
    rows = []
    for memo in truth:
        observations = result["observations"].get(memo["id"], [])
        fields = score_observations(memo, observations)
        rows.append({"set": folder.name, "id": memo["id"], "voice": voice_of(folder), "noise": memo["noise"],
                     "silent": not memo["text"], "observations": len(observations),
                     "said": memo["text"], "heard": result["texts"][memo["id"]],
                     **{field: bool(fields[field]) for field in FIELDS}})
    return rows


def retag(run: list[dict], folders: list[Path]) -> list[dict]:
    """The run's rows of these sets, each field scored again on the saved transcript, and whether the review
    would show it as sure ("sure_<field>")."""
    from tagging.evaluate import FIELDS, students_from_caseload, tag_and_score

    rows = []
    for folder in folders:
        students = students_from_caseload(folder / "caseload.csv")
        truth = {memo["id"]: memo for memo in load_set(folder)[0]}
        for row in (r for r in run if r["set"] == folder.name):
            suggestions, fields, sure = tag_and_score(truth[row["id"]], row["heard"], students)
            rows.append({**row, "observations": len(suggestions), **{f: fields[f] for f in FIELDS},
                         **{f"sure_{f}": sure[f] for f in FIELDS}})
    return rows


def sure_table(rows: list[dict]) -> str:
    from tagging.evaluate import FIELDS, sure_but_wrong

    lines = []
    for voice in sorted({row["voice"] for row in rows}):
        members = [row for row in rows if row["voice"] == voice]
        checked = sure_but_wrong(members, [{f: row[f"sure_{f}"] for f in FIELDS} for row in members])
        lines.append(f"{voice}, shown sure (wrong)" + "".join(
            f"{f'{shown} ({wrong})':>11}" for shown, wrong in checked.values()))
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    from tagging.evaluate import FIELDS

    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[f"{row['voice']}, {NOISE[row['noise']]}"].append(row)
    groups["all"] = rows
    lines = [f"{'group':<16}{'memos':>6}" + "".join(f"{field:>11}" for field in FIELDS)]
    for name in sorted(groups, key=lambda g: (g == "all", g)):
        members = groups[name]
        lines.append(f"{name:<16}{len(members):>6}" + "".join(
            f"{100 * sum(m[field] for m in members) / len(members):>10.1f}%" for field in FIELDS))
    silent = [row for row in rows if row["silent"]]
    lines.append(f"observations from {len(silent)} silent memos: {sum(row['observations'] for row in silent)}")
    return "\n".join(lines)


def compare(before: list[dict], after: list[dict]) -> str:
    from tagging.evaluate import FIELDS

    earlier = {(row["set"], row["id"]): row for row in before}
    lines = []
    for row in after:
        old = earlier.get((row["set"], row["id"]))
        if old is None:
            continue
        moved = [f"{field}{'+' if row[field] else '-'}" for field in FIELDS if row[field] != old[field]]
        if moved or row["heard"] != old["heard"]:
            lines.append(f"{row['set']} {row['id']} ({row['voice']}, {NOISE[row['noise']]}) {' '.join(moved)}\n"
                         f"    said:   {row['said']}\n    before: {old['heard']}\n    after:  {row['heard']}")
    gained = sum(row[f] for row in after for f in FIELDS if (row["set"], row["id"]) in earlier)
    lost = sum(earlier[key][f] for key in ((row["set"], row["id"]) for row in after) if key in earlier
               for f in FIELDS)
    lines.append(f"{len(lines)} memos changed; fields right: {lost} before, {gained} after")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="memo set folders")
    parser.add_argument("--options", default="{}", help="TranscribeOptions overrides as JSON (tuning)")
    parser.add_argument("--save", type=Path, help="keep every memo's transcript and results here (JSON)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="two --save files")
    parser.add_argument("--retag", type=Path, metavar="RUN", help="tag a --save file's transcripts of SET_DIRs again")
    args = parser.parse_args()
    if args.retag:
        rows = retag(json.loads(args.retag.read_text()), [folder.resolve() for folder in args.sets])
        print(table(rows))
        print(sure_table(rows))
        return 0
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        print(compare(before, after))
        print(table(after))
        return 0
    if not args.sets:
        parser.error("give memo set folders, or --compare BEFORE AFTER")
    rows: list[dict] = []
    started = time.perf_counter()
    for folder in args.sets:
        rows += run_set(folder.resolve(), args.options)
        print(f"{folder.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    if args.save:
        args.save.write_text(json.dumps(rows, indent=1))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
