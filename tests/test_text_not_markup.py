"""Text from the dataset or a link arrives as the characters it holds: in Streamlit's Markdown
(`components.md`) and in plotly's labels (`style.as_text`). The browser test
(`tests/browser/test_hostile.py`) shows the same on every page; these pin the two rules."""

from __future__ import annotations

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts.style import as_text, labels_as_text
from dashboard.ui.components import JOINER, MARKDOWN, md
from tests.apptest import shown

PAYLOADS = (
    "![m](http://198.51.100.7/m.png)",
    "[click](https://198.51.100.7/l)",
    "see www.example.org or a@example.org",
    ":red[alarm] :material/warning: $x^2$ **bold** <b>b</b>",
    "Côte d'Ivoire – São Tomé",
    "الإمارات العربية المتحدة",
)


def read(text: str) -> list[tuple[bool, str]]:
    """`md`'s output as a Markdown reader takes it: (escaped?, character), joiners invisible."""
    out, chars = [], iter(text.replace(JOINER, ""))
    for c in chars:
        out.append((True, next(chars)) if c == "\\" else (False, c))
    return out


@given(st.text())
def test_markdown_escaping_shows_exactly_the_text(text):
    escaped = md(text)
    assert shown(escaped) == text
    assert not [c for was_escaped, c in read(escaped) if c in MARKDOWN and not was_escaped]


def test_no_address_survives_as_an_autolink():
    for payload in PAYLOADS:
        escaped = md(payload)
        assert "://" not in escaped.replace("\\", "")
        assert "www." not in escaped.replace("\\", "").lower()
        assert "@" not in escaped.replace("\\@", "").replace(JOINER + "\\@", "")
    assert shown(md(PAYLOADS[4])) == PAYLOADS[4]
    assert md(PAYLOADS[5]) == PAYLOADS[5]  # Arabic letters are never touched


def hostile_figure() -> go.Figure:
    name = '<a href="http://198.51.100.7/p">p</a><span style="font-size:61px">s</span>'
    fig = go.Figure(
        [
            go.Bar(x=[3, 4], y=[name, "Bahrain"], name=name, text=[name, "4"], orientation="h"),
            go.Scatter(x=[2020, 2021], y=[1, 2], name=name, hovertemplate="<b>%{x}</b>"),
        ]
    )
    fig.update_layout(title_text=name, legend_title_text=name)
    fig.update_xaxes(title_text=name, tickvals=[2020], ticktext=[name])
    fig.add_annotation(text=name, x=0, y=0)
    return fig


def labels(fig: go.Figure) -> list[str]:
    texts = [fig.layout.title.text, fig.layout.legend.title.text, fig.layout.xaxis.title.text]
    texts += list(fig.layout.xaxis.ticktext) + [a.text for a in fig.layout.annotations]
    for trace in fig.data:
        texts.append(trace.name)
        texts += [v for v in (trace.y or ()) if isinstance(v, str)]
        texts += list(trace.text or ()) if not isinstance(trace.text, str) else [trace.text]
    return texts


def test_every_plotly_label_is_text():
    before = labels(hostile_figure())
    assert any("<a href" in t for t in before)
    fig = as_text(hostile_figure())
    after = labels(fig)
    assert not any("<" in t or ">" in t for t in after), after
    assert any("&lt;a href=" in t for t in after)
    assert fig.data[1].hovertemplate == "<b>%{x}</b>"  # the chart's own markup is left alone
    assert labels(as_text(fig)) == after  # escaping twice changes nothing


def test_sankey_nodes_and_decorated_builders():
    @labels_as_text
    def build():
        node = {"label": ["<b>A</b>", "B"]}
        return go.Figure(go.Sankey(node=node, link={"source": [0], "target": [1], "value": [1]})), 3

    fig, extra = build()
    assert list(fig.data[0].node.label) == ["&lt;b&gt;A&lt;/b&gt;", "B"] and extra == 3
