"""Bank payments after the fact (R-PAY-14, second paragraph; 总工发〔2012〕16号 第六条): "采取银行卡（存折）发放劳模补助
和帮扶资金后，各级工会和帮扶中心应定期将发放金额书面通知困难职工或劳模，并留存有关银行对账单等会计档案。"

- The written notice: the help centre or finance makes a notice to one worker of the amounts paid to him by
  bank transfer from the funds of its subtree in a period (the worker of a household, by real name: the
  payee of its fund payments). The lines are kept as they were made; the document is printed from them (PDF),
  and giving it is recorded once (date, how, who signed for it), so the page lists the notices not yet given
  and the bank payments not yet in any notice.
- The bank statements: finance uploads each statement of an account for a period, with the roster it covers
  when there is one; the file is stored under DATA_DIR/unionfunds/statements by its sha256 and the record
  can be neither changed nor deleted (accounting records are kept). The same file twice is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, text, today

from .ledger import refuse_unless
from .models import BankNotice, BankStatement, FundPayment, Project
from .roles import union_in_scope

CLAUSE = "总工发〔2012〕16号 第六条"
MAX_STATEMENT_BYTES = 20 * 1024 * 1024


def _audit(actor, action, obj, org, after, household=None):
    record(
        actor,
        action,
        obj,
        after={k: jsonable(v) for k, v in after.items()},
        household=household,
        scope_path=org.path,
    )


def _period(data: dict) -> tuple[dt.date, dt.date]:
    start = date(data, "period_start")
    end = date(data, "period_end")
    if end < start:
        raise Invalid("period_end", _("截止日期不能早于起始日期"))
    if end > today():
        raise Invalid("period_end", _("日期不能晚于今天"))
    return start, end


def bank_payments(org: UnionOrg, start: dt.date, end: dt.date):
    """The bank payments from the funds of `org`'s subtree in a period."""
    return FundPayment.objects.filter(
        method=FundPayment.Method.BANK,
        fund__union_org__path__startswith=org.path,
        paid_on__range=(start, end),
    )


def unnotified(org: UnionOrg):
    """Bank payments of the subtree that are in no notice yet."""
    return FundPayment.objects.filter(
        method=FundPayment.Method.BANK, fund__union_org__path__startswith=org.path, notices__isnull=True
    )


def _line(p: FundPayment) -> dict:
    what = Project(p.project).label if p.project else p.fund.get_programme_display()
    return {
        "paid_on": p.paid_on.isoformat(),
        "what": str(what),
        "use": str(p.get_use_display()),
        "source": str(p.fund.get_source_display()),
        "amount_fen": p.amount_fen,
    }


def do_make_notice(actor, org: UnionOrg, household, data: dict) -> BankNotice:
    """The written notice to the household's worker of the bank payments of a period."""
    refuse_unless(actor, "notice")
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))
    start, end = _period(data)
    payments = list(
        bank_payments(org, start, end)
        .filter(household=household)
        .select_related("fund")
        .order_by("paid_on", "id")
    )
    if not payments:
        raise TransitionRefused(_("该家庭在此期间没有银行发放的款项"))
    payee = payments[-1]
    with transaction.atomic():
        notice = BankNotice.objects.create(
            union_org=org,
            scope_path=org.path,
            household=household,
            payee_name=payee.payee_name,
            payee_id_number=payee.payee_id_number,
            period_start=start,
            period_end=end,
            lines=[_line(p) for p in payments],
            total_fen=sum(p.amount_fen for p in payments),
            made_by=actor,
        )
        notice.payments.set(payments)
        _audit(
            actor,
            "unionfunds.bank_notice",
            notice,
            org,
            {"period": f"{start}—{end}", "payments": len(payments), "amount": notice.total_yuan()},
            household=household,
        )
    return notice


def do_record_given(actor, notice: BankNotice, data: dict) -> BankNotice:
    """The notice was given to the worker: once, with the date, how, and who signed for it."""
    refuse_unless(actor, "notice")
    if not union_in_scope(actor, notice.union_org):
        raise Http404(_("未找到该通知"))
    how = choice(data, "given_how", BankNotice.How)
    given_on = date(data, "given_on", default=today())
    if given_on > today():
        raise Invalid("given_on", _("日期不能晚于今天"))
    if given_on < notice.made_at.date():
        raise Invalid("given_on", _("送达日期不能早于通知制作日期"))
    received_by = text(data, "received_by", required=how == BankNotice.How.IN_PERSON, max_length=50)
    with transaction.atomic():
        fresh = BankNotice.objects.select_for_update().get(pk=notice.pk)
        if fresh.given_on is not None:
            raise TransitionRefused(
                _("该通知已于%(d)s送达，不能重复登记") % {"d": fresh.given_on.isoformat()}
            )
        fresh.given_on, fresh.given_how, fresh.received_by = given_on, how, received_by
        fresh.given_recorded_by = actor
        fresh.save()
        _audit(
            actor,
            "unionfunds.bank_notice_given",
            fresh,
            fresh.union_org,
            {"given_on": given_on, "how": how, "received_by": received_by},
            household=fresh.household,
        )
    return fresh


def notice_html(notice: BankNotice) -> str:
    from jiuzhu.documents.render import base_css
    from jiuzhu.idnumber import mask_id_number

    return render_to_string(
        "unionfunds/notice_document.html",
        {
            "n": notice,
            "css": base_css(),
            "id_masked": mask_id_number(notice.payee_id_number),
            "lines": [{**ln, "amount": yuan(ln["amount_fen"])} for ln in notice.lines],
            "clause": CLAUSE,
        },
    )


def notice_pdf(notice: BankNotice) -> bytes:
    from jiuzhu.documents.render import font_css, html_to_pdf

    html = notice_html(notice).replace("<style>", f"<style>{font_css()}", 1)
    return html_to_pdf(html)


def statements_dir() -> Path:
    return Path(settings.DATA_DIR) / "unionfunds" / "statements"


def do_store_statement(actor, org: UnionOrg, data: dict, content: bytes, filename: str) -> BankStatement:
    """Finance keeps a bank statement (the file, by its digest) as an accounting record, with its roster."""
    refuse_unless(actor, "statement")
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))
    if not content:
        raise Invalid("file", _("请选择银行对账单文件"))
    if len(content) > MAX_STATEMENT_BYTES:
        raise Invalid("file", _("文件不能超过20MB"))
    start, end = _period(data)
    account = text(data, "account", required=True, max_length=100)
    roster = None
    raw = str(data.get("roster") or "").strip()
    if raw:
        from jiuzhu.payments.models import Roster

        roster = Roster.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if (
            roster is None
            or not roster.scope_path.startswith(org.path)
            and not org.path.startswith(roster.scope_path)
        ):
            raise Invalid("roster", _("未找到该发放花名册"))
    digest = hashlib.sha256(content).hexdigest()
    name = Path(filename or "statement").name[:200]
    with transaction.atomic():
        if BankStatement.objects.filter(union_org=org, sha256=digest).exists():
            raise TransitionRefused(_("这份银行对账单已经保存过"))
        folder = statements_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{digest}{Path(name).suffix[:10]}"
        if not path.exists():
            path.write_bytes(content)
        statement = BankStatement.objects.create(
            union_org=org,
            scope_path=org.path,
            roster=roster,
            account=account,
            period_start=start,
            period_end=end,
            filename=name,
            size=len(content),
            sha256=digest,
            path=str(path),
            uploaded_by=actor,
        )
        _audit(
            actor,
            "unionfunds.bank_statement",
            statement,
            org,
            {
                "account": account,
                "period": f"{start}—{end}",
                "roster": roster.pk if roster else None,
                "sha256": digest,
                "filename": name,
            },
        )
    return statement


def statement_bytes(statement: BankStatement) -> bytes:
    data = Path(statement.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != statement.sha256:
        raise TransitionRefused(_("对账单文件与保存时的校验值不符"))
    return data


def paid_by_bank(org: UnionOrg, start: dt.date, end: dt.date) -> int:
    return bank_payments(org, start, end).aggregate(t=Sum("amount_fen"))["t"] or 0
