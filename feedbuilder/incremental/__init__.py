"""Incremental builds: every result kept in ``.feedbuilder/`` between builds, and what each depends on."""
