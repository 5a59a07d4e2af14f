"""Union tables: the real-name payout sheet (R-DOC-15) and the 送温暖 real-name table (R-DOC-16).

`table_context` takes plain rows, so the payment modules can fill it from whatever they store; the
`payment_rows` builder reads jiuzhu.archives' UnionAidPayment where that model exists.
These are internal finance records: ID numbers are printed in full (the recipient signs beside them).
"""

from __future__ import annotations

from typing import Any

from jiuzhu.registry.money import yuan


def table_context(unit_name: str, rows: list[dict[str, Any]], *, title: str = "", period: str = "") -> dict:
    """rows: dicts with name, id_number, amount_fen and (payout) project, date, handler or (送温暖) work_unit,
    situation, contact."""
    total = sum(int(r.get("amount_fen") or 0) for r in rows)
    out = []
    for r in rows:
        row = {k: ("" if v is None else str(v)) for k, v in r.items() if k != "amount_fen"}
        row["amount"] = yuan(r.get("amount_fen")) if r.get("amount_fen") is not None else ""
        out.append(row)
    return {
        "table": {"unit_name": unit_name, "title": title, "period": period, "rows": out, "total": yuan(total)}
    }


def payment_rows(payments) -> list[dict[str, Any]]:
    """Rows of the real-name payout sheet from UnionAidPayment records (jiuzhu.archives), cash or transfer."""
    rows = []
    for p in payments:
        applicant = p.household.applicant
        handler = p.created_by.get_full_name() or p.created_by.username if p.created_by_id else ""
        rows.append(
            {
                "name": applicant.name if applicant else "",
                "id_number": applicant.id_number if applicant else "",
                "project": p.get_project_display(),
                "amount_fen": p.amount_fen,
                "date": p.paid_on.isoformat(),
                "handler": handler,
            }
        )
    return rows
