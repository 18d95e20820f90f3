"""Bar charts drawn on the server as SVG: no script, no external resource, no inline style (colours are CSS
classes in desk.css).

Small counts stay hidden in the drawing as in the tables: a value below figures.SMALL is drawn as the same
short hatched stub whatever it is (0 to 4), labelled "<5", so that neither a bar's height nor its title
gives the number away.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from bot.desk.figures import HIDDEN, SMALL

WIDTH, HEIGHT = 960, 200
TOP, BOTTOM, LEFT, RIGHT = 14, 28, 40, 8
STUB = 3   # the height of a hidden value's bar


def _nice(top: int) -> int:
    """A round upper bound for the axis."""
    if top <= 10:
        return 10
    step = 10 ** (len(str(top)) - 1)
    return -(-top // step) * step


def bar_chart(labels: list[str], series: list[tuple[str, list[int]]], title: str) -> Markup:
    """Grouped bars: one group per label (a week), one bar per series; `title` names the chart for screen readers."""
    count = max(len(labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    shown = [value for _, values in series for value in values if value >= SMALL]
    top = _nice(max(shown, default=SMALL))
    slot = plot_w / count
    bar = max(slot * 0.8 / max(len(series), 1), 1.0)
    every = max(1, -(-count * 44 // plot_w))   # a label every `every` groups, about 44 units apart
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
             f'<line class="grid" x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}"/>',
             f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{top}</text>',
             f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>']
    for index, label in enumerate(labels):
        x0 = LEFT + index * slot + slot * 0.1
        for number, (name, values) in enumerate(series):
            value = values[index] if index < len(values) else 0
            x = x0 + number * bar
            height: float
            if value < SMALL:
                height, kind, text = STUB, "hidden", HIDDEN
            else:
                height, kind, text = max(plot_h * value / top, STUB), f"s{number}", str(value)
            y = TOP + plot_h - height
            tip = f"{escape(label)} · {escape(name)}: {escape(text)}"
            parts.append(f'<rect class="bar {kind}" x="{x:.1f}" y="{y:.1f}" width="{max(bar - 1, 1):.1f}" '
                         f'height="{height:.1f}"><title>{tip}</title></rect>')
        if index % every == 0:
            parts.append(f'<text class="tick" x="{x0 + slot * 0.4:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["bar_chart"]
