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
from difflib import SequenceMatcher

from models.domain import Student

# Words that carry no domain meaning: leaving them out keeps the prompt short,
# and a short prompt leaves the model's attention on the audio.
STOPWORDS = frozenset({
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "during", "for", "from", "given", "in", "into", "is",
    "it", "its", "of", "on", "or", "such", "so", "than", "that", "the", "their", "them", "then", "these",
    "this", "to", "use", "uses", "using", "when", "where", "which", "while", "with", "within", "without",
    "words", "word", "grade", "level", "class", "accuracy",
    # Number words say nothing about a goal and would pull the model's numbers.
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second",
})
# Scores written the way a memo says them. Only for a second reading of a memo whose first
# reading spoke of a score but garbled its numbers: in every prompt it would tempt the model
# to hear numbers everywhere.
SCORE_EXAMPLES = "Scores: 4 out of 5, 3 of 4, 8 of 10, three times, 80%."
# Whisper's prompt window is 223 tokens; names come first, goal words fill the rest.
MAX_PROMPT_WORDS = 60


# A reading of at least this many name words and at most one other word is the caseload read back.
RECITED_NAME_WORDS = 3

# How alike (0-1, difflib ratio) a name and the unbiased decode's letters near
# it must be for the name to count as heard.
HEARD_SIMILARITY = 0.5
# Unbiased words either side of a name's place that may hold what was heard.
NAME_WINDOW = 3
CLOSE_SIMILARITY = 0.75
MIN_CHECKED_LETTERS = 4
# An unbiased decode with fewer words than this share of the biased one's stopped short.
SHORT_UNBIASED = 0.5


def _letters(text: str) -> str:
    """Letters only, with spellings that sound alike merged (ph/f, ch/j, c/k, z/s, y/i)."""
    text = re.sub(r"[^a-z]", "", text.lower())
    for a, b in (("ph", "f"), ("chl", "kl"), ("chr", "kr"), ("ch", "j"),  # Chloe, Chris: a K
                  ("ck", "k"), ("c", "k"), ("q", "k"), ("z", "s"), ("y", "i"), ("th", "t")):
        text = text.replace(a, b)
    return text


# First sounds a small model confuses with each other: "Becklin" for Declan, "Elia" for Aaliyah.
_ONSET_CLASSES = ("bdgkpt", "aeiou", "fv", "mn", "sj")


def _same_onset(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _ONSET_CLASSES)


def _best_match(name: str, heard: str) -> float:
    """How well `name` matches the best stretch of `heard` of about its length (0-1).

    A stretch that starts with the name's first sound (or one easily
    confused with it) counts as it is; any other must match closely
    (CLOSE_SIMILARITY), or short names would match almost anything.
    """
    if not name or not heard:
        return 0.0
    size = len(name)
    best = 0.0
    for start in range(len(heard)):
        same_start = _same_onset(heard[start], name[0])
        for length in (size - 1, size, size + 1):
            if length <= 0 or start + length > len(heard) + 1:
                continue
            ratio = _similarity(name, heard[start:start + length])
            if same_start or ratio >= CLOSE_SIMILARITY:
                best = max(best, ratio)
    return best


_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def _name_word(word: str, known: frozenset[str]) -> str | None:
    """The name of `known` that the lowercased `word` is, or is the possessive of ("paloma's"); None otherwise."""
    if word in known:
        return word
    bare = re.sub(r"['\u2019]s$", "", word)
    return bare if bare in known else None


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class Bias:
    """What the model is told to expect.

    names: every student's full name, as the SLP says it.
    terms: salient words from the goals (most frequent first), no duplicates.
    examples: text appended to the prompt, e.g. SCORE_EXAMPLES.
    """

    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    examples: str = ""  # appended to the prompt (SCORE_EXAMPLES for a score-primed reading)

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
        if self.examples:
            parts.append(self.examples)
        return " ".join(parts)

    @property
    def name_words(self) -> frozenset[str]:
        """Every first and last name, lowercased, to spot names in a transcript."""
        return frozenset(w for n in self.names for w in _words(n))

    def names_in(self, text: str) -> list[str]:
        """The caseload name words (first or last names) that `text` contains, as written there
        ("paloma's" too: a memo naming "Paloma's grandmother" has its student)."""
        known = self.name_words
        return [w for w in _words(text) if _name_word(w, known)]

    def name_places(self, text: str) -> list[tuple[int, str]]:
        """(offset, name word) of each first or last name in `text`, in order ("Paloma's" as "paloma")."""
        known = self.name_words
        # Not NFC-normalised, unlike names_in: the offsets are into `text` as it is.
        found = ((match.start(), _name_word(match.group(0).lower(), known)) for match in _WORD.finditer(text))
        return [(offset, name) for offset, name in found if name]

    def students_named(self, text: str) -> list[str]:
        """The full names of which `text` says a first or last name."""
        said = {word for _, word in self.name_places(text)}
        return [name for name in self.names if said & set(_words(name))]

    def unsupported_names(self, biased: str, unbiased: str) -> list[str]:
        """Names in the biased text with nothing like them where the unbiased text has its words.

        The unbiased decode spells a name by ear and often splits it ("So we"
        for Zoe, "and Marla" for Amara), so the name is compared, letter by
        letter, with the unbiased words around the same place in the memo.
        The comparison only counts where the two decodes agree on a word
        next to the name (else the unbiased one heard something else
        altogether and says nothing about the name); an empty unbiased
        decode means the model heard nothing without the prompt's help.
        """
        b_words, u_words = _words(biased), _words(unbiased)
        if not u_words:
            return self.names_in(biased)
        if len(u_words) < SHORT_UNBIASED * len(b_words):
            return []  # the unbiased decode gave up early: it cannot place, so cannot judge, a name
        unsupported = []
        for index, word in enumerate(b_words):
            if word not in self.name_words or len(_letters(word)) < MIN_CHECKED_LETTERS:
                continue  # a letter comparison on "Ava" or "Zoe" proves nothing either way
            centre = round(index / max(1, len(b_words)) * len(u_words))
            window = u_words[max(0, centre - NAME_WINDOW):centre + NAME_WINDOW + 1]
            context = {w for w in b_words[max(0, index - NAME_WINDOW):index + NAME_WINDOW + 1]
                       if w not in self.name_words and len(w) > 1}
            if not context & set(window):
                continue  # the decodes disagree around here: no evidence either way
            if _best_match(_letters(word), _letters("".join(window))) < HEARD_SIMILARITY:
                unsupported.append(word)
        return unsupported

    def recites_names(self, text: str) -> bool:
        """True when `text` lists two or more students' full names in a row, as the prompt does, or is
        nothing but the caseload's first and last names, one of them said twice ("Raghavan, Tariq Haddad,
        Nalani Quispe, Nalani Quispe": names of several students run together), give or take one word.

        That is the model reading its prompt back (it happens on noise or
        mumbling), not a memo: a dictated memo puts words between names.
        """
        if len(self.names) < 2:
            return False
        full = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        if re.search(rf"(?:{full})[\s,.;]+(?:{full})", text, re.IGNORECASE):
            return True
        words = _words(text)
        named = self.names_in(text)
        return len(named) >= RECITED_NAME_WORDS and len(words) - len(named) <= 1 and len(set(named)) < len(named)

    def without_recitation(self, text: str) -> str:
        """`text` without the caseload names it recites; "" when at most a word is left between them ("Amara,
        Paddad, Nalani..."): that is no memo."""
        left = self.drop_names(text, self.names_in(text))
        return left if len(_words(left)) > 1 else ""

    def drop_names(self, text: str, names: list[str]) -> str:
        """`text` without the given name words (and the comma a dropped name leaves)."""
        drop = set(names)
        pattern = re.compile(r"([^\W\d_][\w'-]*)([,.]?)(\s*)")

        def fix(match: re.Match) -> str:
            word, mark, space = match.groups()
            if word.lower() in drop:
                return "" if mark != "." else "." + space
            return match.group(0)

        return re.sub(r"\s+", " ", pattern.sub(fix, text)).strip()

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
