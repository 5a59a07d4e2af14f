"""Archive housekeeping (R-ARC-01..09, OP-08, OP-09): the register with retention classes and disposal-eligible
dates worked from the texts, disposal blocked before them (action and database), the 30-working-day
paper/electronic sync, the annual clean-up on the jobs queue with its report, custodians and handovers,
attachments kept with the record and as long, and the worker seeing his own archive on the portal."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.supervision import retention as r
from jiuzhu.supervision.models import ArchiveAttachment, ArchiveCleanup, ArchivedRecord

pytestmark = pytest.mark.django_db

PAYMENT = {"project": "living", "amount": "1000.00", "fund_source": "central", "method": "bank"}
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def removed(archive_at, union_users):
    """A union archive with an aid payment of 2026-05-01, removed (撤档) on 2026-03-10 (dates as entered)."""
    from jiuzhu.archives import actions as a

    archive = archive_at("active")
    a.do_pay(union_users["base"], archive.household, {**PAYMENT, "paid_on": "2026-05-01"})
    return a.do_remove(union_users["base"], archive, "家庭收入稳定，撤档", on=dt.date(2026, 3, 10))


def test_r_arc_01_disposal_eligible_ten_years_after_removal_and_not_before(removed, users):
    assert r.register_closed(None, TODAY) == {"union_archive": 1, "union_aid_payment": 1}
    rec = ArchivedRecord.objects.get(kind="union_archive")
    # 撤档 2026-03-10 + 10 years = 2036-03-10 (总工办发〔2020〕13号 附件 四.1(5))
    assert (rec.closed_on, rec.disposal_eligible_on) == (dt.date(2026, 3, 10), dt.date(2036, 3, 10))
    admin = users["admin"]
    with pytest.raises(r.RetentionRefused, match="须保管至 2036-03-10"):
        r.do_dispose(admin, rec, on=dt.date(2036, 3, 9), note="销毁清册 2036-1")
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        ArchivedRecord.objects.filter(pk=rec.pk).update(disposed_on=dt.date(2036, 3, 9), disposed_by=admin)
    with pytest.raises(r.RetentionRefused, match="销毁说明"):
        r.do_dispose(admin, rec, on=dt.date(2036, 3, 10), note="")
    r.do_dispose(admin, rec, on=dt.date(2036, 3, 10), note="销毁清册 2036-1，监销人 王某")
    rec.refresh_from_db()
    assert rec.disposed_on == dt.date(2036, 3, 10) and rec.disposed_by == admin
    assert r.register_closed(None, TODAY) == {}  # registered once


def test_r_arc_02_aid_payments_are_accounting_archives(removed):
    r.register_closed(None, TODAY)
    doc = ArchivedRecord.objects.get(kind="union_archive")
    acc = ArchivedRecord.objects.get(kind="union_aid_payment")
    assert (doc.retention_class, acc.retention_class) == ("document", "accounting")
    # paid 2026-05-01: the fiscal year ends 2026-12-31, 30 years counted from 2027-01-01 -> 2057-01-01
    assert acc.disposal_eligible_on == dt.date(2057, 1, 1) and acc.closed_on == dt.date(2026, 3, 10)


def test_r_arc_09_dibao_case_kept_ten_years_after_it_closed(case_row):
    """OP-09 DEFAULT: 10 years after the 低保 case closes (no dibao period in the file, R-ARC-09)."""
    case = case_row("stopped")
    open_case = case_row("active")
    StatusChange.objects.create(
        object_type="dibao.dibaoapplication",
        object_id=str(case.pk),
        from_status="active",
        to_status="stopped",
    )
    StatusChange.objects.filter(object_id=str(case.pk)).update(
        at=dt.datetime(2026, 8, 31, 4, 0, tzinfo=dt.UTC)
    )
    assert r.register_closed(None, TODAY) == {"dibao_case": 1}
    rec = ArchivedRecord.objects.get()
    assert (rec.object_id, rec.retention_class) == (str(case.pk), "document")
    assert (rec.closed_on, rec.disposal_eligible_on) == (dt.date(2026, 8, 31), dt.date(2036, 8, 31))
    assert not ArchivedRecord.objects.filter(object_id=str(open_case.pk)).exists()  # still being paid


def test_r_arc_04_paper_and_electronic_in_line_within_30_working_days(removed, users, settings):
    r.register_closed(None, TODAY)
    rec = ArchivedRecord.objects.get(kind="union_archive")
    admin = users["admin"]
    dl = r.do_record_change(admin, rec, medium="paper", on=dt.date(2026, 3, 2))
    # 30 working days after Monday 2026-03-02: March 21, April 1-3 (24), 清明 4-6 April off, 7-10 (28), 13, 14
    assert (dl.due, dl.kind, dl.working_days) == (dt.date(2026, 4, 14), "archive.sync", True)
    assert r.do_record_sync(admin, rec, on=dt.date(2026, 4, 10)) == 1
    with pytest.raises(r.RetentionRefused, match="没有待同步"):
        r.do_record_sync(admin, rec, on=dt.date(2026, 4, 10))
    settings.ARCHIVE_SYNC_WORKING_DAYS = 0  # OP-08: the service level switched off
    assert r.do_record_change(admin, rec, medium="electronic", on=dt.date(2026, 5, 6)) is None
    assert Deadline.objects.filter(kind="archive.sync", met_at__isnull=True).count() == 0


def test_r_arc_05_annual_clean_up_on_the_jobs_queue_with_its_report(
    removed, users, settings, django_capture_on_commit_callbacks
):
    from jiuzhu.jobs.models import Job
    from jiuzhu.jobs.queue import work
    from jiuzhu.supervision.jobs import submit_cleanup

    with pytest.raises(r.RetentionRefused, match="审批人或管理员"):
        submit_cleanup(users["sy_worker"])
    with django_capture_on_commit_callbacks(execute=True):
        job = submit_cleanup(users["admin"])
    assert not ArchivedRecord.objects.exists()  # nothing done before the worker runs it
    work(batch=True)
    job = Job.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    c = ArchiveCleanup.objects.get()
    assert c.report["registered"] == {"union_archive": 1, "union_aid_payment": 1}
    assert c.report["kept"] == 2 and c.report["by_class"] == {"accounting": 1, "document": 1}
    assert c.report["eligible"] == 0 and c.report["without_custodian"] == 2  # kept till 2036 and 2057
    # a later year's clean-up lists the archive as due for disposal, registers nothing again
    later = r.run_cleanup(users["admin"], today=dt.date(2036, 3, 10))
    assert later.report["registered"] == {} and later.report["eligible"] == 1
    settings.ARCHIVE_ANNUAL_CLEANUP = False  # OP-08: switched off
    with pytest.raises(r.RetentionRefused, match="停用"):
        submit_cleanup(users["admin"])


def test_r_arc_07_custodian_handover_and_attachments_kept_as_long(removed, users, settings, tmp_path):
    settings.ARCHIVE_ATTACHMENT_DIR = str(tmp_path)
    r.register_closed(None, TODAY)
    rec = ArchivedRecord.objects.get(kind="union_archive")
    admin, keeper, successor = users["admin"], users["sy_worker"], users["sy_worker2"]
    r.do_set_custodian(admin, rec, keeper)
    att = r.do_attach(admin, rec, kind="audio", name="入户调查录音.mp3", content=b"ID3" + b"\0" * 20)
    assert att.kept_until == dt.date(2036, 3, 10) == rec.disposal_eligible_on  # as long as its archive
    h = r.do_handover(admin, keeper, successor, on=dt.date(2026, 12, 1), note="调岗")
    rec.refresh_from_db()
    assert (h.records, rec.custodian) == (1, successor)
    with pytest.raises(r.RetentionRefused, match="没有保管中的档案"):
        r.do_handover(admin, keeper, successor, on=dt.date(2026, 12, 2))
    with pytest.raises(ProtectedError):  # the record cannot go while an attachment is kept with it
        rec.delete()
    from pathlib import Path

    assert Path(att.path).exists()
    r.do_dispose(admin, rec, on=dt.date(2036, 3, 10), note="销毁清册 2036-1")
    assert ArchiveAttachment.objects.get(pk=att.pk).removed


def test_r_arc_06_archived_worker_sees_own_archive_on_the_portal(removed, users, client):
    from jiuzhu.portal.auth import do_make_account

    household = removed.household
    worker = do_make_account(users["sy_worker"], household.applicant, "13900000009")
    client.force_login(worker)
    home = client.get("/portal/").content.decode()
    assert "查看我的困难职工档案" in home
    page = client.get("/portal/archive/").content.decode()
    assert removed.number in page and "2026-03-10" in page and "2036-03-10" in page and "1000.00" in page
    assert "请勿对外泄露或公开" in page
    spouse = household.members.exclude(pk=household.applicant.pk).first()
    if spouse is not None:  # another member of the household does not see the worker's archive
        other = do_make_account(users["sy_worker"], spouse, "13900000010")
        client.force_login(other)
        assert removed.number not in client.get("/portal/archive/").content.decode()


def test_r_arc_08_register_pages_for_staff_in_scope(removed, users, union_users, client):
    r.register_closed(None, TODAY)
    rec = ArchivedRecord.objects.get(kind="union_archive")
    client.force_login(users["admin"])
    page = client.get("/supervision/archives/").content.decode()
    assert (
        "困难职工档案" in page and "帮扶资金支出凭证" in page and "2057-01-01" in page and "会计档案" in page
    )
    one = client.get(f"/supervision/archives/{rec.pk}/").content.decode()
    assert "2036-03-10" in one and 'title="R-ARC-01, OP-09"' in one
    r_ = client.post(f"/supervision/archives/{rec.pk}/dispose/", {"on": "2030-01-01", "note": "x"})
    assert r_.status_code == 409 and "须保管至 2036-03-10" in r_.content.decode()
    assert 'value="2030-01-01"' in r_.content.decode()  # the input kept
    client.force_login(users["cy_worker"])  # civil-affairs staff of another district: not theirs
    assert client.get(f"/supervision/archives/{rec.pk}/").status_code == 404
    client.force_login(union_users["centre"])  # the union's help centre looks after it
    assert client.get(f"/supervision/archives/{rec.pk}/").status_code == 200
