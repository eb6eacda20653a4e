"""The export screen: pick a document, see it, copy it to the clipboard or save it.

The preview is exactly what `pushin export` writes (same templates, through
tagging.exports), built in a thread worker so a year of data never freezes the
UI. For goal progress a terminal chart shows each goal's session scores,
push-in and pull-out rows (tui/widgets/progress_chart.py). What was left out because nobody confirmed it is
shown above the preview, never hidden.

Open it with `app.push_screen(ExportScreen())` (it finds the store and config
at `app.services`), or give them: `ExportScreen(store, config)`.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Select, Static, TextArea
from textual.worker import Worker, get_current_worker

from models.config import Config, ensure_private_dir
from models.errors import PushinError
from models.store import Store
from tagging.exports import ExportOptions, Rendered, Scope, build_export, namer_for, render, write_export
from tui.widgets.progress_chart import ProgressChart

log = logging.getLogger(__name__)

KIND_LABELS = [("Session note", "note"), ("Teacher update", "teacher"), ("Parent summary", "parent"),
               ("Service minutes", "minutes"), ("Goal progress", "progress")]
PREVIEW_FORMATS = {"note": ("md", "txt", "csv", "json"), "teacher": ("md", "txt", "json"),
                   "parent": ("md", "txt", "json"), "minutes": ("csv", "md", "txt", "json"),
                   "progress": ("md", "txt", "csv", "json")}
SAVE_FORMATS = {"note": "docx", "progress": "pdf"}  # w saves these; others save as the preview's format
ALL = "__all__"


class ExportScreen(Screen):
    """Choose what to export; preview, copy (y) or save (w)."""

    DEFAULT_CSS = """
    ExportScreen #controls { height: auto; }
    ExportScreen #controls > * { width: 1fr; }
    ExportScreen #dates { height: auto; }
    ExportScreen #dates Input { width: 1fr; }
    ExportScreen #dates Checkbox { width: auto; }
    ExportScreen #warnings { height: auto; max-height: 4; padding: 0 1; color: $warning; }
    ExportScreen #preview { height: 1fr; }
    ExportScreen #charts { height: auto; max-height: 10; display: none; border-top: solid $secondary; }
    ExportScreen #charts.-shown { display: block; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("y", "copy", "Copy"),
        Binding("w", "save", "Save file"),
        Binding("f5", "refresh", "Refresh", show=False),
    ]

    def __init__(self, store: Store | None = None, config: Config | None = None, export_dir: Path | None = None):
        super().__init__()
        self._store = store
        self._config = config
        self._export_dir = export_dir
        self.rendered: Rendered | None = None
        self.preview_text = ""

    @property
    def store(self) -> Store:
        return self._store or self.app.services.store

    @property
    def config(self) -> Config:
        return self._config or getattr(getattr(self.app, "services", None), "config", None) or Config()

    @property
    def export_dir(self) -> Path:
        return self._export_dir or self.store.home / "exports"

    def compose(self) -> ComposeResult:
        yield Header()
        students = [(s.name, s.name) for s in self.store.students()]
        with Horizontal(id="controls"):
            yield Select(KIND_LABELS, value="note", allow_blank=False, id="kind")
            yield Select([("All students", ALL), *students], value=ALL, allow_blank=False, id="student")
            yield Select([("All goals", ALL)], value=ALL, allow_blank=False, id="goal")
            yield Select([(f, f) for f in PREVIEW_FORMATS["note"]], value="md", allow_blank=False, id="format")
        with Horizontal(id="dates"):
            yield Input(placeholder="from YYYY-MM-DD", id="from")
            yield Input(placeholder="to YYYY-MM-DD", id="to")
            yield Checkbox("De-identify", id="deidentify")
        yield Static("", id="warnings")
        yield TextArea("", read_only=True, id="preview")
        yield VerticalScroll(id="charts")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Export"
        self.action_refresh()

    # -- choices ------------------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            formats = PREVIEW_FORMATS[str(event.value)]
            chooser = self.query_one("#format", Select)
            current = chooser.value
            chooser.set_options([(f, f) for f in formats])
            chooser.value = current if current in formats else formats[0]
        elif event.select.id == "student":
            goals = self.query_one("#goal", Select)
            options = [("All goals", ALL)]
            student = next((s for s in self.store.students() if s.name == event.value), None)
            if student:
                options += [(f"{g.code} {g.area}", g.code) for g in student.goals]
            goals.set_options(options)
            goals.value = ALL
        self.action_refresh()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_refresh()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.action_refresh()

    def _choice(self, widget_id: str) -> str | None:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value in (ALL, Select.BLANK) else str(value)

    def _scope(self) -> Scope:
        dates = []
        for widget_id in ("from", "to"):
            text = self.query_one(f"#{widget_id}", Input).value.strip()
            try:
                dates.append(date.fromisoformat(text) if text else None)
            except ValueError:
                raise PushinError(f"{widget_id} date {text!r}: write it as YYYY-MM-DD") from None
        return Scope(student=self._choice("student"), goal=self._choice("goal"), date_from=dates[0],
                     date_to=dates[1])

    # -- building -----------------------------------------------------------------------

    def action_refresh(self) -> None:
        try:
            scope = self._scope()
        except PushinError as error:
            self._show_error(str(error))
            return
        kind = self._choice("kind") or "note"
        fmt = self._choice("format") or PREVIEW_FORMATS[kind][0]
        if fmt not in PREVIEW_FORMATS[kind]:
            fmt = PREVIEW_FORMATS[kind][0]
        self._build(kind, fmt, scope, self.query_one("#deidentify", Checkbox).value)

    @work(thread=True, exclusive=True, group="export")
    def _build(self, kind: str, fmt: str, scope: Scope, deidentify: bool) -> None:
        # A thread has its own SQLite connection (the store keeps one per thread).
        try:
            options = ExportOptions(format=fmt, deidentify=deidentify, provider=self.config.provider)
            built = build_export(self.store, kind, scope, options)
            rendered = render(built, fmt, with_charts=False)
        except PushinError as error:
            self.app.call_from_thread(self._show_error, str(error), get_current_worker())
            return
        except Exception as error:  # a template bug must not take the class app down
            log.exception("export preview failed")
            self.app.call_from_thread(self._show_error, f"the export failed: {error}", get_current_worker())
            return
        self.app.call_from_thread(self._show, rendered, get_current_worker())

    def _show(self, rendered: Rendered, worker: Worker | None = None) -> None:
        if worker is not None and worker.is_cancelled:
            return  # a newer choice replaced this build while it ran; its result must not win
        self.rendered = rendered
        text = rendered.content if isinstance(rendered.content, str) else ""
        self.preview_text = text
        self.query_one("#preview", TextArea).load_text(text)
        warnings = rendered.export.warnings
        self.query_one("#warnings", Static).update(
            f"{len(warnings)} item(s) not confirmed yet are left out (review them first):\n" + "\n".join(warnings[:3])
            + ("\n…" if len(warnings) > 3 else "") if warnings else "")
        self._show_charts(rendered)

    def _show_error(self, message: str, worker: Worker | None = None) -> None:
        if worker is not None and worker.is_cancelled:
            return
        self.rendered = None
        self.preview_text = ""
        self.query_one("#preview", TextArea).load_text("")
        self.query_one("#warnings", Static).update(message)
        self.notify(message, severity="error")

    def _show_charts(self, rendered: Rendered) -> None:
        """Progress: a terminal chart per goal (session scores, push-in and pull-out rows)."""
        box = self.query_one("#charts", VerticalScroll)
        box.remove_children()
        model = rendered.export.model
        goals = model.get("goals", []) if rendered.export.kind == "progress" and isinstance(model, dict) else []
        charts = [ProgressChart(goal) for goal in goals if any(s["score"] is not None for s in goal["sessions"])]
        box.set_class(bool(charts), "-shown")
        if charts:
            box.mount(*charts)

    # -- output -------------------------------------------------------------------------

    def action_copy(self) -> None:
        if not self.preview_text:
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(self.preview_text)
        self.notify("Copied to the clipboard: paste it into the IEP system.")

    def action_save(self) -> None:
        if self.rendered is None:
            self.notify("Nothing to save yet.", severity="warning")
            return
        self._save(self.rendered.export.kind, self.rendered.format, self._scope(),
                   self.query_one("#deidentify", Checkbox).value)

    @work(thread=True, exclusive=True, group="export-save")
    def _save(self, kind: str, preview_format: str, scope: Scope, deidentify: bool) -> None:
        fmt = SAVE_FORMATS.get(kind, preview_format)
        try:
            options = ExportOptions(format=fmt, deidentify=deidentify, provider=self.config.provider)
            rendered = render(build_export(self.store, kind, scope, options), fmt)
            folder = ensure_private_dir(self.export_dir)
            paths = write_export(rendered, folder, namer=namer_for(self.store) if deidentify else None)
        except PushinError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved {paths[0]}")
