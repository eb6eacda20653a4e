"""DOCX and PDF renderers of the document model (python-docx, fpdf2; imported when used).

PDF text uses the built-in Helvetica while every letter is Latin-1 (fast, no
font file). A name beyond Latin-1 needs a TrueType font, looked up in the
usual system places; without one, such letters become '?', with a log warning
(the DOCX never has that problem: Word picks its own fonts).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from tagging.exports.document import Bullets, Chart, Document, Heading, Paragraph, Table

log = logging.getLogger(__name__)

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)


def to_docx(doc: Document) -> bytes:
    import docx
    from docx.shared import Inches

    out = docx.Document()
    out.core_properties.title = doc.title
    out.core_properties.author = ""  # no account name leaks into the file
    # Style ids looked up once and set on the paragraph's XML: python-docx scans
    # every style on each `style=` assignment, which made a year-long note take seconds.
    styles = {name: out.styles[name] for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                                                  "Table Grid")}

    def styled(text: str, name: str) -> None:
        paragraph = out.add_paragraph(text)
        paragraph._p.style = styles[name].style_id

    styled(doc.title, "Title")
    for block in doc.blocks:
        if isinstance(block, Heading):
            styled(block.text, f"Heading {min(max(block.level - 1, 1), 3)}")
        elif isinstance(block, Paragraph):
            out.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                styled(item, "List Bullet")
        elif isinstance(block, Table):
            table = out.add_table(rows=1, cols=len(block.header))
            table.style = styles["Table Grid"]
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _append_rows(table, block.rows)
            out.add_paragraph()
        elif isinstance(block, Chart):
            out.add_picture(io.BytesIO(block.png()), width=Inches(6))
            out.add_paragraph(block.caption)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _append_rows(table, rows: tuple[tuple[str, ...], ...]) -> None:
    """Body rows as one parsed XML fragment: python-docx's add_row and cell.text cost
    about a millisecond a cell, too slow for a year of sessions."""
    from html import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def cell(text: str) -> str:
        text = "".join(c for c in text if c in "\t\n" or ord(c) >= 32)  # XML forbids other controls
        return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'

    body = "".join("<w:tr>" + "".join(cell(text) for text in row) + "</w:tr>" for row in rows)
    fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
    for tr in list(fragment):
        table._tbl.append(tr)


def _needs_unicode(doc: Document) -> bool:
    texts = [doc.title]
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts.extend(block.items)
        elif isinstance(block, Table):
            texts.extend(block.header)
            texts.extend(c for row in block.rows for c in row)
        elif isinstance(block, Chart):
            texts.append(block.caption)
    return any(ord(c) > 255 for text in texts for c in text)


def _font() -> tuple[str, str] | None:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


class _Writer:
    """Lines and tables drawn with FPDF.cell, wrapped here.

    fpdf2's multi_cell and table() cost about 1-3 ms per call; a year of
    session notes has thousands of lines, so words are measured once and each
    wrapped line is one cheap cell (a note or progress report stays well
    under a second).
    """

    def __init__(self, pdf, family: str, clean):
        self.pdf = pdf
        self.family = family
        self.clean = clean
        self._widths: dict[tuple[str, int, str], float] = {}

    def width(self, text: str, size: int, style: str = "") -> float:
        key = (text, size, style)
        if key not in self._widths:
            self._widths[key] = self.pdf.get_string_width(text)
        return self._widths[key]

    def wrap(self, text: str, width: float, size: int, style: str = "") -> list[str]:
        space = self.width(" ", size, style)
        lines: list[str] = []
        for paragraph in self.clean(text).split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split(" "):
                word_w = self.width(word, size, style)
                if line and line_w + space + word_w > width:
                    lines.append(line)
                    line, line_w = "", 0.0
                while word_w > width and len(word) > 1:  # a word longer than the line: cut it
                    cut = max(1, int(len(word) * width / word_w) - 1)
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_w = self.width(word, size, style)
                line, line_w = (f"{line} {word}", line_w + space + word_w) if line else (word, word_w)
            lines.append(line)
        return lines

    def text(self, text: str, size: int, style: str = "", height: float = 5, indent: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, style, size)
        for line in self.wrap(text, pdf.epw - indent, size, style):
            if pdf.will_page_break(height):
                pdf.add_page()
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(pdf.epw - indent, height, line, new_x="LMARGIN", new_y="NEXT")

    def table(self, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], size: int = 9) -> None:
        pdf = self.pdf
        height, pad = 4.5, 1.2
        # Column widths in proportion to their widest text, within the page.
        natural = [max([self.width(self.clean(c), size, "B") for c in (header[i],)]
                       + [self.width(self.clean(r[i]), size) for r in rows]) + 2 * pad + 1
                   for i in range(len(header))]
        total = sum(natural)
        widths = natural if total <= pdf.epw else [w * pdf.epw / total for w in natural]

        def draw(row: tuple[str, ...], style: str) -> None:
            pdf.set_font(self.family, style, size)
            cells = [self.wrap(text, w - 2 * pad, size, style) for text, w in zip(row, widths, strict=True)]
            row_h = max(len(c) for c in cells) * height
            if pdf.will_page_break(row_h):
                pdf.add_page()
                if style == "":
                    draw(header, "B")
                    pdf.set_font(self.family, style, size)
            x, y = pdf.l_margin, pdf.get_y()
            for lines, w in zip(cells, widths, strict=True):
                pdf.rect(x, y, w, row_h)
                for n, line in enumerate(lines):
                    pdf.set_xy(x + pad, y + n * height)
                    pdf.cell(w - 2 * pad, height, line)
                x += w
            pdf.set_xy(pdf.l_margin, y + row_h)

        draw(header, "B")
        for row in rows:
            draw(row, "")


def to_pdf(doc: Document) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_creator("pushin")
    pdf.set_title(doc.title)
    pdf.set_auto_page_break(auto=True, margin=15)
    # Core Helvetica needs no font file parsed or subset (fast); a TrueType font only
    # when a name or note has letters beyond Latin-1.
    font = _font() if _needs_unicode(doc) else None
    if font:
        pdf.add_font("Body", "", font[0])
        pdf.add_font("Body", "B", font[1])
        family = "Body"

        def clean(text: str) -> str:
            return text
    else:
        if _needs_unicode(doc):
            log.warning("no Unicode TrueType font found: PDF letters outside Latin-1 are shown as '?'")
        family = "Helvetica"

        def clean(text: str) -> str:
            return text.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    out = _Writer(pdf, family, clean)
    out.text(doc.title, 16, "B", height=8)
    pdf.ln(2)
    bullet = "\u2022 " if font else "- "
    for block in doc.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            out.text(block.text, 13 if block.level <= 2 else 11, "B", height=7)
        elif isinstance(block, Paragraph):
            out.text(block.text, 10)
            pdf.ln(2)
        elif isinstance(block, Bullets):
            for item in block.items:
                out.text(bullet + item, 10, indent=4)
            pdf.ln(2)
        elif isinstance(block, Table):
            out.table(block.header, block.rows)
            pdf.ln(3)
        elif isinstance(block, Chart):
            if pdf.will_page_break(80):
                pdf.add_page()
            # fpdf2 draws the SVG as vectors: sharp, small, and no PNG to encode and decode.
            pdf.image(io.BytesIO(block.svg().encode("utf-8")), w=min(pdf.epw, 170))
            out.text(block.caption, 9)
            pdf.ln(2)
    return bytes(pdf.output())
