"""`python -m scripts.drift [accept]` (make drift, make drift-accept): see cli.py."""

import sys

from scripts.drift.cli import main

if __name__ == "__main__":
    sys.exit(main())
