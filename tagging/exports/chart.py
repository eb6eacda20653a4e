"""The goal-progress chart: session scores over time, push-in and pull-out apart.

Drawn by hand in two forms from one layout: SVG text (for Markdown, and drawn
as vectors in PDFs by fpdf2; no dependency) and PNG through Pillow (for DOCX,
which cannot embed SVG; Pillow comes with fpdf2 and is imported only here,
when a PNG is drawn). Push-in points are orange
circles, pull-out points blue squares, the target a dashed line, so carryover
from the therapy room to the classroom shows at a glance.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from html import escape  # not xml.sax.saxutils: it imports urllib and email (~0.1 s)

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 140, 36, 44
COLOURS = {"push-in": (230, 120, 20), "pull-out": (40, 90, 200), "": (110, 110, 110)}
LEGEND_STEP = 90
LABELS = {"push-in": "push-in", "pull-out": "pull-out", "": "other"}


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    setting: str  # push-in | pull-out | ""


@dataclass(frozen=True)
class ChartSpec:
    title: str
    points: tuple[Point, ...]
    target: float | None
    unit: str  # "%" or "count" or "s"


def _layout(spec: ChartSpec):
    days = [p.day for p in spec.points] or [date(2000, 1, 1)]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top_value = 100.0 if spec.unit == "%" else max([p.value for p in spec.points] + [spec.target or 0, 1]) * 1.1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(max(value / top_value, 0), 1))

    ticks = [top_value * i / 4 for i in range(5)]
    return first, last, x, y, ticks


def _tick_label(value: float, unit: str) -> str:
    return f"{value:.0f}%" if unit == "%" else f"{value:.0f}"


def _series(spec: ChartSpec) -> dict[str, list[Point]]:
    series: dict[str, list[Point]] = {}
    for point in sorted(spec.points, key=lambda p: p.day):
        series.setdefault(point.setting if point.setting in COLOURS else "", []).append(point)
    return series


def svg(spec: ChartSpec) -> str:
    """The chart as a standalone SVG document."""
    first, last, x, y, ticks = _layout(spec)
    rgb = {k: f"rgb{v}" for k, v in COLOURS.items()}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{escape(spec.title)}</text>']
    for tick in ticks:
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{_tick_label(tick, spec.unit)}</text>')
    out.append(f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>')
    out.append(f'<text x="{LEFT}" y="{HEIGHT - BOTTOM + 18}">{first.isoformat()}</text>')
    out.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 18}" text-anchor="end">{last.isoformat()}</text>')
    if spec.target is not None:
        ty = y(spec.target)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#2a2" '
                   'stroke-dasharray="6 4" stroke-width="1.5"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 6}" y="{ty + 4:.1f}" fill="#2a2">target '
                   f'{_tick_label(spec.target, spec.unit)}</text>')
    legend_x = WIDTH - RIGHT - 2 * LEGEND_STEP + 40  # legend in the title row, right
    for setting, points in _series(spec).items():
        colour = rgb[setting]
        path = " ".join(f"{x(p.day):.1f},{y(p.value):.1f}" for p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for p in points:
            px, py = x(p.day), y(p.value)
            if setting == "pull-out":
                out.append(f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{colour}"/>')
            else:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>')
        out.append(f'<rect x="{legend_x}" y="12" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 16}" y="21">{LABELS[setting]}</text>')
        legend_x += LEGEND_STEP
    out.append("</svg>")
    return "\n".join(out) + "\n"


def png(spec: ChartSpec) -> bytes:
    """The same chart as PNG bytes (drawn at 2x for print)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=12 * scale)
        bold = ImageFont.load_default(size=14 * scale)
    except TypeError:  # Pillow without FreeType sizes
        font = bold = ImageFont.load_default()
    first, last, x, y, ticks = _layout(spec)

    def s(*values: float) -> list[float]:
        return [v * scale for v in values]

    draw.text(s(LEFT, 8), spec.title, fill="black", font=bold)
    for tick in ticks:
        ty = y(tick)
        draw.line(s(LEFT, ty, WIDTH - RIGHT, ty), fill=(221, 221, 221), width=scale)
        draw.text(s(LEFT - 6, ty), _tick_label(tick, spec.unit), fill="black", font=font, anchor="rm")
    draw.line(s(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM), fill=(51, 51, 51), width=scale)
    draw.text(s(LEFT, HEIGHT - BOTTOM + 8), first.isoformat(), fill="black", font=font)
    draw.text(s(WIDTH - RIGHT, HEIGHT - BOTTOM + 8), last.isoformat(), fill="black", font=font, anchor="ra")
    if spec.target is not None:
        ty = y(spec.target)
        start = LEFT
        while start < WIDTH - RIGHT:  # dashed: Pillow has no dash pattern
            draw.line(s(start, ty, min(start + 6, WIDTH - RIGHT), ty), fill=(34, 170, 34), width=2 * scale)
            start += 10
        draw.text(s(WIDTH - RIGHT + 6, ty), f"target {_tick_label(spec.target, spec.unit)}",
                  fill=(34, 170, 34), font=font, anchor="lm")
    legend_x = WIDTH - RIGHT - 2 * LEGEND_STEP + 40  # legend in the title row, right
    for setting, points in _series(spec).items():
        colour = COLOURS[setting]
        coords = [c for p in points for c in s(x(p.day), y(p.value))]
        if len(points) > 1:
            draw.line(coords, fill=colour, width=2 * scale)
        for p in points:
            px, py = x(p.day), y(p.value)
            box = s(px - 4, py - 4, px + 4, py + 4)
            (draw.rectangle if setting == "pull-out" else draw.ellipse)(box, fill=colour)
        draw.rectangle(s(legend_x, 12, legend_x + 10, 22), fill=colour)
        draw.text(s(legend_x + 16, 17), LABELS[setting], fill="black", font=font, anchor="lm")
        legend_x += LEGEND_STEP
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # speed over a few KB: it is re-encoded in PDFs
    return buffer.getvalue()
