"""Exports: turn confirmed observations into the documentation schools require.

Usage (the CLI and the export screen both go through here):

    export = build_export(store, "note", Scope(student="Jordan Baker"), ExportOptions(format="md"))
    rendered = render(export, "md")            # text or bytes, plus chart files
    paths = write_export(rendered, Path("out.md"))

Only confirmed observations become documentation; what was left out is in
`export.warnings`. With `deidentify`, names become initials before any
template runs, and file names are built from the de-identified data.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from models.config import private_open
from models.errors import PushinError
from models.store import Store
from tagging.exports import minutes, note, notes, parent, progress, teacher
from tagging.exports.base import Export
from tagging.exports.csvsafe import to_csv
from tagging.exports.data import ExportData, Scope, load
from tagging.exports.deidentify import Namer, deidentify
from tagging.exports.document import to_markdown, to_text
from tagging.exports.progress import MasteryRule

log = logging.getLogger(__name__)

KINDS = ("note", "teacher", "parent", "minutes", "progress", "notes")
FORMATS = ("md", "txt", "csv", "json", "docx", "pdf")
BINARY_FORMATS = ("docx", "pdf")
DEFAULT_FORMAT = {"notes": "json", "minutes": "csv"}
# Which formats each kind offers (a CSV needs a table; a memo list is data, not a document).
KIND_FORMATS = {
    "note": FORMATS,
    "teacher": ("md", "txt", "json", "docx", "pdf"),
    "parent": ("md", "txt", "json", "docx", "pdf"),
    "minutes": FORMATS,
    "progress": FORMATS,
    "notes": ("json", "csv"),
}

__all__ = ["Export", "ExportOptions", "Rendered", "Scope", "build_export", "render", "write_export", "KINDS",
           "FORMATS", "KIND_FORMATS", "default_format", "load"]


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    format: one of FORMATS; decides whether charts are drawn.
    deidentify: names become initials everywhere (text and file names).
    provider: the SLP's name on the documents (Config.provider).
    mastery_consecutive: sessions in a row at or above target that count as mastery.
    """

    format: str = "md"
    deidentify: bool = False
    provider: str = ""
    mastery_consecutive: int = 3


@dataclass
class Rendered:
    """An export in one format: the main file's content and any chart files beside it."""

    export: Export
    format: str
    content: str | bytes
    attachments: dict[str, bytes | str] = field(default_factory=dict)  # file name -> content

    @property
    def suggested_name(self) -> str:
        return f"{self.export.stem}.{self.format}"


def default_format(kind: str) -> str:
    return DEFAULT_FORMAT.get(kind, "md")


def check_format(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise PushinError(f"unknown export {kind!r}; choose one of {', '.join(KINDS)}")
    if fmt not in KIND_FORMATS[kind]:
        raise PushinError(f"the {kind} export has no {fmt} form; choose one of {', '.join(KIND_FORMATS[kind])}")


def build_export(store: Store, kind: str, scope: Scope, options: ExportOptions) -> Export:
    """Gather and fill one template. Raises PushinError for an unknown kind, format, student, goal or session."""
    check_format(kind, options.format)
    if kind == "notes":
        return notes.build(store, deidentify=options.deidentify)
    data: ExportData = load(store, scope, provider=options.provider)
    if options.deidentify:
        # Every caseload name, not only those in scope: a note may mention a classmate.
        data, _namer = deidentify(data, extra_names=caseload_names_all(store))
    if kind == "progress":
        built = progress.build(data, charts=options.format in ("md", "txt", "docx", "pdf"),
                               rule=MasteryRule(consecutive=options.mastery_consecutive))
    else:
        built = {"note": note.build, "teacher": teacher.build, "parent": parent.build,
                 "minutes": minutes.build}[kind](data)
    built.warnings = data.warnings()
    return built


def render(export: Export, fmt: str, *, with_charts: bool = True) -> Rendered:
    """The export in one format. with_charts: write chart files beside a md/txt file (off for stdout)."""
    check_format(export.kind, fmt)
    if fmt == "json":
        model = export.model
        if export.kind != "notes":  # the notes list is the CLI contract: a bare list
            model = {**model, "warnings": export.warnings}
        return Rendered(export, fmt, json.dumps(model, indent=2, ensure_ascii=False, default=str) + "\n")
    if fmt == "csv":
        return Rendered(export, fmt, to_csv(export.columns, export.rows))
    doc = export.document
    assert doc is not None  # check_format allows documents only for kinds that have one
    if fmt in ("md", "txt"):
        attachments: dict[str, bytes | str] = {}
        names: dict[str, str] = {}
        if with_charts:
            for chart in doc.charts():
                file_name = f"{export.stem}_{_safe(chart.name)}.svg"
                names[chart.name] = file_name
                attachments[file_name] = chart.svg()
        text = to_markdown(doc, names) if fmt == "md" else to_text(doc, names)
        return Rendered(export, fmt, text, attachments)
    from tagging.exports import office  # python-docx / fpdf2 only when asked for

    return Rendered(export, fmt, office.to_docx(doc) if fmt == "docx" else office.to_pdf(doc))


def _safe(text: str) -> str:
    from tagging.exports.base import file_safe

    return file_safe(text)


def write_export(rendered: Rendered, output: Path, *, namer: Namer | None = None) -> list[Path]:
    """Write the main file (0600) and its chart files beside it; returns every path written.

    output: a file, or an existing folder (the suggested name is used). namer: when
    de-identifying, applied to a file name the user gave, so no name reaches the disk.
    """
    path = output / rendered.suggested_name if output.is_dir() else output
    if namer is not None:
        path = path.with_name(namer(path.name))
    written = [path]
    _write(path, rendered.content)
    if rendered.attachments:
        # Chart files are named after the main file, so two exports never collide.
        rename = {}
        for name, content in rendered.attachments.items():
            target = path.with_name(f"{path.stem}_{name.removeprefix(rendered.export.stem + '_')}")
            rename[name] = target.name
            _write(target, content)
            written.append(target)
        if isinstance(rendered.content, str) and any(k != v for k, v in rename.items()):
            text = rendered.content
            for old, new in rename.items():
                text = text.replace(f"({old})", f"({new})").replace(f"- {old}]", f"- {new}]")
            _write(path, text)
    log.info("export written: %d file(s)", len(written))
    return written


def _write(path: Path, content: str | bytes) -> None:
    try:
        with private_open(path, "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as error:
        raise PushinError(f"{path}: cannot write the export: {error.strerror or error}") from error


def caseload_names_all(store: Store) -> list[str]:
    """Every student and teacher name the store knows."""
    people = store.rows("SELECT name, teacher FROM students")
    teachers = store.rows("SELECT DISTINCT teacher FROM sessions WHERE teacher IS NOT NULL AND teacher != ''")
    return ([p["name"] for p in people] + [p["teacher"] for p in people if p["teacher"]]
            + [t["teacher"] for t in teachers])


def namer_for(store: Store) -> Namer:
    """A Namer over the whole caseload (students and teachers), for user-given file names."""
    return Namer(caseload_names_all(store))
