"""The caseload bias: what the model is told, and how a name the prompt invented is caught."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.domain import Goal, Student
from transcribe.bias import SCORE_EXAMPLES, Bias, build_bias
from transcribe.readings import (
    called_names,
    collapse_loops,
    onto_whole,
    opened_as,
    pick_measured,
    reads_past_loop,
    rejoin,
    scored_stretches_blanked,
    splice_score,
)


def _student(sid: int, name: str, *goals: str) -> Student:
    return Student(id=sid, name=name, goals=tuple(
        Goal(id=sid * 10 + i, student_id=sid, code=f"G{sid}-{i}", area="language", text=text, target=80,
             measure="trials") for i, text in enumerate(goals)))


def test_bias_lists_names_first_and_salient_goal_words_without_filler():
    bias = build_bias([
        _student(1, "Jayden Brooks", "Answer inferencing questions about a grade-level text with 80% accuracy"),
        _student(2, "Zoë Kowalski", "Use causal conjunctions such as because in two sentences"),
    ])
    assert bias.names == ("Jayden Brooks", "Zoë Kowalski")
    assert "inferencing" in bias.terms and "conjunctions" in bias.terms
    assert not {"the", "with", "about", "such", "two", "accuracy"} & {t.lower() for t in bias.terms}
    prompt = bias.initial_prompt
    assert prompt.startswith("Students: Jayden Brooks, Zoë Kowalski.")
    assert "Jayden answered" not in prompt  # vocabulary, never a sample memo to continue
    assert bias.name_words == {"jayden", "brooks", "zoë", "kowalski"}
    assert not build_bias([])
    assert build_bias([]).initial_prompt == ""


def test_a_name_only_the_prompt_produced_is_caught_and_dropped():
    bias = Bias(names=("Mateo Alvarez", "Amara Okonkwo"))
    biased = "Mateo class practiced the new vocabulary and the teacher read the chapter aloud."
    unbiased = "The whole class practiced the new vocabulary and the teacher read the chapter aloud."
    assert bias.unsupported_names(biased, unbiased) == ["mateo"]
    assert bias.drop_names(biased, ["mateo"]) == biased.removeprefix("Mateo ")


def test_a_name_heard_by_ear_is_kept():
    bias = Bias(names=("Amara Okonkwo", "Jayden Brooks", "Sofia Rossi"))
    assert bias.unsupported_names("Amara put the story events in order",
                                  "and Marla put the story events in order") == []
    assert bias.unsupported_names("Jayden answered four out of five", "Jaden answered four out of five") == []
    assert bias.unsupported_names("Sofia needed a visual cue", "So if you needed a visual cue") == []


def test_a_name_heard_with_a_confusable_first_sound_is_kept():
    bias = Bias(names=("Declan Murphy", "Isabella Nguyen"))
    assert bias.unsupported_names("Declan asked his partner a question",
                                  "Becklin asked his partner a question") == []
    assert bias.unsupported_names("Declan used stretchy speech on six of eight",
                                  "The Klun used to match its D-Chon 6-Servate") == []
    assert Bias(names=("Chloe Anderson",)).unsupported_names("Chloe used pausing and phrasing",
                                                             "Cloy used pausing and phrasing") == []
    # A different first sound and different letters are still not the name.
    assert bias.unsupported_names("Declan asked his partner a question",
                                  "Rose asked his partner a question") == ["declan"]


def test_names_from_nothing_are_all_unsupported():
    bias = Bias(names=("Amara Okonkwo", "Priya Natarajan"))
    assert bias.unsupported_names("Amara Natarajan, you're the parent", "") == ["amara", "natarajan"]


def test_loops_collapse_but_ordinary_repeats_stay():
    assert collapse_loops("Mark Mark Mark") == "Mark"
    assert collapse_loops("very very good") == "very very good"
    assert collapse_loops("Jayden answered four out of five.") == "Jayden answered four out of five."
    # Letters spelled without end (unseen26 g01, quiet): the words before them are kept.
    spelled = "Evangeline said, S-H-N-S-H-N-S-N-N-N-N-N-N-N-N-N-N-N-N-N-N-N"
    assert collapse_loops(spelled) == "Evangeline said, S-H-N-S-H-N-S-N-N"
    assert collapse_loops("He said the R-R-R sound in car.") == "He said the R-R-R sound in car."  # said thrice
    assert collapse_loops("Her T-H sound was clear.") == "Her T-H sound was clear."
    # One letter written on as one word (unseen21 b01, quiet): the word before it is kept.
    assert collapse_loops("Main, " + "f" * 200) == "Main, f"
    assert collapse_loops("Hmmmmmm, she said zzzz.") == "Hm, she said zzzz."
    assert collapse_loops("He got 1000000 points.") == "He got 1000000 points."  # digits are no letters


def test_a_reading_past_a_loop_is_kept_only_when_it_reads_on_from_it():
    looped = ["Zoe, Retell, most story, beginning, middle, end, end"]
    assert reads_past_loop(looped, ["Zoe, Retell, the story, beginning, middle, end, and then three off four."])
    assert not reads_past_loop(looped, ["Zoe, beginning."])  # says less
    assert not reads_past_loop(looped, ["I think we should all go out to play in the yard today, right now."])
    assert not reads_past_loop([], ["The whole class went out to play."])  # a memo that was only a loop
    # Read past letters spelled without end (unseen26 g01): the letters are no words the retry must keep.
    assert reads_past_loop(["Evangeline said, S-H-N-S-H-N-S-N-N"],
                     ["Evangeline said SHIN 7.9 words at the word level, no prompt to needed."])


def test_a_recited_caseload_is_recognised():
    bias = Bias(names=("Amara Okonkwo", "Ethan O'Brien", "Mateo Alvarez"))
    assert bias.recites_names("Amara Okonkwo, Ethan O'Brien, Mateo Alvarez, Priya")
    recited = "Amara Okonkwo, Ethan O'Brien, Mateo"
    assert bias.drop_names(recited, bias.names_in(recited)) == ""
    assert not bias.recites_names("Amara and Ethan took turns; Mateo Alvarez watched.")
    # First and last names of several students run together, one said twice, give or take a word.
    assert bias.recites_names("Okonkwo Alvarez, Ethan Okonkwo, Amara, Amara.")
    assert bias.recites_names("Amara, Paddad, Mateo Okonkwo, Mateo Okonkwo.")
    assert bias.without_recitation("Amara, Paddad, Mateo Okonkwo, Mateo Okonkwo.") == ""  # one word left: no memo
    assert bias.without_recitation("Amara Okonkwo, Ethan O'Brien said two words") == "said two words"
    # A memo that names students says something of them, even when it names one twice.
    assert not bias.recites_names("Amara, Ethan, Mateo.")
    assert not bias.recites_names("Amara, Amara, good job today.")
    assert not bias.recites_names("Amara helped Mateo, then Mateo helped Ethan.")


def test_a_name_with_a_possessive_is_a_name_in_the_memo():
    bias = Bias(names=("Paloma Aranda", "Ethan O'Brien"))
    memo = "Paloma's grandmother passed away, and O'Brien's dog too."
    assert bias.names_in(memo) == ["paloma's", "o'brien's"]
    assert bias.drop_names(memo, bias.names_in(memo)) == "grandmother passed away, and dog too."
    assert bias.names_in("The palomas flew over the school") == []


def test_a_near_tie_that_says_the_score_beats_a_garble_of_it():
    texts = ["Declan used stretchy speech on sick, surveyed, sentences.",
             "Declan used stretchy speech on six of eight sentences."]
    assert pick_measured(texts, [-0.380, -0.417], margin=0.06) == 1
    assert pick_measured(texts, [-0.380, -0.417], margin=0.0) == 0


def test_a_near_tie_that_names_the_support_beats_a_garble_of_it():
    # tiny.en's beam on an espeak memo ("...after I modeled the first one"), best first.
    texts = ["Chloe used pausing without eye and sentence him after I'm adult, the first one.",
             "Chloe used pausing without eye and sentencing after I modeled the first one."]
    assert pick_measured(texts, [-0.648, -0.671], margin=0.06) == 1
    # The surer words for support win, whatever else is said: a picture cue over "with a picture",
    # and hand over hand (with pointing) over pointing alone.
    assert pick_measured(["She got 4 on 6 with a picture to you.", "She got 4 on 6 in a picture queue."],
                         [-0.756, -0.767], margin=0.06) == 1
    assert pick_measured(["with hand over hand help, pointing to the picture.",
                          "with hand over the help, pointing to the picture."], [-0.30, -0.29], margin=0.06) == 0
    # A measurement still comes first: the support named does not outweigh a lost score.
    texts = ["Chloe got 4 of 5 after I'm adult.", "Chloe got for a fight after I modeled."]
    assert pick_measured(texts, [-0.648, -0.671], margin=0.06) == 0


def test_a_hypothesis_that_reads_on_to_a_score_said_last_is_taken_within_the_tail_margin():
    # tiny.en's beam on a Piper memo at 15 dB (unseen11 q02), best first.
    texts = ["Theo answered who and were questions about the story.",
             "Theo answered who and were questions about the story, seven of nine."]
    assert pick_measured(texts, [-0.348, -0.452], margin=0.06, tail_margin=0.3) == 1
    assert pick_measured(texts, [-0.348, -0.452], margin=0.06) == 0
    assert pick_measured(texts, [-0.348, -0.7], margin=0.06, tail_margin=0.3) == 0
    # Reading on says nothing more (unseen8 t09): the best is kept.
    texts = ["Henry was very quiet today and said he did not sleep well.",
             "Henry was very quiet today and said he did not sleep well, he did not sleep."]
    assert pick_measured(texts, [-0.30, -0.375], margin=0.06, tail_margin=0.3) == 0
    # Only a hypothesis that reads on past the best's end gets the wider margin, not one that reads it anew.
    texts = ["The class read a story together.", "The class read 4 of 5 stories together."]
    assert pick_measured(texts, [-0.2, -0.3], margin=0.06, tail_margin=0.3) == 0


def test_reads_on_past_compares_words_not_punctuation():
    from transcribe.readings import reads_on_past

    assert reads_on_past("Esperanza retold her weekend with first. Next and last.",
                         "Esperanza retold her weekend with first, next, and last, sex of eight.")
    assert not reads_on_past("Mia got it.", "Mia got it, yes.")  # one word more is no tail
    assert not reads_on_past("Mia got it.", "Mia did it, six of eight.")


def test_a_reading_far_less_likely_than_the_best_is_not_taken():
    texts = ["The class read a story together.", "The class read 4 of 5 stories together."]
    assert pick_measured(texts, [-0.2, -0.5], margin=0.06) == 0


def test_equal_measurements_keep_the_likeliest_reading():
    texts = ["Jayden got 8 of 10 correct.", "Jayden got eight of ten correct!", "Jayden got 8 of 10 correct?"]
    assert pick_measured(texts, [-0.30, -0.31, -0.32], margin=0.06) == 0
    # A count read off a plural ("10 words") is no measurement to prefer.
    assert pick_measured(["in Sandler out of 10 words", "in Sandler, how the 10 words"], [-0.585, -0.585], 0.06) == 0


def test_an_unbiased_decode_that_stopped_short_is_no_evidence_against_a_name():
    bias = Bias(names=("Chloe Anderson", "Mia Patel"))
    biased = "Who knows what happened. Chloe Anderson, with a phonemic cue, 3 of 5 correct."
    assert bias.unsupported_names(biased, "who know what I am.") == []
    # A full-length unbiased decode that heard another word there still counts against it.
    assert bias.unsupported_names("We sat there. Chloe ran with it, 3 of 5.",
                                  "We sat there. Rose ran with it, 3 of 5.") == ["chloe"]


def test_score_examples_join_the_prompt_only_when_asked():
    bias = Bias(names=("Mia Patel",), terms=("greet",))
    assert "Scores:" not in bias.initial_prompt
    primed = replace(bias, examples=SCORE_EXAMPLES)
    assert primed.initial_prompt.startswith(bias.initial_prompt) and primed.initial_prompt.endswith(SCORE_EXAMPLES)


def test_a_second_reading_that_lost_the_name_gives_only_its_score():
    first = "Ava used the beyond set on six, convey, tensors, with a model from me on the first two."
    second = "I'll use the beyond set on 6 of 8 answers, with a model from me on the 1st 2."
    assert splice_score(first, second) == ("Ava used the beyond set on 6 of 8 answers, with a model from me "
                                           "on the first two.")
    # A name only the second reading has is not taken with the score.
    assert splice_score("I'm far off high than vocabulary words.", "Okonkwo, I'm 4 out of 5, vocabulary words.") == (
        "I'm 4 out of 5, vocabulary words.")


@pytest.mark.parametrize(("first", "second"), [
    ("Jayden got four of five.", "Jayden got 3 of 5."),  # the first already states a score
    ("The class read together.", "Ethan read nothing more."),  # the second states none
    ("Liam read the list.", "Liam read the list and then the class went on with 4 of 5 of the words said."),
])
def test_no_score_is_spliced_where_none_fits(first, second):
    assert splice_score(first, second, max_words=8) is None


def test_a_reading_made_to_start_with_a_name_is_rejoined_to_the_first_reading():
    first = "May it not reach anyone to pay, zero times."
    said = rejoin("Mia did not reach anyone today, zero times.", first)
    assert said == "Mia did not reach anyone to pay, zero times."
    assert rejoin("Owen, the whole class worked on it", "The whole class worked on the worksheet.") == (
        "Owen, the whole class worked on the worksheet.")
    # Four words of garble for the name and a word after it (unseen27 h03, Piper).
    assert rejoin("Ifeoma asked her partner how he felt about the game.",
                  "I fell my ass to her partner how he felt about the game.") == (
        "Ifeoma asked her partner how he felt about the game.")
    # Nor one that reads a score of its own into the words it replaces (unseen27 h12, Piper).
    assert rejoin("Ayesha 45 or 10 words into the right group.",
                  "I should sort of five or ten words into the right group.") is None
    # A number the name's reading adds is kept as heard (unseen13 s10: "Talia one opposite").
    assert rejoin("Talia one opposite, your incentives and cry", "Tell you what, set your incentives and cry") == (
        "Talia one opposite, your incentives and cry")
    # A reading that never meets the first one again near its start gives nothing to weigh.
    assert rejoin("Ivy,", "Leo here, I will, I will.") is None
    assert rejoin("Grace went home early and that was all", first) is None
    # Nor one that skips the first reading's words: it is only shorter.
    assert rejoin("Adrian, so no small group, today.",
                  "Big Chana took most of the period, so no small group, today.") is None


def test_a_reading_made_to_start_with_a_name_that_wanders_off_gives_its_opening():
    # An Intel Sapphire Rapids CPU read the memo made to start with "Mia" on as "...return in one two k": it never
    # meets the first reading again (rejoin), but its opening is the name and the word garbled after it.
    first = "May it not reach anyone to pay, zero times."
    start = "Mia did not return in one two k, zero times"
    assert rejoin(start, first) is None
    assert opened_as(start, first) == ["Mia did it not reach anyone to pay, zero times.",
                                       "Mia did not reach anyone to pay, zero times."]
    # Never over a number the first reading heard, and nothing from readings too short to open anything.
    assert opened_as("Ayesha sorted some words", "4 should sort of five or ten words.") == []
    assert opened_as("Ivy,", "Leo here, I will.") == []


def test_students_are_called_by_first_name_unless_two_share_it():
    assert called_names(("Mia Patel", "Leo Chen", "Mia Jones")) == ["Mia Patel", "Leo", "Mia Jones"]


TWO_CLASSES = Bias(names=("Jayden Brooks", "Liam Chen", "Maria Gonzalez", "Paloma Reyes"))


@pytest.mark.parametrize(("text", "left"), [
    ("Jayden answered four out of five questions with a verbal cue, and Liam read the list, I out of 10 correct.",
     "Liam read the list, I out of 10 correct."),
    ("Four of five for Jayden, and for Liam I out of 10.", "Liam I out of 10."),  # the score said before the name
    ("Maria used because three times. Liam read the list, I out of 10.", "Liam read the list, I out of 10."),
    ("Paloma's turn came twice. Jayden got sick sometimes.", "Jayden got sick sometimes."),
])
def test_the_stretches_of_a_memo_of_several_students_that_state_their_data_are_blanked(text, left):
    view = scored_stretches_blanked(TWO_CLASSES, text)
    assert len(view) == len(text) and view.strip() == left and text.endswith(left)


@pytest.mark.parametrize("text", ["Liam read the list, I out of 10 correct.",  # one student
                                  "Liam Chen got 3 of 5, I out of 10.",  # his first and last name
                                  "Nobody was named, four of five."])
def test_a_memo_of_one_student_is_seen_whole(text):
    assert scored_stretches_blanked(TWO_CLASSES, text) == text


def test_a_candidate_made_from_the_blanked_view_is_made_again_from_the_whole_text():
    whole = "Jayden got four of five. Liam read the list, and written 10, with a cue."
    view = scored_stretches_blanked(TWO_CLASSES, whole)
    candidate = view.replace("and written 10", "seven of ten")
    assert onto_whole(whole, view, candidate) == whole.replace("and written 10", "seven of ten")
    assert onto_whole(whole, "", candidate) == candidate
