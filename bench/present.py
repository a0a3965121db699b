"""Presentation mode and exports: the next slide fully drawn after the clicker's key (at
1920 x 1080, every move through the default deck, both languages), and the default deck
exported as PowerPoint and as PDF on the server (median of 3; the first PDF run includes
starting Chromium, as every export does)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    start_server,
    stop,
    summary,
    wait_drawn,
    wait_healthy,
)

ROUNDS = 2  # passes through the deck per language
EXPORTS = 3
COUNTER = "t => document.querySelector(\"[data-testid='tip-slide-counter']\")?.innerText === t"
WORDS = {"en": "Slide {n} of {total}", "ar": "الشريحة {n} من {total}"}


def next_slides(browser, base: str, lang: str, total: int) -> list[float]:
    """Seconds from the key press to the next slide drawn (script done, charts painted)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{base}/present?lang={lang}&slide=1")
    wait_drawn(page)
    samples = []
    for _ in range(ROUNDS):
        for n in range(2, total + 1):
            start = time.perf_counter()
            page.keyboard.press("PageDown")
            expected = WORDS[lang].format(n=n, total=total)
            page.wait_for_function(COUNTER, arg=expected, timeout=60_000)
            wait_drawn(page)
            samples.append(time.perf_counter() - start)
        page.keyboard.press("Home")
        page.wait_for_function(COUNTER, arg=WORDS[lang].format(n=1, total=total))
        wait_drawn(page)
    context.close()
    return samples


def exports() -> dict:
    from dashboard import config
    from dashboard.dataset import load_dataset
    from dashboard.i18n import Locale
    from dashboard.slides import decks as dk
    from dashboard.slides import documents as ex

    data = load_dataset(config.bundled_path()).dataset
    deck = dk.load(config.decks_path())[0]["forum-session"]
    out = {}
    for name, make in (("pptx", ex.deck_pptx), ("pdf", ex.deck_pdf)):
        for lang in ("en", "ar"):
            samples = []
            for _ in range(EXPORTS):
                start = time.perf_counter()
                made = make(data, Locale(lang), deck)
                samples.append(time.perf_counter() - start)
            out[f"deck_{name}_{lang}_s"] = summary(samples)
            out[f"deck_{name}_{lang}_bytes"] = len(made)
    return out


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    results = exports()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        port = free_port()
        process = start_server(port)
        try:
            wait_healthy(port)
            base = f"http://127.0.0.1:{port}"
            next_slides(browser, base, "en", 5)  # warm: every view drawn once
            for lang in ("en", "ar"):
                results[f"next_slide_{lang}_s"] = summary(next_slides(browser, base, lang, 5))
        finally:
            stop(process)
        browser.close()
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
