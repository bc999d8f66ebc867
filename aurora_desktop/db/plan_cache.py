"""Bound parameters the PostgreSQL planner does not look into, so a hot prepared statement is planned once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.sql.elements import BindParameter


def opaque(param: BindParameter[Any], backend: str) -> ColumnElement[Any]:
    """*param* on SQLite; ``(SELECT param)`` on PostgreSQL.

    psycopg prepares a statement run five times on a connection, but PostgreSQL then keeps
    planning it afresh for every execution ("custom plans", 0.5-0.8 ms for the schedule and
    floor-board queries on 1,000,000 sessions, more than executing them) whenever the plan
    for unknown values is estimated dearer than one for the values given - always so for a
    range on ``scheduled_start``. A value read from an uncorrelated scalar subquery (an
    InitPlan) is unknown to the planner in both kinds of plan, so both cost the same and
    after five executions the server keeps the generic plan (same index scan): planning
    ~0.01 ms. Only for statements whose best plan does not depend on the values (an index
    range of one clinic's day or week); never for ranges whose size varies by orders of
    magnitude (reports). SQLite has no plan cache of this kind and gets the plain parameter.
    """
    if backend == "postgresql":
        return select(param).scalar_subquery()
    return param
