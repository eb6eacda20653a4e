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


def test_what_the_review_shows_as_sure_is_counted_with_how_often_it_is_wrong(tmp_path):
    from tagging.evaluate import score_memo, shown_sure, students_from_caseload, sure_but_wrong
    from tagging.suggest import suggest_observations

    caseload = tmp_path / "caseload.csv"
    caseload.write_text("student,grade,teacher,goal_id,area,goal,target,measure\n"
                        "Ann Lee,3,Ms. Ray,AL-1,language,Answer wh questions about a story,80,trials\n")
    students = students_from_caseload(caseload)
    said = {**TRUTH, "correct": 3, "total": 4}
    clear = suggest_observations("Ann answered three of four wh questions with a verbal cue.", students)
    one_right = suggest_observations("Ann answered one of two wh questions with a verbal cue.", students)
    assert shown_sure(said, clear, students) == dict.fromkeys(("student", "goal", "data_type", "numbers", "cue"), True)
    assert not shown_sure(said, one_right, students)["numbers"]  # a score of one right is marked
    assert not any(shown_sure(said, [], students).values())
    results = [score_memo(said, clear, students), score_memo(said, one_right, students)]
    sure = [shown_sure(said, clear, students), shown_sure(said, one_right, students)]
    assert sure_but_wrong(results, sure)["numbers"] == (1, 0)
    assert sure_but_wrong(results, sure)["cue"] == (2, 0)
    wrong_cue = suggest_observations("Ann answered three of four wh questions after I modeled one.", students)
    modeled = [score_memo(said, wrong_cue, students)], [shown_sure(said, wrong_cue, students)]
    assert sure_but_wrong(*modeled)["cue"] == (1, 1)  # the support shown as sure, and not the one in the truth
