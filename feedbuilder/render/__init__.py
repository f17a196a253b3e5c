"""Rendering: bodies made safe, then RSS, Atom, JSON Feed, the index page, OPML and article pages as bytes (pure)."""
