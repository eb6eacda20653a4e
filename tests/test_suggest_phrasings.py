"""How SLPs say things, tagged as written: a corpus of memo texts with what each must suggest.

Each folder of tests/phrasings holds a synthetic caseload.csv and memos.txt, one memo per line:
"text => First GOAL-1 type 4/5 c3 75 cue". After "=>": the student's first name, then any of a goal
code, a data type, a score "correct/total", a count "cN", a percent (a bare number) and a cue level;
only what is given is checked, on that student's observation. Phrasings were written to probe the
engine beyond the memo sets (none is a transcript), so they guard what it generalises to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.domain import CUE_LEVELS, DATA_TYPES
from tagging.evaluate import students_from_caseload
from tagging.suggest import suggest_observations

CORPUS = Path(__file__).parent / "phrasings"


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for line in (folder / "memos.txt").read_text().splitlines():
            if " => " in line:
                text, expected = line.split(" => ")
                cases.append((folder.name, text.strip(), expected.strip()))
    return cases


def _expectation(expected: str) -> tuple[str, dict[str, object]]:
    first, *tokens = expected.split()
    want: dict[str, object] = {}
    for token in tokens:
        if re.fullmatch(r"[A-Z]+-\d+", token):
            want["goal"] = token
        elif token in DATA_TYPES:
            want["data_type"] = token
        elif token in CUE_LEVELS:
            want["cue"] = token
        elif match := re.fullmatch(r"(\d+)/(\d+)", token):
            want["correct"], want["total"] = int(match[1]), int(match[2])
        elif match := re.fullmatch(r"c(\d+)", token):
            want["count"] = int(match[1])
        elif re.fullmatch(r"\d+", token):
            want["percent"] = float(token)
        else:
            raise ValueError(f"unknown expectation {token!r} in {expected!r}")
    return first, want


def test_the_corpus_is_there():
    assert len(_cases()) >= 600


@pytest.mark.parametrize(("caseload", "text", "expected"), _cases())
def test_each_phrasing_is_suggested_as_meant(caseload, text, expected):
    students = students_from_caseload(CORPUS / caseload / "caseload.csv")
    first, want = _expectation(expected)
    by_id = {s.id: s for s in students}
    codes = {g.id: g.code for s in students for g in s.goals}
    found = [s for s in suggest_observations(text, students) if by_id[s.student_id].name.split()[0] == first]
    assert found, f"{first} not suggested for {text!r}"
    suggestion = found[0] if "goal" not in want else next(
        (s for s in found if codes.get(s.goal_id) == want["goal"]), found[0])
    got = {"goal": codes.get(suggestion.goal_id), "data_type": suggestion.data_type, "cue": suggestion.cue,
           "correct": suggestion.correct, "total": suggestion.total, "count": suggestion.count,
           "percent": suggestion.percent}
    assert {key: got[key] for key in want} == want, text
