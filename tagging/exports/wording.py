"""How numbers, cues, dates and settings are written, for the SLP and in plain words.

The clinical wording ("4/5 (80%), verbal cue") goes into notes and progress
reports; the plain wording ("4 out of 5 times, with a spoken reminder") goes
to parents, with no codes or jargon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.domain import CUE_LEVELS
from tagging.exports.data import Obs

PERCENT_TYPES = ("trials", "interval")

# Plain words for parents and teachers: what the support looked like.
PLAIN_CUES = {
    "independent": "on their own",
    "self-corrected": "and fixed their own mistakes",
    "gestural": "with a gesture as a hint",
    "visual": "with a picture or written reminder",
    "verbal": "with a spoken reminder",
    "phonemic": "with a hint of the first sound",
    "model": "after being shown how",
    "physical": "with hands-on help",
}
PLAIN_SETTINGS = {"push-in": "in the classroom", "pull-out": "in the speech room"}
PLAIN_AREAS = {
    "articulation": "Speech sounds",
    "phonology": "Speech sounds",
    "language": "Understanding and using language",
    "receptive language": "Understanding language",
    "expressive language": "Using words and sentences",
    "fluency": "Smooth speech",
    "voice": "Voice",
    "social communication": "Conversation and getting along with others",
    "pragmatics": "Conversation and getting along with others",
    "vocabulary": "Learning and using new words",
}


def day_text(day: date) -> str:
    """'Tuesday, March 4, 2025' without locale surprises."""
    return f"{day.strftime('%A')}, {day.strftime('%B')} {day.day}, {day.year}"


def short_day(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def pct(value: float) -> str:
    return f"{round(value)}%"


def duration_text(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


def value_text(obs: Obs) -> str:
    """The clinical wording of one data point's number: '4/5 (80%)', '7 times', '2 min 30 s'."""
    kind = obs.data_type
    if obs.correct is not None and obs.total:
        unit = " intervals" if kind == "interval" else ""
        return f"{obs.correct}/{obs.total}{unit} ({pct(100 * obs.correct / obs.total)})"
    if obs.percent is not None:
        return pct(obs.percent)
    if obs.count is not None:
        if kind == "rubric":
            return f"rubric score {obs.count}"
        return f"{obs.count} time" + ("" if obs.count == 1 else "s")
    if obs.duration_seconds is not None:
        return duration_text(obs.duration_seconds)
    return ""


def clinical_line(obs: Obs) -> str:
    """'4/5 (80%), verbal cue' or 'independent' or the anecdotal text."""
    parts = [value_text(obs)]
    if obs.cue:
        parts.append(obs.cue if obs.cue in ("independent", "self-corrected") else f"{obs.cue} cue")
    line = ", ".join(p for p in parts if p)
    if obs.text and obs.data_type != "anecdotal":
        line = f"{line}; {obs.text}" if line else obs.text
    return line or obs.text


def plain_cue(cue: str | None) -> str:
    return PLAIN_CUES.get(cue or "", "")


def plain_area(area: str) -> str:
    return PLAIN_AREAS.get(area.strip().casefold(), area.strip().capitalize() or "Communication")


@dataclass(frozen=True)
class Score:
    """One session's result on one goal, from all its confirmed data points."""

    value: float | None  # percent for trials/interval, else a count or seconds; None: no number
    unit: str  # "%", "count", "s" or ""
    correct: int | None  # summed, when the points were correct/total
    total: int | None
    points: int  # how many data points
    cue: str | None  # the most frequent cue

    def text(self) -> str:
        if self.value is None:
            return "no score"
        if self.unit == "%":
            base = f"{self.correct}/{self.total} ({pct(self.value)})" if self.total else pct(self.value)
        elif self.unit == "s":
            base = duration_text(self.value)
        else:
            base = f"{self.value:g}"
        return base


def score(points: Iterable[Obs]) -> Score:
    """Pool a session's points: correct/total summed, else percents averaged, else counts summed."""
    points = list(points)
    cue = usual_cue([p.cue for p in points])
    with_ratio = [p for p in points if p.correct is not None and p.total]
    if with_ratio:
        correct = sum(p.correct or 0 for p in with_ratio)
        total = sum(p.total or 0 for p in with_ratio)
        percents = [p.percent for p in points if p.percent is not None and not (p.correct is not None and p.total)]
        if percents:  # mixed: weigh a bare percent like one point, keep it simple and visible
            value = (100 * correct / total * len(with_ratio) + sum(percents)) / (len(with_ratio) + len(percents))
            return Score(value, "%", None, None, len(points), cue)
        return Score(100 * correct / total, "%", correct, total, len(points), cue)
    percents = [p.percent for p in points if p.percent is not None]
    if percents:
        return Score(sum(percents) / len(percents), "%", None, None, len(points), cue)
    counts = [p.count for p in points if p.count is not None]
    if counts:
        rubric = all(p.data_type == "rubric" for p in points if p.count is not None)
        value = sum(counts) / len(counts) if rubric else float(sum(counts))
        return Score(value, "count", None, None, len(points), cue)
    durations = [p.duration_seconds for p in points if p.duration_seconds is not None]
    if durations:
        return Score(float(sum(durations)), "s", None, None, len(points), cue)
    return Score(None, "", None, None, len(points), cue)


def usual_cue(cues: Iterable[str | None]) -> str | None:
    """The most frequent cue; a tie goes to the most support (the conservative report)."""
    listed = [c for c in cues if c]
    if not listed:
        return None
    return max(sorted(set(listed)), key=lambda c: (listed.count(c), _cue_rank(c)))


def _cue_rank(cue: str) -> int:
    return CUE_LEVELS.index(cue) if cue in CUE_LEVELS else -1


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
