"""Standard-library SVG line charts for monthly time series, plus the number-formatting helpers they use."""

from __future__ import annotations

import datetime
import html
import math
import re
from collections.abc import Mapping, Sequence

__all__ = ["human_number", "line_chart_svg", "nice_ticks"]

SVG_NS = "http://www.w3.org/2000/svg"

# Region names get stable, conventional colours so every chart in the report agrees.
DEFAULT_COLORS: dict[str, str] = {
    "china": "#d62728",
    "us": "#1f77b4",
    "eu": "#2ca02c",
    "other": "#9467bd",
    "unknown": "#7f7f7f",
}

# Tableau-10 minus the hues reserved above, so a non-region series never looks like a region.
PALETTE: tuple[str, ...] = (
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)
_MAX_X_LABELS = 12
_FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
# Characters XML 1.0 forbids even when escaped; one stray byte would make the whole SVG unparseable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def human_number(x: float) -> str:
    """Format a number compactly for axis labels, e.g. 1200 -> "1.2K", 1_150_000_000 -> "1.15B"."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "-∞" if x < 0 else "∞"
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a == 0:
        return "0"
    if a < 1:
        # Below one, significant digits matter more than a fixed number of decimals (0.025, 0.0004).
        text = f"{a:.3g}"
        return "0" if text == "0" else sign + text
    for suffix, scale in (("", 1.0), ("K", 1e3), ("M", 1e6), ("B", 1e9), ("T", 1e12)):
        scaled = round(a / scale, 2)
        # Promote when rounding pushes us to 1000 so 999_999 reads "1M", not "1000K".
        if scaled < 1000 or suffix == "T":
            text = f"{scaled:.2f}".rstrip("0").rstrip(".")
            return f"{sign}{text}{suffix}"
    raise AssertionError("unreachable")  # pragma: no cover


def _nice_step(span: float, n: int) -> float:
    raw = span / max(1, n)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        # The tolerance keeps 0.3/3 from being judged larger than 0.1 and jumping a whole step size.
        if multiple * magnitude >= raw * (1 - 1e-9):
            return multiple * magnitude
    return 10.0 * magnitude  # pragma: no cover


def _ticks_for_range(lo: float, hi: float, n: int) -> list[float]:
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [0.0, 1.0]
    step = _nice_step(hi - lo, n)
    # Enough decimals to show 2.5 * 10^k exactly, and rounding hides binary noise like 0.30000000000000004.
    decimals = max(0, 1 - math.floor(math.log10(step)))
    first = math.floor(lo / step + 1e-9)
    last = math.ceil(hi / step - 1e-9)
    ticks = [round(i * step, decimals) + 0.0 for i in range(first, last + 1)]
    if ticks[-1] < hi:
        ticks.append(round((last + 1) * step, decimals))
    if ticks[0] > lo:
        ticks.insert(0, round((first - 1) * step, decimals))
    return ticks


def nice_ticks(max_value: float, n: int = 5) -> list[float]:
    """Return about n round, increasing tick values from 0 up to at least max_value (1-2-2.5-5 steps)."""
    if not math.isfinite(max_value) or max_value <= 0:
        return [0.0, 1.0]
    return _ticks_for_range(0.0, float(max_value), n)


def _esc(text: object) -> str:
    return html.escape(_XML_INVALID.sub("", str(text)), quote=True)


def _month_index(d: datetime.date) -> int:
    return d.year * 12 + d.month - 1


def _month_start(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _series_colors(names: Sequence[str], overrides: Mapping[str, str] | None) -> dict[str, str]:
    overrides = overrides or {}
    colors: dict[str, str] = {}
    next_palette = 0
    for name in names:
        if name in overrides:
            colors[name] = overrides[name]
        elif name.strip().lower() in DEFAULT_COLORS:
            colors[name] = DEFAULT_COLORS[name.strip().lower()]
        else:
            colors[name] = PALETTE[next_palette % len(PALETTE)]
            next_palette += 1
    return colors


def _clean_points(points: Sequence[tuple[datetime.date, float]]) -> list[tuple[datetime.date, float]]:
    cleaned = []
    for day, value in points:
        if value is None:
            continue
        value = float(value)
        if math.isfinite(value):
            cleaned.append((day, value))
    # A stable sort keeps the polyline monotone in x even when callers hand over unordered rows.
    cleaned.sort(key=lambda p: p[0].toordinal())
    return cleaned


def _month_ticks(lo: int, hi: int) -> list[tuple[int, str, str]]:
    """Return (ordinal, month label, year label) for month starts within [lo, hi], at most ~12 of them."""
    first = _month_index(datetime.date.fromordinal(lo))
    if _month_start(first).toordinal() < lo:
        first += 1
    last = _month_index(datetime.date.fromordinal(hi))
    count = last - first + 1
    if count <= 0:
        return []
    step = next((s for s in _MONTH_STEPS if math.ceil(count / s) <= _MAX_X_LABELS), _MONTH_STEPS[-1])
    ticks = []
    previous_year = None
    for index in range(first, last + 1):
        # Aligning to multiples of the step lands ticks on Jan/Apr/Jul/Oct etc., which read naturally.
        if index % step:
            continue
        start = _month_start(index)
        if step >= 12:
            ticks.append((start.toordinal(), str(start.year), ""))
        else:
            year = str(start.year) if start.year != previous_year else ""
            ticks.append((start.toordinal(), _MONTHS[start.month - 1], year))
        previous_year = start.year
    return ticks


def _text_width(text: str, size: float) -> float:
    # A rough average glyph width; exact metrics would need a font engine.
    return len(text) * size * 0.6


def line_chart_svg(
    series: dict[str, list[tuple[datetime.date, float]]],
    *,
    title: str,
    y_label: str,
    width: int = 880,
    height: int = 420,
    colors: dict[str, str] | None = None,
    x_label: str = "Month",
) -> str:
    """Render named date/value series as a standalone SVG line chart with legend, month axis and nice y ticks."""
    names = list(series)
    palette = _series_colors(names, colors)
    cleaned = {name: _clean_points(series[name]) for name in names}
    non_empty = [name for name in names if cleaned[name]]

    out: list[str] = [
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_esc(title)}" font-family="{_esc(_FONT)}">',
        f"<title>{_esc(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2:.1f}" y="24" text-anchor="middle" font-size="16" font-weight="bold" '
        f'fill="#222222" class="chart-title">{_esc(title)}</text>',
    ]

    left, right, bottom = 76.0, 24.0, 66.0
    legend_size = 12.0
    legend_y = 46.0
    cursor_x = left
    legend_rows = 1 if names else 0
    legend_parts: list[str] = ['<g class="legend">']
    for name in names:
        label = name if cleaned[name] else f"{name} (no data)"
        item_width = 22 + _text_width(label, legend_size) + 18
        # Wrap rather than overflow so long series lists stay inside the chart.
        if cursor_x > left and cursor_x + item_width > width - right:
            cursor_x = left
            legend_rows += 1
        row_y = legend_y + (legend_rows - 1) * 18
        color = _esc(palette[name])
        dash = "" if cleaned[name] else ' stroke-dasharray="3 3"'
        legend_parts.append(
            f'<g class="legend-item" data-series="{_esc(name)}">'
            f'<line x1="{cursor_x:.1f}" y1="{row_y - 4:.1f}" x2="{cursor_x + 16:.1f}" y2="{row_y - 4:.1f}" '
            f'stroke="{color}" stroke-width="3"{dash}/>'
            f'<text x="{cursor_x + 22:.1f}" y="{row_y:.1f}" font-size="{legend_size:g}" fill="#333333">'
            f"{_esc(label)}</text></g>"
        )
        cursor_x += item_width
    legend_parts.append("</g>")
    out.extend(legend_parts)

    top = legend_y + max(legend_rows, 1) * 18
    x0, x1 = left, max(left + 40.0, width - right)
    y0, y1 = top, max(top + 40.0, height - bottom)

    out.append(
        f'<text x="{(x0 + x1) / 2:.1f}" y="{height - 10:.1f}" text-anchor="middle" font-size="12" '
        f'fill="#333333" class="axis-title">{_esc(x_label)}</text>'
    )
    out.append(
        f'<text x="16" y="{(y0 + y1) / 2:.1f}" text-anchor="middle" font-size="12" fill="#333333" '
        f'class="axis-title" transform="rotate(-90 16 {(y0 + y1) / 2:.1f})">{_esc(y_label)}</text>'
    )

    if not non_empty:
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="none" stroke="#cccccc"/>'
        )
        out.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{(y0 + y1) / 2:.1f}" text-anchor="middle" font-size="14" '
            f'fill="#777777" class="no-data">no data</text>'
        )
        out.append("</svg>")
        return "\n".join(out)

    all_points = [p for name in non_empty for p in cleaned[name]]
    lo_day = min(p[0].toordinal() for p in all_points)
    hi_day = max(p[0].toordinal() for p in all_points)
    if lo_day == hi_day:
        # A single date has no span; pad half a month either side, reaching back to its month's first day
        # so the tick labels name the month the point belongs to.
        month_start = _month_start(_month_index(datetime.date.fromordinal(lo_day))).toordinal()
        lo_day, hi_day = min(lo_day - 15, month_start), hi_day + 15
    x_ticks = _month_ticks(lo_day, hi_day)
    if not x_ticks:
        # All points fall inside one month: extend back to its first day so there is a labelled tick.
        start = _month_start(_month_index(datetime.date.fromordinal(lo_day)))
        lo_day = start.toordinal()
        x_ticks = _month_ticks(lo_day, hi_day)

    values = [p[1] for p in all_points]
    v_min, v_max = min(min(values), 0.0), max(values)
    y_ticks = nice_ticks(v_max) if v_min >= 0 else _ticks_for_range(v_min, max(v_max, 0.0), 5)
    y_lo, y_hi = y_ticks[0], y_ticks[-1]

    def sx(day: int) -> float:
        return x0 + (day - lo_day) / (hi_day - lo_day) * (x1 - x0)

    def sy(value: float) -> float:
        return y1 - (value - y_lo) / (y_hi - y_lo) * (y1 - y0)

    out.append('<g class="y-axis" font-size="11" fill="#555555">')
    for tick in y_ticks:
        y = sy(tick)
        grid = "#999999" if tick == 0 else "#e5e5e5"
        out.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="{grid}" stroke-width="1"/>')
        out.append(
            f'<text x="{x0 - 8:.1f}" y="{y + 4:.1f}" text-anchor="end">{_esc(human_number(tick))}</text>'
        )
    out.append("</g>")

    out.append('<g class="x-axis" font-size="11" fill="#555555">')
    out.append(f'<line x1="{x0:.1f}" y1="{y1:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#999999" stroke-width="1"/>')
    for day, month_label, year_label in x_ticks:
        x = sx(day)
        out.append(f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y1 + 5:.1f}" stroke="#999999"/>')
        out.append(f'<text class="x-tick" x="{x:.1f}" y="{y1 + 18:.1f}" text-anchor="middle">{_esc(month_label)}</text>')
        if year_label:
            out.append(
                f'<text class="x-tick-year" x="{x:.1f}" y="{y1 + 32:.1f}" text-anchor="middle" '
                f'font-weight="bold">{_esc(year_label)}</text>'
            )
    out.append("</g>")

    for name in non_empty:
        points = cleaned[name]
        color = _esc(palette[name])
        coords = " ".join(f"{sx(d.toordinal()):.1f},{sy(v):.1f}" for d, v in points)
        out.append(
            f'<polyline class="series" data-series="{_esc(name)}" points="{coords}" fill="none" '
            f'stroke="{color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        )
        # Markers make sparse or single-point series visible; on dense series they would only add clutter.
        if len(points) <= 24:
            out.append(f'<g class="markers" fill="{color}">')
            for d, v in points:
                out.append(f'<circle cx="{sx(d.toordinal()):.1f}" cy="{sy(v):.1f}" r="3"/>')
            out.append("</g>")

    out.append("</svg>")
    return "\n".join(out)
