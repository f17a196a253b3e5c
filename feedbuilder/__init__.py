"""feedbuilder: a folder of articles becomes standards-compliant feeds."""

__version__ = "0.1.0"
