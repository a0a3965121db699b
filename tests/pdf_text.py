"""Reading a PDF's text back as a reader reads it: its words and figures, and its headings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter


def tokens(text: str) -> Counter:
    """The words and numbers of a text, counted: how a PDF's text is compared with what was
    written. Arabic comes back from a PDF in presentation forms (undone by NFKC), with its
    words in the order they are drawn, right to left, and cells run together: what a reader
    reads is the same words and figures, whatever their order."""
    return Counter(re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFKC", text)))


def outline(reader) -> list[str]:
    """The PDF's headings (its outline, as Chromium makes it from the document's headings)."""
    found = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else found.append(item.title)

    walk(reader.outline)
    return found
