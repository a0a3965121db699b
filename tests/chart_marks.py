"""What a plotly figure draws its marks in, read back by the tests."""

from __future__ import annotations


def trace_colours(fig) -> set[str]:
    """Every #rrggbb colour of the figure's lines, markers, their outlines and error bars."""
    found = set()
    for trace in fig.data:
        for path in ("line.color", "marker.color", "marker.line.color", "error_y.color"):
            try:
                value = trace[path]
            except (KeyError, ValueError):
                continue  # a trace type without this part
            values = value if isinstance(value, list | tuple) else [value]
            found |= {v for v in values if isinstance(v, str) and v.startswith("#")}
    return found
