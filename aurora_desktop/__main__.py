"""`python -m aurora_desktop` starts the desktop application."""

from aurora_desktop.app import main

raise SystemExit(main())
