"""The ``feedbuilder`` command: its way in (main.py), its commands (commands.py) and what each runs.

Kept empty so that ``feedbuilder build`` with nothing to do loads neither click nor the pipeline."""
