"""Renders the role x operation matrix of docs/roles.md from ROLE_GRANTS (run as a module to refresh)."""

from __future__ import annotations

import sys
from pathlib import Path

from aurora_desktop.domain.accounts import ROLE_LABELS
from aurora_desktop.domain.enums import Role
from aurora_desktop.services.permissions import BREAK_GLASS_GRANTS, ROLE_GRANTS, Op

BEGIN = "<!-- BEGIN GENERATED MATRIX (python -m aurora_desktop.services.roles_doc docs/roles.md) -->"
END = "<!-- END GENERATED MATRIX -->"


def render_matrix() -> str:
    """The generated block: one row per operation, one column per role, plus break glass."""
    roles = list(Role)
    header = "| operation | " + " | ".join(ROLE_LABELS[r] for r in roles) + " | nurse + break glass |"
    rule = "|---|" + "---|" * (len(roles) + 1)
    lines = [BEGIN, "", header, rule]
    for op in Op:
        cells = ["✔" if op in ROLE_GRANTS[r] else "—" for r in roles]
        with_glass = op in ROLE_GRANTS[Role.NURSE] | BREAK_GLASS_GRANTS
        cells.append("✔" if with_glass else "—")
        lines.append(f"| `{op.value}` | " + " | ".join(cells) + " |")
    lines += ["", END]
    return "\n".join(lines)


def replace_block(document: str) -> str:
    """The document with its generated block replaced (appended if it has none)."""
    start, stop = document.find(BEGIN), document.find(END)
    if start < 0 or stop < 0:
        return document.rstrip("\n") + "\n\n" + render_matrix() + "\n"
    return document[:start] + render_matrix() + document[stop + len(END):]


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "docs/roles.md")
    path.write_text(replace_block(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
