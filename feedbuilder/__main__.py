"""``python -m feedbuilder``."""

from feedbuilder.cli.launch import main

if __name__ == "__main__":
    main()
