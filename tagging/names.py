"""Finding the caseload's students in a transcript.

Speech recognition spells names by ear: "Jaden" or "Jaiden" for Jayden,
"Sophia" for Sofia, "Leam" for Liam, "Marie" for Maria, even "J don" in two
pieces. A word is taken for a name part when it is that name, or sounds like
it (same phonetic key) and is spelled close to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from models.domain import Student


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent words that must never be read as a fuzzy name ("no" is not Noah).
COMMON_WORDS = _words("""
    a about after again all also am an and any are as at back be because been before being but by can
    could day did do does done down each even every few first for from get go going good got had has have
    he her here him his how i if in into is it its just know last like made make many may me more most much
    my new next no not now of off on once one only or other our out over own put read said same saw say see
    she should so some still such than that the their them then there these they this those three through
    time to today too two up us use used very was way we well went were what when where which while who
    why will with word words work would yes yet you your also again any able asked away best both came come
    done each easy else end even feel find fine five four gave give great hand help here high hold home
    just keep kind last left less let life line long look lot made main mark meet might mind miss more move
    name near need never nice note open page part play point rest ride right room run seem sent set show side
    sign six slow small sound start stay step stop sure take talk team tell than then told took try turn
    under upon wait walk want watch week while whole wish word yeah""")
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def fold(text: str) -> str:
    """Lowercase ASCII letters only: "Zoë" -> "zoe", "O'Brien" -> "obrien"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


# th sounds like f to the model ("Faddeus" for Thaddeus, "free" for three), so the two share a key.
_PHONETIC_RULES = [
    ("tch", "x"), ("sch", "sk"), ("ph", "f"), ("gh", "g"), ("ck", "k"), ("qu", "kw"), ("q", "k"), ("x", "ks"),
    ("wr", "r"), ("kn", "n"), ("dg", "j"), ("sh", "x"), ("ch", "x"), ("th", "f"), ("z", "s"),
]


def phonetic_key(word: str) -> str:
    """A rough sound-alike key: consonant skeleton with spelling variants merged.

    Jayden, Jaden, Jaiden -> "jdn"; Sofia, Sophia -> "sf"; Liam, Leam -> "lm"; Ava, Eva -> "Av".
    """
    w = fold(word)
    if not w:
        return ""
    for old, new in _PHONETIC_RULES:
        w = w.replace(old, new)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    head = "A" if w[0] in "aeiouy" else w[0]
    tail = re.sub(r"[aeiouyhw]", "", w[1:])
    key = head + tail
    return re.sub(r"(.)\1+", r"\1", key)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def similarity(a: str, b: str) -> float:
    """1 for the same letters, 0 for nothing in common."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


def name_score(heard: str, name_part: str, *, capitalized: bool = True) -> float:
    """How likely the heard word is this name part (0 = not at all)."""
    h, n = fold(heard), fold(name_part)
    if not h or not n:
        return 0.0
    if h == n:
        return 1.0
    if len(h) < 3 or len(n) < 3 or h in COMMON_WORDS or not capitalized:
        return 0.0
    sim = similarity(h, n)
    same_sound = phonetic_key(h) == phonetic_key(n)
    if same_sound and sim >= 0.5:
        return 0.7 + 0.25 * sim
    if sim >= 0.8 and len(n) >= 5:
        return 0.75
    if same_sound and len(h) >= 3 and len(n) <= 4 and sim >= 0.4:
        return 0.65
    return 0.0


@dataclass(frozen=True)
class Mention:
    """A student named in the text at [start, end)."""

    student_id: int
    start: int
    end: int
    score: float  # 0..1, how sure this is the student
    part: str  # "full", "first" or "last"


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    capitalized: bool


def _tokens(text: str) -> list[_Token]:
    out = []
    for match in _TOKEN.finditer(text):
        word = re.sub(r"['\u2019]s$|s['\u2019]$", "", match.group(0))
        out.append(_Token(word, match.start(), match.end(), word[:1].isupper()))
    return out


def find_mentions(text: str, students: list[Student], present: frozenset[int] = frozenset()) -> list[Mention]:
    """Every student named in text, in order; overlapping guesses resolved to the likeliest."""
    tokens = _tokens(text)
    # Lower-case transcripts (typed notes, some models) carry no capital to go on.
    any_capitals = any(t.capitalized for t in tokens)
    candidates: list[Mention] = []
    for i, token in enumerate(tokens):
        pair = None
        # A name split in two ("J don"), never two ordinary words ("so if" is not Sofia).
        if (i + 1 < len(tokens) and tokens[i + 1].start - token.end <= 1
                and fold(token.text) not in COMMON_WORDS and fold(tokens[i + 1].text) not in COMMON_WORDS):
            nxt = tokens[i + 1]
            pair = _Token(token.text + nxt.text, token.start, nxt.end, token.capitalized)
        for student in students:
            parts = student.name.split()
            if not parts:
                continue
            first, last = parts[0], parts[-1]
            for heard in (token, pair):
                if heard is None:
                    continue
                if any_capitals and not heard.capitalized:
                    continue  # the model capitalises names: lower-case "grace" is the word
                capitalized = True
                s_first = name_score(heard.text, first, capitalized=capitalized)
                s_last = name_score(heard.text, last, capitalized=capitalized) if len(parts) > 1 else 0.0
                if i == 0 and heard is token and not (s_first or s_last):
                    # A memo usually opens with the name, so there a rougher likeness will do ("Pre-used").
                    # First names only: memos open "Lucia answered...", and a surname's rough
                    # likeness is too often an ordinary word ("Fire drill" is not Ferreira).
                    s_first = _opening_score(heard.text, first)
                if heard is pair:  # two words heard as one name: a little less sure
                    s_first, s_last = s_first * 0.85, s_last * 0.85
                if s_first and _needs_context(first, heard, text) and not _last_follows(tokens, i, last):
                    s_first = 0.0
                if s_first >= s_last and s_first > 0:
                    end = heard.end
                    score, part = s_first, "first"
                    after = i + (2 if heard is pair else 1)
                    if len(parts) > 1 and after < len(tokens) and (name_score(
                            tokens[after].text, last, capitalized=True) >= 0.7
                            or _is_initial_of(tokens[after], last, text)):
                        end, score, part = tokens[after].end, min(1.0, score + 0.15), "full"
                    candidates.append(Mention(student.id, heard.start, end, score, part))
                elif s_last > 0:
                    start, part = heard.start, "last"
                    if heard is token and s_last >= 0.9 and _misheard_first_before(tokens, i, text):
                        start, part = tokens[i - 1].start, "full"
                    candidates.append(Mention(student.id, start, heard.end, s_last * 0.9, part))
    return _without_copied_surnames(_one_name_each(_resolve(candidates, present), text), text)


_JOINED = re.compile(r"\b(?:and|with|then|but|or|while|plus|also)\b|&|\d", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?;]\s+[A-Z]")


def _without_copied_surnames(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions less another student's last name alone after a first name, in the same sentence
    ("Henrietta Szabo, Echebe, ..." for "Henrietta said sh", "Anneliese got th at the beginning of Word,
    Mwangi, 7 of 9"): the model copying the caseload prompt, since an SLP naming two children says their
    first names, and joins them ("Henrietta and Rufus")."""
    kept: list[Mention] = []
    for mention in mentions:
        before = kept[-1] if kept else None
        gap = text[before.end:mention.start] if before is not None else ""
        if (mention.part == "last" and before is not None and before.part in ("first", "full")
                and before.student_id != mention.student_id and not _JOINED.search(gap)
                and (len(gap) <= 20 or not _SENTENCE_BREAK.search(gap))):
            continue
        kept.append(mention)
    return kept


def _is_initial_of(token: _Token, last: str, text: str) -> bool:
    """"M." after Jayden: the last name's initial, which tells two Jaydens apart."""
    return (len(token.text) == 1 and token.text == fold(last)[:1].upper()
            and text[token.end:token.end + 1] == ".")


def _opening_score(heard: str, name_part: str) -> float:
    h = fold(heard)
    if len(h) < 3 or h in COMMON_WORDS or phonetic_key(h) != phonetic_key(name_part):
        return 0.0
    return 0.6 if similarity(h, name_part) >= 0.35 else 0.0


def _needs_context(name_part: str, heard: _Token, text: str) -> bool:
    """A name that is also a word (Will, Grace, May) counts only capitalised mid-sentence."""
    if fold(name_part) not in COMMON_WORDS:
        return False
    before = text[: heard.start].rstrip()
    sentence_start = not before or before[-1] in ".!?"
    return not heard.capitalized or sentence_start


# How a teacher or another adult is addressed before a surname ("Mrs. Okoro"); the exports drop them too.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mme", "mlle", "sr", "sra", "srta"})
_TITLES = HONORIFICS | {"coach", "doctor", "teacher"}


def _misheard_first_before(tokens: list[_Token], i: int, text: str) -> bool:
    """True when a capitalised word that is no common word sits right before the surname at i ("Rocima
    Ferraro" for Cosima Ferraro): the model, primed with the caseload, wrote the full name and misheard
    the first. A surname alone is how one speaks of an adult, so a title before it does not count."""
    if i == 0:
        return False
    before = tokens[i - 1]
    word = fold(before.text)
    return (before.capitalized and len(word) >= 3 and word not in COMMON_WORDS and word not in _TITLES
            and text[before.end:tokens[i].start].isspace())


def _last_follows(tokens: list[_Token], i: int, last: str) -> bool:
    return i + 1 < len(tokens) and fold(tokens[i + 1].text) == fold(last)


def _resolve(candidates: list[Mention], present: frozenset[int]) -> list[Mention]:
    def rank(m: Mention) -> tuple[float, int, int, int]:
        bonus = 0.08 if m.student_id in present else (-0.05 if present else 0.0)
        return (round(m.score + bonus, 3), m.end - m.start, m.part == "full", m.part == "first")

    chosen: list[Mention] = []
    for mention in sorted(candidates, key=rank, reverse=True):
        if any(mention.start < c.end and c.start < mention.end for c in chosen):
            continue
        rivals = [c for c in candidates if c.start == mention.start and c.end == mention.end
                  and c.student_id != mention.student_id and abs(rank(c)[0] - rank(mention)[0]) < 0.01]
        if rivals:  # two students equally likely (two Liams, neither present): say so
            mention = Mention(mention.student_id, mention.start, mention.end, mention.score * 0.5, mention.part)
        elif present and mention.student_id not in present:
            mention = Mention(mention.student_id, mention.start, mention.end, mention.score * 0.9, mention.part)
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


# Who a memo opens on when it is not a student: "Teacher asked me...", "The whole class...", "Group started
# late", and tiny.en's "Teach your ask..." for "Teacher asked...". After the caseload prompt tiny.en finds a
# name nearly as likely in that place ("Tariq" for "Teacher", "Grace" for "Group"), so a name weighed in
# over these words would make the teacher a student.
_ADULTS = (r"teach(?:ers?|er['\u2019]s)?|subs?|substitute|paras?|paraprofessionals?|aides?|assistants?|staff|principal|"
           r"parents?|mom|mommy|mum|dad|daddy|mother|father|grandma|grandmother|grandpa|grandfather|guardians?|"
           r"caregivers?|counselor|nurse")
_OPENS_ON_OTHERS = re.compile(
    r"^\W*(?:(?:the|our|my|a|whole|entire|substitute)\s+){0,2}"
    rf"(?:{_ADULTS}|class(?:room|es)?|groups?|everyone|everybody|nobody|students|kids)\b", re.I)
# "his teacher says she is following directions better": what another adult saw, not the SLP's data.
_REPORTED = re.compile(
    rf"\b(?:{_ADULTS})\s+(?:says|said|say|reports?|reported|told\s+me|tells\s+me|mentioned|e-?mailed|mailed|texted|messaged|wrote|noticed|"
    rf"thinks|feels|shared)\b|\baccording\s+to\s+(?:his\s+|her\s+|their\s+|the\s+)?(?:{_ADULTS})\b"
    # The student's own telling ("Eamon told me his loose tooth makes his s sound funny") is news, not data.
    r"|^\W*(?:[\w'\u2019-]+\s+)?(?:told|tells)\s+me\b|\b(?:he|she|they)\s+(?:told|tells)\s+me\b", re.I)


def opens_on_someone_else(text: str) -> bool:
    """True when `text` opens on someone who is not a student ("Teacher asked me to come back Thursday")."""
    return bool(_OPENS_ON_OTHERS.match(text))


def reported_by_someone_else(text: str) -> bool:
    """True when `text` passes on what someone told the SLP: another adult's report ("Mom said he uses his
    device more at home"), or the student's own news ("Eamon told me he has a loose tooth")."""
    return bool(_REPORTED.search(text))


def heard_by_ear(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The full names among `names` that `text` names, by ear as the tagger hears them ("Ren" for Wren)."""
    students = [Student(i, name) for i, name in enumerate(names)]
    return tuple(dict.fromkeys(names[mention.student_id] for mention in find_mentions(text, students)))


def _one_name_each(mentions: list[Mention], text: str) -> list[Mention]:
    """Drop a surname said right after another student's first or full name: "Quentin Ferrante" or
    "Benedikt Strand Keefe" names one child, the model (primed with the caseload) having written the
    wrong surname, or read on into the prompt's names, not two."""
    kept: list[Mention] = []
    for mention in mentions:
        before = kept[-1] if kept else None
        if (before is not None and mention.part == "last" and before.part in ("first", "full")
                and before.student_id != mention.student_id and text[before.end:mention.start].isspace()):
            continue
        kept.append(mention)
    return kept
