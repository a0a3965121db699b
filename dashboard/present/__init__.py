"""Presentation mode and exports: decks of saved views, slides drawn large, PowerPoint, PDF."""
