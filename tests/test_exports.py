"""Exports on a real store: golden files per template, DOCX/PDF read back, CSV parsed, de-identification.

Golden files live in tests/golden/exports/. After a deliberate template change,
regenerate them with PUSHIN_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from models.config import Config
from models.store import Store
from tagging.exports import ExportOptions, Scope, build_export, render, write_export
from tagging.exports.csvsafe import neutralise
from tagging.exports.deidentify import Namer, initials
from tests import export_caseload as caseload

GOLDEN = Path(__file__).parent / "golden" / "exports"
REPO = Path(__file__).resolve().parents[1]
UPDATE = os.environ.get("PUSHIN_UPDATE_GOLDEN") == "1"


@pytest.fixture
def store(store):
    store.ids = caseload.build(store)
    Config(provider=caseload.PROVIDER).save(store.home)
    return store


def export(store, kind, fmt, deidentify=False, **scope):
    options = ExportOptions(format=fmt, deidentify=deidentify, provider=caseload.PROVIDER)
    return render(build_export(store, kind, Scope(**scope), options), fmt)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} missing: run with PUSHIN_UPDATE_GOLDEN=1 once"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


MARCH = {"date_from": date(2025, 3, 3), "date_to": date(2025, 3, 16)}
GOLDEN_CASES = [
    ("note_jordan.md", "note", "md", {"student": "Jordan Baker"}),
    ("note_jordan.txt", "note", "txt", {"student": "Jordan Baker"}),
    ("note_session1.md", "note", "md", {"session_id": 1}),
    ("note_all.csv", "note", "csv", {}),
    ("teacher_all.md", "teacher", "md", {}),
    ("teacher_all.txt", "teacher", "txt", {}),
    ("parent_jordan.md", "parent", "md", {"student": "Jordan"}),
    ("parent_maya.txt", "parent", "txt", {"student": "Maya Ortiz"}),
    ("minutes_march.csv", "minutes", "csv", MARCH),
    ("minutes_all.md", "minutes", "md", {}),
    ("progress_jordan.md", "progress", "md", {"student": "Jordan Baker"}),
    ("progress_jb1.json", "progress", "json", {"goal": "jb-1"}),
    ("progress_all.csv", "progress", "csv", {}),
    ("notes.json", "notes", "json", {}),
]


@pytest.mark.parametrize(("name", "kind", "fmt", "scope"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(store, name, kind, fmt, scope):
    rendered = export(store, kind, fmt, **scope)
    text = rendered.content
    if name == "progress_jordan.md":  # charts are linked files: check the links, then the text
        assert [n.rsplit("_", 1)[1] for n in rendered.attachments] == ["JB-1.svg", "JB-2.svg"]
    check_golden(name, text)


def test_only_confirmed_data_and_warnings(store):
    built = build_export(store, "note", Scope(student="Jordan Baker"), ExportOptions(format="md"))
    text = render(built, "md").content
    assert "2/5" not in text  # the suggestion nobody confirmed
    assert "3/5 (60%), verbal cue" in text and "4/5 (80%), independent" in text
    warnings = "\n".join(built.warnings)
    assert f"memo {store.ids['memo-pending']} " in warnings
    assert "suggested observation" in warnings and "JB-1" in warnings
    everyone = build_export(store, "minutes", Scope(), ExportOptions(format="csv"))
    assert any(f"session {store.ids['s7']} has no end time" in w for w in everyone.warnings)


def test_cli_exports_with_private_files_and_warnings(store, tmp_path):
    env = {**os.environ, "PUSHIN_HOME": str(store.home)}
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", "progress", "--student", "Jordan Baker", "--format", "md",
         "-o", str(out / "progress.md")], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "not confirmed yet" in result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["progress.md", "progress_JB-1.svg", "progress_JB-2.svg"]
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "](progress_JB-1.svg)" in (out / "progress.md").read_text()
    # Binary formats never go to the terminal: the suggested name in the working folder.
    result = subprocess.run([sys.executable, "-m", "tui", "export", "note", "--session", "1", "--format", "pdf"],
                            cwd=out, env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert (out / "note_session-1.pdf").exists()
    bad = subprocess.run([sys.executable, "-m", "tui", "export", "note", "--student", "Nobody Here"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "no student named 'Nobody Here'" in bad.stderr
    bad = subprocess.run([sys.executable, "-m", "tui", "export", "teacher", "--format", "csv"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "no csv form" in bad.stderr


def test_notes_json_contract(store):
    env = {**os.environ, "PUSHIN_HOME": str(store.home)}
    result = subprocess.run([sys.executable, "-m", "tui", "export", "notes", "--format", "json"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    memos = json.loads(result.stdout)
    assert isinstance(memos, list) and len(memos) == len(store.notes())
    for memo in memos:
        assert set(memo) == {"id", "audio_file", "status", "transcript", "observations"}
        for obs in memo["observations"]:
            assert set(obs) == {"student", "goal_id", "data_type", "correct", "total", "count", "percent", "cue",
                                "confirmed"}
    by_id = {m["id"]: m for m in memos}
    memo_s3 = next(m for m in memos if m["audio_file"] == "memo-s3.wav")
    suggested = [o for o in memo_s3["observations"] if not o["confirmed"]]
    assert suggested == [{"student": "Jordan Baker", "goal_id": "JB-1", "data_type": "trials", "correct": 2,
                          "total": 5, "count": None, "percent": None, "cue": "model", "confirmed": False}]
    # The edited text wins over the model's.
    store.update_note(memo_s3["id"], transcript="Edited by the SLP.")
    again = json.loads(subprocess.run([sys.executable, "-m", "tui", "export", "notes"], cwd=REPO, env=env,
                                      capture_output=True, text=True, timeout=120).stdout)
    assert {m["id"]: m["transcript"] for m in again}[memo_s3["id"]] == "Edited by the SLP."
    assert by_id[store.ids["memo-pending"]]["transcript"].startswith("Jordan Baker got")


def test_docx_read_back(store):
    import docx

    note = docx.Document(io.BytesIO(export(store, "note", "docx", student="Jordan Baker").content))
    text = "\n".join(p.text for p in note.paragraphs)
    assert "Session note: Jordan Baker" in text
    assert "JB-1 (language) Answer inferencing questions about a read-aloud: 3/5 (60%), verbal cue" in text
    assert "Minutes: 25" in text
    report = docx.Document(io.BytesIO(export(store, "progress", "docx", student="Jordan Baker").content))
    assert len(report.inline_shapes) == 2  # one chart per goal
    cells = [c.text for t in report.tables for row in t.rows for c in row.cells]
    assert "5/5 (100%)" in cells and "pull-out" in cells
    assert any("Mastered: 3 consecutive sessions" in p.text for p in report.paragraphs)


def test_pdf_read_back(store):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(export(store, "note", "pdf").content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    from tagging.exports.office import _font

    if _font() is not None:  # a Unicode TrueType font on this machine: letters beyond Latin-1 survive
        assert "Élodie Nguyễn" in text
    assert "Élodie" in text
    assert "60%, model cue" in text and "Minutes: 30" in text
    reader = pypdf.PdfReader(io.BytesIO(export(store, "progress", "pdf", goal="JB-1").content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Mastered: 3 consecutive sessions at or above the target (2025-03-06 to 2025-03-13)" in text
    assert text.count("target 80%") == 1  # the chart, drawn as vectors: its labels are text
    assert "JB-1: score per session" in text


def test_csv_parses_back_and_is_neutralised(store):
    rows = list(csv.DictReader(io.StringIO(export(store, "note", "csv").content)))
    formula = [r for r in rows if "SUM(A1)" in r["text"]]
    assert formula and formula[0]["text"].startswith("'=SUM(A1)")
    assert len(rows) == sum(1 for o in caseload.OBSERVATIONS if o[5])  # every confirmed point, nothing else
    minutes = list(csv.DictReader(io.StringIO(export(store, "minutes", "csv", **MARCH).content)))
    log = [r for r in minutes if r["record"] == "session"]
    assert {r["provider"] for r in log} == {caseload.PROVIDER}
    assert sum(int(r["minutes"]) for r in log if r["student"] == "Jordan Baker") == 30 + 30 + 25 + 30
    short = [r for r in minutes if r["flag"] == "SHORTFALL"]
    assert [(r["date"], r["student"], r["setting"], r["shortfall_minutes"]) for r in short] == [
        ("2025-03-10", "Jordan Baker", "push-in", "5"), ("2025-03-03", "Maya Ortiz", "pull-out", "30"),
        ("2025-03-10", "Maya Ortiz", "push-in", "5")]
    progress = list(csv.DictReader(io.StringIO(export(store, "progress", "csv").content)))
    jb1 = [r for r in progress if r["goal_id"] == "JB-1"]
    assert [r["setting"] for r in jb1] == ["push-in", "pull-out", "push-in", "pull-out", "push-in"]
    assert [r["met_target"] for r in jb1] == ["no", "yes", "yes", "yes", "no"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_neutralised(value):
    assert neutralise(value) == "'" + value
    rows = list(csv.reader(io.StringIO(render_one_cell(value))))
    assert rows[1][0] == "'" + value


def render_one_cell(value: str) -> str:
    from tagging.exports.csvsafe import to_csv

    return to_csv(["cell"], [{"cell": value}])


def test_csv_numbers_and_plain_text_untouched():
    assert neutralise(-5) == "-5" and neutralise(80.0) == "80" and neutralise("Room 12") == "Room 12"


@pytest.mark.parametrize("kind,fmt", [(k, f) for k in ("note", "teacher", "parent", "minutes", "progress")
                                      for f in ("md", "txt", "json", "docx", "pdf")]
                         + [("note", "csv"), ("minutes", "csv"), ("progress", "csv"), ("notes", "json")])
def test_deidentified_exports_hold_no_name(store, tmp_path, kind, fmt):
    rendered = export(store, kind, fmt, deidentify=True)
    # The user's own file name is scrubbed too, and so are the chart files named after it.
    paths = write_export(rendered, tmp_path / f"Jordan Baker {kind}.{fmt}",
                         namer=Namer([s[0] for s in caseload.STUDENTS] + [s[2] for s in caseload.STUDENTS]))
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        content = path.read_bytes()
        if fmt == "docx":
            import docx

            document = docx.Document(io.BytesIO(content))
            text = "\n".join([p.text for p in document.paragraphs]
                             + [c.text for t in document.tables for r in t.rows for c in r.cells])
        elif fmt == "pdf" and path.suffix == ".pdf":
            import pypdf

            text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
        else:
            text = content.decode("utf-8")
        assert text.strip()
        for part in caseload.all_name_parts():
            assert part.casefold() not in text.casefold(), f"{part} in {path.name}"
            assert part.casefold() not in path.name.casefold()
    assert paths[0].name.startswith("J.B. ") or paths[0].name.startswith("JB ")


def test_deidentified_keeps_initials(store):
    text = export(store, "note", "md", deidentify=True, student="Jordan Baker").content
    assert "Session note: J.B." in text and "teacher Ms. L." in text
    assert "J. used the picture clues" in text and "M.O. helped him" in text


def test_initials_and_namer():
    assert initials("Jordan Baker") == "J.B."
    assert initials("Ms. Lee") == "Ms. L."
    assert initials("Élodie Nguyễn") == "É.N."
    namer = Namer(["Jordan Baker", "Maya Ortiz"])
    assert namer("jordan baker and MAYA went; Baker's book") == "J.B. and M. went; B.'s book"


def test_parent_summary_is_plain(store):
    text = export(store, "parent", "md", student="Jordan Baker").content
    for code in ("JB-1", "JB-2", "MO-1"):
        assert code not in text
    for jargon in ("push-in", "pull-out", "phonemic", "trials", "cue", "articulation", "inferencing", "/r/"):
        assert jargon not in text.casefold()
    assert "in the classroom" in text and "in the speech room" in text


def test_teacher_update_has_two_to_four_sentences_per_push_in_session(store):
    built = build_export(store, "teacher", Scope(), ExportOptions(format="json"))
    sessions = built.model["sessions"]
    push_in = {store.ids[k] for k in ("s1", "s3", "s4", "s6")}  # s7 never ended and has no data
    assert {s["session_id"] for s in sessions} == push_in
    for session in sessions:
        assert 2 <= len(session["sentences"]) <= 4
    first = next(s for s in sessions if s["session_id"] == store.ids["s1"])
    assert "Jordan, language: Pause after a page and ask one 'why do you think' question." in first["strategies"]
    assert "Maya, fluency: Give Maya extra wait time before she answers." in first["strategies"]


def test_progress_mastery_rule_is_configurable(store):
    options = ExportOptions(format="json", mastery_consecutive=4)
    goal = build_export(store, "progress", Scope(goal="JB-1"), options).model["goals"][0]
    assert goal["mastery"]["status"] == "not yet"
    by_setting = goal["by_setting"]
    assert by_setting["pull-out"]["average"] == 90.0 and by_setting["push-in"]["average"] == 70.0


def test_chart_files_are_valid_images(store):
    from PIL import Image

    built = build_export(store, "progress", Scope(student="Jordan Baker"), ExportOptions(format="docx"))
    charts = built.document.charts()
    assert len(charts) == 2
    for chart in charts:
        png = chart.png()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(png))
        image.load()
        assert image.size[0] > 600 and image.size[1] > 250
        # Not blank: the series colours are drawn.
        colours = {c for _n, c in image.getcolors(maxcolors=100000)}
        assert (230, 120, 20) in colours and (40, 90, 200) in colours
        root = ET.fromstring(chart.svg())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall("{http://www.w3.org/2000/svg}circle")) >= 1


def test_iep_minutes_migration_is_additive(tmp_path):
    from models.store import MIGRATIONS

    store = Store(tmp_path)
    with store.write() as conn:
        student_id = store.insert(conn, "students", {"name": "A B", "created_at": "2025-01-01T00:00:00"})
    store.set_iep_minutes(student_id, push_in=30, pull_out=None)
    MIGRATIONS[1](store.db)  # a second run changes nothing
    assert store.iep_minutes() == {student_id: (30, None)}


def test_empty_store_exports_say_so(tmp_path):
    store = Store(tmp_path)
    for kind, formats in (("note", ("md", "csv", "pdf")), ("teacher", ("txt",)), ("parent", ("md",)),
                          ("minutes", ("csv", "md")), ("progress", ("md", "json", "docx")), ("notes", ("json",))):
        for fmt in formats:
            rendered = render(build_export(store, kind, Scope(), ExportOptions(format=fmt)), fmt)
            assert rendered.content
    assert json.loads(render(build_export(store, "notes", Scope(), ExportOptions(format="json")), "json")
                      .content) == []
    text = render(build_export(store, "minutes", Scope(), ExportOptions(format="md")), "md").content
    assert "No ended sessions in this period." in text
