"""``python -m feedbuilder``."""

from feedbuilder.cli import main

if __name__ == "__main__":
    main()
