"""Entry point: `python -m benchmarks --size small|reference|large`."""

from benchmarks.runner import main

raise SystemExit(main())
