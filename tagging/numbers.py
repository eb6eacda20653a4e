"""Numbers in a memo: number words to digits, then the measurements said.

Speech recognition writes the same words many ways ("four out of five",
"4 out of 5", "4/5", "4-5" for "four of five"); everything is first
normalised to digits so one set of patterns covers them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from tagging.cues import SUPPORT_NOUNS, find_cue


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS = {**UNITS, **TEENS, **TENS}
_SPELLED = {value: word for word, value in NUMBER_WORDS.items() if word != "fourty"}
_NW = "|".join(sorted([*NUMBER_WORDS, "hundred"], key=len, reverse=True))
_RUN = re.compile(rf"\b(?:{_NW})(?:[\s-]+(?:{_NW}))*\b", re.IGNORECASE)
# Whisper hears "four out of five" as "for out of five" now and then, and "of" as "and" with it
# ("for out and six times").
_HOMOPHONE_RATIO = re.compile(r"\b(for|to|too|won|ate)(\s+out\s+(?:of|and|in|on|at)\s+\d)", re.IGNORECASE)
_HOMOPHONES = {"for": "4", "to": "2", "too": "2", "won": "1", "ate": "8"}
# "free on four times": "three" with its th heard as f, before "of" or its "on" and a number (never "a free").
_FREE_RATIO = re.compile(r"(?<!\ba\s)(?<!\bthe\s)\bfree(\s+(?:out\s+)?(?:of|on)\s+\d)", re.IGNORECASE)


def _words_to_numbers(words: list[str]) -> list[int]:
    """["seventy", "five"] -> [75]; ["eight", "ten"] -> [8, 10]."""
    out: list[int] = []
    current: int | None = None
    for word in words:
        word = word.lower()
        if word == "hundred":
            current = (current or 1) * 100
            continue
        value = NUMBER_WORDS[word]
        if current is None:
            current = value
        elif value < 10 and current >= 20 and current % 10 == 0:
            current += value  # twenty five
        elif value < 100 and current >= 100 and current % 100 == 0:
            current += value  # one hundred twenty
        else:
            out.append(current)
            current = value
    if current is not None:
        out.append(current)
    return out


def normalize_numbers(text: str) -> str:
    """Number words become digits; "6th" becomes "6"; "for out of 5" becomes "4 out of 5"."""
    text = re.sub(r"\ba\s+hundred\b", "one hundred", text, flags=re.IGNORECASE)
    text = re.sub(r"\bhalf\s+a\s+dozen\b", "6", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:a|one)\s+dozen\b", "12", text, flags=re.IGNORECASE)
    text = _RUN.sub(lambda m: " ".join(str(n) for n in _words_to_numbers(re.split(r"[\s-]+", m.group(0)))), text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    # "the last one", "this one", "each one": a pronoun, no number ("Last one, Thiago, greetings, zero").
    text = re.sub(r"(?<!\bof\s)\b(the|this|that|last|next|each|which|another|first|second|third|other)(\s+)1\b"
                  r"(?!\s*(?:of|out|/|-|\d))", r"\1\2one", text, flags=re.IGNORECASE)
    # Whisper glues a digit to the word before it or writes a plural: "Sand6 on 10s".
    text = re.sub(r"(?<=[a-z])(?=\d)", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d+)s\b", r"\1", text)
    text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
    # "5-on-6", "three-of-four": the model hyphenates a score it heard as one word.
    text = re.sub(r"\b(\d+)-(of|on|or|out-of)-(\d+)\b", lambda m: f"{m[1]} {m[2].replace('-', ' ')} {m[3]}", text,
                  flags=re.IGNORECASE)
    # "two and a half minutes": one duration, 2.5 minutes.
    text = re.sub(r"\b(\d+)\s+and\s+a\s+half\s+(?=(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)\b)", r"\1.5 ", text,
                  flags=re.IGNORECASE)
    # "internals": the model's near-homophone of "intervals", a word no memo otherwise needs.
    text = re.sub(r"\binternals\b", "intervals", text, flags=re.IGNORECASE)
    # "six on date", "six on rate": "of eight" run together, the v of "of" heard as the d of "date" or
    # the r of "rate" (after a number, "on date" or "on rate" says nothing else); read as "on 8", as
    # unsure as any "on" for "of".
    text = re.sub(r"\b(\d+)\s+(?:on|of)\s+[dr]ate\b", r"\1 on 8", text, flags=re.IGNORECASE)
    text = _FREE_RATIO.sub(r"3\1", text)
    # "used voluntary stuttering for times": "four times" heard as "for"; never "for times when...".
    text = re.sub(r"\bfor\s+times\b(?!\s+(?:when|that|like|where|of|he|she|they)\b)", "4 times", text, flags=re.I)
    return _HOMOPHONE_RATIO.sub(lambda m: _HOMOPHONES[m.group(1).lower()] + m.group(2), text)


@dataclass
class Measure:
    """One measurement said in a memo.

    kind: ratio | percent | count | duration | score
    confidence: how sure the pattern is (0..1); start/end: span in the normalised text.
    """

    kind: str
    start: int
    end: int
    confidence: float
    correct: int | None = None
    total: int | None = None
    count: int | None = None
    percent: float | None = None
    seconds: float | None = None
    overall: bool = False  # "overall", "in total", "no wait, ...": the figure to record when several are said
    of_things: bool = False  # a count of things ("two symbols"), not of times the behaviour was seen

    @property
    def figures(self) -> tuple[float | None, ...]:
        """What was measured, to tell two measurements apart (not where or how surely)."""
        return self.correct, self.total, self.count, self.percent, self.seconds


# People, counted as a group's size or a head count, never as a score's items; peers and friends apart, since
# greeting or asking them is the behaviour some goals count.
_PEOPLE = r"(?:kids|students|children|classmates|boys|girls|adults|teachers|people)"
_PEERS = r"(?:peers|friends)"
_TIME_AFTER = r"(?!\s*(?:%|percent|per\s+cent|minutes?|mins?|seconds?|secs?|hours?|hrs?|years?|am|pm|o'clock)\b)"
# What may stand between "of" and a score's total: "of the 10", "of about 10" (a total estimated).
_ARTICLE = r"(?:(?:the|his|her|their|those|these|about|around|roughly|approximately|maybe)\s+)?"
# What a score counts, said after it ("on 3 of 7 words").
_SCORED_ITEMS = (r"(?:words|sentences|questions|answers|responses|items|targets|productions|turns|cards|pictures|"
                 r"nouns|verbs|phrases|sounds|syllables|blends|directions|steps|passages|paragraphs|stories|retells|retails|"
                 r"retellings|objects|definitions)")
RUN_TOGETHER_CONFIDENCE = 0.35  # a guess for the SLP to check, and no score stated to the engine: it reads again
_RATIO_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    # "8 out of 10", "8 correct out of 10", "8 times out of 10", "0 intervals out of 4".
    (re.compile(rf"\b(\d+),?\s+(?:(?:correct|right|accurate|times|intervals|trials)\s+)?out\s+of\s+{_ARTICLE}(\d+)\b",
                re.I), 0.95),
    # "2 inferencing questions correctly out of 3": the items named between, never function words
    # ("4 two step directions out of 5": a number that says what kind of item is one of those words).
    (re.compile(r"\b(\d+)\s+(?:\d+[\s-](?:step|part|word|syllable|symbol|sound)\s+|"
                r"(?!(?:of|and|or|but|to|in|on|at|the|a|an|for|with|she|he|they|it|was|is|then|when|"
                rf"from|times|minutes?)\b)[a-z'-]+\s+){{1,3}}?(?:correct(?:ly)?\s+|right\s+)?out\s+of\s+{_ARTICLE}(\d+)\b",
                re.I), 0.8),
    # Whisper's mishearings of "out of": "four out and five", "4 out in 5", "two-out and four".
    (re.compile(rf"\b(\d+)(?:,?\s+|-)out,?\s+(?:and|in|on|at|a)\s+{_ARTICLE}(\d+)\b", re.I), 0.7),
    # "four thousand seven times": "out of" heard as "thousand" (no memo counts four thousand seven).
    (re.compile(rf"\b(\d+)\s+thousand\s+(?:and\s+)?(\d+)\b{_TIME_AFTER}", re.I), 0.5),
    # "three off four": "of" heard as "off" (nobody takes three off four in a lesson).
    (re.compile(rf"\b(\d+)\s+off\s+{_ARTICLE}(\d+)\b{_TIME_AFTER}", re.I), 0.6),
    (re.compile(r"\b(\d+)\s*/\s*(\d+)\b"), 0.9),
    # The model may set the count off with a comma: "four, of six turns", "6, out of 10".
    (re.compile(rf"\b(\d+),?\s+(?:correct\s+|right\s+)?of\s+{_ARTICLE}(\d+)\b", re.I), 0.9),
    # "nine, four, ten", "3-4-5": tiny.en's spellings of "nine for ten", "three for five" ("for" heard as a
    # number between the two). For review.
    (re.compile(rf"(?<![\d,-]\s)(?<![\d,-])\b(\d+)\s*[-\u2013,]\s*4\s*[-\u2013,]\s*(\d+)\b{_TIME_AFTER}(?!\s*[-\u2013,]\s*\d)",
                re.I), 0.5),  # never inside a longer list ("2, 4, 6, 8")
    # "at 10-15" is a clock time ("fire drill at ten fifteen"), not a score; "5-7 word sentences" and "2-3 step
    # directions" say the items' length (the model's "8-10 words" for "eight of ten words" has the plural).
    (re.compile(rf"(?<!\bat\s)\b(\d+)\s*[-\u2013]\s*(\d+)\b{_TIME_AFTER}"
                r"(?!\s*[-\s]\s*(?:word|step|syllable|part|symbol)\s+[a-z]+s\b)", re.I), 0.75),
    (re.compile(rf"\b(\d+)\s+for\s+(\d+)\b{_TIME_AFTER}", re.I), 0.6),
    # "4 on 5", "8 on 10": "of" heard as "on".
    (re.compile(rf"\b(\d+)\s+on\s+(\d+)\b{_TIME_AFTER}", re.I), 0.6),
    # "5 or 7 correct", "five, seven, correct": the model's spellings of "five of seven", never
    # "two or three times".
    (re.compile(r"\b(\d+)(?:\s+or|,)\s+(\d+)[\s,]+(?=(?:correct|right|accurate|overall|trials|intervals|"
                r"opportunities)\b)", re.I), 0.55),
    # "got 6 to 8 overall": "of" heard as "to", before the words that end a score.
    (re.compile(r"\b(\d+)\s+to\s+(\d+)[\s,]+(?=(?:correct|right|accurate|overall)\b)", re.I), 0.5),
    # "four or five vocabulary words", "in order, 3 or 4, with": Whisper's usual spelling of
    # "four of five". Low confidence (marked for review): "two or three" can be a guess at a count,
    # so never before "times", a unit, or "more".
    (re.compile(rf"\b(\d+)\s+or\s+(\d+)\b{_TIME_AFTER}(?!\s*(?:times|more|days|weeks|{_PEOPLE}|{_PEERS})\b)",
                re.I), 0.45),
    # "She got three and four": "of" heard as "and"/"in" right after a verb of scoring.
    (re.compile(r"\b(?:got|scored|had|did)\s+(\d+)\s+(?:and|in|on|at)\s+(\d+)(?=\s*(?:[.;!?,]|$|correct\b|right\b|overall\b))",
                re.I), 0.55),
    # "405 trials", "4.5 trials": Whisper's spellings of "four of five trials", before a unit that
    # only a score has (nobody counts 405 trials in a lesson).
    (re.compile(r"\b(\d)(?:0|\.)(\d)\s+(?=(?:trials|tries|intervals|opportunities|attempts)\b)", re.I), 0.45),
    # "7.9 words": the same, before the items scored (a decimal counts no words; 405 may: a passage's length).
    (re.compile(rf"\b(\d)\.(\d)\s+(?={_SCORED_ITEMS}\b)", re.I), 0.45),
    # "..., 103." or "..., 2004." at the end of a clause: the same spelling of "one of three", "two
    # out of four", set off as the score.
    (re.compile(r"(?:^|[,;:]\s*)(\d)0{1,2}(\d)(?=\s*(?:[.!?]|$|,?\s*(?:correct|right|overall)\b))", re.I), 0.4),
    # "L words, 709, and" mid-clause, or "k words correctly, 710, then" with the "of" lost altogether: a
    # guess at "seven of nine", "seven of ten" (the audio is weighed for the score there).
    (re.compile(r"(?:^|[,;:]\s*)(\d)0{1,2}(\d)(?=\s*,)", re.I), RUN_TOGETHER_CONFIDENCE),
    (re.compile(r"(?:^|[,;:]\s*)([1-9])(1[0-2])(?=\s*(?:[.!?,]|$|(?:correct|right|overall)\b))", re.I),
     RUN_TOGETHER_CONFIDENCE),
    # "one and four intervals": the same, before a unit that only a score has.
    (re.compile(r"\b(\d+)\s+(?:and|in|at)\s+(\d+)\s+(?=(?:intervals|trials|opportunities)\b)", re.I), 0.55),
    # "three and four times": the same before "times" (nobody did a thing three and four times),
    # never "between two and four times".
    (re.compile(r"(?<!between\s)\b(\d+),?\s+and\s+(\d+)\s+(?=times\b)", re.I), 0.45),
    # "on four and five words", "in six, at nine words", "on seven, ten sentences", "on three to seven words",
    # "..., two and five.":
    # "of" heard as "and" or "at" (or "to", after "on") on the items scored, or in a score set off at the
    # end of a clause ("between two and five" is neither, nor "it took 2 to 3 tries").
    (re.compile(rf"\b(?:on|in)\s+(\d+)(?:,?\s+(?:and|at)|,)\s+(\d+)\s+(?=(?:{_SCORED_ITEMS}|tries|attempts)\b)",
                re.I),
     0.45),
    (re.compile(rf"\bon\s+(\d+)\s+to\s+(\d+)\s+(?={_SCORED_ITEMS}\b)", re.I), 0.45),
    # "either four and five questions": the same with the "on" or "in" before it lost too (nobody scores
    # "four and five" of a plural of items; "two and three word phrases" counts no items).
    (re.compile(rf"(?<!between\s)\b(\d+)\s+and\s+(\d+)\s+(?={_SCORED_ITEMS}\b)", re.I), 0.45),
    (re.compile(r"(?:^|[,;:]\s*)(\d+)\s+and\s+(\d+)(?=\s*(?:[.!?]|$))", re.I), 0.45),
]
# "got all ten R words correct", "got all 5": every one of the items, a whole score.
_ALL_OF = re.compile(r"\b(?:got|included|named|identified|answered|listed|produced|completed)\s+all\s+(\d+)\b"
                     r"|\ball\s+(\d+)\b(?=(?:\s+[a-z'-]+){0,4}?\s+(?:correct(?:ly)?|right)\b)",
                     re.I)
# "into a 4 passages": "in two of four" run together into "into a", the 2 lost in "to"; "on to a 5 word" the
# same of "on two of five".
_INTO_A = re.compile(rf"\b(?:into|on\s+to|onto)\s+an?\s+(\d+)\b{_TIME_AFTER}(?!\s*(?:grade\w*|steps?)\b)", re.I)
# "one for intervals": "of four" run together into "for", before a unit that only a score has.
_OF_FOUR = re.compile(r"\b([0-4])\s+for\s+(?=(?:intervals|trials|tries|opportunities|attempts)\b)", re.I)
# "on 69 sentences" for "on six of nine sentences": the model runs a score's two digits together. Never
# more items than a session scores in one go with the first digit the smaller ("on 12 words" stays 12).
_RUN_TOGETHER = re.compile(rf"\b(?:on|in)\s+([1-8])([2-9])\s+(?=(?:[a-z'-]+\s+)?(?:{_SCORED_ITEMS}|intervals|"
                           r"trials|tries|attempts|opportunities)\b)", re.I)
# A word where the first number should be ("I out of 10" for "nine", "Sandler out of 10" for
# "seven"): in a memo, "out of" and a number follow a number. Words that go before "out of" in speech
# ("ran out of 5 markers", "were out of 3 days") are no lost count, unless "times" or "tries" follows:
# "who are out of seven times" for "four out of seven times" is a score.
_LOST_CORRECT = re.compile(
    r"\b(?!(?:ran|run|went|came|got|get|walked|stepped|was|were|is|are|be|been|him|her|them|it|all)\b"
    r"(?!,?\s+out\s+of\s+\d+\s+(?:times|tries|trials|attempts|opportunities)\b))"
    rf"(?P<word>[a-z']+),?\s+(?:correct\s+)?out\s+of\s+(?P<total>\d+)\b{_TIME_AFTER}", re.I)
# "missed 3 of her 10 words", "missed 3 on 15", "1 error out of 10", "two errors in ten words": the score is
# what was left.
# The sound an articulation student "dropped" or "left off" is an error too ("dropped the final g on 3 of 10"),
# as is the part of a retell "left out" ("left out the ending in 2 of 3 tries"; never "left out of the game").
_MISSED = re.compile(rf"\b(?:missed|got\s+wrong|dropped|omitted|deleted|left\s+off|left\s+out(?!\s+of\b))\s+"
                     r"(?:(?:the\s+|her\s+|his\s+|their\s+)?(?:[a-z'-]+\s+){1,3}?(?:on|in)\s+)?"
                     rf"(\d+)\s+(?:(?:out\s+)?of|(?P<on>on))\s+{_ARTICLE}(\d+)\b{_TIME_AFTER}"
                     rf"|\b(\d+)\s+(?:errors?|mistakes?|misses|incorrect)\s+(?:(?:out\s+)?of|in)\s+{_ARTICLE}(\d+)\b"
                     rf"{_TIME_AFTER}", re.I)
_HOW_OFTEN = {"once": 1, "twice": 2, "thrice": 3}
_HOW_OFTEN_WORDS = "|".join(_HOW_OFTEN)
# "7, 14": tiny.en's spelling of "seven for ten" ("for ten" heard as fourteen). For review.
_FOR_TEN = re.compile(rf"\b(\d+),\s+14\b{_TIME_AFTER}", re.I)
# "all but one of the 6": all of them, less those.
_ALL_BUT = re.compile(rf"\ball\s+but\s+(\d+)\s+(?:of\s+)?{_ARTICLE}(\d+)\b{_TIME_AFTER}", re.I)
# "twice out of 4 tries", "4 times in 10 tries": how often, of how many chances.
_TIMES_OF = re.compile(rf"\b({_HOW_OFTEN_WORDS})\s+out\s+of\s+{_ARTICLE}(\d+)\b{_TIME_AFTER}"
                       rf"|\b(\d+|{_HOW_OFTEN_WORDS})\s+(?:times?\s+)?in\s+{_ARTICLE}(\d+)\s+"
                       rf"(?=(?:tries|trials|attempts|opportunities|chances)\b)", re.I)
# "3 of the 20 kids were absent": a head count, never a score.
_PEOPLE_NEXT = re.compile(rf"\s+(?:[a-z-]+\s+)?{_PEOPLE}\b", re.I)
# "didn't follow any of the 4 directions", "got none of the 5": a score of none.
_NONE_OF = re.compile(r"\b(?:(?:didn'?t|did\s+not|never|couldn'?t|could\s+not)\s+(?:[a-z]+\s+){1,3}?any|none)\s+of\s+"
                      rf"{_ARTICLE}(\d+)\b{_TIME_AFTER}", re.I)
# "four fifths correct": a fraction said in words, never "three quarters of the time" (a percent).
_FRACTION = re.compile(r"\b(\d+)\s+(thirds|fourths|quarters|fifths|sixths|sevenths|eighths|ninths|tenths)\b"
                       r"(?!\s+of\s+the\s+time\b)", re.I)
_DENOMINATORS = {"thirds": 3, "fourths": 4, "quarters": 4, "fifths": 5, "sixths": 6, "sevenths": 7, "eighths": 8,
                 "ninths": 9, "tenths": 10}
# "answered 6 why questions and got 4 right", "used 12 verbs and 10 were correct": the items, then how many were right.
_TRIED_THEN_RIGHT = re.compile(r"\b(\d+)\s+(?:[a-z'-]+\s+){0,2}?[a-z]+s\b[^.;\d]{0,25}?\b(?:(?:got|had)\s+(\d+)\s+"
                               r"(?:right|correct)|(\d+)\s+(?:of\s+them\s+)?(?:were|was)\s+(?:right|correct|accurate)"
                               # "answered 7 yes or no questions, 5 correct"
                               r"|(?<=,\s)(\d+)\s+(?:right|correct))\b", re.I)
# "given ten opportunities, she got six": the chances first, then how many were taken.
_GIVEN_THEN = re.compile(r"\bgiven\s+(\d+)\s+(?:opportunities|trials|tries|chances|attempts)\b[^.;\d]{0,40}?"
                         r"\b(?:got|had|produced|answered|said|did|followed|used)\s+(\d+)\b", re.I)
# "had 6 stuttered words and used a pullout on 3 of them": the items, then how many of them (never people:
# "4 kids came and 2 of them left"), nor times ("five times, hand under hand for two of them": the support), nor
# the total of a score said ("6 of 9 words, he corrected 2 of them himself": those were 6 of 9).
_OF_THEM = re.compile(rf"(?<!\bof\s)\b(\d+)\s+(?:[a-z'-]+\s+){{0,2}}?(?!(?:{_PEOPLE}|{_PEERS}|times)\b)[a-z]+s\b"
                      r"[^.;\d]{0,40}?\b(\d+)\s+of\s+them\b", re.I)
_CORRECT_WRONG = re.compile(
    r"\b(\d+)\s+(?:correct|right)\b[^.;\d]{0,20}?\b(\d+)\s+(?:incorrect|wrong|errors?|missed|mistakes?)\b"
    r"|\b(?:correct|right)\s+on\s+(\d+)\b[^.;\d]{0,20}?\b(?:incorrect|wrong)\s+on\s+(\d+)\b", re.I)
# Trial by trial, as on a data sheet: "plus, plus, minus, plus" is 3 of 4 (three marks at least).
_PLUS_MINUS = re.compile(r"(?<![\w+])(?:plus|minus|\+)(?:[\s,.;]+(?:plus|minus|\+)){2,}(?![\w+])", re.I)
_OVERALL = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:overall|in\s+total|total|altogether|in\s+all)\b", re.I)
# "overall" before the figure, or the SLP correcting what was just said ("4 of 10, no wait, 5 of 10").
_OVERALL_BEFORE = re.compile(r"\b(?:overall|in\s+total|total|altogether|in\s+all|no,?\s+wait|i\s+mean|sorry|"
                             r"correction|scratch\s+that|make\s+that|or\s+rather)\W+(?:\w+\W+){0,2}$", re.I)
# "about half the time", "three quarters of the time", "on half of her answers": a share said in words,
# as a percent (never "half the class").
_SHARE_OF_THE_TIME = re.compile(
    r"\b(half|a\s+quarter|(?:3|three)\s+(?:quarters|fourths)|(?:a|1|one)\s+third|(?:2|two)\s+thirds)\s+"
    r"(?:of\s+)?(?:the\s+time\b|(?:the|her|his|their)\s+"
    rf"(?:[a-z-]+\s+)?(?:{_SCORED_ITEMS}|trials|tries|attempts|opportunities|intervals|stutters|moments|blocks|"
    r"disfluencies|errors|directions|requests|comments|sounds)\b)", re.I)
_SHARES = {"half": 50.0, "quarter": 25.0, "quarters": 75.0, "fourths": 75.0, "third": 33.0, "thirds": 67.0}
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b|pct\b)", re.I)
# "70-80 percent", "between 60 and 70 percent": a range, kept as its middle and marked for the SLP to settle.
_PERCENT_RANGE = re.compile(r"\b(\d+)\s*%?\s*(?:[-\u2013]|to|and)\s*(\d+)\s*(?:%|percent\b|per\s+cent\b|pct\b)", re.I)
# The model may drop the plural's s ("stayed on topic four time"); never "5 time-outs", nor after
# "the" or "a" ("the 12 time winner" names a thing, it counts nothing).
_TIMES = re.compile(r"\b(\d+)\s+(?:more\s+|different\s+|separate\s+)?times\b"
                    r"|(?<!\bthe\s)(?<!\ba\s)\b(\d+)\s+time\b(?!-)"
                    r"|\b(\d+)x\b(?!\s*\d)"  # "4x", as an SLP types it in the transcript
                    r"|\bon\s+(\d+)\s+(?:separate\s+|different\s+)?occasions?\b", re.I)
# "zero times", "not once", "did not yell once", "did not ask for help, once" (never "did not sit still once she
# came in").
_ZERO_TIMES = re.compile(r"\b(?:no|zero|0|not\s+(?:even\s+)?(?:1|once))\s+times?\b|\bnot\s+(?:even\s+)?once\b"
                         r"|\b(?:didn'?t|did\s+not|never)\s+(?:[a-z]+,?\s+){1,3}?(?:even\s+)?once\b"
                         r"(?!\s+(?:she|he|they|we|i|it|the|his|her|you)\b)", re.I)
_NEG_AT_ALL = re.compile(
    r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not|wasn'?t|was\s+not|couldn'?t|could\s+not|never)\b[^.;]*?\b(?:at\s+all|the\s+whole\s+(?:time|session|period|class|lesson)|all\s+(?:day|session|period|class))\b",
    re.I)
# "did not greet anyone", "did not request anything", "did not make any choices": none of the behaviour at
# all; "did not want to talk to anyone" says a mood instead, and "did not need any reminders" the support.
_NOT_ANYONE = re.compile(
    r"\b(?:didn'?t|did\s+not|never)\s+(?!(?:want|wanna|feel|like|seem|get|have|need|needs|needed|require)\b)"
    rf"[a-z]+(?:\s+[a-z]+){{0,3}}?\s+(?:anyone|anybody|anything|any\s+(?!{SUPPORT_NOUNS}\b)(?:[a-z-]+\s+){{0,2}}?"
    # "didn't use a single cancellation": none either.
    rf"[a-z]{{3,}}s|a\s+single\s+(?!{SUPPORT_NOUNS}\b)[a-z]{{3,}})\b"
    # "greeted no one", "asked nobody" (the model writes "no 1"): the same none at all.
    r"|\b[a-z]{3,}ed\s+(?:no\s+(?:one|1)|nobody)\b(?!\s+(?:of|out|more|else|but|except)\b)", re.I)
_NEVER = re.compile(r"\bnever\s+(?:used|made|said|produced|asked|gave|initiated|commented|answered|did)\b", re.I)
_TWICE = re.compile(rf"\b({_HOW_OFTEN_WORDS})\b", re.I)
# "once" that counts nothing: a clause's "once she sat down", the idioms "once again", "at once".
_ONCE_CONJUNCTION = re.compile(r"(?:^|[.!?;:]\s*)once\b|\bonce\s+(?:she|he|they|we|i|it|the|his|her|you|again|more|"
                               r"upon|in\s+a\s+while)\b|\bat\s+once\b", re.I)
_COUPLE = re.compile(r"\ba\s+couple\s+(?:of\s+)?times\b", re.I)
# A number then (up to two words) a plural noun: "two comments", "3 on-topic questions".
_COUNT_NOUN = re.compile(r"\b(\d+)((?:\s+(?:\d+[\s-])?[a-z'-]+){0,2}?)\s+([a-z]{3,}s)\b", re.I)  # "4 2-symbol requests"
# Words that can sit between a count and its noun ("2 on-topic comments"), never function words.
_FUNCTION = _words("""
    of and or but to in on at the a an for with she he they it was were is are then when from by as so his her
    their out times step part word minute second year grade point""")
_NOT_COUNTED = _words("""
    minutes mins seconds secs hours hrs days weeks months years times steps grades percent intervals trials
    opportunities attempts tries sets lessons sessions classes periods kids students children peers friends others
    ones parts pages chapters units levels points blocks rounds sounds letters syllables""")
# "greeted one friend", "asked 1 question": a single one after a verb of doing.
_ONE_NOUN = re.compile(r"\b(?:[a-z]+ed|made|gave|took|said|told|wrote|asked|had)\s+(1)\s+([a-z]+)\b", re.I)
# "greeted three friends", "asked 2 peers": people are not counted as things ("with two peers" is a
# group's size), but after a verb of doing they count the behaviour.
_PEOPLE_AFTER_VERB = re.compile(r"\b(?:[a-z]+ed|met|told)\s+(\d+)\s+(?:(?:different|other|new)\s+)?"
                                rf"(?:{_PEOPLE}|{_PEERS})\b", re.I)
_NOT_COUNTED_ONE = _words("""minute second hour day week month year time step grade percent interval trial
    more other of out thing bit""")
_NOT_PLURAL = _words("was has does goes yes always perhaps across unless plus thus sometimes")
_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?)\s*(?:-\s*)?(hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"
    r"(?:\s+and\s+(?:a\s+half|(\d+(?:\.\d+)?)\s*(seconds?|secs?)))?", re.I)
_OFFSET_AFTER = re.compile(r"\s+(?:late|early|ago|later|behind)\b", re.I)
# Also the session's own time ("push-in got cut to ten minutes", "we lost about 10 minutes", "only had 15 minutes").
_OFFSET_BEFORE = re.compile(r"\b(?:after|cut\s+(?:short\s+|down\s+)?to|shortened\s+to|lost|only\s+had|we\s+had)\s+"
                            r"(?:about\s+|only\s+|just\s+|like\s+)?$", re.I)
# "5 a minute", "10 words a minute": a rate, not a minute's length ("five of eight" heard as "five a minute").
_RATE_BEFORE = re.compile(r"\d+(?:\s+[a-z]+)?\s+$", re.I)
_DURATION_WORDS = [
    (re.compile(r"\ba\s+minute\s+and\s+a\s+half\b", re.I), 90.0),
    (re.compile(r"\bhalf\s+(?:a\s+|an\s+)?minute\b", re.I), 30.0),
    (re.compile(r"\bhalf\s+(?:an\s+)?hour\b", re.I), 1800.0),
    (re.compile(r"\b(?:a|an)\s+(?:full\s+)?minute\b", re.I), 60.0),
    (re.compile(r"\b(?:a|an)\s+(?:full\s+)?hour\b", re.I), 3600.0),
]
_SCORE = re.compile(r"\b(?:scored?|score\s+of|rubric\s+(?:score\s+)?(?:of\s+)?|level)\s+(?:a\s+)?(\d+)\b"
                    r"|\ban?\s+(\d+)\s+on\s+(?:the|his|her|their)\s+(?:rubric|scale)\b", re.I)


def _unit_seconds(unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("h"):
        return 3600.0
    if unit.startswith("m"):
        return 60.0
    return 1.0


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_measures(text: str) -> list[Measure]:
    """Every measurement in already-normalised text, best patterns first, no two on the same words."""
    found: list[Measure] = []
    taken: list[tuple[int, int]] = []

    def keep(measure: Measure) -> None:
        found.append(measure)
        taken.append((measure.start, measure.end))

    def keep_score(match: re.Match[str], confidence: float, correct: int | None, total: int) -> None:
        """A whole score (or one whose correct count was lost) said at `match`, if it can be one."""
        if (0 < total <= 200 and (correct is None or 0 <= correct <= total)
                and not _overlaps((match.start(), match.end()), taken) and not _PEOPLE_NEXT.match(text, match.end())):
            keep(Measure("ratio", match.start(), match.end(), confidence, correct=correct, total=total))

    for match in _CORRECT_WRONG.finditer(text):
        right, wrong = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(4))
        keep_score(match, 0.8, right, right + wrong)
    for match in _PLUS_MINUS.finditer(text):
        marks = re.findall(r"plus|minus|\+", match.group(0).lower())
        keep_score(match, 0.8, sum(mark != "minus" for mark in marks), len(marks))
    for match in _GIVEN_THEN.finditer(text):
        keep_score(match, 0.75, int(match.group(2)), int(match.group(1)))
    for match in _TRIED_THEN_RIGHT.finditer(text):
        keep_score(match, 0.7, int(match.group(2) or match.group(3) or match.group(4)), int(match.group(1)))
    for match in _OF_THEM.finditer(text):
        keep_score(match, 0.6, int(match.group(2)), int(match.group(1)))
    for match in _MISSED.finditer(text):
        missed, total = int(match.group(1) or match.group(4)), int(match.group(3) or match.group(5))
        # "missed 3 on 15": "of" heard as "on", as sure as any score said that way.
        keep_score(match, 0.6 if match.group("on") else 0.8, total - missed, total)
    for match in _NONE_OF.finditer(text):
        keep_score(match, 0.75, 0, int(match.group(1)))
    for match in _ALL_BUT.finditer(text):
        keep_score(match, 0.75, int(match.group(2)) - int(match.group(1)), int(match.group(2)))
    for match in _TIMES_OF.finditer(text):
        times = (match.group(1) or match.group(3)).lower()
        keep_score(match, 0.8, _HOW_OFTEN.get(times) or int(times), int(match.group(2) or match.group(4)))
    for match in _FRACTION.finditer(text):
        keep_score(match, 0.75, int(match.group(1)), _DENOMINATORS[match.group(2).lower()])
    for pattern, confidence in _RATIO_PATTERNS:
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if _overlaps(span, taken):
                continue
            correct, total = int(match.group(1)), int(match.group(2))
            if not 0 < total <= 200 or correct > total or _PEOPLE_NEXT.match(text, span[1]):
                continue
            # "4 out of 5 times" is one ratio; the trailing noun must not become a count.
            tail = re.match(r"\s+(?:times|trials|opportunities|tries|attempts|intervals)\b", text[span[1]:], re.I)
            end = span[1] + (tail.end() if tail else 0)
            overall = bool(_OVERALL.match(text[end:]) or _OVERALL_BEFORE.search(text[: span[0]]))
            keep(Measure("ratio", span[0], end, confidence, correct=correct, total=total, overall=overall))
    for match in _FOR_TEN.finditer(text):
        if int(match.group(1)) <= 10:
            keep_score(match, 0.45, int(match.group(1)), 10)
    for match in _ALL_OF.finditer(text):
        total = int(match.group(1) or match.group(2))
        keep_score(match, 0.6, total, total)
    for match in _OF_FOUR.finditer(text):
        tail = re.match(r"\w+", text[match.end():])
        span = (match.start(), match.end() + (tail.end() if tail else 0))
        if not _overlaps(span, taken):
            keep(Measure("ratio", span[0], span[1], 0.45, correct=int(match.group(1)), total=4))
    for match in _INTO_A.finditer(text):
        total = int(match.group(1))
        if 2 <= total <= 20 and not _overlaps((match.start(), match.end()), taken):
            keep(Measure("ratio", match.start(), match.end(), 0.4, correct=2, total=total))
    if not any(m.kind in ("ratio", "percent") for m in found) and not _PERCENT.search(text):
        for match in _RUN_TOGETHER.finditer(text):
            correct, total = int(match.group(1)), int(match.group(2))
            if correct < total and total >= 4 and not _overlaps((match.start(), match.end()), taken):
                keep(Measure("ratio", match.start(1), match.end(2), RUN_TOGETHER_CONFIDENCE, correct=correct,
                             total=total))
    # "I out of 10": the model lost the first number ("nine"). Still trials out of 10; the
    # correct count is left for the SLP, at a confidence the review marks.
    for match in _LOST_CORRECT.finditer(text):
        keep_score(match, 0.3, None, int(match.group("total")))
    for match in _PERCENT_RANGE.finditer(text):
        low, high = int(match.group(1)), int(match.group(2))
        if low < high <= min(100, low + 30) and not _overlaps((match.start(), match.end()), taken):
            keep(Measure("percent", match.start(), match.end(), 0.5, percent=(low + high) / 2))
    for match in _PERCENT.finditer(text):
        value = float(match.group(1))
        if value <= 100 and not _overlaps((match.start(), match.end()), taken):
            keep(Measure("percent", match.start(), match.end(), 0.95, percent=value))
    for match in _SHARE_OF_THE_TIME.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            share = _SHARES[match.group(1).split()[-1].lower()]
            keep(Measure("percent", match.start(), match.end(), 0.7, percent=share))
    for match in _DURATION.finditer(text):
        # "started 20 minutes late", "left 5 minutes early", "died after 10 minutes": when something happened,
        # not a behaviour's length.
        if (_overlaps((match.start(), match.end()), taken) or _OFFSET_AFTER.match(text, match.end())
                or _OFFSET_BEFORE.search(text[max(0, match.start() - 20):match.start()])):
            continue
        seconds = float(match.group(1)) * _unit_seconds(match.group(2))
        if match.group(0).lower().endswith("and a half"):
            seconds += 0.5 * _unit_seconds(match.group(2))
        elif match.group(3):
            seconds += float(match.group(3))
        # "a 20 minute lesson" names the lesson's length, not the behaviour's.
        adjective = not match.group(2).lower().endswith("s") and not match.group(3)
        keep(Measure("duration", match.start(), match.end(), 0.45 if adjective else 0.85, seconds=seconds))
    for pattern, seconds in _DURATION_WORDS:
        for match in pattern.finditer(text):
            if not _overlaps((match.start(), match.end()), taken) and not _RATE_BEFORE.search(text, 0, match.start()):
                keep(Measure("duration", match.start(), match.end(), 0.7, seconds=seconds))
    for match in _ZERO_TIMES.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.85, count=0))
    for match in _TIMES.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.9, count=int(next(filter(None, match.groups())))))
    for match in _COUPLE.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.5, count=2))
    conjunctions = [(m.start(), m.end()) for m in _ONCE_CONJUNCTION.finditer(text)]
    for match in _TWICE.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        word = match.group(1).lower()
        if word == "once" and _overlaps(span, conjunctions):
            continue
        value = _HOW_OFTEN[word]
        keep(Measure("count", span[0], span[1], 0.6 if word == "once" else 0.85, count=value))
    for match in _NEG_AT_ALL.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.7, count=0))
    for match in _NOT_ANYONE.finditer(text):
        # Only when no count was said: "did not greet anyone, zero times" is one count.
        if not any(m.kind == "count" for m in found) and not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.55, count=0))
    for match in _NEVER.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("count", match.start(), match.end(), 0.6, count=0))
    for match in _SCORE.finditer(text):
        if not _overlaps((match.start(), match.end()), taken):
            keep(Measure("score", match.start(), match.end(), 0.6, count=int(match.group(1) or match.group(2))))
    for match in _COUNT_NOUN.finditer(text):
        noun = match.group(3).lower()
        between = match.group(2).lower().split()
        span = (match.start(), match.end())
        if (noun in _NOT_COUNTED or noun in _NOT_PLURAL or noun.endswith(("ss", "us", "is"))
                or any(word in _FUNCTION for word in between) or _overlaps(span, taken)):
            continue
        keep(Measure("count", span[0], span[1], 0.65, count=int(match.group(1)), of_things=True))
    for match in _ONE_NOUN.finditer(text):
        span = (match.start(1), match.end())
        if match.group(2).lower() not in _NOT_COUNTED_ONE and not _overlaps(span, taken):
            keep(Measure("count", span[0], span[1], 0.55, count=1, of_things=True))
    for match in _PEOPLE_AFTER_VERB.finditer(text):
        span = (match.start(1), match.end())
        if not _overlaps(span, taken):
            keep(Measure("count", span[0], span[1], 0.6, count=int(match.group(1)), of_things=True))
    _score_from_percent(text, found, taken)
    found.sort(key=lambda m: m.start)
    return _joined_counts(text, found)


# Between two counts of one behaviour in different places or with different support ("once at recess and once
# at centers", "once on his own and twice after I modeled"): "and" with no verb of its own, which would make the
# second count another behaviour ("greeted peers twice and asked a question once").
_COUNT_JOIN = re.compile(r"^[^.;:!?]*\band\b(?![^.;:!?]*\b(?:[a-z]+ed|made|said|got|did|took|gave|had|was|were|"
                         r"is|are|went|came|told|asked|used|let|put|ran|sat|saw|ate|wrote|read|of\s+them)\b)[^.;:!?]*$",
                         re.I)


def _joined_counts(text: str, found: list[Measure]) -> list[Measure]:
    """`found` (in order) with each run of counts of times joined by "and" (see _COUNT_JOIN) summed into one:
    the SLP gave the count in parts."""
    out: list[Measure] = []
    for measure in found:
        before = out[-1] if out else None
        if (before is not None and before.kind == measure.kind == "count" and not before.of_things
                and not measure.of_things and before.count is not None and measure.count is not None
                and _COUNT_JOIN.match(text[before.end:measure.start])):
            out[-1] = Measure("count", before.start, measure.end, min(before.confidence, measure.confidence),
                              count=before.count + measure.count)
            continue
        out.append(measure)
    return out


# "then got it on 10, 80%": the number before "of 10" was lost, but the percent said with it gives it back.
_LONE_TOTAL = re.compile(rf"\b[a-z']+,?\s+(?:out\s+of|of|on)\s+(\d+)\b{_TIME_AFTER}", re.I)


def _score_from_percent(text: str, found: list[Measure], taken: list[tuple[int, int]]) -> None:
    """Fill in a score whose correct count was lost from the one percent said with it (in place)."""
    percents = [m.percent for m in found if m.kind == "percent"]
    if len(percents) != 1 or any(m.kind == "ratio" and m.correct is not None for m in found):
        return

    def fitting(total: int) -> int | None:
        correct = percents[0] * total / 100
        return int(correct) if 0 < total <= 20 and correct == int(correct) else None

    lost = [m for m in found if m.kind == "ratio" and m.correct is None and m.total]
    for measure in lost:
        if (correct := fitting(measure.total)) is not None:
            measure.correct, measure.confidence = correct, 0.45
    if lost:
        return
    for match in _LONE_TOTAL.finditer(text):
        total = int(match.group(1))
        if (correct := fitting(total)) is not None and not _overlaps((match.start(), match.end()), taken):
            found.append(Measure("ratio", match.start(), match.end(), 0.45, correct=correct, total=total))
            return


def _stated(text: str) -> list[Measure]:
    """The measurements `text` states with their numbers."""
    # A count read off any plural ("10 words") proves nothing; "3 times" and "twice" do.
    return [m for m in find_measures(normalize_numbers(text))
            if (m.kind == "ratio" and m.correct is not None and m.confidence > RUN_TOGETHER_CONFIDENCE)
            or m.kind == "percent"
            or (m.kind == "count" and m.confidence >= 0.85)]


def measure_strength(text: str) -> float:
    """How surely `text` states a measurement with its numbers (0: none); for choosing between readings."""
    return max((m.confidence for m in _stated(text)), default=0.0)


def states_more(first: str, second: str) -> bool:
    """True when `second` states a measurement `first` does not (a second reading that only says "twice"
    again, as the first did, found nothing)."""
    def said(text: str) -> set[tuple[str, int | None, int | None, int | None, float | None]]:
        return {(m.kind, m.correct, m.total, m.count, m.percent) for m in _stated(text)}

    return bool(said(second) - said(first))


# Words of a measurement, whether or not its numbers were heard ("in Sandler out of 10 words").
_MEASURE_WORDS = re.compile(r"\b(?:correct(?:ly)?|incorrect(?:ly)?|accura(?:te|cy)|intervals?|trials?|"
                            r"opportunities|out\s+of|percent|times|tall(?:y|ied)|counted)\b", re.I)


def names_a_measure(text: str) -> bool:
    """True when `text` has the words of a measurement ("intervals", "out of", "correct")."""
    return _MEASURE_WORDS.search(text) is not None


def speaks_of_a_measure(text: str) -> bool:
    """True when `text` has the words of a measurement or a number (its other numbers may be lost)."""
    return names_a_measure(text) or re.search(r"\d", text) is not None


# "six, or ten times", "three or four times", "for six times": how the model writes "six of ten times" and
# "four of six times". As written, a guess at a count (or no English at all); see scores_said_as_counts.
_SCORE_AS_COUNT = re.compile(r"\b(\d+),?\s+or\s+(\d+)\s+times\b|\bfor\s+(\d+)\s+times\b", re.I)


def scores_said_as_counts(text: str) -> list[Measure]:
    """The scores in already-normalised `text` that read as a count ("three or four times" for "three of
    four times", "for six times" for "four of six times"), at a confidence the review marks. Only for a
    student with no goal counted in a tally: their goals take a score, and a count is no data of theirs."""
    scores = []
    for match in _SCORE_AS_COUNT.finditer(text):
        correct, total = (int(match[1]), int(match[2])) if match[1] else (4, int(match[3]))
        if correct < total <= 20:
            scores.append(Measure("ratio", match.start(), match.end(), 0.4, correct=correct, total=total))
    return scores


def lost_count_span(text: str) -> tuple[int, int, int] | None:
    """(start, end, total) of the word in `text` standing where a correct count was lost
    ("I out of 10" for "nine out of ten"), the first such; None when there is none."""
    return _lost_word_span(text, _LOST_CORRECT)


def lost_count_spans(text: str) -> list[tuple[int, int, int]]:
    """Where the count lost_count_span finds may stand: that word, and that word with the one
    before it when only a space parts them (the model may write one count as two words: "who are
    out of seven" for "four out of seven")."""
    span = lost_count_span(text)
    if span is None:
        return []
    start, end, total = span
    before = re.search(r"(?<![\w'-])[a-z']+\s+$", text[:start])
    if before is None or before.group(0).split()[0].lower() in NUMBER_WORDS:
        return [span]
    return [span, (before.start(), end, total)]


# "the light of ten words" for "nine of ten words": a word where the count should be, before "of" and
# the items scored; never a word that is said there ("each of 10 words", "a list of 10 words").
_LOST_CORRECT_OF = re.compile(
    r"\b(?!(?:each|all|most|some|any|none|both|rest|list|set|couple|lot|lots|group|pair|series|out|one|half|"
    r"many|few|several|part|kind|sort|type|top|end|instead|because|front|number|total)\b)"
    rf"(?P<word>[a-z']+)\s+of\s+(?P<total>\d+)\s+(?={_SCORED_ITEMS}\b)", re.I)


def count_before_of_span(text: str) -> tuple[int, int, int] | None:
    """(start, end, total) of the word in `text` that may stand where a count was lost before
    "of" and the items scored ("the light of ten words"); None when there is none, or when the
    text states a whole score. Unlike lost_count_span's "out of", "of" follows many words, so
    the audio must find a count there about as likely as the word (see the transcriber)."""
    return _lost_word_span(text, _LOST_CORRECT_OF)


def _lost_word_span(text: str, pattern: re.Pattern[str]) -> tuple[int, int, int] | None:
    """(start, end, total) in `text` of the first word `pattern` (groups "word" and "total") finds
    where a count should be; None when there is none, or when the text states a whole score."""
    if _states_a_score(text):
        return None
    normal = normalize_numbers(text)
    match = pattern.search(normal)
    if match is None or not 0 < int(match.group("total")) <= 20:
        return None
    # The word is no number word, so normalising left it alone: the same occurrence in the raw text.
    word = match.group("word")
    nth = len(re.findall(rf"\b{re.escape(word)}\b", normal[:match.start("word")], re.I))
    found = list(re.finditer(rf"\b{re.escape(word)}\b", text, re.I))
    if len(found) <= nth:
        return None
    return found[nth].start(), found[nth].end(), int(match.group("total"))


# Units only a score has ("in 3 of 5 intervals"), as the model writes them, and "correct(ly)",
# which often follows one ("7 of 10 correctly"); the weighing asks the audio whether one was there.
_SCORE_UNIT = re.compile(r"\b(?:intervals?|internals|trials|tries|opportunities|attempts|(correct|correctly))\b", re.I)


def score_slots(text: str, keep: frozenset[str] = frozenset(), max_words: int = 4) -> list[tuple[int, int]]:
    """Where a lost score may stand: the last 1..max_words words before the first unit only a
    score has ("in and read your high intervals"), as (start, end) spans of `text`, shortest
    first; never over a word in `keep` (lowercased: the caseload's names) or a sentence's end."""
    unit = _SCORE_UNIT.search(text)
    if unit is None or _states_a_score(text):
        return []
    return _last_words(text, unit.start(), keep, max_words)


def end_slots(text: str, keep: frozenset[str] = frozenset(), max_words: int = 3) -> list[tuple[int, int]]:
    """Where a score said last may stand: the memo's last 1..max_words words, without the punctuation
    that ends it, and, when the memo ends on the support given (", sick son dying, without any help."),
    the 1..max_words words before that support, as score_slots gives them; none when the text states a
    score or has no more words than that."""
    if _states_a_score(text) or len(text.split()) <= max_words + 1:
        return []
    slots = _last_words(text, len(text.rstrip(" .,;:!?")), keep, max_words)
    support = _closing_support(text)
    if support is not None:
        end = len(_SUPPORT_OPENING.sub("", text[:support]))
        if len(text[:end].split()) > max_words:
            slots += _last_words(text, end, keep, max_words)
    return slots


# The items a score counts, in the plural ("six of eight turns"): a score lost in noise stood right before them.
_ITEMS_SCORED = re.compile(rf"\b{_SCORED_ITEMS}\b", re.I)


def items_slots(text: str, keep: frozenset[str] = frozenset(), max_words: int = 3) -> list[tuple[int, int]]:
    """Where a score lost before the items it counts may stand ("zig, submit, turns" for "six of eight
    turns"): the last 1..max_words words before the first plural of items scored, as score_slots gives
    them; none when the text states a score."""
    items = _ITEMS_SCORED.search(text)
    if items is None or _states_a_score(text):
        return []
    return _last_words(text, items.start(), keep, max_words)


# The words that open a support said last ("with a", "without any", "after I", "with a quick"): a score goes before
# them.
_SUPPORT_OPENING = re.compile(r"(?:[\s,]*\b(?:with|without|after|when|once|and|using|given|needed|needing|needs|need|"
                              r"no)(?:\s+(?:a|an|the|some|any|i|me|her|him|them|my|quick|brief|short|little|gentle|"
                              r"light|single|extra|additional|slight|minimal|moderate|maximal|full|partial))*)*[\s,]*$",
                              re.I)


def _closing_support(text: str) -> int | None:
    """Where in `text` the support named last begins, when at most two words follow it ("with a gestural cue.",
    "without any help today"); None otherwise."""
    start, phrase = max(((text.rfind(phrase), phrase) for phrase in find_cue(text).phrases), default=(-1, ""))
    if start < 0:
        return None
    return start if len(re.findall(r"\w+", text[start + len(phrase):])) <= 2 else None


def _states_a_score(text: str) -> bool:
    # A guess at a score run together ("on 69 sentences", ", 710,") is none: the audio may still say which.
    return any(m.kind == "ratio" and m.correct is not None and m.confidence > RUN_TOGETHER_CONFIDENCE
               for m in find_measures(normalize_numbers(text)))


def states_only(text: str, correct: int, total: int) -> bool:
    """True when the one score `text` states is correct/total (a score put after a number the text
    kept, "six of six of nine", states another)."""
    return [(m.correct, m.total) for m in find_measures(normalize_numbers(text)) if m.kind == "ratio"] == [
        (correct, total)]


def _last_words(text: str, end: int, keep: frozenset[str], max_words: int) -> list[tuple[int, int]]:
    """(start, end) spans of the last 1..max_words words of text[:end], shortest first; never over a
    word in `keep` or a sentence's end."""
    words = list(re.finditer(r"\S+", text[:end]))
    slots = []
    for size in range(1, min(max_words, len(words)) + 1):
        chosen = words[-size:]
        if re.sub(r"[^\w']", "", chosen[0].group(0)).lower() in keep or (size > 1 and chosen[0].group(0)[-1] in ".!?"):
            break
        slots.append((chosen[0].start(), chosen[-1].end()))
    return slots


def spell_score(correct: int, total: int) -> str:
    """"seven of ten": a score in words, as scored against the audio (see scores_around_numbers)."""
    return f"{_SPELLED[correct]} of {_SPELLED[total]}"


# How a word sounds, roughly, for comparing a garble with a score ("save a note in" with "seven of ten"): the letters
# tiny.en trades for one another made one ("th" and "v" as "f": "free" for "three"), every run of vowels one vowel,
# no letter doubled. Spelling rules, not phonetics: enough to say where a score may have stood, never what it was
# (the audio says that).
_SOUND_RULES = [(re.compile(pattern), into) for pattern, into in (
    (r"[^a-z]", ""), (r"ph|th|v", "f"), (r"gh", ""), (r"x", "ks"), (r"ck", "k"), (r"c(?=[eiy])", "s"), (r"[cq]", "k"),
    (r"z", "s"), (r"wh", "w"), (r"[aeiouy]+", "a"), (r"(.)\1+", r"\1"))]


def sound_key(text: str) -> str:
    """`text` as it roughly sounds ("six of eight": "saksafat"); digits are read as words first."""
    key = re.sub(r"\d+", lambda m: _SPELLED.get(int(m.group(0)), m.group(0)), text).lower()
    for pattern, into in _SOUND_RULES:
        key = pattern.sub(into, key)
    return key


# Every score an SLP says with a total up to 12, as it sounds, both ways it is said.
_SCORE_SOUNDS = frozenset(sound_key(f"{_SPELLED[correct]} {joint} {_SPELLED[total]}")
                          for total in range(2, 13) for correct in range(total + 1) for joint in ("of", "out of"))


def sounds_like_a_score(words: str) -> float:
    """How much `words` sound like a score said ("free on fire": 0.86 of "three of five"), from 0 to 1."""
    key = sound_key(words)
    matcher = SequenceMatcher(None, b=key, autojunk=False)
    best = 0.0
    for score in _SCORE_SOUNDS:
        matcher.set_seq1(score)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def score_soundalike_slots(text: str, keep: frozenset[str] = frozenset(), min_similarity: float = 0.72,
                           max_words: int = 4, most: int = 8) -> list[tuple[int, int]]:
    """Where a score tiny.en wrote as words it sounds like may stand ("free on fire" for "three of five", "same
    anton" for "seven of ten"): (start, end) spans of 1..max_words words that sound at least `min_similarity`
    like a score (sounds_like_a_score), never over a word in `keep` (lowercased: the caseload's names) or a
    sentence's end; the `most` that sound most like one, those first (each costs the audio a dozen weighings);
    none when the text states a score."""
    if _states_a_score(text):
        return []
    words = list(re.finditer(r"\S+", text))
    slots: list[tuple[float, int, int]] = []
    for first in range(len(words)):
        for last in range(first, min(first + max_words, len(words))):
            word = words[last].group(0)
            if re.sub(r"[^\w']", "", word).lower() in keep:
                break
            # The mark after the last word stays: "same anton, with a..." becomes "seven of ten, with a...".
            end = words[last].start() + len(word.rstrip(",.;:!?"))
            said = text[words[first].start():end]
            similarity = sounds_like_a_score(said) if len(sound_key(said)) >= 4 else 0.0
            if similarity >= min_similarity:
                slots.append((similarity, words[first].start(), end))
            if word[-1] in ".!?":
                break
    return [(start, end) for _, start, end in sorted(slots, key=lambda slot: -slot[0])[:most]]


# A count tiny.en wrote as the everyday word it sounds like, before the things a tally counts ("so free request"
# for "three requests", "To comment on the device" for "Two comments"). Only before what tallies count, plural
# or one of these: after "to" most words are verbs ("to say", "to help"), which a count never stands before.
_SOUNDALIKE_COUNTS = {"free": 3, "tree": 3, "to": 2, "too": 2, "for": 4, "far": 4, "won": 1, "sick": 6, "ate": 8}
_COUNTED_ITEMS = _words("""comment question request turn time greeting initiation answer response peer friend
    classmate conversation interaction compliment bid word sentence direction idea""")
_NOT_PLURAL_ITEMS = _words("""is was has his this its us as does yes always sometimes less class glass process
    perhaps whereas minus across bus plus status focus""")
_SOUNDALIKE = re.compile(r"\b(free|tree|to|too|for|far|won|sick|ate)\b", re.I)
# The item right after the word, or after one word that describes it ("free follow-up, questions"), never after an
# article or a pronoun ("to his friends" is no count).
_ITEM_NEXT = re.compile(r",?\s+()([a-z-]{3,})\b", re.I)
_ITEM_AFTER_ONE = re.compile(r",?\s+(?!(?:the|a|an|his|her|their|my|your|our|its|them|him|me|us|this|that|these|"
                            r"those|some|all|every|each|and|or|but|no|yes|not|more|any|other|few|many|several)\b)([a-z-]+),?\s+"
                            r"([a-z-]{3,})\b", re.I)


def _counted_item(lead: str | None, item: str) -> str | None:
    """`item` said plural when it is one a tally counts: a plural, or (right after the word) one of
    _COUNTED_ITEMS; None when it is not."""
    item = item.lower()
    if item.endswith("s") and item not in _NOT_PLURAL_ITEMS and not item.endswith("ss"):
        return item
    return item + "s" if not lead and item in _COUNTED_ITEMS else None


def count_soundalike_slots(text: str) -> list[tuple[int, int, int, str]]:
    """Where a tally's count may stand written as a word it sounds like: (start, end, count, spoken), `spoken`
    the words from start to end with the count said and its item plural ("so free request" gives
    "three requests" over "free request"); none in a text that states a count or a score already."""
    if find_measures(normalize_numbers(text)):
        return []
    out = []
    for word in _SOUNDALIKE.finditer(text):
        count = _SOUNDALIKE_COUNTS[word.group(1).lower()]
        for after in (_ITEM_NEXT, _ITEM_AFTER_ONE):
            match = after.match(text, word.end())
            if match is None:
                continue
            said = _counted_item(match.group(1) or None, match.group(2))
            if said is not None and (match.group(1) or "").lower() not in NUMBER_WORDS:
                lead = text[word.end():match.start(2)].strip(" ,")
                said = said if count > 1 else match.group(2)
                number = _SPELLED[count].capitalize() if word.group(1)[0].isupper() else _SPELLED[count]
                out.append((word.start(), match.end(), count, " ".join(filter(None, (number, lead, said)))))
                break
    return out


_NOT_A_TIME = re.compile(_TIME_AFTER, re.I)  # at a number's end: no percent, time or clock unit follows


def scores_around_numbers(text: str, keep: frozenset[str] = frozenset(), words_before: int = 3, words_after: int = 2,
                          most: int = 12) -> list[tuple[str, int, int]]:
    """Where recognition kept one number of a score and garbled the rest ("and written 10" for "seven of
    ten", "four, boxes" for "four of six"): `text` with the 1..words_before words before a lone number
    (2..20) and the number put as "N of it", for each N up to it, and with the number and the 1..words_after
    words after it (0..most) put as "it of M", for each M from it up to `most`; and where two numbers stand
    next to each other or one word apart, the smaller first ("five, nine, try"), the two and what is between
    them put as "N of M"; as (text, correct, total). "into" counts as "in two" beginning a score: measured on the
    harness memos (unseen1-40, espeak and Piper) whose reading has one and waits for a score, "into my free,
    retails" came back "in two of three" 7.1 below the text as read, and "into animals and tools" gave nothing.
    Never over a word in `keep` (lowercased: the caseload's names), a number or a sentence's end; none
    when `text` states a score. The numbers are spelled out: scored against the audio, "10 of 10" and
    "7 of 10" tie where "ten of ten" and "seven of ten" do not (measured)."""
    if any(m.kind in ("ratio", "percent") for m in find_measures(normalize_numbers(text))):
        return []
    words = list(re.finditer(r"\S+", text))
    bare = [re.sub(r"[^\w']", "", word.group(0)).lower() for word in words]
    values = [int(n) if (n := normalize_numbers(b)).isdigit() else None for b in bare]
    # "into" is how the model often writes "in two" ("into my free, retails" for "in two of three retells"): a
    # two that begins a score, never the end of one.
    values = [2 if word == "into" else value for word, value in zip(bare, values, strict=True)]

    def put(first: int, last: int, correct: int, total: int) -> tuple[str, int, int]:
        """text with words[first..last] as the score, the last word's punctuation kept ("into" as "in" before it)."""
        end = words[last].group(0)
        score = f"{spell_score(correct, total)}{end[len(end.rstrip(',.;:!?')):]}"
        lead = "in " if bare[first] == "into" else ""
        return f"{text[:words[first].start()]}{lead}{score}{text[words[last].end():]}", correct, total

    out: list[tuple[str, int, int]] = []
    for i, value in enumerate(values):
        if value is None or value > 20 or not _NOT_A_TIME.match(text, words[i].end()):
            continue
        # Both numbers kept and "of" lost between them, or heard as another word: "on five, nine, try",
        # "six, or ten times".
        for j in (i + 1, i + 2):
            if j < len(words) and (total := values[j]) is not None and 2 <= total <= 20 and value <= total and (
                    all(values[k] is None for k in range(i + 1, j))
                    and all(words[k].group(0)[-1] not in ".!?" for k in range(i, j))):
                out.append(put(i, j, value, total))
        for size in range(1, words_before + 1) if value >= 2 and bare[i] != "into" else ():
            first = i - size
            if first < 0 or bare[first] in keep or values[first] is not None or words[first].group(0)[-1] in ".!?":
                break
            out += [put(first, i, correct, value) for correct in range(value + 1)]
        for size in range(1, words_after + 1) if value <= most and words[i].group(0)[-1] not in ".!?" else ():
            last = i + size
            if last >= len(words) or bare[last] in keep or values[last] is not None:
                break
            out += [put(i, last, value, total) for total in range(max(value, 2), most + 1)]
            if words[last].group(0)[-1] in ".!?":
                break
    return out


def score_unit_is_sure(text: str) -> bool:
    """True when the first unit a score_slots place stands before is one only a score has
    ("intervals"), not "correct(ly)", which is also said without one."""
    unit = _SCORE_UNIT.search(text)
    return unit is not None and unit.group(1) is None


def lost_its_score(text: str) -> bool:
    """True when `text` speaks of a measurement but states no score: recognition garbled the numbers."""
    return speaks_of_a_measure(text) and measure_strength(text) == 0
