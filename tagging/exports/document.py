"""A tiny document model every template fills, and its Markdown and text renderers.

A template says what to write (headings, paragraphs, bullet lists, tables,
charts); the renderers decide how each format shows it, so a session note reads
the same in Markdown, plain text, DOCX and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tagging.exports import chart
from tagging.exports.chart import ChartSpec


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document title


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A chart: the renderers embed the PNG (DOCX, PDF) or link the SVG file (Markdown)."""

    name: str  # file-name stem for the chart file, e.g. "JB-1"
    caption: str
    spec: ChartSpec

    def svg(self) -> str:
        return chart.svg(self.spec)

    def png(self) -> bytes:
        return chart.png(self.spec)  # drawn only for the formats that embed it


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


def _md_escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Document, chart_files: dict[str, str] | None = None) -> str:
    """Markdown; a chart becomes an image link when its file was written (chart_files: name -> file name)."""
    lines = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * max(2, block.level)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_md_escape_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join(" --- " for _ in block.header) + "|")
            lines += ["| " + " | ".join(_md_escape_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        elif isinstance(block, Chart):
            target = (chart_files or {}).get(block.name)
            if target:
                lines += [f"![{block.caption}]({target})", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_text(doc: Document, chart_files: dict[str, str] | None = None) -> str:
    """Plain text to paste into a form: no markup, tables as aligned columns."""
    lines = [doc.title, "=" * len(doc.title), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            underline = "-" if block.level <= 2 else "~"
            lines += [block.text, underline * len(block.text), ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            widths = [len(h) for h in block.header]
            for row in block.rows:
                widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
            for row in (block.header, tuple("-" * w for w in widths), *block.rows):
                lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            lines.append("")
        elif isinstance(block, Chart):
            target = (chart_files or {}).get(block.name)
            if target:
                lines += [f"[Chart: {block.caption} - {target}]", ""]
    return "\n".join(lines).rstrip() + "\n"
