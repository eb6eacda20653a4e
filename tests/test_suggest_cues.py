"""Cue levels from the words an SLP uses for support."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain import CUE_LEVELS
from tagging.cues import GENERIC_CONFIDENCE, closing_clause_slot, find_cue, support_candidates, support_slots
from tagging.suggest import SuggestOptions, suggest_observations
from tests.suggest_helpers import students

CASELOAD = students()

PHRASES = {
    "independent": ["independently", "without prompting", "on his own", "on her own", "by herself",
                    "with no cues", "without any help", "unprompted", "didn't need a cue", "without a verbal cue",
                    "without the visual", "cue free",
                    "without, prompting",  # the model's comma
                    "read them by herself, correctly", "said them all by himself correctly"],  # done right, not fixed
    "self-corrected": ["self-corrected", "self corrected", "self-correcting", "and corrected herself",
                       "self, corrected", "self correction on the last one", "caught her own errors and fixed them",
                       "fixed her own th errors", "corrected his own mistakes", "you should correct their own errors",
                       "caught his own blocks and fixed them", "caught herself",
                       "and fixed one hard attack herself", "corrected his frontal lisp on his own",
                       "repaired two of her onsets herself", "he caught two blocks himself",
                       "caught his stuttering himself and restarted", "she caught it herself and fixed it",
                       "she caught a copy layer on herself and faked them",  # tiny.en's "a couple errors"
                       "he corrected, two of them himself",  # tiny.en's comma (unseen41 v15)
                       "For me, yourself corrected",  # tiny.en's "Freya self corrected" (unseen14 u11)
                       "Pray yourself, correct, and do definition"],  # "Priya self corrected" (unseen1 g12)
    "gestural": ["with a gestural cue", "with a gesture", "when I pointed to the board", "with pointing",
                 "after I pointed at the door",
                 "with a hand signal", "with a gestural reminder", "after I touched her shoulder",
                 "when I tapped my chin", "after I pointed to the icon on her talker", "when I tap the table",
                 "with a head nod from me", "I gave him a thumbs up", "once I held up three fingers", "when I nodded",
                 "after I point it to the symbol", "I had to point to the button",
                 # The picture asked about, pointed at or tapped: a gesture (a chart or card pointed at is a visual).
                 "when I pointed to the picture", "I had to tap the picture of many",
                 # The student's own AAC board pointed at is what he answers with; a pointing to remind, a gesture.
                 "with me pointing to the core board", "I pointed to remind him",
                 # tiny.en's hearings of "with a gesture", "gestured toward his partner"
                 "when I just shot for the easy start", "even after I just showed to his partner"],
    "visual": ["with a visual cue", "with picture support", "using the graphic organizer", "with a picture cue",
               "with visuals", "using the word bank", "with slash marks", "with a visual", "with a visual reminder",
               "with a visual prompt", "with a visual, reminder card",
               "with additional reminder cards", "I pointed to the volume chart",
               "when I pointed at her picture schedule",
               "I pointed to the small, you chart",  # "volume" garbled, a comma put in
               "I showed her the volume chart", "when I held up the picture card", "using the mirror",
               "with his break card", "with the story map", "after I showed him the timer",
               "after I tapped the turn card", "using the picture strip", "using the pictures",
               "when she needed a mirror", "after I wrote it on the whiteboard",
               "win the story, map",  # "with the story map" in noise
               "with the answer choices written down", "using the describing wheel",
               "with her feelings chart", "using his first then board",
               "with the token board", "with a picture choice of two", "after I showed her in the mirror",
               "I used the topic card",
               "put the picture cute", "even with the visual reminded"],  # tiny.en's "cue", "reminder"
    "verbal": ["with a verbal cue", "after a reminder", "with a verbal prompt", "with verbal prompting",
               "with reminders", "once I reminded him", "with a verbal Q", "with a verbal reminder",
               "when she needed the directions repeated", "after repetition", "I had to remind her",
               "with a carrier phrase", "when I started the sentence for her", "with the first word given",
               "I had to tell her what to say", "given a choice of two",
               "with sentence completion", "after one repetition of the directions", "given two choices",
               "with a lot of verbal repetition", "after a verbal redirection",
               "I had to repeat the question a few times", "I had to repeat the direction several times"],
    "phonemic": ["with a phonemic cue", "with a phonemic Q", "with a phonetic cue", "with a first sound cue",
                 "when I gave her the first sound", "after I said the first part of the word",
                 "when I gave him the first syllable", "needed me to say the first sound for green",
                 "needed me to cue the first sound", "I prompted her with the first sound"],
    "model": ["with a model", "after I modeled it", "after I modelled it", "with a model from me",
              "with modeling", "when given a model", "after I showed her how", "after a verbal model",
              "when I recast the verb for her", "with recasts",
              "when I said it first", "after I gave an example", "with an example from me",
              "needed me to show their time, placement"],  # tiny.en's "show her tongue placement"
    "physical": ["with a physical prompt", "hand over hand", "with hand-over-hand help", "with physical support",
                 "with handover hand help", "with hand-over, hand help", "I used hand over hands to help",
                 "needed an overhand help",
                 "with a tactile cue", "tech tile queue on the jaw",  # tiny.en's "tactile cue"
                 "needed me to place his tongue tip", "with a tongue depressor", "when I positioned her lips",
                 "with touch cues", "after I held her hand on the picture", "when I guided his hand",
                 "after I moved her jaw into place", "after I took his hand to the button",
                 "when I brought his hand to it"],
}
ALL = [(phrase, level) for level, phrases in PHRASES.items() for phrase in phrases]


def test_every_level_has_phrases():
    assert set(PHRASES) == set(CUE_LEVELS)


@pytest.mark.parametrize(("phrase", "level"), ALL)
def test_each_phrase_maps_to_its_level(phrase, level):
    guess = find_cue(f"She did it {phrase}.")
    assert guess.level == level, phrase
    assert guess.confidence >= 0.6


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ALL), st.sampled_from([
    "Sofia followed 3 of 4 directions {}.", "{}, Maria used because 2 times.",
    "Liam Chen got eight out of ten R words {} during reading.", "Jayden made two comments {}",
]))
def test_every_cue_phrase_reaches_the_suggestion(item, template):
    phrase, level = item
    [suggestion] = suggest_observations(template.format(phrase), CASELOAD)
    assert suggestion.cue == level, template.format(phrase)
    assert "cue" not in suggestion.uncertain_fields()


def test_no_cue_said_and_no_default_gives_no_cue_and_marks_it():
    options = SuggestOptions(default_cue=None)
    text = "Liam Chen produced the R sound in eight of ten words."
    [suggestion] = suggest_observations(text, CASELOAD, None, options)
    assert suggestion.cue is None
    assert "cue" in suggestion.uncertain_fields()


def test_default_cue_option_fills_unsaid_cue_with_low_confidence():
    options = SuggestOptions(default_cue="independent")
    [measured] = suggest_observations("Liam Chen produced the R sound in 8 of 10 words.", CASELOAD, None, options)
    assert measured.cue == "independent"
    assert "cue" in measured.uncertain_fields()
    [said] = suggest_observations("Liam Chen got 8 of 10 with a phonemic cue.", CASELOAD, None, options)
    assert said.cue == "phonemic"
    [note] = suggest_observations("Sofia seemed tired today.", CASELOAD, None, options)
    assert note.cue is None
    with pytest.raises(ValueError):
        SuggestOptions(default_cue="loud")


def test_a_comma_after_no_does_not_negate_the_support_that_follows():
    assert find_cue("No, he needed a verbal cue.").level == "verbal"


def test_plain_cue_word_is_verbal_but_uncertain():
    guess = find_cue("She needed a cue on the last one.")
    assert guess.level == "verbal"
    assert guess.confidence < 0.6


def test_several_levels_take_the_most_support_and_are_marked():
    guess = find_cue("Independently at first, then with a model from me on the last two.")
    assert guess.level == "model"
    assert guess.confidence < 0.7


def test_specific_cue_beats_the_generic_word():
    assert find_cue("with a verbal cue").confidence >= 0.85


def test_goal_text_words_do_not_count_as_cues():
    [suggestion] = suggest_observations("Jayden answered 4 out of 5 inferencing questions.", CASELOAD)
    assert suggestion.cue == "independent"  # the unsaid default, not "verbal" from the goal text
    assert "cue" in suggestion.uncertain_fields()


def test_what_she_fixed_of_her_own_is_a_self_correction_surer_when_it_was_her_errors():
    # "fixed her own D.A. chair": the model garbled "th errors"; still her own speech, but less sure.
    garbled, said = find_cue("Imani fixed her own D.A. chair"), find_cue("Imani fixed her own th errors")
    assert garbled.level == said.level == "self-corrected" and garbled.confidence < said.confidence


def test_a_mangled_graphic_organizer_is_still_visual_support():
    assert find_cue("using the graphic or either").level == "visual"
    assert find_cue("she drew a graphic design").level is None


@pytest.mark.parametrize(("text", "level"), [("with a dynamic Q for the TH sound", "phonemic"),
                                             ("after a herbal prompt", "verbal"),
                                             ("with a fiscal prompt", "physical"),
                                             ("for the pandemic queue, three of five", "phonemic"),
                                             ("Jackson, self-connected, this ball out of twice", "self-corrected"),
                                             ("after I gave a just real cue", "gestural"),  # split in two
                                             ("need it and over and help her point", "physical")])  # h dropped
def test_a_misheard_support_word_before_cue_still_names_the_level(text, level):
    guess = find_cue(text)
    assert guess.level == level and GENERIC_CONFIDENCE < guess.confidence < 0.9


@pytest.mark.parametrize("text", ["with an extra cue", "the whole cue", "with another prompt", "with a simple cue",
                                  "a similar cue", "after a second prompt", "with a special cue", "a natural cue",
                                  "a typical prompt", "a visible cue", "a mental prompt", "a critical cue",
                                  "with one more cue", "at the very first prompt", "with a little cue",
                                  "after the teacher's prompt", "the last word cue", "on the next cue",
                                  "with just one cue", "after a quick prompt"])
def test_an_ordinary_word_before_cue_is_still_a_plain_cue(text):
    assert find_cue(text).confidence <= GENERIC_CONFIDENCE


@pytest.mark.parametrize("text", ["she said it over and over and over again", "he climbed up and over and down",
                                  "she threw the ball overhand in PE"])
def test_and_over_and_elsewhere_is_no_support(text):
    assert find_cue(text).level is None


@pytest.mark.parametrize("text", ["he held his tongue and waited for a turn", "she moved her lips without a sound",
                                  "he touched the picture of the dog", "he held her hand on the way to recess",
                                  "I had to hold her hand up so the class could see", "he tapped the card twice",
                                  "she caught the ball at recess", "I repeated it for him to copy",
                                  "I fixed the device myself", "she wrote it on the board herself",
                                  "she pointed to the correct picture", "he pointed at the yes card",
                                  "Ayesha pointed the words into animals"])  # tiny.en's "sorted the words"
def test_what_a_student_does_with_the_mouth_is_no_support(text):
    assert find_cue(text).level is None


def test_the_slp_repeating_what_was_asked_is_a_verbal_cue_for_a_look():
    guess = find_cue("Rashid followed them four of seven times once I repeated them.")
    assert guess.level == "verbal" and guess.confidence < 0.6  # "them" may be the target word: a model


def test_gained_the_first_sound_is_tiny_en_hearing_gave_it():
    assert find_cue("Marek named the category 4, 9 of 10, sorts, once I gained the first sound.").level == "phonemic"


def test_self_contained_is_a_classroom_not_a_self_correction():
    assert find_cue("he is in a self-contained classroom").level != "self-corrected"
    assert find_cue("Jackson self-collected twice").level == "self-corrected"
    assert find_cue("Darius defined the words, 8 out of 10, and self-directed two of them.").level == "self-corrected"
    assert find_cue("Marisol, self-permitted, there are a touch").level == "self-corrected"


def test_support_slots_cover_the_words_after_a_support_frame():
    text = "Kai got 2 of 4, he needed a guest, your look, you. Then he sat down."
    assert [text[start:end] for start, end in support_slots(text)] == [
        "a guest", "a guest, your", "a guest, your look", "a guest, your look, you"]  # never past the sentence


@pytest.mark.parametrize("text", ["Kai needed a gestural cue on two of four.", "with a model from me",
                                  "Nora got 3 of 5 today.", "she needed help"])
def test_no_support_slot_where_a_support_is_named_or_no_frame_stands(text):
    assert support_slots(text) == []


def test_a_weighed_support_is_suggested_marked_for_review():
    [suggestion] = suggest_observations("Liam Chen got 8 of 10, he needed a gestural cue.", CASELOAD,
                                        doubtful_words=("gestural", "cue"))
    assert suggestion.cue == "gestural" and "cue" in suggestion.uncertain_fields()


def test_support_candidates_put_each_support_in_each_place_and_a_bare_word_only_over_two():
    text = "Kai needed a guest, your look, you."
    candidates = dict(support_candidates(text))
    assert candidates["Kai needed a gestural cue."] == "a gestural cue"  # over the whole garble
    assert candidates["Kai needed a phonemic, your look, you."] == "a phonemic"  # over one word
    assert "Kai needed a phonemic." not in candidates  # a bare word never over four
    assert all(find_cue(candidate).surest for candidate in candidates)  # each names its support


def test_the_closing_clause_may_stand_where_a_support_and_its_with_were_lost():
    text = "Perpetua pointed to body parts, we asked, 8 of 10, we digest your alkyou."
    start, end = closing_clause_slot(text)
    assert text[start:end] == "we digest your alkyou"
    candidates = dict(support_candidates(text))
    assert candidates["Perpetua pointed to body parts, we asked, 8 of 10, with a gestural cue."] == "a gestural cue"
    assert all(find_cue(candidate).surest for candidate in candidates)


@pytest.mark.parametrize(("text", "keep"), [
    ("Kai stayed on topic, three of five.", frozenset()),  # a score said last
    ("Kai stayed on topic in 3 of 5, with a verbal cue.", frozenset()),  # a support named
    ("Kai stayed on topic in 3 of 5 today.", frozenset()),  # no comma
    ("Kai got 3 of 5, and then we all went out to the playground together.", frozenset()),  # more than five words
    ("Nora got 3 of 5, she sat with Kai.", frozenset({"kai"})),  # a caseload name
    ("Nora got 3 of 5, she sat down. Then lunch.", frozenset()),  # after the sentence the comma is in
])
def test_no_closing_clause_slot_over_a_score_a_support_a_name_or_a_long_clause(text, keep):
    assert closing_clause_slot(text, keep) is None


@pytest.mark.parametrize("text", ["Bartholomew was proud to show me the volcano model he built for the science fair.",
                                  "She is a role model for the younger kids.",
                                  "He worked with his partner on the volcano model.",
                                  "They built a clay model of the heart.",
                                  "Her group finished the solar-system model."])
def test_a_model_that_is_a_thing_is_no_support(text):
    assert find_cue(text).level is None


@pytest.mark.parametrize("text", ["he needed a model of the sentence first", "with a quick model first",
                                  "after a verbal model", "with a peer model", "with a mand model",
                                  "once I gave her a model answer", "with the model", "with a model from me",
                                  "after I modeled the first one"])
def test_a_model_given_is_still_support(text):
    assert find_cue(text).level == "model"


def test_a_thing_called_a_model_does_not_outrank_the_support_given():
    guess = find_cue("four of five with a verbal cue. Then he worked with his partner on the volcano model.")
    assert (guess.level, guess.confidence) == ("verbal", 0.9)


def test_a_thing_the_goal_is_done_with_is_no_support():
    goal = "Request a break using his picture card"
    assert find_cue("He asked for a break with his card twice.").level == "visual"
    assert find_cue("He asked for a break with his card twice.", goal).level is None
    assert find_cue("He asked with his card twice, without any help.", goal).level == "independent"
    # Support named by its own words stays support, whatever the goal says.
    assert find_cue("He asked for a break with a picture card from me.", goal).level == "visual"
    assert find_cue("He stayed on topic using his topic card.", "Stay on topic for three turns").level == "visual"
    # Only an aid the goal names: "marked the phrasing" for a phrasing goal is still a visual given.
    assert find_cue("He read 3 of 5 after I marked the phrasing.", "Read with phrasing").level == "visual"
    # An aid the goal is worked with as its condition ("Given a graphic organizer, ...") is the support given.
    given = "Given a graphic organizer, Kenji will retell a grade-level narrative with 75% accuracy"
    assert find_cue("Kenji retold the story using the graphic organizer, sixty percent.", given).level == "visual"


@pytest.mark.parametrize("text", ["I caught him talking to himself at the sink.",
                                  "We caught up with the class ourselves, so she was on her own."])
def test_what_the_slp_caught_is_no_self_correction(text):
    assert find_cue(text).level != "self-corrected"


@pytest.mark.parametrize("text", ["Reminder, Ezekiel's annual IEP meeting got moved to next Thursday.",
                                  "Reminder: bring the sticker chart for Lucia tomorrow.",
                                  "Just a reminder for tomorrow, Willa has the field trip."])
def test_a_memo_opening_as_the_slps_own_reminder_names_no_support(text):
    assert find_cue(text).level is None


def test_a_reminder_given_later_in_the_memo_is_still_verbal_support():
    assert find_cue("Reminder, Willa followed directions 3 of 5 after a reminder.").level == "verbal"
