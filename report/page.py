"""Assemble charts, tables and notices into one self-contained HTML5 report page (no external assets, no JavaScript)."""

from __future__ import annotations

import base64
import datetime
import html
import math
import re
from dataclasses import dataclass

__all__ = ["Section", "render_report", "svg_data_uri"]

# Inline so the page can be mailed, attached to a release or opened offline and still look the same.
_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #1f2328;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { font-size: 1.7rem; margin: 0 0 4px; }
header .generated { color: #57606a; font-size: 0.9rem; margin: 0 0 16px; }
.notices { border: 2px solid #d4a72c; border-left-width: 8px; background: #fff8c5;
  border-radius: 6px; padding: 12px 16px; margin: 0 0 24px; }
.notices strong { display: block; margin-bottom: 4px; }
.notices ul { margin: 0; padding-left: 20px; }
.notices li { margin: 2px 0; font-weight: 600; }
nav.toc { margin: 0 0 24px; font-size: 0.92rem; }
nav.toc ol { margin: 4px 0 0; padding-left: 22px; }
section.report-section { background: #ffffff; border: 1px solid #d0d7de; border-radius: 8px;
  padding: 16px 20px 12px; margin: 0 0 24px; }
section.report-section h2 { font-size: 1.25rem; margin: 0 0 6px; }
.description p { margin: 0 0 8px; }
figure.chart { margin: 8px 0; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.table-wrap { max-height: 360px; overflow: auto; margin: 8px 0; border: 1px solid #d0d7de; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 0.82rem; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eaeef2; text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #f6f8fa; }
td.num { text-align: right; }
p.source { color: #57606a; font-size: 0.82rem; margin: 8px 0 0; }
footer { color: #57606a; font-size: 0.8rem; text-align: center; }
"""

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


@dataclass
class Section:
    """One report section: a heading, prose, an inline SVG chart, an optional data table and a credit line."""

    heading: str
    description: str
    svg: str
    table_rows: list[dict] | None = None
    source_line: str = ""


def svg_data_uri(svg: str) -> str:
    """Return the SVG as a base64 `data:image/svg+xml` URI, for embedding as an image in markdown."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 2
    # Headings can repeat; anchors must not, or the contents links jump to the wrong section.
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _format_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        # Thousands-separated for big measures, four significant digits for shares and ratios.
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _render_table(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    parts = ['<div class="table-wrap"><table>', "<thead><tr>"]
    parts.extend(f'<th scope="col">{_esc(col)}</th>' for col in columns)
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>")
        for col in columns:
            value = row.get(col)
            css = ' class="num"' if _is_number(value) else ""
            parts.append(f"<td{css}>{_esc(_format_cell(value))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _render_description(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{_esc(p)}</p>" for p in paragraphs)


def render_report(*, title: str, generated_at: str, sections: list[Section], notices: list[str]) -> str:
    """Render the full report as one self-contained HTML5 document with notices, charts, tables and credits."""
    used: set[str] = set()
    slugs = [_slug(section.heading, used) for section in sections]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="generated">Generated {_esc(generated_at)}</p>',
        "</header>",
    ]
    if notices:
        out.append('<aside class="notices" role="note"><strong>Please note</strong><ul>')
        out.extend(f"<li>{_esc(notice)}</li>" for notice in notices)
        out.append("</ul></aside>")
    if len(sections) > 1:
        out.append('<nav class="toc"><strong>Contents</strong><ol>')
        out.extend(f'<li><a href="#{slug}">{_esc(s.heading)}</a></li>' for s, slug in zip(sections, slugs))
        out.append("</ol></nav>")
    for section, slug in zip(sections, slugs):
        out.append(f'<section class="report-section" id="{slug}">')
        out.append(f"<h2>{_esc(section.heading)}</h2>")
        if section.description:
            out.append(f'<div class="description">{_render_description(section.description)}</div>')
        if section.svg:
            # The SVG is trusted markup from report.charts; an XML declaration is not allowed mid-document.
            out.append(f'<figure class="chart">{_XML_DECL.sub("", section.svg)}</figure>')
        if section.table_rows:
            out.append(_render_table(section.table_rows))
        if section.source_line:
            out.append(f'<p class="source">{_esc(section.source_line)}</p>')
        out.append("</section>")
    out.append(f"<footer>{_esc(title)} · generated {_esc(generated_at)}</footer>")
    out.extend(["</main>", "</body>", "</html>"])
    return "\n".join(out) + "\n"
