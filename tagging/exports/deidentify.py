"""De-identification: every caseload name becomes initials, in text and file names.

Done once, on the gathered data, before any template runs, so no template can
forget it. Free text (anecdotal notes, activities, goal text, strategies,
transcripts) is scrubbed too: full names first, then any single name part, as
whole words, ignoring case. Over-scrubbing a word that happens to be a name
("Will") is the safe failure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tagging.exports.data import ExportData
from tagging.names import HONORIFICS


def initials(name: str) -> str:
    """'Jordan Baker' -> 'J.B.'; 'Ms. Lee' -> 'Ms. L.' (a title is kept, it names nobody)."""
    parts = name.split()
    if not parts:
        return name
    title = parts[0] if parts[0].rstrip(".").casefold() in HONORIFICS and len(parts) > 1 else ""
    rest = parts[1:] if title else parts
    letters = "".join(p[0].upper() + "." for p in rest if p[0].isalnum())
    return f"{title} {letters}" if title else letters


class Namer:
    """Replaces the given names (and their parts) by initials in any text."""

    def __init__(self, names: list[str]):
        mapping: dict[str, str] = {}
        part_owner: dict[str, set[str]] = {}
        for name in names:
            if not name.strip():
                continue
            mapping[name.casefold()] = initials(name)
            for part in name.split():
                clean = part.strip(".,'’-")
                if len(clean) >= 2 and clean.casefold() not in HONORIFICS:
                    part_owner.setdefault(clean.casefold(), set()).add(clean[0].upper() + ".")
        for part, owners in part_owner.items():
            # A part shared by two people becomes its first letter: no guessing whose it is.
            mapping.setdefault(part, next(iter(owners)) if len(owners) == 1 else part[0].upper() + ".")
        self._mapping = mapping
        keys = sorted(mapping, key=len, reverse=True)  # full names before their parts
        self._pattern = re.compile(
            r"(?<![\w])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])", re.IGNORECASE
        ) if keys else None

    def __call__(self, text: str | None) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(lambda m: self._mapping[m.group(0).casefold()], text)


def caseload_names(data: ExportData, extra: list[str] | None = None) -> list[str]:
    names = [s.name for s in data.students.values()] + [s.teacher for s in data.students.values()]
    names += [s.teacher for s in data.sessions.values()]
    return [n for n in names + list(extra or []) if n]


def deidentify(data: ExportData, extra_names: list[str] | None = None) -> tuple[ExportData, Namer]:
    """A copy of the data with every name as initials, and the Namer used (for file names)."""
    namer = Namer(caseload_names(data, extra_names))
    students = {
        sid: replace(s, name=initials(s.name), teacher=namer(s.teacher),
                     goals=tuple(replace(g, text=namer(g.text), strategy=namer(g.strategy),
                                         area=namer(g.area)) for g in s.goals))
        for sid, s in data.students.items()
    }
    goals = {g.id: g for s in students.values() for g in s.goals if g.id in data.goals}
    sessions = {
        sid: replace(s, teacher=namer(s.teacher), classroom=namer(s.classroom), activity=namer(s.activity))
        for sid, s in data.sessions.items()
    }
    scrub_obs = [replace(o, text=namer(o.text)) for o in data.observations]
    unconfirmed = [replace(o, text=namer(o.text)) for o in data.unconfirmed]
    return replace(data, students=students, goals=goals, sessions=sessions, observations=scrub_obs,
                   unconfirmed=unconfirmed), namer
