"""The copy of a drop-in as one HTML file: to open on a phone or print on A4.

Self-contained: the styles are inline and the timeline is an inline SVG, so it reads the
same from an email attachment with no network. The sections are the Markdown copy's
(core/visit.py) rendered by markdown-it-py with raw HTML off, so a note's `<b>` is text.
"""

from __future__ import annotations

from html import escape

from observer_tui.core.kinds import NoteKind
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.timer import clock_text
from observer_tui.core.visit import timeline, visit_sections

KIND_COLOURS = {
    NoteKind.STRENGTH: "#1b7a35",
    NoteKind.GROWTH: "#b34700",
    NoteKind.QUESTION: "#1f5fae",
    NoteKind.SURPRISE: "#7b2d9a",
    NoteKind.PLAIN: "#555555",
}
"""One colour per kind of note, dark enough to read on paper."""

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.1rem 2rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 0.4rem; padding-bottom: 0.15rem;
  border-bottom: 2px solid #d8d8d8; }
h3 { font-size: 1.02rem; margin: 1rem 0 0.3rem; }
p, li { overflow-wrap: anywhere; }
ul { padding-left: 1.2rem; margin: 0.3rem 0; }
li { margin: 0.15rem 0; }
blockquote { margin: 0.4rem 0; padding: 0.2rem 0.8rem; border-left: 4px solid #c9c9c9;
  background: #f6f6f6; }
blockquote p { margin: 0.3rem 0; }
.header ul { list-style: none; padding: 0; display: grid; gap: 0 1rem;
  grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); }
.header p { color: #444; font-size: 0.92em; }
.step { border: 2px solid #1b7a35; border-radius: 6px; padding: 0 0.9rem 0.5rem;
  margin-top: 1rem; }
.step h2 { border: 0; margin-top: 0.7rem; }
.step h2 + p strong { font-size: 1.08rem; }
table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #cfcfcf; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #f0f0f0; }
em { color: #444; }
figure { margin: 0.6rem 0 0.8rem; }
figure svg { width: 100%; max-width: 34rem; height: auto; display: block; }
figcaption { font-size: 0.85rem; color: #444; }
.key { display: inline-block; margin-right: 0.8rem; white-space: nowrap; }
.key i { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%;
  margin-right: 0.25rem; vertical-align: -0.05rem; }
@page { size: A4; margin: 12mm 14mm; }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; }
  p { margin: 0.35rem 0; }
  blockquote { margin: 0.25rem 0; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 15pt; }
  h2 { font-size: 12pt; margin: 0.7rem 0 0.3rem; break-after: avoid; }
  h3 { font-size: 10.5pt; break-after: avoid; }
  li, blockquote, tr, figure, .step { break-inside: avoid; }
  figure svg { max-width: 28rem; }
  blockquote { background: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _markdown() -> object:
    # Imported here: only an HTML export needs the parser (textual brings it already).
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _tenth(coordinate: float) -> float:
    """A coordinate to a tenth of a unit, as an SVG needs it: 21.7, never the
    21.700000000000017 that adding floats makes."""
    return round(coordinate, 1)


def timeline_svg(session: Session) -> str:
    """The drop-in along its minutes: a row of dots per kind of note, the snapshot marks
    (shaded when due, a diamond when taken) and the pauses (a dashed line)."""
    line = timeline(session)
    kinds = line.kinds
    has_snaps = line.has_snapshots
    rows = [k.label for k in kinds] + (["snapshot"] if has_snaps else [])
    end = line.end
    # Narrow, so that its words stay readable when a phone shrinks it to fit.
    left, right, top, row_h = 86, 10, 6, 22
    width = 440
    height = top + row_h * max(len(rows), 1) + 26
    span = width - left - right

    def x(seconds: float) -> float:
        return _tenth(left + span * min(seconds, end) / end)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="Timeline of the drop-in: {len(line.notes)} notes over'
        f' {clock_text(end)}" font-family="sans-serif" font-size="13">'
    ]
    minutes = end / 60
    step = next(s for s in (1, 2, 5, 10, 15, 30, 60) if minutes / s <= 8)
    bottom = top + row_h * max(len(rows), 1)
    for minute in range(0, int(minutes) + 1, step):
        at = x(minute * 60)
        parts.append(f'<line x1="{at}" y1="{top}" x2="{at}" y2="{bottom}" stroke="#e2e2e2"/>')
        parts.append(
            f'<text x="{at}" y="{bottom + 15}" text-anchor="middle" fill="#444">{minute}</text>'
        )
    parts.append(f'<text x="{left - 8}" y="{bottom + 15}" text-anchor="end" fill="#444">min</text>')
    for start, stop in line.due:
        a, b = x(start), x(stop)
        parts.append(
            f'<rect x="{a}" y="{top}" width="{_tenth(max(b - a, 1))}" height="{bottom - top}"'
            ' fill="#f1e7b5" opacity="0.6"/>'
        )
    for number, label in enumerate(rows):
        y = top + row_h * number + row_h / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" fill="#222">{label}</text>'
        )
    for number, kind in enumerate(kinds):
        y = top + row_h * number + row_h / 2
        for note_kind, offset in line.notes:
            if note_kind is kind:
                parts.append(
                    f'<circle cx="{x(offset)}" cy="{y}" r="5" fill="{KIND_COLOURS[kind]}"'
                    f' fill-opacity="0.85"><title>{clock_text(offset)}</title></circle>'
                )
    if has_snaps:
        y = top + row_h * len(kinds) + row_h / 2
        for offset in line.snapshots:
            at = x(offset)
            corners = (at, y - 6), (_tenth(at + 6), y), (at, y + 6), (_tenth(at - 6), y)
            path = " L".join(f"{px} {py}" for px, py in corners)
            parts.append(
                f'<path d="M{path} Z"'
                f' fill="#8a6d00"><title>snapshot {clock_text(offset)}</title></path>'
            )
    for offset in line.pauses:
        at = x(offset)
        parts.append(
            f'<line x1="{at}" y1="{top}" x2="{at}" y2="{bottom}" stroke="#222"'
            ' stroke-dasharray="3 3"><title>paused</title></line>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _key(session: Session) -> str:
    kinds = [k for k in NoteKind if any(n.kind is k for n in session.notes)]
    items = [
        f'<span class="key"><i style="background:{KIND_COLOURS[k]}"></i>{k.label}</span>'
        for k in kinds
    ]
    if session.snapshot_spec is not None and (session.snapshots or session.snapshot_spec.marks):
        items.append('<span class="key">◆ snapshot taken, shaded when due</span>')
    if session.pauses:
        items.append('<span class="key">┆ paused</span>')
    return "".join(items)


def visit_html(session: Session, rubric: Rubric | None) -> str:
    """The copy as one HTML page, with nothing fetched from anywhere."""
    parser = _markdown()
    render = parser.render  # type: ignore[attr-defined]
    body = []
    title = ""
    for section in visit_sections(session, rubric):
        level = "h1" if section.key == "header" else "h2"
        heading = render(section.title).strip().removeprefix("<p>").removesuffix("</p>")
        title = title or heading
        extra = ""
        if section.key == "seen" and session.notes:
            extra = (
                f"<figure>{timeline_svg(session)}<figcaption>{_key(session)}</figcaption></figure>"
            )
        key = escape(section.key)
        body.append(
            f'<section class="{key}" id="{key}"><{level}>{heading}</{level}>'
            f"{extra}{render(section.body)}</section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
