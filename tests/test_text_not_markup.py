"""Text from the dataset or a link arrives as the characters it holds: in Streamlit's Markdown
(`components.md`) and in plotly's labels (`style.as_text`). The browser test
(`tests/browser/test_hostile.py`) shows the same on every page; these pin the two rules."""

from __future__ import annotations

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts.style import as_text, labels_as_text
from dashboard.i18n import Locale
from dashboard.ui.components import JOINER, LINE_BREAK, MARKDOWN, md
from tests.apptest import APP, run_page, shown

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


# A name that, written as it is, would end the line and start blocks of its own: a setext
# heading, a rule, a list, a link.
HOSTILE_NAME = "report\n===\n---\n- [click](http://198.51.100.7/l)\r\n# big\u2028**b**"
HOSTILE_SHOWN = "report === --- - [click](http://198.51.100.7/l) # big **b**"


@given(st.text())
def test_markdown_escaping_shows_exactly_the_text(text):
    escaped = md(text)
    assert shown(escaped) == LINE_BREAK.sub(" ", text)
    assert not [c for was_escaped, c in read(escaped) if c in MARKDOWN and not was_escaped]
    assert len(escaped.splitlines()) <= 1  # one line: no block of its own can start


def test_lines_of_equals_signs_and_line_breaks_make_no_heading():
    escaped = md(HOSTILE_NAME)
    assert "\n" not in escaped and "\r" not in escaped and "\u2028" not in escaped
    assert "\\=\\=\\=" in escaped and "\\-\\-\\-" in escaped and "\\#" in escaped
    assert shown(escaped) == HOSTILE_SHOWN  # readable: each line break is a space
    assert md("Bahrain\n2022") == "Bahrain 2022"


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


def read_as_markup(text: str) -> bool:
    """Whether Markdown source holds anything a reader could take as markup: a line break
    (a new block) or one of Markdown's characters unescaped."""
    return len(text.splitlines()) > 1 or any(
        c in MARKDOWN and not was_escaped for was_escaped, c in read(text)
    )


def placed(message: str, key: str, field: str) -> str:
    """What was put for `field` into the English message `key` to give `message`."""
    before, after = Locale("en").t(key, **{field: "\x00"}).split("\x00")
    assert message.startswith(before) and message.endswith(after), message
    return message[len(before) : len(message) - len(after)]


def signed_in_with_an_upload(monkeypatch, tmp_path, name: str, data: bytes):
    """The secretariat page, signed in, with `name` uploaded (AppTest has no file uploader:
    Streamlit's is replaced by one that hands the page this file)."""
    import streamlit

    class Upload:
        def __init__(self):
            self.name = name

        def getvalue(self):
            return data

    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: Upload())
    at = run_page("secretariat")
    at.text_input[0].input("a long passphrase")
    at.button[0].click().run()
    assert not at.exception
    return at


def test_a_hostile_file_name_is_shown_as_text_when_the_upload_is_refused(monkeypatch, tmp_path):
    name = HOSTILE_NAME + ".docx"
    at = signed_in_with_an_upload(monkeypatch, tmp_path, name, b"not a workbook")
    (error,) = [e.value for e in at.error]
    reason = placed(error, "secretariat.upload_refused", "reason")
    assert not read_as_markup(reason), reason
    assert shown(reason) == Locale("en").t("refusal.type", name=HOSTILE_SHOWN + ".docx")


def test_a_hostile_entry_name_in_a_zip_is_shown_as_text(monkeypatch, tmp_path):
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr(HOSTILE_NAME + ".exe", b"x")
    at = signed_in_with_an_upload(monkeypatch, tmp_path, "dataset.zip", packed.getvalue())
    (error,) = [e.value for e in at.error]
    reason = placed(error, "secretariat.upload_refused", "reason")
    assert not read_as_markup(reason), reason
    entry = HOSTILE_SHOWN + ".exe"
    expected = Locale("en").t("refusal.entry_type", name="dataset.zip", entry=entry)
    assert shown(reason) == expected


def test_a_hostile_deck_file_name_is_shown_as_text(monkeypatch, tmp_path):
    from pathlib import Path

    for path in (Path(APP).parent / "data" / "decks").glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    stem = "deck\n===\n- [click](http:x) **b**"
    (tmp_path / f"{stem}.yaml").write_text("title: [unclosed", encoding="utf-8")
    monkeypatch.setenv("TIP_DASHBOARD_DECKS", str(tmp_path))
    at = run_page("deck")
    assert not at.exception
    lead = Locale("en").t("present.deck_problem", problem="")
    (problem,) = [
        placed(w.value, "present.deck_problem", "problem")
        for w in at.warning
        if w.value.startswith(lead)
    ]
    assert not read_as_markup(problem), problem
    assert shown(problem).startswith("deck === - [click](http:x) **b**")
