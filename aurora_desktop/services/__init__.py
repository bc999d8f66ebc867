"""Use cases: one unit of work per call, permission check, domain rules, audit, commit."""
