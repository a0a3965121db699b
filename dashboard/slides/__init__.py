"""Slides and take-home documents: decks of saved views (`decks`), a saved view as a slide
(`adapt`, from the page's own view), a slide as a plotly figure and as PDF, PNG or SVG
(`figures`), PowerPoint (`powerpoint`), and whole decks and profiles (`documents`)."""
