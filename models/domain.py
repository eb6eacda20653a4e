"""The domain vocabulary and the dataclasses every package shares.

Plain data only: no I/O here, so the tagger, exporter and UI can all use these
without touching the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

DATA_TYPES = ("trials", "tally", "interval", "duration", "rubric", "anecdotal")
# Least support first: the order matters for "best cue" summaries.
CUE_LEVELS = (
    "independent",
    "self-corrected",
    "gestural",
    "visual",
    "verbal",
    "phonemic",
    "model",
    "physical",
)
SETTINGS = ("push-in", "pull-out")
SESSION_FORMATS = ("individual", "small group", "whole class")


def score_percent(correct: int | None, total: int | None) -> float | None:
    """The percent a trials or interval score stands for (4 of 5 -> 80.0)."""
    if correct is None or not total:
        return None
    return round(100 * correct / total, 1)


class NoteStatus:
    """Where a memo is in its life. Stored as text in notes.status."""

    RECORDING = "recording"
    PENDING = "pending"
    TRANSCRIBING = "transcribing"
    TRANSCRIBED = "transcribed"
    NO_SPEECH = "no-speech"
    FAILED = "failed"

    ALL = (RECORDING, PENDING, TRANSCRIBING, TRANSCRIBED, NO_SPEECH, FAILED)


@dataclass(frozen=True)
class Goal:
    id: int
    student_id: int
    code: str  # the SLP's short code, e.g. "JB-1"; unique per caseload
    area: str
    text: str
    target: float | None  # percent for trials/interval, a count for tally
    measure: str  # one of DATA_TYPES
    strategy: str = ""  # carryover strategy for the teacher update


@dataclass(frozen=True)
class Student:
    id: int
    name: str
    grade: str = ""
    teacher: str = ""
    goals: tuple[Goal, ...] = field(default_factory=tuple)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def initials(self) -> str:
        return "".join(part[0].upper() + "." for part in self.name.split() if part)


@dataclass(frozen=True)
class Session:
    id: int
    started_at: str  # ISO 8601, local time with offset
    ended_at: str | None
    setting: str  # one of SETTINGS
    teacher: str = ""
    classroom: str = ""
    activity: str = ""
    format: str = ""
    student_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Note:
    """One voice memo."""

    id: int
    created_at: str
    status: str
    session_id: int | None = None
    audio_file: str | None = None  # file name given to `pushin add`, None when recorded
    seconds_raw: float | None = None  # length as captured
    seconds_trimmed: float | None = None  # length after VAD trimming
    transcript_raw: str | None = None  # exactly what the model said
    transcript: str | None = None  # the SLP's edited text (None: not edited)
    model_name: str | None = None
    error: str | None = None  # why it failed, when status is failed
    reviewed_at: str | None = None
    # JSON list: words of transcript_raw the model was unsure of: a caseload name it heard only
    # with the caseload in its prompt, a count it recovered by weighing every number there.
    doubtful_words: str | None = None

    @property
    def text(self) -> str:
        """The text to show and to tag: the SLP's edit when there is one."""
        if self.transcript is not None:
            return self.transcript
        return self.transcript_raw or ""

    @property
    def words_not_made_out(self) -> bool:
        """True when the voice detector kept speech in the memo but the model made no words of it (loud
        babble, a garbled reading thrown away): what was said is still in its audio."""
        return self.status == NoteStatus.NO_SPEECH and bool(self.seconds_trimmed)

    @property
    def doubtful(self) -> frozenset[str]:
        """The doubtful words, lowercased; none once the SLP edited the text (she read it)."""
        if self.transcript is not None or not self.doubtful_words:
            return frozenset()
        try:
            return frozenset(str(word).lower() for word in json.loads(self.doubtful_words))
        except (ValueError, TypeError):
            return frozenset()


@dataclass(frozen=True)
class Observation:
    """One data point about one student, from a memo or a tally key."""

    id: int
    student_id: int
    data_type: str
    note_id: int | None = None
    session_id: int | None = None
    goal_id: int | None = None
    correct: int | None = None
    total: int | None = None
    count: int | None = None
    percent: float | None = None
    duration_seconds: float | None = None
    cue: str | None = None
    setting: str | None = None
    text: str = ""  # anecdotal text or a comment
    confirmed: bool = False
    source: str = "suggested"  # suggested | tally | manual
    created_at: str = ""
