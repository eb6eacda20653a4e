"""How well suggestions match a memo set's truth, per field.

    python -m tagging.evaluate MEMO_SET_DIR [--transcripts FILE.json] [--default-cue LEVEL|none] [-v]

MEMO_SET_DIR holds caseload.csv and truth.json (see DESIGN.md, "Memo set").
Without --transcripts the truth texts themselves are tagged (the engine's
ceiling); with it, FILE.json maps a memo id or audio file name to the text a
model produced, so the figures include recognition errors. The benchmark
can call `score_memo` and `summarise` directly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from models.caseload import read_caseload
from models.domain import Goal, Student
from tagging.suggest import Suggestion, SuggestOptions, suggest_observations

FIELDS = ("student", "goal", "data_type", "numbers", "cue")
Item = TypeVar("Item")


def students_from_caseload(path: Path) -> list[Student]:
    """Students and goals from a caseload CSV, with made-up ids (no database needed)."""
    rows = read_caseload(path)
    names: dict[str, int] = {}
    goals: dict[int, list[Goal]] = {}
    for row in rows:
        student_id = names.setdefault(row.student, len(names) + 1)
        goals.setdefault(student_id, []).append(Goal(
            id=1000 + len([g for gs in goals.values() for g in gs]), student_id=student_id, code=row.goal_id,
            area=row.area, text=row.goal, target=row.target, measure=row.measure))
    return [Student(id=i, name=name, goals=tuple(goals.get(i, ()))) for name, i in names.items()]


def score_memo(truth: dict, suggestions: list[Suggestion], students: list[Student]) -> dict[str, bool]:
    """Per field, whether the suggestions match the truth (silence: no suggestion at all)."""
    names = {s.id: s.name for s in students}
    codes = {g.id: g.code for s in students for g in s.goals}
    return score_observations(truth, [
        {"student": names.get(s.student_id), "goal_id": codes.get(s.goal_id), "data_type": s.data_type,
         "correct": s.correct, "total": s.total, "count": s.count, "percent": s.percent, "cue": s.cue}
        for s in suggestions])


NUMBER_FIELDS = ("correct", "total", "count", "percent")
# The confidences (Suggestion.confidence keys) behind each scored field.
CONFIDENCE_KEYS = {"student": ("student_id",), "goal": ("goal_id",), "data_type": ("data_type",),
                   "numbers": NUMBER_FIELDS, "cue": ("cue",)}


def shown_sure(truth: dict, suggestions: list[Suggestion], students: list[Student]) -> dict[str, bool]:
    """Per field, whether the suggestion scored (as score_memo picks it) shows the field unmarked: what the
    review screen presents as sure, and confirm-all would file after a look. False with no suggestion."""
    names = {s.id: s.name for s in students}
    got = _scored(suggestions, lambda s: names.get(s.student_id) == truth.get("student"))
    if got is None:
        return dict.fromkeys(FIELDS, False)
    marked = set(got.uncertain_fields())
    return {field: not marked & set(keys) for field, keys in CONFIDENCE_KEYS.items()}


def tag_and_score(memo: dict, text: str, students: list[Student], options: SuggestOptions | None = None
                  ) -> tuple[list[Suggestion], dict[str, bool], dict[str, bool]]:
    """The suggestions from `text`, per field whether they match the memo's truth, and per field whether the
    review shows it as sure."""
    suggestions = suggest_observations(text, students, None, options)
    return suggestions, score_memo(memo, suggestions, students), shown_sure(memo, suggestions, students)


def sure_but_wrong(results: Iterable[dict[str, bool]], sure: Iterable[dict[str, bool]]) -> dict[str, tuple[int, int]]:
    """Per field, (memos shown sure, of those how many wrong): how far an unmarked field can be trusted."""
    pairs = list(zip(results, sure, strict=True))
    return {f: (sum(s[f] for _, s in pairs), sum(s[f] and not r[f] for r, s in pairs)) for f in FIELDS}


def score_observations(truth: dict, observations: list[dict]) -> dict[str, bool]:
    """Per field, whether a memo's observations match its truth.

    Observations are shaped as in `pushin export notes --format json` (student
    full name, goal_id code, data_type, correct, total, count, percent, cue).
    The student's own observation is scored (else the first). Numbers match
    when every number the truth gives is there; a percent worked out from
    correct/total is not held against it, but a count or score the truth does
    not have is.
    """
    if not truth.get("student"):
        return dict.fromkeys(FIELDS, not observations)
    got = _scored(observations, lambda o: o.get("student") == truth["student"])
    if got is None:
        return dict.fromkeys(FIELDS, False)
    given = [k for k in NUMBER_FIELDS if truth.get(k) is not None]
    derived_percent = {"percent"} if "correct" in given else set()
    extra = [k for k in NUMBER_FIELDS if k not in given and k not in derived_percent and got.get(k) is not None]
    return {
        "student": got.get("student") == truth["student"],
        "goal": got.get("goal_id") == truth.get("goal_id"),
        "data_type": got.get("data_type") == truth.get("data_type"),
        "numbers": all(_same(got.get(k), truth[k]) for k in given) and not extra,
        "cue": got.get("cue") == truth.get("cue"),
    }


def _scored(items: list[Item], is_the_students: Callable[[Item], bool]) -> Item | None:
    """The one scored: the memo's student's own, else the first; None when there are none."""
    return next((item for item in items if is_the_students(item)), items[0] if items else None)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def summarise(results: Iterable[dict[str, bool]]) -> dict[str, float]:
    results = list(results)
    return {f: sum(r[f] for r in results) / len(results) for f in FIELDS} if results else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("memo_set", type=Path)
    parser.add_argument("--transcripts", type=Path, help="JSON object: memo id or audio name -> transcript")
    parser.add_argument("--default-cue", default=SuggestOptions.default_cue,
                        help="the cue given when none is said ('none' leaves it empty)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    students = students_from_caseload(args.memo_set / "caseload.csv")
    truth = json.loads((args.memo_set / "truth.json").read_text(encoding="utf-8"))
    heard = json.loads(args.transcripts.read_text(encoding="utf-8")) if args.transcripts else {}
    options = SuggestOptions(default_cue=None if args.default_cue == "none" else args.default_cue)
    results, sure = [], []
    for memo in truth:
        text = heard.get(memo["id"], heard.get(memo.get("audio", ""), memo["text"])) if heard else memo["text"]
        suggestions, result, shown = tag_and_score(memo, text, students, options)
        results.append(result)
        sure.append(shown)
        if args.verbose:
            misses = [f for f, ok in result.items() if not ok]
            got = suggestions[0].values() if suggestions else None
            sys.stdout.write(f"{memo['id']} {'ok' if not misses else 'MISS ' + ','.join(misses)}\n  {text!r}\n"
                             f"  got {got}\n")
    checked = sure_but_wrong(results, sure)
    for name, rate in summarise(results).items():
        shown, wrong = checked[name]
        sys.stdout.write(f"{name:10s} {rate:6.1%}   shown sure {shown}, of them wrong {wrong}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
