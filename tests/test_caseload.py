"""Caseload CSV import through the real command line and a real database."""

import subprocess
import sys
import unicodedata

import pytest

from models.caseload import import_caseload, read_caseload
from models.errors import CaseloadError
from models.store import Store

HEADER = "student,grade,teacher,goal_id,area,goal,target,measure\n"
GOOD = HEADER + (
    "Jayden Brooks,3,Ms. Alvarez,JB-1,language,Answer inferencing questions,80,trials\n"
    "Jayden Brooks,3,Ms. Alvarez,JB-2,social communication,Make topic-relevant comments,3,tally\n"
    "Zoë Ng,007,Mr. Okafor,007,articulation,Produce /s/ in words,90%,trials\n"
)


def write(tmp_path, text, name="caseload.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def pushin(home, *args):
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env={"PUSHIN_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_import_keeps_text_as_text_and_normalises_names(tmp_path):
    decomposed = unicodedata.normalize("NFD", GOOD)
    store = Store(tmp_path / "home")
    summary = import_caseload(store, write(tmp_path, decomposed))
    assert (summary.students_added, summary.goals_added) == (2, 3)
    students = {s.name: s for s in store.students()}
    assert "Zoë Ng" in students  # NFC: one code point for ë
    zoe = students["Zoë Ng"]
    assert zoe.grade == "007" and zoe.goals[0].code == "007" and zoe.goals[0].target == 90


def test_importing_twice_changes_nothing(tmp_path):
    store = Store(tmp_path / "home")
    path = write(tmp_path, GOOD)
    import_caseload(store, path)
    audit_rows = len(store.rows("SELECT * FROM audit"))
    again = import_caseload(store, path)
    assert not again.changed
    assert len(store.rows("SELECT * FROM audit")) == audit_rows
    assert len(store.students()) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "Ann Lee,2,T,AL-1,language,Goal,80,trials\nBen Ox,2,T,AL-1,language,Goal,80,trials\n",
         "line 3: duplicate goal_id 'AL-1' (first on line 2)"),
        ("student,grade,teacher,goal_id,area,goal,measure\nAnn,2,T,A-1,x,y,trials\n",
         "line 1: missing column(s): target"),
        (HEADER + "Ann Lee,2,T,AL-1,language,Goal,80,trials\n  ,2,T,AL-2,language,Goal,80,trials\n",
         "line 3: student name is blank"),
        (HEADER + "Ann Lee,2,T,AL-1,language,Goal,eighty,trials\n", "line 2: target 'eighty' is not a number"),
        (HEADER + "Ann Lee,2,T,AL-1,language,Goal,80,guesswork\n", "line 2: measure 'guesswork' is not one of"),
        (HEADER + "Ann Lee,2,T,AL-1,language\n", "line 2: 5 fields, the header has 8"),
        ("", "the file is empty"),
    ],
)
def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path, text, expected):
    store = Store(tmp_path / "home")
    with pytest.raises(CaseloadError) as raised:
        import_caseload(store, write(tmp_path, text))
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems
    assert store.students() == []


def test_every_bad_row_is_listed_not_just_the_first(tmp_path):
    text = HEADER + "Ann Lee,2,T,AL-1,language,Goal,x,trials\n,2,T,AL-2,language,Goal,80,trials\n"
    with pytest.raises(CaseloadError) as raised:
        read_caseload(write(tmp_path, text))
    assert [p.split(":")[0] for p in raised.value.problems] == ["line 2", "line 3"]


def test_multiline_quoted_goal_keeps_true_line_numbers(tmp_path):
    text = HEADER + 'Ann Lee,2,T,AL-1,language,"Goal over\ntwo lines",80,trials\nBen Ox,2,T,BO-1,x,y,oops,trials\n'
    with pytest.raises(CaseloadError) as raised:
        read_caseload(write(tmp_path, text))
    assert raised.value.problems == ["line 4: target 'oops' is not a number"]


def test_goal_id_owned_by_another_student_is_refused(tmp_path):
    store = Store(tmp_path / "home")
    import_caseload(store, write(tmp_path, GOOD))
    clash = write(tmp_path, HEADER + "Someone Else,3,T,JB-1,language,Goal,80,trials\n", "clash.csv")
    with pytest.raises(CaseloadError, match="already belongs to Jayden Brooks"):
        import_caseload(store, clash)
    assert len(store.students()) == 2


def test_command_line_import_and_list(tmp_path):
    home = tmp_path / "home"
    ok = pushin(home, "caseload", "import", str(write(tmp_path, GOOD)))
    assert ok.returncode == 0, ok.stderr
    assert "2 students added, 3 goals added" in ok.stdout
    listed = pushin(home, "caseload", "list")
    assert "JB-2" in listed.stdout and "Zoë Ng" in listed.stdout
    bad = pushin(home, "caseload", "import", str(write(tmp_path, HEADER + "A B,1,T,X-1,a,g,lots,trials\n", "b.csv")))
    assert bad.returncode != 0
    assert "line 2: target 'lots' is not a number" in bad.stderr
    missing = pushin(home, "caseload", "import", str(tmp_path / "nope.csv"))
    assert missing.returncode != 0 and "cannot read the file" in missing.stderr


def test_optional_iep_minutes_and_strategy_columns(tmp_path):
    text = ("student,grade,teacher,goal_id,area,goal,target,measure,strategy,minutes_push_in,minutes_pull_out\n"
            "Ann Lee,2,T,AL-1,language,Goal,80,trials,Use a visual schedule,30,30\n"
            "Ann Lee,2,T,AL-2,language,Goal two,80,trials,,,\n")
    store = Store(tmp_path / "home")
    import_caseload(store, write(tmp_path, text))
    [ann] = store.students()
    assert store.iep_minutes()[ann.id] == (30, 30)
    assert ann.goals[0].strategy == "Use a visual schedule"
    bad = text.replace(",30,30", ",thirty,30")
    with pytest.raises(CaseloadError, match="line 2: minutes_push_in 'thirty' is not a whole number"):
        read_caseload(write(tmp_path, bad, "bad.csv"))
