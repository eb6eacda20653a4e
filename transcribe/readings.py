"""The model's readings as text: choosing between them, joining them, cleaning them up.

No model here: the transcriber (engine.py) reads and weighs, these decide what its
readings say and how one is put together from two.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from difflib import SequenceMatcher

from tagging.cues import find_cue
from tagging.numbers import measure_strength, normalize_numbers
from transcribe.bias import Bias


def scored_stretches_blanked(bias: Bias, text: str) -> str:
    """`text` with the stretch of each student that already states its data blanked out, when it names several
    students: a second look then seeks a lost score only where it was lost ("Jayden four of five..., Liam I out
    of 10" has Liam's count weighed; the whole-memo checks see Jayden's score and look no further). A stretch
    runs from a name to the next; blanked with spaces, so a place found in it is the same place in `text`.
    `text` itself when it names one student or none."""
    if len(bias.students_named(text)) < 2:
        return text
    cuts = [start for start, _ in bias.name_places(text)][1:]
    stretches = zip([0, *cuts], [*cuts, len(text)], strict=True)
    return "".join(" " * (end - start) if measure_strength(text[start:end]) else text[start:end]
                   for start, end in stretches)


def onto_whole(whole: str, view: str, candidate: str) -> str:
    """`candidate`, made from `view` by replacing one stretch, made from `whole` the same way: `view` is `whole` with
    stretches blanked (the same length), and the replaced stretch lies outside them. `candidate` when no `view`."""
    if not view or view == whole:
        return candidate
    start = len(os.path.commonprefix([view, candidate]))
    tail = len(os.path.commonprefix([view[start:][::-1], candidate[start:][::-1]]))
    return whole[:start] + candidate[start:len(candidate) - tail] + whole[len(view) - tail:]


def pick_measured(texts: list[str], scores: list[float], margin: float, tail_margin: float = 0.0) -> int:
    """Index of the hypothesis to keep: the best, unless a near-tie says a measurement more surely,
    or as surely and names the support given more surely ("after I modeled the first one" over
    "after I'm adult, the first one"); a hypothesis that reads on past the best's end ("...for B.L.
    I got two of six.") counts as a near-tie within `tail_margin`."""
    if not texts:
        return 0
    top = max(range(len(texts)), key=lambda i: scores[i])
    wanted = _documented(texts[top])
    chosen = top
    for i in sorted(range(len(texts)), key=lambda i: -scores[i]):
        allowed = max(margin, tail_margin) if reads_on_past(texts[top], texts[i]) else margin
        if scores[top] - scores[i] > allowed:
            continue
        strength = _documented(texts[i])
        if strength > wanted:
            chosen, wanted = i, strength
    return chosen


def reads_on_past(first: str, second: str, more_words: int = 2) -> bool:
    """True when `second` is `first`, punctuation aside, with at least `more_words` words after it."""
    a, b = [_word_key(w) for w in first.split()], [_word_key(w) for w in second.split()]
    a, b = [w for w in a if w], [w for w in b if w]
    return bool(a) and len(b) >= len(a) + more_words and b[:len(a)] == a


def _documented(text: str) -> tuple[float, float]:
    """How surely `text` states a measurement, then how surely its words name a support (0: none)."""
    return measure_strength(text), find_cue(text).surest


def called_names(names: tuple[str, ...]) -> list[str]:
    """How the SLP calls each student: the first name, or the full name when two share it."""
    firsts = [name.split()[0] for name in names]
    return list(dict.fromkeys(first if firsts.count(first) == 1 else name for first, name in zip(firsts, names,
                                                                                                  strict=True)))


def _word_key(word: str) -> str:
    return re.sub(r"[^\w%/]", "", word.lower())


def lowered_after_name(words: list[str]) -> list[str]:
    """Words to follow a name put before them: "Hannah and then", not "Hannah And then"."""
    if words and words[0] not in ("I", "I'm", "I've", "I'll") and words[0][:1].isupper() and words[0][1:].islower():
        return [words[0].lower(), *words[1:]]
    return words


def rejoin(start: str, text: str, max_lead: int = 6) -> str | None:
    """`start` (a reading of the memo made to begin with a name) up to where it meets `text` again,
    then `text` from there: "Mia did" + "not reach anyone..." from "May it not reach anyone...".
    None when they do not meet on two words or more within `max_lead` words of the start (of
    `text`, two more: the garble a name left is often split into more words, but never more
    than three more than `start` spent before they meet: "I fell my ass to her partner" is
    "Ifeoma asked her partner", but "Adrian, so no small group" is no reading of "Big Chana
    took most of the period, so no small group", only a shorter text, and a short text scores
    high merely for being short)."""
    a, b = text.split(), start.split()
    matcher = SequenceMatcher(a=[_word_key(w) for w in a], b=[_word_key(w) for w in b], autojunk=False)
    for block in matcher.get_matching_blocks():
        if (block.size >= min(2, len(a)) and 1 <= block.b <= max_lead and block.a <= max_lead + 2
                and block.a <= block.b + 3):
            # The name goes in, and the numbers the first reading heard stay: "Ayesha 45 or 10" is no reading
            # of "I should sort of five or ten" (the reading made to start with the name is greedy, without
            # the prompt). A number it adds may be a garble ("Talia one opposite" for "Tell you what, set").
            if Counter(_numbers_said(a[:block.a])) - Counter(_numbers_said(b[:block.b])):
                return None
            return " ".join([*b[:block.b], *lowered_after_name(a[block.a:])])
    return None


def opened_as(start: str, text: str) -> list[str]:
    """`text` with its first one and its first two words in turn replaced by the first two words of `start` (a
    reading of the memo made to begin with a name) when that reading wanders off before it meets `text` again
    (rejoin): "Mia did not return in one two k" opens "May it not reach anyone to pay" as "Mia did not reach
    anyone to pay". [] when either has fewer than three words, or when the words replaced say a number the
    opening does not."""
    a, b = text.split(), start.split()
    if len(a) < 3 or len(b) < 3:
        return []
    return [" ".join([*b[:2], *lowered_after_name(a[dropped:])]) for dropped in (1, 2)
            if not Counter(_numbers_said(a[:dropped])) - Counter(_numbers_said(b[:2]))]


def _numbers_said(words: list[str]) -> list[str]:
    return re.findall(r"\d+", normalize_numbers(" ".join(words)))


def splice_score(first: str, second: str, max_words: int = 8) -> str | None:
    """`first` with the stretch that `second` heard as a score put in its place; None when none fits.

    The two readings are aligned word by word. The shortest run of
    disagreement (a few words, at most `max_words` of the second reading)
    in which the second states a score and the first does not is taken from
    the second; everything else, names included, stays as the first heard it.
    """
    a, b = first.split(), second.split()
    matcher = SequenceMatcher(a=[_word_key(w) for w in a], b=[_word_key(w) for w in b], autojunk=False)
    ops = matcher.get_opcodes()
    best: tuple[int, str] | None = None
    for i, start in enumerate(ops):
        if start[0] == "equal":
            continue
        for end in ops[i:i + 3]:
            if end[0] == "equal":
                continue
            taken, given = " ".join(b[start[3]:end[4]]), " ".join(a[start[1]:end[2]])
            size = end[4] - start[3]
            if size > max_words or measure_strength(taken) == 0 or measure_strength(given) > 0:
                continue
            if best is None or size < best[0]:
                best = (size, " ".join([*a[:start[1]], *b[start[3]:end[4]], *a[end[2]:]]))
    return best[1] if best else None


_LOOP = re.compile(r"\b((?:[\w'-]+[\s,.!?]+){1,4}?)\1{2,}", re.IGNORECASE)
# The model spelling a sound it cannot place, letter by letter without end ("said, S-H-N-S-H-N-N-N-N-..."):
# one word to _LOOP, so its letters are collapsed first.
_LETTER_LOOP = re.compile(r"\b((?:\w{1,2}-){1,3}?)\1{2,}")
# Or writing one letter (or pair) over and over as one word ("Main, ffffffff..." for "Maeve said f"): no
# English word holds a letter six times running.
_LETTER_RUN = re.compile(r"([a-z]{1,2}?)\1{5,}", re.IGNORECASE)


def reads_past_loop(kept: list[str], retried: list[str]) -> bool:
    """True when the retried texts say more than the kept ones and keep most of their words: the
    same memo read past its loop, not another guess at it (nor a guess at a memo that was only a
    loop: on noise that is how the model makes words up). Letters spelled one by one ("S-H-N-S-N") are no words."""
    before = re.findall(r"[a-z0-9']{2,}", " ".join(kept).lower())
    after = re.findall(r"[a-z0-9']{2,}", " ".join(retried).lower())
    return bool(before) and len(after) > len(before) and sum(word in after for word in before) * 2 >= len(before)


def collapse_loops(text: str) -> str:
    """One copy of a run of words, or of letters spelled with hyphens, the model repeated three or more
    times ("Mark Mark Mark", "S-H-N-N-N-N"), and of a letter written six or more times in a row ("ffffff")."""
    return _LOOP.sub(r"\1", _LETTER_LOOP.sub(r"\1", _LETTER_RUN.sub(r"\1", text)) + " ").strip()
