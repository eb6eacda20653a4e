"""The benchmark's scoring of observations against a memo set's truth."""

from tagging.evaluate import score_observations

TRUTH = {"student": "Ann Lee", "goal_id": "AL-1", "data_type": "trials", "correct": 4, "total": 5, "cue": "verbal"}
RIGHT = {"student": "Ann Lee", "goal_id": "AL-1", "data_type": "trials", "correct": 4, "total": 5,
         "count": None, "percent": 80.0, "cue": "verbal"}


def test_a_matching_observation_scores_every_field():
    assert score_observations(TRUTH, [RIGHT]) == dict.fromkeys(("student", "goal", "data_type", "numbers", "cue"),
                                                               True)


def test_the_students_own_observation_is_scored_and_extra_numbers_count_against():
    other = {**RIGHT, "student": "Ben Ox", "cue": "model"}
    assert score_observations(TRUTH, [other, {**RIGHT, "count": 2}]) == {
        "student": True, "goal": True, "data_type": True, "numbers": False, "cue": True}


def test_silence_scores_only_when_nothing_was_suggested():
    silent = {"student": None, "goal_id": None, "data_type": None}
    assert all(score_observations(silent, []).values())
    assert not any(score_observations(silent, [RIGHT]).values())


def test_a_percent_memo_needs_the_percent():
    truth = {**TRUTH, "correct": None, "total": None, "percent": 75}
    assert not score_observations(truth, [RIGHT])["numbers"]
    assert score_observations(truth, [{**RIGHT, "correct": None, "total": None, "percent": 75.0}])["numbers"]
