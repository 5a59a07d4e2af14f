"""R-SUP-06 special inspections with a referral status; R-SUP-11 findings rectified by a deadline; R-SUP-12 a named
person or post responsible; R-SUP-02/03 the error-tolerance reason of a wrongful inclusion; R-SUP-09/R-AMT-16
the amount received over the period and the 1–3× fine."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jiuzhu.core.models import AuditEvent, Deadline
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters as r
from jiuzhu.supervision import inspections as ins
from jiuzhu.supervision.models import Finding
from tests.payments.test_r_sup_09_amount_received import pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(approver):
    return ins.do_open_inspection(
        approver,
        {
            "title": "2026年顺义区低保资金专项检查",
            "kind": "special",
            "region": "110113",
            "programme": "低保",
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "lead_unit": "顺义区民政局、财政局",
        },
    )


def finding(inspection, approver, **data):
    base = {
        "category": "procedure",
        "gravity": "minor",
        "description": "入户调查记录缺调查人签字",
        "responsible": "胜利街道社会救助经办岗",
        "rectify_by": "2026-12-31",
    }
    return ins.do_record_finding(approver, inspection, {**base, **data})


def test_r_sup_11_minor_finding_has_a_rectification_deadline(inspection, approver):
    with pytest.raises(TransitionRefused, match="整改期限"):
        finding(inspection, approver, rectify_by="")
    with pytest.raises(TransitionRefused, match="谁经办、谁负责"):
        finding(inspection, approver, responsible="")
    f = finding(inspection, approver)
    d = Deadline.objects.get(object_type="supervision.finding", object_id=str(f.pk))
    assert (d.kind, d.due, d.cite) == ("finding.rectify", dt.date(2026, 12, 31), "R-SUP-11")
    with pytest.raises(TransitionRefused, match="待整改"):
        ins.do_close_inspection(approver, inspection)
    ins.do_rectify(approver, f, outcome="已补签")
    Deadline.objects.get(pk=d.pk, met_at__isnull=False)
    ins.do_close_finding(approver, Finding.objects.get(pk=f.pk))
    ins.do_close_inspection(approver, inspection)
    assert AuditEvent.objects.filter(action="finding.rectify", object_id=str(f.pk), actor=approver).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=f.pk).update(rectify_by=None)


def test_r_sup_06_referral_to_discipline_inspection(inspection, approver):
    f = finding(
        inspection,
        approver,
        category="withholding",
        gravity="disciplinary",
        rectify_by="",
        description="村干部截留两户低保金",
        responsible="某村党支部书记",
    )
    with pytest.raises(TransitionRefused, match="移送单位"):
        ins.do_refer(approver, f, to="")
    ins.do_refer(approver, f, to="顺义区纪委监委", on=dt.date(2026, 12, 1))
    f.refresh_from_db()
    assert (f.status, f.referred_to, f.referred_on) == ("referred", "顺义区纪委监委", dt.date(2026, 12, 1))


def test_r_sup_02_wrongful_inclusion_keeps_its_reason(inspection, approver):
    with pytest.raises(TransitionRefused, match="主观故意、客观偏差或探索创新"):
        finding(inspection, approver, category="wrongful_inclusion")
    f = finding(inspection, approver, category="wrongful_inclusion", tolerance="objective")
    assert f.get_tolerance_display() == "客观偏差"
    g = finding(
        inspection, approver, category="wrongful_inclusion", tolerance="good_faith"
    )  # R-SUP-03 (unions)
    assert g.tolerance == "good_faith"
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=f.pk).update(tolerance="")


def test_r_sup_09_fraud_fine_is_1_to_3_times_the_amount_received(
    inspection, active_case, worker, approver, finance, tmp_path
):
    # 1000.00 a month from 2026-07; the September roster pays July–September (3000.00), the bank pays it
    app = active_case(dt.date(2026, 7, 1))
    pay(r.do_make(worker, "dibao", "2026-09", "110113"), approver, finance, tmp_path)
    base = {
        "category": "false_claim",
        "gravity": "disciplinary",
        "rectify_by": "",
        "household": app.household.number,
        "description": "隐瞒子女工资收入",
        "responsible": "申请人",
        "received_from": "2026-07-01",
        "received_to": "2026-09-30",
    }
    assert ins.penalty_range(300000) == (300000, 900000)
    with pytest.raises(TransitionRefused, match="3000.00元至9000.00元"):
        ins.do_record_finding(approver, inspection, {**base, "penalty": "9000.01"})
    with pytest.raises(TransitionRefused, match="1至3倍"):
        ins.do_record_finding(approver, inspection, {**base, "penalty": "2999.99"})
    f = ins.do_record_finding(approver, inspection, {**base, "penalty": "6000.00"})
    assert (f.received_fen, f.penalty_fen) == (300000, 600000)
    august = ins.do_record_finding(
        approver, inspection, {**base, "received_from": "2026-08-01", "received_to": "2026-08-31"}
    )
    assert august.received_fen == 100000
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses a fine above 3×
        Finding.objects.filter(pk=f.pk).update(penalty_fen=900001)


def test_r_sup_06_who_may_inspect(users):
    with pytest.raises(TransitionRefused, match="角色"):
        ins.do_open_inspection(users["sy_worker"], {"region": "110113"})
    with pytest.raises(TransitionRefused, match="管辖范围"):
        ins.do_open_inspection(users["cy_approver"], {"region": "110113", "kind": "special"})


def test_r_sup_03_union_good_faith_error_is_corrected_and_losses_recovered(approver):
    """R-SUP-03: a union error in good faith (complete procedure, objective cause) is kept as such, and is
    corrected with the loss recovered before the finding closes."""
    i = ins.do_open_inspection(
        approver,
        {
            "title": "2026年困难职工帮扶资金审计",
            "kind": "audit",
            "region": "110113",
            "programme": "困难职工帮扶资金",
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "lead_unit": "顺义区总工会经审会",
        },
    )
    f = finding(
        i,
        approver,
        category="wrongful_inclusion",
        tolerance="good_faith",
        description="企业虚报工资证明，建档时无从核实",
        responsible="顺义区困难职工帮扶中心建档岗",
    )
    with pytest.raises(TransitionRefused):  # still to be corrected: cannot be closed yet
        ins.do_close_finding(approver, f)
    ins.do_rectify(approver, f, outcome="已撤档，追回帮扶金", recovered_fen=300000)
    f.refresh_from_db()
    assert (f.tolerance, f.status, f.recovered_fen) == ("good_faith", "rectified", 300000)
    ins.do_close_finding(approver, f)
    assert Finding.objects.get(pk=f.pk).status == "closed"


def test_r_sup_10_union_fund_favouritism_referred_to_the_judicial_authorities(inspection, approver):
    """R-SUP-10: favouring relatives and friends or false claims lead to accountability; a suspected crime goes
    to the judicial authorities (gravity 'criminal', referral with its body and date)."""
    f = finding(
        inspection,
        approver,
        category="favouritism",
        gravity="criminal",
        rectify_by="",
        description="工会干部为亲属虚报困难职工档案，骗取帮扶资金",
        responsible="某基层工会主席",
    )
    assert (
        f.get_category_display() == "优亲厚友、人情保" and f.get_gravity_display() == "涉嫌犯罪，移送司法机关"
    )
    ins.do_refer(approver, f, to="顺义区人民检察院", on=dt.date(2026, 12, 2))
    f.refresh_from_db()
    assert (f.status, f.referred_to, f.referred_on) == ("referred", "顺义区人民检察院", dt.date(2026, 12, 2))
