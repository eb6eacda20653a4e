"""The caseload bias: what the model is told, and how a name the prompt invented is caught."""

from __future__ import annotations

from models.domain import Goal, Student
from transcribe.bias import Bias, build_bias
from transcribe.engine import collapse_loops


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


def test_names_from_nothing_are_all_unsupported():
    bias = Bias(names=("Amara Okonkwo", "Priya Natarajan"))
    assert bias.unsupported_names("Amara Natarajan, you're the parent", "") == ["amara", "natarajan"]


def test_loops_collapse_but_ordinary_repeats_stay():
    assert collapse_loops("Mark Mark Mark") == "Mark"
    assert collapse_loops("very very good") == "very very good"
    assert collapse_loops("Jayden answered four out of five.") == "Jayden answered four out of five."


def test_a_recited_caseload_is_recognised():
    bias = Bias(names=("Amara Okonkwo", "Ethan O'Brien", "Mateo Alvarez"))
    assert bias.recites_names("Amara Okonkwo, Ethan O'Brien, Mateo Alvarez, Priya")
    recited = "Amara Okonkwo, Ethan O'Brien, Mateo"
    assert bias.drop_names(recited, bias.names_in(recited)) == ""
    assert not bias.recites_names("Amara and Ethan took turns; Mateo Alvarez watched.")
