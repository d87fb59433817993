"""Locale folders and the fallback order shared by every data file the skill reads."""
from __future__ import annotations

DEFAULT_LANGUAGE = "en"


def fallback_chain(locale: str) -> list[str]:
    """Folder names to try, most specific first: ``en-GB`` then ``en``; English is always last."""
    parts = [p for p in locale.replace("_", "-").split("-") if p]
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return chain if chain and chain[-1] == DEFAULT_LANGUAGE else [*chain, DEFAULT_LANGUAGE]
