"""A protocol-level client: one dashboard session spoken to as the browser does, without one.

It opens Streamlit's websocket (`/_stcore/stream`), asks for a run of a page with a query
string, and reads the server's messages (protobuf classes shipped in the `streamlit` package)
until the run has finished, noting the widgets drawn (by their key) and any exception or
error shown. Changing a widget sends the new value as the browser would (a rerun with the
widget's state), and times the run the server makes for it. Real browsers are too heavy for a
hundred sessions on two cores; this is what the load benchmark (`bench/load.py`) uses instead,
and what the tests use to send messages no browser would.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_TIMEOUT = 60.0


@dataclass
class Widget:
    kind: str  # selectbox, radio, button, text_input, ...
    id: str
    label: str
    options: list[str]
    fragment: str = ""  # the fragment it is drawn in ("": the page): a change reruns only that


@dataclass
class Run:
    seconds: float
    errors: list[str]
    texts: list[str]  # markdown, HTML and headings drawn, for checks
    widgets: dict[str, Widget]  # by key (the part of the id after the last "-")
    finished: bool
    received: int  # bytes of protobuf received
    elements: list = field(default_factory=list)  # (in the sidebar?, Element proto), in order


@dataclass
class Session:
    """One session; `async with Session(url) as s:` then `await s.open(page, query)`."""

    url: str  # http://host:port
    page: str = ""
    query: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    session_id: str = ""  # the server's name for this session, once a run has been read
    _ws: object = None
    _partial: bool = False  # the run asked for is a fragment's: it draws only that part

    async def __aenter__(self) -> Session:
        stream = self.url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self._ws = await websockets.connect(
            stream,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=RUN_TIMEOUT,
            ping_interval=None,  # browsers send no pings of their own; the server's are answered
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def open(self, page: str, query: str = "") -> Run:
        self.page, self.query = page, query
        return await self._run([])

    async def change(self, key: str, value) -> Run:
        """Set the widget with this key to `value` (a label for a selectbox or radio, True to
        press a button) and wait for the run it causes."""
        widget = self.widgets[key]
        return await self._run([(widget, value)])

    async def send_states(self, states: list[tuple[Widget, object]]) -> Run:
        """Send any widget states, even of widgets this session was never shown."""
        return await self._run(states)

    async def _run(self, states) -> Run:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        rerun.page_name = self.page
        fragments = {widget.fragment for widget, _ in states}
        if len(fragments) == 1 and "" not in fragments:
            rerun.fragment_id = fragments.pop()  # as a browser asks for a fragment's rerun
        self._partial = bool(rerun.fragment_id)
        for widget, value in states:
            state = rerun.widget_states.widgets.add()
            state.id = widget.id
            if widget.kind in ("button", "form_submit_button") or value is True:
                state.trigger_value = True
            elif isinstance(value, str):
                state.string_value = value
            elif isinstance(value, list):
                state.string_array_value.data.extend(value)
            else:
                state.int_value = int(value)
        start = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        return await asyncio.wait_for(self._read(start), RUN_TIMEOUT)

    async def _read(self, start: float) -> Run:
        errors, texts, received, elements = [], [], 0, []
        seen: dict[str, Widget] = {}
        while True:
            raw = await self._ws.recv()
            received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                _note(msg.delta.new_element, seen, errors, texts, msg.delta.fragment_id)
                path = msg.metadata.delta_path
                elements.append((bool(path) and path[0] == 1, msg.delta.new_element))
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    seen, errors, texts, elements = {}, [], [], []  # a new run asked: read it
                    continue
                self.widgets = {**self.widgets, **seen} if self._partial else seen or self.widgets
                done = msg.script_finished in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                )
                seconds = time.perf_counter() - start
                return Run(seconds, errors, texts, seen, done, received, elements)


def _note(element, seen: dict, errors: list, texts: list, fragment: str = "") -> None:
    kind = element.WhichOneof("type")
    inner = getattr(element, kind)
    if kind == "exception":
        errors.append(f"exception: {inner.type}: {inner.message}")
    elif kind == "alert" and inner.format == inner.ERROR:
        errors.append(f"error: {inner.body}")
    elif kind in ("markdown", "html", "heading", "text"):
        texts.append(getattr(inner, "body", ""))
    identifier = getattr(inner, "id", "") if hasattr(inner, "id") else ""
    if identifier and identifier.startswith("$$ID-"):
        key = identifier.rsplit("-", 1)[-1]
        if key == "None":  # a widget without a key: known by its label
            key = getattr(inner, "label", identifier)
        options = list(getattr(inner, "options", []) or [])
        seen[key] = Widget(kind, identifier, getattr(inner, "label", ""), options, fragment)


def run(coroutine):
    """Run a coroutine to its end from synchronous code, in a thread of its own (the caller's
    thread may already have an event loop, as Playwright's synchronous API does)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
