#!/usr/bin/env python3
"""The currency watch: `make drift` (report) and `make drift-accept` (update the lock file).

The code lives in scripts/drift/ (a package); see its __init__.py for the parts.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.drift.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
