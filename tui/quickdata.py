"""Quick data without speaking: trials, tallies and intervals from single keys.

Each (student, goal, data type, cue) in a session is one running observation:
the first key creates it with store.add_observation (source 'tally',
confirmed), later keys update its numbers. So the export shows "JB-1 4/5 80%
with verbal cues" as one data point, as an SLP writes it, and every key is
still in the audit table. Trials at a different cue level are a separate
data point, because they measure a different level of support.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from models.domain import Goal, Observation, Session, Student, score_percent
from models.store import Store

SOURCE = "tally"


@dataclass
class _Step:
    """How to undo one key: the observation and its numbers before the key."""

    obs_id: int
    before: dict | None  # None: the key created the observation


class QuickData:
    """The running observations of one session."""

    def __init__(self, store: Store, session: Session):
        self.store = store
        self.session = session
        self._open: dict[tuple[int, int | None, str, str | None], Observation] = {}
        self._undo: list[_Step] = []
        for obs in store.observations(session_id=session.id):
            if obs.source == SOURCE:
                self._open[(obs.student_id, obs.goal_id, obs.data_type, obs.cue)] = obs

    # -- keys ------------------------------------------------------------------

    def trial(self, student: Student, goal: Goal | None, correct: bool, cue: str | None = None) -> Observation:
        return self._apply(student, goal, "trials", cue, _add_to_score(correct))

    def tally(self, student: Student, goal: Goal | None, cue: str | None = None) -> Observation:
        return self._apply(student, goal, "tally", cue, lambda obs: {"count": (obs.count or 0 if obs else 0) + 1})

    def interval(self, student: Student, goal: Goal | None, occurred: bool) -> Observation:
        return self._apply(student, goal, "interval", None, _add_to_score(occurred))

    def undo(self) -> tuple[str, Observation | None]:
        """Take back the last key: its data type, and the observation as it is now (None if removed)."""
        if not self._undo:
            raise IndexError("nothing to undo")
        step = self._undo.pop()
        key = next(k for k, o in self._open.items() if o.id == step.obs_id)
        if step.before is None:
            self.store.delete_observation(step.obs_id)
            del self._open[key]
            return key[2], None
        obs = self.store.update_observation(step.obs_id, "undo", **step.before)
        self._open[key] = obs
        return key[2], obs

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- scores ----------------------------------------------------------------

    def scores(self, student_id: int | None = None) -> list[tuple[Observation, str]]:
        """Each running observation with its score line, in the order keyed."""
        out = []
        for obs in sorted(self._open.values(), key=lambda o: o.id):
            if student_id is None or obs.student_id == student_id:
                out.append((obs, self.score_text(obs)))
        return out

    def score_text(self, obs: Observation) -> str:
        goal = self.store.goal(obs.goal_id) if obs.goal_id else None
        code = goal.code if goal else "no goal"
        return score_line(code, obs)

    # -- inside ------------------------------------------------------------------

    def _apply(self, student: Student, goal: Goal | None, data_type: str, cue: str | None, bump) -> Observation:
        key = (student.id, goal.id if goal else None, data_type, cue)
        current = self._open.get(key)
        values = bump(current)
        if current is None:
            obs = self.store.add_observation(
                student_id=student.id, data_type=data_type, source=SOURCE, confirmed=True,
                session_id=self.session.id, goal_id=goal.id if goal else None, cue=cue,
                setting=self.session.setting, **values)
            self._undo.append(_Step(obs.id, None))
        else:
            before = {name: getattr(current, name) for name in values}
            obs = self.store.update_observation(current.id, "tally", **values)
            self._undo.append(_Step(obs.id, before))
        self._open[key] = obs
        return obs


def score_line(code: str, obs: Observation) -> str:
    """'JB-1 4/5 80%', 'JB-2 x3', 'JB-3 int 2/4 50%', with the cue when there is one."""
    if obs.data_type == "tally":
        text = f"{code} x{obs.count or 0}"
    else:
        total = obs.total or 0
        right = obs.correct or 0
        percent = f" {round(100 * right / total)}%" if total else ""
        prefix = "int " if obs.data_type == "interval" else ""
        text = f"{code} {prefix}{right}/{total}{percent}"
    return f"{text} {obs.cue}" if obs.cue else text


@dataclass
class IntervalTimer:
    """Partial-interval recording: `count` intervals of `seconds` each.

    At each boundary the interval just ended waits for an answer (did the
    behaviour occur?); answers are taken oldest first, so a busy SLP can
    catch up. The clock is injectable so tests need not wait minutes.
    """

    count: int
    seconds: float
    clock: object = time.monotonic
    started: float = 0.0
    answered: int = 0
    results: list[bool] = field(default_factory=list)

    def start(self) -> None:
        self.started = self.clock()

    @property
    def ended(self) -> int:
        """How many intervals have finished."""
        return min(self.count, int((self.clock() - self.started) // self.seconds))

    @property
    def waiting(self) -> int:
        """Finished intervals not yet answered."""
        return max(0, self.ended - self.answered)

    @property
    def current(self) -> int:
        """1-based number of the interval running now (count+1 when all are over)."""
        return self.ended + 1

    @property
    def done(self) -> bool:
        return self.answered >= self.count

    @property
    def remaining_in_interval(self) -> float:
        if self.ended >= self.count:
            return 0.0
        return self.seconds - ((self.clock() - self.started) % self.seconds)

    @property
    def can_answer(self) -> bool:
        """An interval is waiting, or the running one is not answered yet."""
        return self.answered < min(self.count, self.ended + 1)

    def answer(self, occurred: bool) -> int:
        """Answer the oldest waiting interval (or the running one early); returns its number."""
        if not self.can_answer:
            raise ValueError("no interval to answer yet")
        self.answered += 1
        self.results.append(occurred)
        return self.answered


def _add_to_score(hit: bool):
    """One more trial or interval on a running score (hit: correct, or the behaviour occurred)."""

    def bump(obs: Observation | None) -> dict:
        correct = (obs.correct or 0 if obs else 0) + int(hit)
        total = (obs.total or 0 if obs else 0) + 1
        return {"correct": correct, "total": total, "percent": score_percent(correct, total)}

    return bump
