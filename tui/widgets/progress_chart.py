"""A terminal chart of one goal's progress: a column per session, push-in and pull-out rows.

Each session is one column in date order; its block's height is the score on
a fixed scale (0-100% for percents, 0 to the largest of target and scores for
counts), so a row of low blocks means low scores, not just a dip. A session
shows in its own setting's row only, so carryover from the therapy room to
the classroom reads at a glance. Blocks at or above the target are bold.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"
COLOURS = {"push-in": "dark_orange", "pull-out": "dodger_blue1"}


def chart_text(goal: dict, width: int = 60) -> Text:
    """The chart for one goal of the progress export's model (see tagging.exports.progress)."""
    sessions = [s for s in goal["sessions"] if s["score"] is not None][-width:]
    unit = goal.get("unit") or ""
    target = goal.get("target")
    top = 100.0 if unit == "%" else max([s["score"] for s in sessions] + [target or 0, 1])
    text = Text()
    text.append(f"{goal['goal_id']} {goal['area']}", style="bold")
    if target is not None:
        text.append(f"  target {target:g}{'%' if unit == '%' else ''}", style="green")
    text.append("\n")
    for setting in ("push-in", "pull-out"):
        mine = [s["score"] for s in sessions if s["setting"] == setting]
        text.append(f"{setting:>8} ", style=COLOURS[setting])
        for session in sessions:
            if session["setting"] != setting:
                text.append(" ")
                continue
            level = round(min(max(session["score"] / top, 0), 1) * (len(BLOCKS) - 1))
            style = COLOURS[setting] + (" bold" if target is not None and session["score"] >= target else " dim")
            text.append(BLOCKS[max(level, 1)], style=style)
        if mine:
            average = sum(mine) / len(mine)
            text.append(f"  {len(mine)} session{'s' if len(mine) != 1 else ''}, average {average:.0f}"
                        f"{'%' if unit == '%' else ''}, latest {mine[-1]:g}{'%' if unit == '%' else ''}")
        else:
            text.append("  no sessions")
        text.append("\n")
    return text


class ProgressChart(Static):
    """One goal's chart; update it with `show(goal)` (a goal dict from the progress export's model)."""

    DEFAULT_CSS = """
    ProgressChart { height: auto; padding: 0 1; }
    """

    def __init__(self, goal: dict, **kwargs):
        super().__init__(chart_text(goal), **kwargs)
        self.goal = goal

    def show(self, goal: dict) -> None:
        self.goal = goal
        self.update(chart_text(goal))
