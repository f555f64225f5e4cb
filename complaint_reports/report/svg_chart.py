"""Charts of the printed review drawn as inline SVG on the server: they print
with any wkhtmltopdf build (no JavaScript runs there) and in any language
(the text is the page's, in its fonts)."""

import unicodedata

from markupsafe import Markup, escape

FONT = 'font-family="Lato, Noto Sans CJK SC, sans-serif"'
AXIS_COLOUR = "#999"
GRID_COLOUR = "#e4e4e4"
TEXT_COLOUR = "#333"


def _nice_max(value):
    """The top of the axis: 1, 2, 2.5 or 5 times a power of ten, >= value."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _number(value):
    """A figure of the chart: its digits grouped, never an exponent (``:g``
    wrote a million as "1e+06"), one decimal when it has one."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _svg(width, height, parts):
    # as wide as the page allows, the height following from the view box
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'style="height: auto;" {FONT}>{"".join(parts)}</svg>'
    )


def _width(char):
    """Room a character takes, in Latin letters: a Chinese one takes two."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _clip(text, size):
    """``text`` cut to ``size`` Latin letters of room, with an ellipsis."""
    text = str(text or "")
    if sum(map(_width, text)) <= size:
        return text
    room = size - 1  # the ellipsis
    for end, char in enumerate(text):
        room -= _width(char)
        if room < 0:
            return text[:end] + "…"
    return text


def column_chart(labels, series, width=680, height=150):
    """Grouped columns, one group per label (months), one column per series
    (name, colour, values), with the values over the columns and a legend.

    :return: Markup of an ``<svg>`` element
    """
    left, right, top, bottom = 34, 8, 22, 34
    plot_w = width - left - right
    plot_h = height - top - bottom
    top_value = _nice_max(max((max(v, default=0) for _n, _c, v in series), default=0))
    parts = []
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR if tick else AXIS_COLOUR}"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" '
            f'font-size="9" fill="{TEXT_COLOUR}">{_number(round(value, 1))}</text>'
        )
    group_w = plot_w / max(len(labels), 1)
    bar_w = min(22, group_w * 0.8 / max(len(series), 1))
    for index, label in enumerate(labels):
        x0 = left + group_w * index + (group_w - bar_w * len(series)) / 2
        for position, (_name, colour, values) in enumerate(series):
            value = values[index]
            bar_h = plot_h * value / top_value
            x = x0 + position * bar_w
            y = top + plot_h - bar_h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{bar_h:.1f}" fill="{colour}"/>'
            )
            if value:
                parts.append(
                    f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" '
                    f'text-anchor="middle" font-size="9" fill="{TEXT_COLOUR}">'
                    f"{_number(value)}</text>"
                )
        parts.append(
            f'<text x="{left + group_w * (index + 0.5):.1f}" '
            f'y="{top + plot_h + 13}" text-anchor="middle" font-size="9.5" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    x = left
    for name, colour, _values in series:
        parts.append(
            f'<rect x="{x}" y="{height - 10}" width="9" height="9" fill="{colour}"/>'
            f'<text x="{x + 12}" y="{height - 2}" font-size="9.5" '
            f'fill="{TEXT_COLOUR}">{escape(name)}</text>'
        )
        # a Chinese character takes the room of two Latin letters
        x += 24 + 7 * sum(map(_width, str(name)))
    return _svg(width, height, parts)


def bar_chart(rows, colour, width=330, label_width=130, row_height=17):
    """Horizontal bars: rows of (label, value, text shown after the bar).

    :return: Markup of an ``<svg>`` element, or an empty Markup without rows
    """
    if not rows:
        return Markup()
    height = row_height * len(rows) + 4
    top_value = max(value for _l, value, _t in rows) or 1
    bar_space = width - label_width - 70
    parts = []
    for index, (label, value, text) in enumerate(rows):
        y = 2 + index * row_height
        bar_w = bar_space * value / top_value
        parts.append(
            f'<text x="{label_width - 5}" y="{y + row_height - 6}" '
            f'text-anchor="end" font-size="9.5" fill="{TEXT_COLOUR}">'
            f"{escape(_clip(label, label_width // 6))}</text>"
            f'<rect x="{label_width}" y="{y + 2}" width="{bar_w:.1f}" '
            f'height="{row_height - 5}" fill="{colour}"/>'
            f'<text x="{label_width + bar_w + 4:.1f}" y="{y + row_height - 6}" '
            f'font-size="9" fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
    return _svg(width, height, parts)
