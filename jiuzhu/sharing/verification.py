"""R-FLOW-04 through the exchange: the 11 sources as one verification request batch, and the verification
centre's answer file filling the case's verification records in one step, through the 低保 procedure's own
action (jiuzhu.dibao.actions.do_record_verification). Hand entry stays for sources that answer on paper: a
result file may carry any subset of the sources not yet recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jiuzhu.accounts.models import Role
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.dibao import actions as dibao
from jiuzhu.dibao.models import DibaoApplication

from . import exchange
from .access import SharingRefused, log
from .batches import open_from, record_batch, seal_for
from .models import Batch, Counterpart, Purpose, Side

PURPOSE = Purpose.ECONOMIC_VERIFICATION.value
STAFF = (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)


def _staff(actor, app: DibaoApplication, counterpart: Counterpart, what: str) -> None:
    dibao.check_scope(actor, app)
    if actor is not None and not actor.is_superuser and actor.role not in STAFF:
        raise SharingRefused(f"您的角色不能{what}")
    if counterpart.side != Side.VERIFICATION_CENTRE or not counterpart.active:
        raise SharingRefused(f"“{counterpart.name}”不是有效的核对机构")


def do_send_verification_request(actor, app: DibaoApplication, counterpart: Counterpart, *, identity=None):
    """One request for all 11 sources about the household's members (the authorisation of R-FLOW-03 is the
    application's signed 附件1). Returns (batch, sealed file)."""
    _staff(actor, app, counterpart, "发送核对请求")
    if app.status != "verifying":
        raise SharingRefused(f"当前状态为“{app.get_status_display()}”，不能发送核对请求")
    members = app.household.members.filter(active=True).order_by("id")
    records = [
        {
            "name": m.name,
            "id_type": "resident_id",
            "id_number": m.id_number,
            "relation": m.get_relation_display(),
        }
        for m in members
    ]
    doc = exchange.Document(
        kind="verification_request",
        sender="",
        recipient="",
        purpose=PURPOSE,
        records=records,
        meta={
            "case": app.household.number,
            "sources": list(exchange.SOURCES),
            "applied_on": app.applied_on.isoformat(),
        },
    )
    data = seal_for(counterpart, doc, identity)
    with transaction.atomic():
        batch = record_batch(
            actor, counterpart, doc, direction="out", channel="file", data=data, application=app
        )
        log(actor, "export", f"发送{len(records)}名家庭成员的经济状况核对请求（{len(exchange.SOURCES)}个来源）",
            counterpart=counterpart, purpose=PURPOSE, batch_id=batch.batch_id, household=app.household,
            record_count=len(records))  # fmt: skip
    return batch, data


def do_import_verification_result(actor, data: bytes, *, identity=None) -> Batch:
    """Check the result file whole, then record one verification per source row in one transaction: a bad
    row, a source already recorded, or a case no longer in verification refuses the whole file."""
    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind != "verification_result":
            raise SharingRefused("这不是经济状况核对结果文件")
        request = Batch.objects.filter(
            counterpart=counterpart, direction="out", kind="verification_request", batch_id=doc.in_reply_to
        ).first()
        if request is None or request.application_id is None:
            raise SharingRefused(f"核对结果答复的请求批次{doc.in_reply_to or '（空）'}不是本系统发给该机构的")
        app = request.application
        _staff(actor, app, counterpart, "导入核对结果")
        done = set(app.verifications.values_list("source", flat=True))
        problems = [
            {"row": i, "column": "source", "problem": "该来源已登记核对结果"}
            for i, rec in enumerate(doc.records, 1)
            if rec["source"] in done
        ]
        if problems:
            raise exchange.FormatError(problems)
        with transaction.atomic():
            batch = record_batch(
                actor, counterpart, doc, direction="in", channel="file", data=data, application=app
            )
            for rec in doc.records:
                dibao.do_record_verification(
                    actor,
                    app,
                    source=rec["source"],
                    result=f"{rec['result']}（{counterpart.name}核对结果，批次{batch.batch_id}）",
                    consistent=rec["consistent"],
                    checked_on=dt.date.fromisoformat(rec["checked_on"]),
                )
            log(actor, "import", f"导入{len(doc.records)}个来源的经济状况核对结果", counterpart=counterpart,
                purpose=PURPOSE, batch_id=batch.batch_id, household=app.household,
                record_count=len(doc.records))  # fmt: skip
        return batch
    except (TransitionRefused, exchange.FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝导入：{exc}"[:300])
        raise
