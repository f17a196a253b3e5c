"""``python -m feedbuilder``."""

from feedbuilder.entry import main

if __name__ == "__main__":
    main()
