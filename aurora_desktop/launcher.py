"""Entry point of the frozen bundle: one runtime, two programs chosen by the executable's name."""

from __future__ import annotations

import sys
from pathlib import Path


def program_name() -> str:
    path = sys.executable if getattr(sys, "frozen", False) else sys.argv[0]
    return Path(path).stem.lower()


def main() -> int:
    if program_name().startswith("aurora-admin"):
        from aurora_desktop.cli import main as admin_main

        return admin_main()
    from aurora_desktop.app import main as app_main

    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())
