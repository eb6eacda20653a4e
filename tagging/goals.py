"""Which of a student's goals a memo is about.

The memo and each goal (its text and area) are reduced to word stems with
the SLP's synonyms merged ("retold" ~ "retell", "because" ~ "causal
conjunctions", "R sound" ~ "vocalic R"); shared stems score by how rare they
are across the caseload, so "inferencing" counts for more than "questions".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from models.domain import Goal, Student
from tagging.cues import CUE_SPELLINGS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words("""
    a about above after again against all also am an and any are as at be been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours today got get gets getting did
    said says say give given giving gave made make makes making use uses used using one two three four five
    six seven eight nine ten first second last time times correct correctly incorrect accuracy accurate
    percent trial trials opportunity opportunities overall total student students teacher class classroom
    lesson activity session group small whole work day need needed needs needing with without cue cues
    cueing prompt prompts prompting verbal visual independent independently support model modeled level
    grade good great well really pretty little bit lot kind sort""")
_IRREGULAR = {
    "retold": "retell", "told": "tell", "said": "say", "spoke": "speak", "wrote": "write", "read": "read",
    "children": "child", "kids": "kid", "understood": "understand", "began": "begin", "took": "take",
    "asked": "ask", "answers": "answer", "questions": "question",
}
# Stems (after _stem) that mean the same thing in SLP notes, mapped to one.
_SYNONYMS = {
    "because": "conjunct", "conjunction": "conjunct", "causal": "conjunct", "since": "conjunct",
    "infer": "inferenc", "inferr": "inferenc", "inferential": "inferenc",
    "retell": "retell", "recount": "retell", "retelling": "retell",
    "stori": "story", "narrativ": "story", "narrative": "story",
    "remark": "comment", "comment": "comment",
    "instruction": "direction", "directiv": "direction", "direct": "direction",
    "instruct": "direction",
    "respons": "answer", "respond": "answer", "repli": "answer", "reply": "answer",
    "stutter": "fluenc", "disfluenc": "fluenc", "disfluent": "fluenc", "fluent": "fluenc", "stuttering": "fluenc",
    "vocab": "vocabulari",
    "pronounc": "articul", "pronunciation": "articul", "articulation": "articul", "articulat": "articul",
    "production": "produc", "produc": "produc",
    "request": "request", "ask": "request",
    "describ": "describ", "description": "describ", "attribut": "describ",
    "categori": "categor", "categoriz": "categor", "sort": "categor",
    "summari": "summar", "summariz": "summar",
    "classmat": "peer", "friend": "peer", "peer": "peer",
    "convers": "conversation", "conversation": "conversation", "chat": "conversation",
    "turn-tak": "turn", "turntak": "turn",
    "loud": "volum", "volume": "volum", "quiet": "volum", "soft": "volum",
    "greet": "greet", "greeting": "greet", "hello": "greet",
    "initiation": "initiat",
    # Conversational repair: said again another way when a listener did not understand.
    "rephras": "repair", "clarifi": "repair", "confus": "understand", "misunderstood": "understand",
    "beat": "syllabl", "clap": "syllabl",  # syllables clapped, or counted as beats
    "pleas": "polit", "manner": "polit",  # "said may I please have the glue": a polite phrase
}
# Two-letter words that still name what a goal is about ("use core words go and stop").
_SHORT_WORDS = frozenset({"go"})
# Words that say which area a memo is about even when the goal's own words are not said.
AREA_WORDS = {
    "articulation": {"sound", "articul", "produc", "lisp", "blend", "syllabl", "speech", "error", "substitut"},
    "fluency": {"fluenc", "onset", "smooth", "bump", "stretchi", "rate", "pac", "block", "repetition", "bounc"},
    "language": {"sentenc", "vocabulari", "grammar", "answer", "question", "word", "story", "conjunct", "direction"},
    "social communication": {"comment", "peer", "conversation", "topic", "turn", "greet", "perspectiv", "eye"},
    "pragmatics": {"comment", "peer", "conversation", "topic", "turn", "greet", "perspectiv", "eye"},
    "voice": {"voic", "volum", "pitch", "hoars", "breath", "vocal"},
}
_SOUND_LETTERS = {"are": "r", "ar": "r", "our": "r", "es": "s", "ess": "s", "el": "l", "ell": "l", "tee": "t",
                  "ch": "ch", "sh": "sh", "th": "th", "zh": "zh", "ng": "ng", "kay": "k", "gee": "g", "ef": "f",
                  "vee": "v", "zee": "z", "jay": "j", "dee": "d"}
_LETTER_NAMES = "|".join(name for name in _SOUND_LETTERS if len(name) == 3 and name not in ("are", "our"))
_SOUND_PATTERNS = [
    re.compile(r"/([a-z]{1,2})/", re.I),
    re.compile(r"\bvocalic\s+([a-z]{1,3})\b", re.I),
    re.compile(r"\b([a-z]{1,3})['\u2019]?s?\s+(?:sounds?|blends?|words?|clusters?)\b", re.I),
    re.compile(r"\b([a-z]{1,2})-(?:controlled|blends?|words?|sounds?)\b", re.I),
    re.compile(r"\b(?:initial|medial|final)\s+([a-z]{1,2})\b", re.I),
    # A goal's "Produce sh in the initial position", "Produce k and g at the end of words".
    re.compile(r"\bproduc\w*\s+(?:the\s+)?([a-z]{1,2})\b(?!['\u2019])", re.I),
    re.compile(r"\bproduc\w*\s+(?:the\s+)?[a-z]{1,2}\s+(?:and|or)\s+([a-z]{1,2})\b(?!['\u2019])", re.I),
    # "a phonemic cue for sh", "a cue for jay": a letter or a letter's name (never "a cue for our group").
    re.compile(rf"\b(?:cues?|prompts?|models?)\s+for\s+(?:the\s+)?([a-z]{{1,2}}|{_LETTER_NAMES})\b", re.I),
]
_PRONOUN = r"(?:he|she|they|him|her|them|his|hers|their|theirs|i|me|we|us)"
# The pair is the words themselves when what follows says how they were used ("he and she correctly, 5 of 8"),
# never people doing something ("he and she played", "to him and his friend").
_PRONOUN_PAIR = re.compile(rf"\b{_PRONOUN}\s*(?:,|/|and|or|vs\.?|versus|for)\s*{_PRONOUN}\b"
                           r"(?=\s*(?:[,.;:!?)]|$|\d|(?:correct|incorrect|right|wrong|accurate|appropriate|proper|"
                           r"consistent)\w*\b|(?:in|on|when|during|with|at)\b))", re.I)
_BLENDS = _words("bl cl fl gl pl sl br cr dr fr gr pr tr st sp sk sm sn sw kw")
_CLUSTERS = frozenset(_SOUND_LETTERS) | _BLENDS
_NOT_A_SOUND = _words("a an the in of on and his her two to my no so at or as it is be by we he do")


def _stem(word: str) -> str:
    word = word.lower().strip("'\u2019-")
    word = re.sub(r"['\u2019]s$", "", word)
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ings") and len(word) >= 8:
        word = word[:-1]  # "feelings" is "feeling", then "feel"
    for suffix, keep in (("ies", "i"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""),
                         ("ly", ""), ("e", ""), ("y", "i")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: len(word) - len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "commenting" and "comment", "stopped" and "stop"
    return word


def sounds(text: str) -> set[str]:
    """Speech sounds named in text: "the R sound", "/r/", "vocalic R", "s-blends" -> {"snd:r", ...}."""
    found = set()
    for pattern in _SOUND_PATTERNS:
        for match in pattern.finditer(text):
            letters = match.group(1).lower()
            if not match.group(0).startswith("/") and (
                    letters in _NOT_A_SOUND or (len(letters) > 1 and letters not in _CLUSTERS)):
                continue
            found.add("snd:" + _SOUND_LETTERS.get(letters, letters))
            if letters in _BLENDS:
                # "sn words" work on the s clusters, "bl words" on the l blends: the blend's family too.
                found.update(f"snd:{family}" for family in ({letters[1]} & {"l", "r"}) | ({"s"} & {letters[0]}))
    return found


def concepts(text: str) -> set[str]:
    """The stems and named speech sounds of a text, synonyms merged."""
    text = CUE_SPELLINGS.sub(r"cue\1", text)  # "a phonemic Q for SH" names the sound cued
    text = re.sub(r"\bon[\s-]set\b", "onset", text, flags=re.I)
    text = re.sub(r"\bturn[\s-]taking\b", "turn", text, flags=re.I)
    text = re.sub(r"\b(?:on|off)[\s-]task\b", "attending", text, flags=re.I)  # on-task behaviour is attending
    # A conversation started is one initiated ("started four conversations"), never a fluency goal's "easy start".
    text = re.sub(r"\bstart(?:ed|s|ing)?\s+(?:[a-z]+\s+)?(conversations?|interactions?)\b", r"initiate \1", text,
                  flags=re.I)
    # "hi": too short a word; "good morning" two ordinary ones.
    text = re.sub(r"\b(?:said|say|says|saying)\s+(?:hi|hey|good\s+morning|good\s+afternoon)\b", "greet", text,
                  flags=re.I)
    # "at the end of words" is the final position a goal names ("final k", "medial and final position").
    text = re.sub(r"\b(?:start|beginning)\s+of\b", "initial of", text, flags=re.I)
    text = re.sub(r"\bend\s+of\b", "final of", text, flags=re.I)
    text = re.sub(r"\bmiddle\s+of\b", "medial of", text, flags=re.I)
    out = sounds(text)
    # "used he and she correctly", "mixed up him/her": pronouns named as words, the words a pronoun goal works on.
    if _PRONOUN_PAIR.search(text):
        out.add("pronoun")
    # "first, next and last", "beginning, middle and end": the sequence words a goal may name as such.
    if re.search(r"\bfirst\b[^!?]{0,40}\b(?:next|then|last)\b|\bbeginning\W+(?:\w+\W+)?middle\b", text, re.I):
        out.add("sequenc")
    for word in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", text):
        lower = word.lower()
        if lower in STOPWORDS or (len(lower) < 3 and lower not in _SHORT_WORDS):
            continue
        stem = _stem(lower)
        out.add(_SYNONYMS.get(stem, _SYNONYMS.get(lower, stem)))
    return out - {_stem(w) for w in STOPWORDS}


@dataclass(frozen=True)
class GoalGuess:
    goal: Goal | None
    confidence: float
    score: float  # evidence from words (0: nothing said about any goal)


class GoalMatcher:
    """Scores goals against memo text, with word weights learnt from the whole caseload."""

    def __init__(self, students: list[Student]):
        self._goal_concepts: dict[int, set[str]] = {}
        self._area_concepts: dict[int, set[str]] = {}
        df: Counter[str] = Counter()
        goals = [goal for student in students for goal in student.goals]
        for goal in goals:
            words = concepts(goal.text)
            self._goal_concepts[goal.id] = words
            self._area_concepts[goal.id] = AREA_WORDS.get(goal.area.strip().lower(), set()) | concepts(goal.area)
            df.update(words)
        n = max(len(goals), 1)
        self._idf = {word: math.log(1 + n / count) for word, count in df.items()}
        self._default_idf = math.log(1 + n)

    def score(self, goal: Goal, said: set[str], data_type: str | None) -> float:
        words = self._goal_concepts.get(goal.id)
        if words is None:
            words = concepts(goal.text)
        shared = words & said
        score = sum(self._idf.get(w, self._default_idf) * (2.0 if w.startswith("snd:") else 1.0) for w in shared)
        area = self._area_concepts.get(goal.id, set()) & (said - shared)
        score += 0.4 * min(len(area), 2)
        if score and data_type and data_type == goal.measure:
            score += 0.3
        return score

    def best(self, student: Student, text: str, data_type: str | None, *, has_numbers: bool) -> GoalGuess:
        """The student's goal the text is about, or None for a note about no goal."""
        goals = list(student.goals)
        if not goals:
            return GoalGuess(None, 0.9, 0.0)
        said = concepts(text)
        scored = sorted(((self.score(goal, said, data_type), i, goal) for i, goal in enumerate(goals)),
                        key=lambda item: (-item[0], item[1]))
        top_score, _, top = scored[0]
        if top_score <= 0:
            if not has_numbers:
                return GoalGuess(None, 0.7, 0.0)
            if len(goals) == 1:
                return GoalGuess(top, 0.6, 0.0)
            # Numbers but no goal words: the goal measured the way the data was said, else the first.
            same_measure = [g for g in goals if g.measure == data_type]
            if len(same_measure) == 1:
                return GoalGuess(same_measure[0], 0.45, 0.0)
            return GoalGuess((same_measure or goals)[0], 0.3, 0.0)
        if len(goals) == 1:
            return GoalGuess(top, 0.9 if top_score >= 1 else 0.75, top_score)
        second = scored[1][0]
        margin = (top_score - second) / top_score
        confidence = 0.4 + 0.5 * margin + (0.05 if top_score >= 2 else 0.0)
        return GoalGuess(top, round(min(confidence, 0.95), 3), top_score)
