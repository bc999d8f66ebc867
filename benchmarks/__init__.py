"""Performance harness for the quality-bar budgets (see benchmarks/README.md)."""
