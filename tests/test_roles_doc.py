"""docs/roles.md shows exactly the role x operation matrix that the services enforce."""

from __future__ import annotations

from pathlib import Path

from aurora_desktop.services.roles_doc import BEGIN, END, render_matrix

ROLES_DOC = Path(__file__).resolve().parents[1] / "docs" / "roles.md"


def test_roles_doc_matches_role_grants() -> None:
    text = ROLES_DOC.read_text(encoding="utf-8")
    block = text[text.index(BEGIN): text.index(END) + len(END)]
    assert block == render_matrix(), (
        "docs/roles.md is out of date: run python -m aurora_desktop.services.roles_doc docs/roles.md"
    )
