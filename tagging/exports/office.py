"""DOCX and PDF renderers of the document model (python-docx, fpdf2; imported when used).

PDF text needs a font with the students' letters (names are Unicode), so a
TrueType font is looked up in the usual system places; without one the PDF
falls back to Helvetica and letters outside Latin-1 become '?', with a log
warning (the DOCX never has that problem: Word picks its own fonts).
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
    out.add_heading(doc.title, level=0)
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=min(max(block.level - 1, 1), 4))
        elif isinstance(block, Paragraph):
            out.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                out.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            table = out.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
            out.add_paragraph()
        elif isinstance(block, Chart):
            out.add_picture(io.BytesIO(block.png()), width=Inches(6))
            out.add_paragraph(block.caption)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _font() -> tuple[str, str] | None:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def to_pdf(doc: Document) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="Letter")
    pdf.set_creator("pushin")
    pdf.set_title(doc.title)
    pdf.set_auto_page_break(auto=True, margin=15)
    font = _font()
    if font:
        pdf.add_font("Body", "", font[0])
        pdf.add_font("Body", "B", font[1])
        family = "Body"

        def clean(text: str) -> str:
            return text
    else:
        log.warning("no Unicode TrueType font found: PDF letters outside Latin-1 are shown as '?'")
        family = "Helvetica"

        def clean(text: str) -> str:
            return text.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    width = pdf.epw
    new_line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(width, 8, clean(doc.title), **new_line)
    pdf.ln(2)
    for block in doc.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            pdf.set_font(family, "B", 13 if block.level <= 2 else 11)
            pdf.multi_cell(width, 7, clean(block.text), **new_line)
        elif isinstance(block, Paragraph):
            pdf.set_font(family, "", 10)
            pdf.multi_cell(width, 5, clean(block.text), **new_line)
            pdf.ln(2)
        elif isinstance(block, Bullets):
            pdf.set_font(family, "", 10)
            for item in block.items:
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(width - 4, 5, clean("• " + item if font else "- " + item), **new_line)
            pdf.ln(2)
        elif isinstance(block, Table):
            pdf.set_font(family, "", 9)
            with pdf.table(line_height=5, first_row_as_headings=True) as table:
                for row in (block.header, *block.rows):
                    cells = table.row()
                    for text in row:
                        cells.cell(clean(text))
            pdf.ln(3)
        elif isinstance(block, Chart):
            pdf.image(io.BytesIO(block.png()), w=min(width, 170))
            pdf.set_font(family, "", 9)
            pdf.multi_cell(width, 5, clean(block.caption), **new_line)
            pdf.ln(2)
    return bytes(pdf.output())
