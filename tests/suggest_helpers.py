"""A synthetic caseload and number speller for the suggestion-engine tests.

Written here (never read from ../shared): a user's clone has no such folder,
and a caseload of our own keeps the engine from fitting one memo set.
"""

from __future__ import annotations

from models.domain import Goal, Student

# (name, [(code, area, goal text, measure)])
CASELOAD = [
    ("Jayden Brooks", [
        ("JB-1", "language", "Answer inferencing questions about a grade-level text with 80% accuracy", "trials"),
        ("JB-2", "social communication", "Make topic-relevant comments during class discussion", "tally"),
    ]),
    ("Maria Gonzalez", [
        ("MG-1", "language", "Use causal conjunctions such as because and so in spoken sentences", "trials"),
    ]),
    ("Liam Chen", [("LC-1", "articulation", "Produce vocalic R in words during oral reading", "trials")]),
    ("Liam Okoro", [
        ("LO-1", "articulation", "Produce /s/ blends in conversation", "trials"),
        ("LO-2", "language", "Use regular past tense verbs when describing events", "trials"),
    ]),
    ("Sofia Rossi", [("SR-1", "language", "Follow two-step classroom directions", "trials")]),
    ("Noah Williams", [
        ("NW-1", "social communication", "Make spontaneous topic-relevant comments in small group work", "interval"),
    ]),
    ("Ava Johnson", [
        ("AJ-1", "language", "Retell a story including beginning, middle and end", "trials"),
        ("AJ-2", "fluency", "Use easy onset when answering questions in class", "trials"),
    ]),
    ("Kaitlyn Nguyen", [
        ("KN-1", "voice", "Use an appropriate voice volume during partner work", "interval"),
        ("KN-2", "pragmatics", "Greet peers and initiate a conversation at arrival", "tally"),
    ]),
    ("Mateo Hernandez", [
        ("MH-1", "fluency", "Use stretchy speech to reduce stuttering during oral presentations", "trials"),
        ("MH-2", "social communication", "Stay on task during independent work", "duration"),
    ]),
    ("Grace Kim", [
        ("GK-1", "language", "Ask wh questions to clarify directions", "tally"),
        ("GK-2", "articulation", "Produce the th sound in the initial position of words", "trials"),
    ]),
    ("Zoë Martin", [
        ("ZM-1", "language", "Describe pictures using category and function attributes", "rubric"),
    ]),
]


def students() -> list[Student]:
    out = []
    goal_id = 100
    for student_id, (name, goals) in enumerate(CASELOAD, start=1):
        built = []
        for code, area, text, measure in goals:
            goal_id += 1
            built.append(Goal(id=goal_id, student_id=student_id, code=code, area=area, text=text,
                              target=80.0, measure=measure))
        out.append(Student(id=student_id, name=name, goals=tuple(built)))
    return out


def student(name: str) -> Student:
    return next(s for s in students() if s.name == name)


def goal_code(goal_id: int | None) -> str | None:
    return next((g.code for s in students() for g in s.goals if g.id == goal_id), None)


_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
               "sixteen seventeen eighteen nineteen")
_TEN_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = _UNIT_WORDS.split()
_TENS = _TEN_WORDS.split()


def spell(n: int, hyphen: bool = True) -> str:
    """0..100 in words: 75 -> "seventy-five" (or "seventy five")."""
    if n < 20:
        return _UNITS[n]
    if n == 100:
        return "one hundred"
    tens, units = divmod(n, 10)
    if not units:
        return _TENS[tens]
    return _TENS[tens] + ("-" if hyphen else " ") + _UNITS[units]


def with_caseload(store, folder, csv_text: str):
    """`store` with the caseload of `csv_text` (a caseload CSV, written to `folder`) imported."""
    from models.caseload import import_caseload

    path = folder / "caseload.csv"
    path.write_text(csv_text, encoding="utf-8")
    import_caseload(store, path)
    return store
