"""feedbuilder: a folder of articles becomes standards-compliant feeds.

The public API (see feedbuilder/api.py and the README's "Python API"): ``build_site``, ``check_site``,
``Built``, ``Problem``, ``FeedbuilderError``.  Imported on first use, so ``import feedbuilder`` stays light
(the command line's nothing-to-do path imports this package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Built", "FeedbuilderError", "Problem", "__version__", "build_site", "check_site"]

if TYPE_CHECKING:
    from feedbuilder.api import Built, FeedbuilderError, Problem, build_site, check_site


def __getattr__(name: str) -> Any:
    if name in ("Built", "FeedbuilderError", "Problem", "build_site", "check_site"):
        from feedbuilder import api

        return getattr(api, name)
    raise AttributeError(f"module 'feedbuilder' has no attribute {name!r}")
