"""Refusals on the record: a request the role rules (console/domain/user_rules.py) do not allow is
refused by the service that would carry it out, whoever asked — the window, the command line or a
script — and each refusal is an audit entry ``access.refused`` saying who (the account, "" for
nobody signed in), what (``request``, and the entry's subject) and from where (the entry's
station; ``via`` for the command line: "cli on host H, uid U (user)")."""

from __future__ import annotations

import logging
from typing import Any

from console.infrastructure.store.dutylog import Operator

log = logging.getLogger("console.services.access")

REFUSED = "access.refused"


def refusal(operator: Operator | None, request: str, via: str = "", reason: str = "") -> tuple[str, dict[str, Any]]:
    """The refusal's (actor, detail) for the audit chain, logged as a warning here.

    ``request``: what was asked (``user.add``, ``points.import``, ``review``, …); ``reason``: a
    refusal code when the role alone does not say why."""
    actor = operator.name if operator is not None else ""
    detail: dict[str, Any] = {"request": request, "role": operator.role if operator is not None else None}
    if reason:
        detail["reason"] = reason
    if via:
        detail["via"] = via
    who = f"{operator.name} ({operator.role})" if operator is not None else "nobody signed in"
    log.warning("%s refused: %s may not%s", request, who, f" ({via})" if via else "")
    return actor, detail
