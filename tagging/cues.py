"""The cue level said in a memo ("with a verbal cue", "hand over hand").

A cue is only suggested when words for it were said: a memo that names no
support gets no cue (the SLP fills it in), never a guessed "independent".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.domain import CUE_LEVELS
from tagging.names import phonetic_key

# Whisper writes "cue" as "queue" or "Q" ("phonemic Q", "I queued her"), and after a support's name as "cute" or
# "key" ("the picture cute", "the verbal key").
CUE_SPELLINGS = re.compile(r"\b(?:queue|q|(?:(?<=picture\s)|(?<=visual\s)|(?<=verbal\s)|(?<=phonemic\s)|"
                           r"(?<=gestural\s))(?:cute|key))(s|d)?\b", re.I)
# The words that name support given ("a cue", "reminders", "a model"); also what a student may not need.
SUPPORT_NOUNS = (r"(?:cues?|cueing|cuing|prompts?|prompting|help|support|supports|reminders?|assistance|models?|"
                 r"modell?ing|visuals?|pictures?|gestures?|graphic\s+organi[sz]ers?)")
# "without a verbal cue", "no prompting", "didn't need any help": independent, and the
# support word inside must not count as that support. The model may put a comma after "without"
# ("without, prompting"); never after "no" ("No, he needed help" says the opposite).
_NEGATED = re.compile(
    rf"\b(?:without,?|with\s+no|no|zero|didn'?t\s+need|did\s+not\s+need|never\s+needed|not\s+needing)\s+"
    rf"(?:any\s+|a\s+|an\s+|the\s+|extra\s+|more\s+)?(?:[a-z-]+\s+){{0,2}}?{SUPPORT_NOUNS}\b", re.I)

# The model may put a comma in ("self, corrected"), or hear the name before it into the word ("For me,
# yourself corrected" for "Freya self corrected"); a thing done "by herself, correctly" was not corrected.
_SELF_CORRECTED = r"\b(?:self[\s,-]*correct\w*|(?:your|him|her|them)self[\s,-]*correct(?:ed|ing|ion|s)?\b)"
# The model's "self-connected", "self-collected", "self-directed", "self-permitted".
_SELF_CONNECTED = r"\bself[\s,-]*(?:co(?:nn|ll)ect|direct|permitt)(?:ed|ing|s)?\b"
# Where a memo says the student self-corrected, however the model spelled it.
SELF_CORRECTION = re.compile(f"{_SELF_CORRECTED}|{_SELF_CONNECTED}", re.I)

# A modality word takes the support noun after it: "a visual reminder" is visual support, and its
# "reminder" (or the model's "reminded") must not count again as a verbal one (nor when the model puts a
# comma between them).
_SUPPORT_NOUN_AFTER = rf"[\s,-]+(?:{SUPPORT_NOUNS}|reminders?|reminded|cards?)"
_NAMED_SUPPORT = rf"(?:{_SUPPORT_NOUN_AFTER})?"

# Choices that are things to see ("a choice of two pictures"): a visual, not a spoken choice.
_PICTURED = r"(?:pictures?|cards?|symbols?|icons?|photos?|objects?)"

# A support made to be seen ("the volume chart", "her picture schedule"): its article and up to two words, then
# what it is.
_THE_THING = r"(?:the\s+|a\s+|an\s+|her\s+|his\s+|their\s+)?(?:[a-z-]+,?\s+){0,2}"
_SEEN_AIDS = r"chart|schedule|card|visual|poster|word\s+bank|checklist|timer|diagram"
# Aids a student works with while working ("using the describing wheel", "with the story planner").
_WORKED_WITH = (r"wheel|chart|map|strip|poster|web|grid|menu|diagram|meter|thermometer|scale|planner|organi[sz]er|"
                r"template|outline")

# The SLP pointing ("I pointed", "I had to point", "she needed me to point", tiny.en's "I point it to", "after
# pointing", "with pointing"), never the student ("she pointed to the answer").
_SLP_POINTS = (r"(?:(?:i\s+(?:had\s+to\s+|needed\s+to\s+|then\s+|just\s+|would\s+|also\s+)?|me\s+to\s+)point(?:s|ed)?"
               r"|(?:with|after|by|needed|needs|need|when|me)\s+(?:a\s+|some\s+|my\s+)?pointing)")

# (pattern, level, confidence). Generic words ("a cue", "prompted") come last with low confidence.
MISHEARD_CONFIDENCE = 0.6  # a support word the model misheard: for review

_PATTERNS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(p, re.I), level, conf) for p, level, conf in [
        (_SELF_CORRECTED, "self-corrected", 0.95),
        (_SELF_CONNECTED, "self-corrected", 0.6),
        # "corrected himself", "fixed one hard attack herself", "caught two blocks himself": what the
        # student fixed or caught by themselves was their speech (and its "on her own" is no independent of its own).
        # tiny.en may put a comma after the verb: "he corrected, two of them himself".
        (r"\b(?:(?:correct|fix|repair)(?:s|es|ed)?,?\s+(?:[\w'-]+,?\s+){0,5}?|(?:caught|catch(?:es)?)\s+(?:[\w'-]+\s+){0,2}?"
         r"(?:blocks?|errors?|mistakes?|stutters?|stuttering|disfluenc(?:y|ies)|slips?|it|them)\s+)"
         r"(?:himself|herself|themselves|themself|on\s+(?:his|her|their)\s+own)\b", "self-corrected", 0.85),
        (r"\b(?:caught|noticed|heard|fix(?:es|ed)?|correct(?:s|ed)?|repair(?:s|ed)?)\s+(?:his|her|their)\s+own\s+"
         r"(?:[a-z-]+\s+){0,2}?"
         r"(?:errors?|mistakes?)\b", "self-corrected", 0.8),
        # "fixed her own D.A. chair" (her own th errors, garbled), "caught his own blocks": what the student
        # fixed or caught of their own was their speech.
        (r"\b(?:fix(?:es|ed)?|correct(?:s|ed)?|caught|catch(?:es)?)\s+(?:his|her|their)\s+own\b", "self-corrected",
         0.6),
        (r"\bcaught\s+(?:himself|herself|themselves|themself)\b", "self-corrected", 0.75),
        # "she caught a copy layer on herself" (a couple of errors herself, garbled): what a student caught by
        # themselves was their own slip (never the SLP's "I caught him...").
        (r"(?<!\bi\s)(?<!\bwe\s)\bcaught\s+(?:[\w'-]+,?\s+){1,4}?(?:himself|herself|themselves|themself)\b",
         "self-corrected", 0.6),
        # "he caught two blocks", "Augustin caught two of his errors": the slips a student caught were their own
        # (never the SLP's "I caught two errors").
        (r"(?<!\bi\s)(?<!\bwe\s)\bcaught\s+(?:[\w'-]+\s+){0,3}?(?:blocks?|errors?|mistakes?|stutters?|slips?)\b",
         "self-corrected", 0.7),
        # "caught his missing verbs and fixed them" (tiny.en's "caught him on missing words, and fixed"): what
        # the student caught and then fixed was their own speech.
        (r"\bcaught\s+(?:[\w'-]+,?\s+){1,4}?and\s+fix(?:es|ed)?\b", "self-corrected", 0.6),
        (r"\bindependen(?:t|tly|ce)\b", "independent", 0.9),
        (r"\bon\s+(?:his|her|their)\s+own\b", "independent", 0.85),
        (r"\bby\s+(?:himself|herself|themselves|themself)\b", "independent", 0.8),
        (r"\bun(?:prompted|cued|aided|assisted)\b|\b(?:cue|prompt)[\s-]?free\b", "independent", 0.85),
        (r"\bspontaneously\b", "independent", 0.65),
        # "a verbal model" is the target said for the student to copy: modelling, not a verbal cue.
        (r"\b(?:verbal|auditory|spoken)\s+models?\b", "model", 0.9),
        # A reminder or cue that comes from a thing seen ("a reminder from the visual chart", "reminded him with
        # the chart") is visual support; its "reminder" must not count again as a verbal one.
        (rf"\b(?:reminders?|cues?|prompts?|(?:remind|cue|prompt)(?:s|ed)?(?:\s+[\w'-]+)?)\s+(?:from|on|with|using)\s+"
         rf"{_THE_THING}(?:{_SEEN_AIDS}|picture|board)s?\b", "visual", 0.85),
        (rf"\bgestur\w*{_NAMED_SUPPORT}", "gestural", 0.9),
        # tiny.en's "when I just shot for..." ("with a gesture for..."), "even after I just showed to his partner"
        # (gestured toward): a gesture misheard, for review.
        (r"\bi\s+just\s+(?:shot|should|shut|showed\s+to)\b", "gestural", MISHEARD_CONFIDENCE),
        # Pointing at a support made to be seen (a chart, a card), the SLP tapping one, or showing or holding
        # one up gives the visual as support (a student touching a picture is no support); pointing alone, or at
        # what the task is about (the picture asked about, the icon or symbol an AAC user is to press), is a
        # gesture. Only the SLP's pointing is support: a student who "pointed to the picture" gave an answer.
        (rf"\b(?:{_SLP_POINTS}\s+(?:to|at)|i\s+(?:tap|tapped|touched)(?:\s+on)?)\s+{_THE_THING}(?:{_SEEN_AIDS})s?\b",
         "visual", 0.8),
        (rf"\b(?:show(?:s|ed|ing)?\s+(?:her|him|them)|held\s+up|hold(?:s|ing)?\s+up)\s+{_THE_THING}"
         rf"(?:{_SEEN_AIDS}|picture)s?\b", "visual", 0.8),
        (r"\bon\s+(?:the|a)\s+(?:[a-z]+\s+)?diagram\b", "visual", 0.6),
        # A thing held up to be seen ("I held up the talking stick"); never a line or group held up (delayed).
        (r"\b(?:held|hold|holding)\s+up\s+(?:the|a|an|her|his|their)\s+(?:[a-z-]+\s+)?"
         r"(?!(?:line|group|class|lesson|session|game|traffic)\b)[a-z]{3,}\b", "visual", 0.6),
        # "I showed her the mall, you've charged" (the volume chart, garbled): a thing shown is a visual.
        (r"\bshow(?:s|ed|ing)?\s+(?:her|him|them)\s+the\s+(?!way\b)[a-z]", "visual", 0.55),
        # Pointing to a student's own AAC board or device ("with me pointing to the core board") is a gesture: the
        # board is the means to answer, not a support to see.
        (rf"\b{_SLP_POINTS}(?:\s+(?:to|at)\s+(?:the|his|her|their)\s+(?:core|communication|aac)\s+(?:board|device)s?)?\b"
         r"|\bpoint(?:ing)?\s+(?:cue|prompt)s?\b|\b(?:with|after)\s+a\s+(?:point|wave)\b(?!\s+from\s+(?:her|him|them)\b)",
         "gestural", 0.75),
        # A signal given ("a quiet signal", "I held up my hand"); never the "signal words" of a language goal.
        (r"\bsignal(?:s|ed|led|ing)?\b(?!\s+words?\b)|\b(?:held|hold|holding|put|raised)\s+up\s+my\s+hand\b"
         r"|\braised\s+my\s+hand\b|\bhead\s+nods?\b|\b(?:gave\s+(?:him|her|them)|with|after)\s+a\s+(?:quick\s+|small\s+|little\s+|slight\s+)?nod\b|\bi\s+nodded\b|\bheld\s+up\s+(?:[a-z]+\s+)?fingers?\b|\bthumbs?[\s-]+up\b|\bnon[\s-]?verbal\s+(?:cue|prompt)s?\b"
         r"|\b(?:tap|taps|tapped|tapping|touch|touched|touching)\s+(?:on\s+|to\s+)?(?:the|her|his)\s+"
         r"(?:desk|table|shoulder|arm|page|paper|book|worksheet)s?\b"
         # The SLP tapping what the task is about ("I had to tap the picture of many", tiny.en's "I had to tap,
         # picture"); a student's touch answers. A support made to be seen, tapped, is the visual (above).
         r"|\bi\s+(?:had\s+to\s+)?(?:tap|tapped|touch|touched|pat|patted)[\s,]+(?:on\s+)?(?:(?:the|her|his|a)\s+)?"
         r"(?!(?:him|her|them|it|out|in|off)\b)[a-z]{3,}"
         # "a gentle tap on the shoulder" (tiny.en's "a general path on the shoulder"); a touch cue there is physical.
         r"|\ban?\s+(?:(?!(?:cues?|prompts?|touch|tactile)\b)[a-z]+\s+){0,2}on\s+(?:the|her|his)\s+(?:shoulder|arm)\b"
         # The SLP's own face as a cue ("I tapped my chin"); the student's lips or jaw are physical support.
         r"|\b(?:tapp?|touch|point)(?:ed|ing)\s+(?:on\s+|to\s+)?my\s+(?:chin|lips?|mouth|cheeks?|throat|nose|jaw)\b",
         "gestural", 0.75),
        (rf"\bvisual(?:s|ly)?\b{_NAMED_SUPPORT}", "visual", 0.9),
        (r"\bpicture\s+(?:support|cue|prompt|card|schedule|symbol|strip|sequence|board|reminder)s?\b", "visual", 0.9),
        # espeak's "picture" as tiny.en hears it: "with a big cheer support", "big, chess, support".
        (r"\bbig,?\s+ch\w*,?\s+(?:support|cue|prompt|card|board)s?\b", "visual", 0.6),
        (r"\bgraphic\s+organi[sz]\w*", "visual", 0.85),
        # The model mangles "graphic organizer" ("graphic or either"); "using the graphic" still names one.
        (r"\b(?:using|with|on)\s+(?:the\s+|a\s+|her\s+|his\s+)?graphics?\b", "visual", 0.6),
        # The model may put a comma inside the support's name in noise ("the story, map"), or run it into one
        # word ("the storymat"). A reminder card is one to see, not a reminder said.
        (r"\b(?:words?,?\s+bank|sentence,?\s+(?:strip|frame)s?|(?:slash|phrase|phrasing),?\s+marks|anchor,?\s+chart|"
         r"checklist|(?:cue|reminder),?\s+cards?|story(?:,?\s+maps?|,?\s*mats?)|written,?\s+(?:cue|prompt|reminder|model|directions?)s?|"
         r"visual,?\s+schedule)\b", "visual", 0.8),
        (r"\b(?:with|using)\s+(?:a\s+|the\s+)?(?:pictures?|icons?|photos?)\b", "visual", 0.6),
        # What the student works with written out to see ("with the answer choices written down").
        (r"\b(?:with|using)\s+(?:the\s+|a\s+|her\s+|his\s+|their\s+)?(?:[a-z-]+\s+){0,2}written\s+(?:down|out|up)\b",
         "visual", 0.6),
        # What the SLP wrote for the student to see ("after I wrote it on the whiteboard").
        (r"\bi\s+(?:wrote|write|drew|draw)\s+(?:it|them|the\s+[a-z]+)\s+(?:on|down)\b", "visual", 0.6),
        # "using the describing wheel", "with the feelings chart", "with the volume meter", "using the story
        # planner": an aid the student looks at while working.
        (r"\b(?:using|with)\s+(?:a\s+|the\s+|his\s+|her\s+|their\s+)(?:[a-z-]+\s+){0,2}?"
         rf"(?:{_WORKED_WITH})s?\b", "visual", 0.6),
        # Text made to stand out or marked up for the student: "with the key words highlighted", "slashes".
        (r"\bhighlight(?:ed|ing|s|er)?\b|\bslashes\b|\bmarked\s+(?:the\s+|his\s+|her\s+)?(?:phrases|phrasing|pauses|text)\b",
         "visual", 0.6),
        # A board of pictures that structures the task: "first then board", "token board", "choice board".
        (r"\b(?:first[\s,-]+then|token|choice|core|communication|picture)\s+boards?\b", "visual", 0.7),
        # "with his break card", "with her talk card": a card the student holds or looks at.
        (r"\b(?:with|using|used|gave|give|giving)\s+(?:him\s+|her\s+|them\s+)?(?:a|the|his|her|their)\s+(?:[a-z-]+\s+){0,2}?"
         r"cards?\b", "visual", 0.6),
        (r"\b(?:using|with|in|needed|needs|need)\s+(?:a\s+|the\s+)?mirror\b", "visual", 0.7),  # watching the mouth
        # A bare "verbal" before a word that names no support describes that thing ("verbal directions", tiny.en's
        # "the verbal non-furd" for "the bubbles"), not support given; "needed a verbal." is shorthand for one, and
        # "with a verbal trauma" a support the model garbled.
        # "verbally" is support when the SLP gave it ("I redirected him verbally", "prompted verbally", "verbally
        # cued"); "answered verbally", or tiny.en's "past tense, verbally," for "verbs in", is how the student did.
        (rf"\bverbally{_SUPPORT_NOUN_AFTER}\b|\bverbally\s+(?:cued|prompted|redirected|corrected)\b"
         rf"|\b(?:i|me\s+to)\s+(?:[\w'-]+\s+){{1,3}}?verbally\b"
         rf"|\b(?:cue|cued|prompt|prompted|remind|reminded|redirect|redirected)\s+(?:him\s+|her\s+|them\s+)?verbally\b"
         rf"|\b(?:with|a|an|some|one)\s+verbal\b|\bverbal\b(?:{_SUPPORT_NOUN_AFTER}\b"
         rf"|(?=\s*(?:[.,;:!?]|$)|\s+(?:and|or|then|from|for|with|to|on|at|in|after|before|when|but|so|today|this|"
         rf"that|the|a|an|he|she|they|it|i|each|every|once|twice)\b))", "verbal", 0.9),
        # Never the SLP's own ("reminder to myself", "Willa reminded me about the field trip").
        (r"\b(?:reminders?|remind|reminded|reminding)\b(?!\s+(?:to\s+|for\s+)?(?:myself|me|self)\b)", "verbal", 0.8),
        (r"\b(?:semantic|indirect|direct\s+verbal)\s+(?:cue|prompt)s?\b", "verbal", 0.8),
        # "with a lot of verbal repetition": the directions said again, or the student redirected, in words.
        (r"\bverbal\s+(?:repetitions?|redirections?|redirects?|explanations?|encouragement)\b", "verbal", 0.85),
        (r"\b(?:repeat(?:ed|ing)?|rephras(?:e|ed|ing)|restat(?:e|ed|ing))\s+(?:the\s+)?(?:question|direction|instruction)s?\b"
         r"|\b(?:question|direction|instruction)s?\s+(?:repeated|rephrased|restated)\b"
         r"|\b(?:after|with)\s+(?:a\s+|one\s+)?(?:repetition|rephrasing)\b"
         r"|\bi\s+(?:re-?read|read\s+again)\s+(?:the\s+|it\b|them\b)"
         # "once I read the key sentence for her": read for the student to hear again ("I read the story to them"
         # sets the task).
         r"|\bi\s+read\s+(?:the|it|them)\b(?:\s+[\w'-]+){0,3}?\s+(?:again\s+)?for\s+(?:him|her|them)\b"
         r"|\brepetitions?\s+of\s+the\s+(?:question|direction|instruction)s?\b", "verbal", 0.7),
        # "once I repeated them" (the directions): said again for the student, not said for them to copy.
        (r"\bi\s+(?:had\s+to\s+)?(?:repeated|repeat|rephrased|restated)\s+(?:it|them)\b(?!\s+for\s+(?:him|her|them)\s+to)",
         "verbal", 0.55),
        # Directions made easier to take in: "with the directions chunked", "I broke it into steps".
        (r"\bchunk(?:ed|ing)\b|\bsimplif(?:ied|y|ying)\s+(?:the\s+|my\s+)?(?:directions?|instructions?|questions?|"
         r"language|wording)\b|\bbr(?:oke|eak|eaking)\s+(?:it|them|the\s+\w+)\s+"
         r"(?:down\s+)?into\s+(?:steps|parts|chunks|pieces)\b", "verbal", 0.55),
        # The target said louder for the student to hear it ("when I emphasized the s").
        (r"\bi\s+(?:emphasi[sz]ed|stressed)\b", "verbal", 0.55),
        # "I had to tell her what to say": the words given to the student to say, a direct verbal prompt.
        (r"\b(?:tell|told|telling|whisper|whispered|whispering)\s+(?:her\s+|him\s+|them\s+)?what\s+to\s+say\b",
         "verbal", 0.6),
        # The SLP whispering ("only when I whispered the name to her", tiny.en's "I whisper to the name"): words
        # given quietly for the student to hear.
        (r"\bi\s+(?:had\s+to\s+|just\s+|then\s+)?whisper(?:s|ed)?\b", "verbal", 0.6),
        # Spoken choices ("given a choice of two", "is it the cat or the horse"): a multiple choice prompt.
        (r"(?<!picture\s)(?<!written\s)(?<!visual\s)\bchoice\s+of\s+(?:two|three|2|3)\b"
         rf"(?!\s+{_PICTURED})|\b(?:binary|forced|multiple)[\s-]+choices?\b"
         rf"|\b(?:(?:gave|give|giving|offered|offer)\s+(?:her|him|them)|given|with)\s+(?:two|three|2|3)\s+choices\b"
         rf"(?!\s+of\s+{_PICTURED})", "verbal", 0.6),
        (r"\bsentence\s+completion\b|\bsentence\s+starters?\b|\bcarrier\s+phrases?\b|\bcloze\b|\bfill[\s-]+in[\s-]+the[\s-]+blank\b"
         r"|\bstart(?:ed|ing)?\s+the\s+sentence\s+for\b|\b(?:gave|give|giving)\s+(?:her\s+|him\s+|them\s+)?the\s+"
         r"first\s+word\b|\bfirst\s+word\s+given\b",
         "verbal", 0.6),
        (rf"\bphon(?:emic|emically|etic)\b{_NAMED_SUPPORT}", "phonemic", 0.9),
        (r"\b(?:phenomic|phonomic|fonemic|phonemically|phoneme)\b", "phonemic", 0.75),  # the model's spellings
        # "once I gained the first sound", "after I gain from the first sound": tiny.en's hearing of "gave (her)".
        # "needed the first sound as a cue": the sound given, not the student's own first sound.
        (r"\b(?:first|initial|beginning)[\s-]+sound\s+(?:cue|prompt|hint)s?\b"
         r"|\b(?:first|initial|beginning)[\s-]+sounds?\s+(?:given|as\s+a\s+(?:cue|prompt|hint))\b"
         # "needed me to cue the first sound", "I prompted her with the first sound".
         r"|\b(?:cue|cues|cued|cueing|cuing|prompt|prompted|prompting)\s+(?:her\s+|him\s+|them\s+)?(?:with\s+)?"
         r"the\s+(?:first|initial|beginning)\s+(?:sound|syllable)\b"
         r"|\b(?:gave|give|giving|gain|gained|said|saying|say|provided|provide|needed|needs|need|needing)\s+"
         r"(?:her\s+|him\s+|them\s+|from\s+)?the\s+"
         r"(?:first|initial|beginning)\s+"
         r"(?:sound|syllable|part\s+of\s+the\s+word)\b"
         # "needed me to give him the r sound first": the target sound given to start from (tiny.en may hear
         # "him" as "me" after "me to"); "she gave me the s sound" is the student's answer.
         r"|\b(?:me\s+to\s+give\s+me|(?:gave|give|giving)\s+(?:her|him|them))\s+"
         r"the\s+[a-z]{1,2}\s+sounds?\b",
         "phonemic", 0.8),
        (r"\bsound\s+cues?\b", "phonemic", 0.6),
        # Whatever the SLP did with the first sound ("when I gain, turn the first sound" for "when I gave her the first
        # sound"): its verb garbled, the sound was given; the first sound modelled or shown is a model (below).
        (r"\b(?:when|after|once|until|till)\s+i\b(?:[\s,]+(?!(?:model|modeled|modelled|showed|demonstrated)\b)"
         r"[\w'-]+){0,3}?[\s,]+the\s+(?:first|initial|beginning)\s+"
         r"(?:sound|syllable)\b", "phonemic", 0.6),
        # "handover hand", "hand-over, hand", "hand over hands" too, and tiny.en's "and under hand" (the first "h"
        # lost).
        # "hand on hand" is said too, and tiny.en writes "hand on the hand".
        (r"\bhand[\s,-]*(?:over|under)[\s,-]*hands?\b|\band\s+under\s+hand\b|\bhand[\s-]+on[\s-]+(?:the\s+)?hand\b",
         "physical", 0.95),
        # The model drops the h ("and over and"); never the "and over and" of "over and over and over" or "up and over".
        (r"(?<!over\s)(?<!up\s)\band\s+over\s+h?and\b", "physical", 0.6),
        # Or its first "hand" ("needed an overhand help"): help given over the hand, never an overhand throw.
        (r"\bover[\s-]?hand\s+(?:help|assist\w*|support|prompt(?:ing)?|cue(?:ing)?)s?\b", "physical", 0.6),
        (rf"\bphysical(?:ly)?\b{_NAMED_SUPPORT}", "physical", 0.9),
        (rf"\btactile\b{_NAMED_SUPPORT}", "physical", 0.75),
        # Placing the articulators by hand or tool is the physical support of articulation work.
        (r"\b(?:plac|position|guid|touch)\w*\s+(?:his|her|their|the)\s+(?:tongue|lips?|jaw|chin|cheeks?)\b"
         r"|\bi\s+(?:had\s+to\s+)?mov\w*\s+(?:his|her|their)\s+(?:tongue|lips?|jaw|chin)\b"
         r"|\btongue\s+depressor\b|\btouch\s+cues?\b", "physical", 0.75),
        # The SLP's hand on the student's: "needed me to hold his hand", "I had to help her hand to the button"
        # (tiny.en may write "his" as "this", and "me to" as "lead to"); never a hand held up, nor a child
        # holding a friend's hand.
        (r"\b(?:i|i'd|me\s+to|(?:had|have|has)\s+to|need(?:s|ed)?\s+\w+\s+to)\s+(?:\w+\s+)?(?:hold|held|guide|guided|help|helped|move|moved|take|took|"
         r"put|placed|bring|brought)\s+(?:his|her|their|this)\s+"
         r"hands?\b(?!\s+(?:up|out|high)\b)|\bguid(?:e|ed|ing)\s+(?:his|her|their|this)\s+hands?\b", "physical", 0.75),
        # Never a thing made ("the volcano model he built"), nor "a role model".
        (r"(?<!\brole\s)\b(?:direct\s+)?model(?:s|ed|led|ing|ling)?\b(?!\s+(?:that\s+|which\s+)?(?:he|she|they|we)\s+"
         r"(?:built|made|brought|drew|painted|designed|created)\b)", "model", 0.85),
        # tiny.en's "I muddled it" ("I muddle this") for "I modeled it": the SLP muddles nothing in a memo.
        (r"\bi\s+muddled?\b", "model", 0.6),
        # A recast is the student's words said back corrected, for them to hear the target: a model.
        (r"\brecast(?:s|ing)?\b", "model", 0.75),
        # The target heard again and again before the student tries it.
        (r"\bauditory\s+bombardment\b", "model", 0.7),
        # Shown in a mirror or on a picture, it is the visual (above).
        (r"\b(?:imitat\w*|repeated\s+after\s+me|after\s+(?:i|me)\s+(?:said|modell?ed|demonstrated|showed(?!\s+(?:her|him|"
         r"them)\s+(?:in|on|with|using)\s+(?:the|a)\s+(?:mirror|picture|chart|diagram|card|visual)))"
         r"|i\s+said\s+(?:it|them|the\s+words?)\s+first)\b",
         "model", 0.75),
        (r"\bdemonstrat\w*|\bshow(?:ed|ing)?\s+(?:her|him|them)\s+(?:my\s+mouth|how)\b", "model", 0.6),
        # An example given first ("after I gave an example", "with an example from me").
        (r"\b(?:gave|give|giving|with|after)\s+(?:her\s+|him\s+|them\s+)?(?:an|one|a\s+few|some)\s+examples?\b",
         "model", 0.65),
        # Placement shown on the SLP's own mouth ("show her tongue placement", "showed him where his tongue
        # goes"); shown on a diagram or picture, it is the visual (above).
        (r"\bshow(?:s|ed|ing)?\s+(?:(?:her|him|them)\s+where\s+(?:his|her|their|the)\s+(?:tongue|teeth|lips?|jaw)"
         r"|(?:(?:her|him|them)\s+)?(?:his\s+|her\s+|their\s+|the\s+)?(?:[a-z]+,?\s+)?placement)\b"
         r"(?![^.;]{0,30}\bon\s+(?:the|a|my)\s+(?:[a-z]+\s+)?(?:diagram|picture|chart|poster|drawing)\b)",
         "model", 0.6),
        (r"\b(?:cue|cues|cued|cueing|cuing)\b", "verbal", 0.45),
        (r"\b(?:prompt|prompts|prompted|prompting)\b", "verbal", 0.45),
    ]
]
GENERIC_CONFIDENCE = 0.5  # a plain "cue" or "prompt" says support was given, not which

# The model mishears the word that names the support ("a dynamic cue" for "a phonemic cue"), but
# keeps its consonants after the first sound: those still say which support it was (the keys
# are phonetic_key without its head, worked out once).
_SUPPORT_BY_SOUND = {phonetic_key(word)[1:]: level for word, level in (
    ("phonemic", "phonemic"), ("verbal", "verbal"), ("visual", "visual"), ("gestural", "gestural"),
    ("physical", "physical"), ("tactile", "physical"))}
_WORD_BEFORE_CUE = re.compile(r"\b([a-z]{4,})[\s,-]+(?:cue|cues|prompt|prompts)\b", re.I)
# The model splits a word it does not know in two ("a just real cue" for a gestural cue).
_TWO_WORDS_BEFORE_CUE = re.compile(r"\b([a-z]{2,}\s+[a-z]{2,})[\s,-]+(?:cue|cues|prompt|prompts)\b", re.I)


def _misheard_support(text: str) -> list[tuple[str, float, str]]:
    """Hits for a support word the model misheard right before "cue" or "prompt", as one word or
    split in two: the same consonants after the first sound, or those of a longer one with one
    sound slipped in ("pandemic" for phonemic; never a changed sound: "visible" is not verbal)."""
    hits = []
    for match in [*_WORD_BEFORE_CUE.finditer(text), *_TWO_WORDS_BEFORE_CUE.finditer(text)]:
        heard = phonetic_key(re.sub(r"\s+", "", match.group(1)))[1:]
        if len(heard) < 2:
            continue
        levels = {level for key, level in _SUPPORT_BY_SOUND.items()
                  if key == heard or (len(key) >= 3 and len(heard) == len(key) + 1 and _within(key, heard))}
        if len(levels) == 1:
            hits.append((levels.pop(), MISHEARD_CONFIDENCE, match.group(0)))
    return hits


def _within(short: str, long: str) -> bool:
    """True when `short` is `long` with letters left out, in order."""
    letters = iter(long)
    return all(letter in letters for letter in short)


@dataclass(frozen=True)
class CueGuess:
    """level: the support given (None: none named); confidence: how sure that level is (lower when
    several were named); phrases: the words that named it; surest: the confidence of the surest
    words that named a specific support (0 when only a bare "cue" or "prompt" was said)."""

    level: str | None
    confidence: float
    phrases: tuple[str, ...] = ()
    surest: float = 0.0


# How an SLP abbreviates support when typing into a transcript ("7/10 w/ VC", "HOH", "min gest").
_TYPED = [(re.compile(pattern), words) for pattern, words in (
    (r"\b[wW]/\s*", "with "), (r"\bV[CP]s?\b", "verbal cue"), (r"\bPPs?\b", "physical prompt"),
    (r"\bGPs?\b", "gestural prompt"), (r"\bHOH\b", "hand over hand"), (r"(?i)\bgest\b", "gestural"),
    (r"(?i)\bvis\b", "visual"), (r"(?i)\bphon\b", "phonemic"),
    (r"(?i)\btech[\s-]?tiles?\b", "tactile"))]  # tiny.en's spelling of "tactile"


# "I tapped the table as a reminder", "pointed to the chart as a cue", "I pointed to remind him": the reminder is the
# act before it (a gesture, a thing shown), not a verbal one of its own.
_AS_A_REMINDER = re.compile(r"(\b(?:(?:tap|touch|point|gestur|show)\w*|held\s+up|hold(?:ing)?\s+up)\b[^.;,]{0,40}?)"
                            r"\s+(?:as\s+an?\s+(?:quick\s+|little\s+|gentle\s+|silent\s+)?(?:reminder|cue|prompt)"
                            r"|to\s+remind(?:\s+(?:him|her|them))?)\b", re.I)


# A thing named by what it is a model of ("worked on the volcano model", "a clay model"): something made or
# used in class, not the SLP modelling. Words that describe the SLP's model itself keep it support ("a quick
# model", "a peer model", "a mand model", "gave her a model"), as does one "from me".
_THING_MODEL = re.compile(
    r"\b((?:the|a|an|his|her|their|our|this|that)\s+(?!(?:the|a|an|verbal|direct|auditory|spoken|quick|brief|"
    r"full|partial|clear|peer|adult|teacher|simple|short|slow|another|first|second|third|last|final|one|good|"
    r"correct|whole|extra|more|few|live|visual|mand)\b)[a-z]+(?:-[a-z]+)?)\s+models?\b(?!\s+from\s+me\b)", re.I)


# Things a student works with or looks at, which a goal may name as its own means.
_AIDS = re.compile(rf"(?:{_SEEN_AIDS}|{_WORKED_WITH}|board|device|mirror|picture|symbol|icon|photo|graphic)", re.I)


def _goals_own_thing(phrase: str, goal_text: str) -> bool:
    """True when the thing `phrase` ends on is an aid the goal names (plurals as one): "with his card" for a goal
    "request a break using his picture card", or "with a classic organizer" (garbled) for one done "using a graphic
    organizer", names the goal's own means, not support given."""
    def stems(words: str) -> list[str]:
        return [word.lower().removesuffix("s") for word in re.findall(r"[a-z]+", words, re.I)]

    thing = stems(phrase)[-1:]
    # A goal's condition ("Given a graphic organizer, Kenji will retell...") names the support it is worked with.
    condition = re.search(r"\bgiven\b[^,.;]*", goal_text, re.I)
    if thing and condition and thing[0] in stems(condition.group(0)):
        return False
    return bool(thing) and bool(_AIDS.fullmatch(thing[0])) and thing[0] in stems(goal_text)


# A memo that opens as the SLP's note to self ("Reminder, Ezekiel's IEP meeting moved", "Reminder: bring the
# cards", "Reminder for tomorrow..."): that reminder is the SLP's own, no support given.
_OWN_REMINDER = re.compile(r"^\W*(?:(?:a|just\s+a|quick)\s+)?reminders?\b\s*(?:[,:.;-]|to\s+(?:myself|me|self)\b|for\s+"
                           r"(?:myself|me|tomorrow|next\s+\w+)\b)", re.I)


def find_cue(text: str, goal_text: str = "") -> CueGuess:
    """The cue level said in text; level None when no support was named. With the text of the goal worked on, a
    thing seen that the goal itself is done with ("with his card" when the goal is to use it) is no support."""
    for pattern, words in _TYPED:
        text = pattern.sub(words, text)
    text = CUE_SPELLINGS.sub(r"cue\1", text)
    text = _AS_A_REMINDER.sub(r"\1", text)
    text = _OWN_REMINDER.sub(" ", text)
    text = _THING_MODEL.sub(r"\1 thing", text)
    hits: list[tuple[str, float, str]] = []
    for match in _NEGATED.finditer(text):
        hits.append(("independent", 0.85, match.group(0)))
    text = _NEGATED.sub(" ", text)
    taken: list[tuple[int, int]] = []
    for pattern, level, confidence in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            if level == "visual" and confidence < 0.9 and goal_text and _goals_own_thing(match.group(0), goal_text):
                continue
            hits.append((level, confidence, match.group(0)))
    if not any(confidence > GENERIC_CONFIDENCE for _, confidence, _ in hits):
        hits += _misheard_support(text)
    if not hits:
        return CueGuess(None, 0.3)
    specific = [hit for hit in hits if hit[1] > GENERIC_CONFIDENCE]
    if specific:
        hits = specific
    levels = {level for level, _, _ in hits}
    phrases = tuple(phrase for _, _, phrase in hits)
    surest = max(conf for _, conf, _ in specific) if specific else 0.0
    if len(levels) == 1:
        return CueGuess(hits[0][0], max(conf for _, conf, _ in hits), phrases, surest)
    # Several levels said ("a model on the first two, then on her own"): data sheets record
    # the most support given, but flag it for a look.
    level = max(levels, key=CUE_LEVELS.index)
    return CueGuess(level, 0.6, phrases, surest)


def named_support(text: str) -> str | None:
    """The support level `text` names by its own words (not a bare "cue" or "prompt"); None when none."""
    cue = find_cue(text)
    return cue.level if cue.surest else None


# Where an SLP says the support given ("with a verbal cue", "needed a model", "after a reminder"):
# the article after these words begins it.
_SUPPORT_FRAME = re.compile(r"\b(?:with|needed|needs|need|after|gave\s+(?:him|her|them)|given)\s+(?=an?\s)", re.I)
# How an SLP names each support, to weigh where the model garbled one: whole ("he needed a guest, your
# look, you" for a gestural cue), or the word that says which alone ("a fornemic cuter" for a phonemic
# cue, the garbled "cue" left as it is), in place of at most two words. That word is an adjective, never a
# noun: "with a picture" put over "with a peer" or "with a partner" reads as plain English and fits the
# audio about as well (6.1 and 6.7 nats below, inside support_margin, on an AMD CPU).
SUPPORT_PHRASES = ("a verbal cue", "a visual cue", "a picture cue", "a gestural cue", "a phonemic cue", "a model",
                   "a physical prompt")
SUPPORT_WORDS = ("a verbal", "a visual", "a gestural", "a phonemic", "a physical")


def support_slots(text: str, max_words: int = 4) -> list[tuple[int, int]]:
    """Where a garbled support may stand, when `text` names none by its own words: after each
    support frame, the article and the next 1..max_words words ("a guest, your look, you"), as
    (start, end) spans of `text`, shortest first; never over a sentence's end."""
    if named_support(text):
        return []
    slots = []
    for frame in _SUPPORT_FRAME.finditer(text):
        words = list(re.finditer(r"[\w'-]+", text[frame.end():]))
        for size in range(2, min(max_words + 1, len(words)) + 1):
            if re.search(r"[.!?;:]", text[frame.end() + words[size - 2].end():frame.end() + words[size - 1].start()]):
                break
            slots.append((frame.end(), frame.end() + words[size - 1].end()))
    return slots


def closing_clause_slot(text: str, keep: frozenset[str] = frozenset(), max_words: int = 5) -> tuple[int, int] | None:
    """Where a support said last may stand with its "with a" lost too ("we digest your alkyou" for "with a
    gestural cue", "will a big chuck you?" for "with a picture cue"): the 1..max_words words after the last
    comma, as a (start, end) span of `text` without the punctuation that ends it; None when `text` names a
    support, or when those words hold a number (a score said last) or a word in `keep` (lowercased: the
    caseload's names)."""
    from tagging.numbers import normalize_numbers  # numbers imports this module

    body = text.rstrip(" .,;:!?")
    comma = body.rfind(",")
    if comma < 0 or named_support(text):
        return None
    clause = body[comma + 1:]
    words = re.findall(r"[\w'-]+", clause)
    if not 1 <= len(words) <= max_words or re.search(r"[.!?;:]", clause) or re.search(r"\d", normalize_numbers(clause)):
        return None
    if {word.lower() for word in words} & keep:
        return None
    return comma + 1 + len(clause) - len(clause.lstrip()), len(body)


def support_candidates(text: str, keep: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(text with a support put in, the support's words) for each support_slots place: every
    SUPPORT_PHRASES entry in each, and SUPPORT_WORDS in those of at most two words after the article
    (put over more, a short phrase fits merely for leaving words out); and "with" and each
    SUPPORT_PHRASES entry over the closing_clause_slot words; only texts that then name the support."""
    candidates = []
    for start, end in support_slots(text):
        short = len(re.findall(r"[\w'-]+", text[start:end])) <= 3
        for phrase in SUPPORT_PHRASES + (SUPPORT_WORDS if short else ()):
            candidates.append((f"{text[:start]}{phrase}{text[end:]}", phrase))
    closing = closing_clause_slot(text, keep)
    if closing is not None:
        start, end = closing
        candidates += [(f"{text[:start]}with {phrase}{text[end:]}", phrase) for phrase in SUPPORT_PHRASES]
    # "needed a picture" alone names no support
    return [(candidate, phrase) for candidate, phrase in candidates if named_support(candidate)]
