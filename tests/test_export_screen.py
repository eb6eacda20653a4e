"""Pilot tests of the export screen over a real store: preview, warnings, clipboard, save, terminal chart."""

from __future__ import annotations

import stat

import docx
import pytest
from textual.app import App
from textual.widgets import Checkbox, Input, Select, TextArea

from models.config import Config
from models.store import Store
from tests import export_caseload as caseload
from tests.tui_helpers import until
from tui.screens.export import ExportScreen
from tui.widgets.progress_chart import ProgressChart, chart_text

pytestmark = pytest.mark.anyio


@pytest.fixture
def store(store):
    caseload.build(store)
    return store


class Host(App):
    def __init__(self, store: Store, folder):
        super().__init__()
        self.store, self.folder = store, folder

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.store, Config(provider=caseload.PROVIDER), export_dir=self.folder))


def preview(app) -> str:
    return app.screen.query_one("#preview", TextArea).text


async def test_preview_copy_and_save(store, tmp_path):
    app = Host(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: preview(app).startswith("# Session notes"))
        assert "JB-1 (language) Answer inferencing questions about a read-aloud: 3/5 (60%), verbal cue" in preview(app)
        warnings = str(app.screen.query_one("#warnings").render())
        assert "not confirmed yet" in warnings

        app.screen.query_one("#student", Select).value = "Jordan Baker"
        app.screen.query_one("#kind", Select).value = "parent"
        assert await until(pilot, lambda: preview(app).startswith("# Speech and language update for Jordan Baker"))
        assert "JB-1" not in preview(app)

        await pilot.press("y")
        assert app.clipboard == preview(app)

        app.screen.query_one("#kind", Select).value = "note"
        app.screen.query_one("#deidentify", Checkbox).value = True
        assert await until(pilot, lambda: preview(app).startswith("# Session note: J.B."))
        assert "Jordan" not in preview(app) and "Baker" not in preview(app)
        await pilot.press("w")
        folder = tmp_path / "exports"
        assert await until(pilot, lambda: folder.exists() and any(folder.glob("*.docx")))
        saved = next(folder.glob("*.docx"))
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and "Jordan" not in saved.name
        text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
        assert "Session note: J.B." in text and "Baker" not in text


async def test_progress_chart_and_bad_date(store, tmp_path):
    app = Host(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#student", Select).value = "Jordan Baker"
        app.screen.query_one("#kind", Select).value = "progress"
        assert await until(pilot, lambda: preview(app).startswith("# Goal progress: Jordan Baker"))
        assert await until(pilot, lambda: len(app.screen.query(ProgressChart)) == 2)  # one per goal
        jb1 = str(chart_text(app.screen.query(ProgressChart).first().goal)).splitlines()
        # A column per session in date order: push-in 60, 80, 70 and pull-out 80, 100 (of 100).
        assert jb1[0] == "JB-1 language  target 80%"
        assert jb1[1] == " push-in ▅ ▆ ▆  3 sessions, average 70%, latest 70%"
        assert jb1[2] == "pull-out  ▆ █   2 sessions, average 90%, latest 100%"
        field = app.screen.query_one("#from", Input)
        field.value = "March 1"
        field.focus()
        await pilot.press("enter")
        assert await until(pilot, lambda: "YYYY-MM-DD" in str(app.screen.query_one("#warnings").render()))
        assert preview(app) == ""
        field.value = "2025-03-10"
        await pilot.press("enter")
        assert await until(pilot, lambda: "Period: 2025-03-10 to" in preview(app))
        assert "2025-03-04" not in preview(app)


async def test_the_app_opens_it_with_x(store):
    from tests.tui_helpers import make_app
    from tui.screens.main import MainScreen

    for session in store.open_sessions():  # else the app first asks whether to resume it
        store.end_session(session.id)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert await until(pilot, lambda: preview(app).startswith("# Session notes"))
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        app.shutdown()
