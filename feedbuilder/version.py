"""This feedbuilder's version: its own module, so that stages can name it without importing the package's API."""

__version__ = "0.1.0"
