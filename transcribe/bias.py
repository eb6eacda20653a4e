"""Bias the model toward the caseload: the students' names and their goals' words.

Whisper spells an unusual name by ear ("Jaden", "Sophia") unless it has seen
the spelling; a short context of the caseload's names and goal words fixes
that. The context is written as a plain sentence of vocabulary, never as a
sample memo, because a prompt that reads like a transcript ("Jayden answered
...") invites the model to continue it with a name that was never said.
The VAD gate upstream keeps silent and noise-only memos away from the model,
and the engine drops segments the model itself flags as no speech, so the
bias only ever meets audio that holds speech.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from models.domain import Student

# Words that carry no domain meaning: leaving them out keeps the prompt short,
# and a short prompt leaves the model's attention on the audio.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "during", "for", "from", "given", "in", "into", "is",
    "it", "its", "of", "on", "or", "such", "so", "than", "that", "the", "their", "them", "then", "these",
    "this", "to", "use", "uses", "using", "when", "where", "which", "while", "with", "within", "without",
    "words", "word", "grade", "level", "class", "accuracy",
})
# Whisper's prompt window is 223 tokens; names come first, goal words fill the rest.
MAX_PROMPT_WORDS = 60


@dataclass(frozen=True)
class Bias:
    """What the model is told to expect.

    names: every student's full name, as the SLP says it.
    terms: salient words from the goals (most frequent first), no duplicates.
    """

    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    @property
    def hotwords(self) -> str:
        """For faster-whisper's `hotwords` (a bare list of words)."""
        return ", ".join([*self.names, *self.terms])

    @property
    def initial_prompt(self) -> str:
        """For faster-whisper's `initial_prompt`: a vocabulary line, not a sample memo."""
        if not self.names and not self.terms:
            return ""
        parts = []
        if self.names:
            parts.append("Students: " + ", ".join(self.names) + ".")
        if self.terms:
            parts.append("Goals: " + ", ".join(self.terms) + ".")
        return " ".join(parts)

    @property
    def name_words(self) -> frozenset[str]:
        """Every first and last name, lowercased, to spot names in a transcript."""
        return frozenset(w.lower() for n in self.names for w in n.split())

    def __bool__(self) -> bool:
        return bool(self.names or self.terms)


def salient_terms(texts: list[str], exclude: set[str] | None = None) -> list[str]:
    """Content words from goal texts, most frequent first, original spelling kept."""
    exclude = {w.lower() for w in (exclude or set())}
    counts: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z'-]+", unicodedata.normalize("NFC", text)):
            key = word.lower().strip("'-")
            if len(key) < 3 or key in STOPWORDS or key in exclude:
                continue
            counts[key] += 1
            first_seen.setdefault(key, word)
    order = sorted(counts, key=lambda k: (-counts[k], list(first_seen).index(k)))
    return [first_seen[k] for k in order]


def build_bias(students: list[Student], max_words: int = MAX_PROMPT_WORDS) -> Bias:
    """The bias for a caseload (store.students())."""
    names = tuple(unicodedata.normalize("NFC", s.name).strip() for s in students if s.name.strip())
    name_words = {w for n in names for w in n.split()}
    budget = max(0, max_words - len(name_words))
    texts = [g.text for s in students for g in s.goals] + [g.area for s in students for g in s.goals]
    terms = tuple(salient_terms(texts, exclude=name_words)[:budget])
    return Bias(names=names, terms=terms)
