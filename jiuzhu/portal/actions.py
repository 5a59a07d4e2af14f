"""The only code that changes online applications. Each action: check, write, audit, in one transaction.

An online application is the applicant's draft until the township worker takes it (`do_take`): then the
worker, in one transaction, writes the household through the registry's actions and opens the 低保
application (jiuzhu.dibao.actions.do_create_application, with the electronic authorisations recorded as the
members' signatures) or the 临时救助 case (jiuzhu.temporary.actions.do_create_case). From there the case
follows the normal procedure; nothing skips a step.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import region_within_scope, union_base
from jiuzhu.core.audit import record
from jiuzhu.core.models import Region, UnionOrg
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline
from jiuzhu.registry.documents import Problems, ValidationFailed, clean_household, to_document
from jiuzhu.registry.models import Household, Member

from . import files
from .auth import Refused, clean_id, clean_phone
from .models import OPEN_STATUSES, AgentCapacity, Consent, PortalApplication, Programme, Upload

# No text sets how soon a township checks an online application; DEFAULT 5 working days (最多跑一次).
CHECK_WORKING_DAYS = 5
CHECK_KIND = "portal.check"
CHECK_LABEL = "核查网上申请并受理（或通知补充材料）"
ADULT_AGE = 18
# The authorisation and pledge (附件1, R-FLOW-02/03, R-DOC-02) as the applicant's page shows them. An electronic
# signature records the version and the SHA-256 of this text; a change of the text is a new version.
CONSENT_TEXT_VERSION = "1"
AUTHORISATION_TEXT = gettext_noop(
    "申请人及年满18周岁的共同生活家庭成员，每人授权民政部门及其委托的核对机构核查家庭收入和财产（公安、人社、住建、"
    "交通、市场监管、税务、自然资源、公积金、银行、保险、证券等），授权自申请之日起至救助终止之日止。"
    "未成年人或无民事行为能力人由监护人在受理时代签。"
)
DECLARATION_TEXT = gettext_noop("本人%(name)s已阅读授权书，同意授权核查，并保证所填信息真实（诚信声明）")
CONSENT_TEXT = AUTHORISATION_TEXT + "\n" + DECLARATION_TEXT
CONSENT_TEXT_SHA256 = hashlib.sha256(CONSENT_TEXT.encode()).hexdigest()
TEMPORARY_FIELDS = ("case_type", "event_kind", "event_date", "severity", "event_place", "loss")
# a worker's request to the union (R-FLOW-26: the union investigates; the worker states what he knows)
UNION_FIELDS = ("employer", "union_member", "category", "labour_relation_since")
UNION_CHECK_LABEL = "核查困难职工网上帮扶申请（受理后入户调查建档，或通知补充材料）"


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- who sees what


def applications_for(user) -> QuerySet:
    """Applicants: their own (made by them, or by an agent for their ID number); agents: those they made;
    township staff: those of their region subtree. Everyone else: none."""
    qs = PortalApplication.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if user.role == Role.APPLICANT:
        if not user.id_number:
            return qs.filter(applicant=user)
        return qs.filter(Q(applicant=user) | Q(applicant_id_number=user.id_number))
    q = Q(agent=user)
    staff = user.role in (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)
    if user.region_id and staff:
        region_q = Q(scope_path__startswith=user.region.path)
        if settings.UNION_ARCHIVES_INTERNAL and user.role != Role.ADMIN:
            # R-ARC-06 (the DEFAULT access policy, as for archives): a worker's request to the union is the
            # union's, not the civil-affairs office's
            region_q &= ~Q(programme=Programme.UNION)
        q |= region_q
    base = union_base(user)
    if base is not None and staff:  # union staff: the requests made to a union of their subtree
        q |= Q(programme=Programme.UNION, union_org__path__startswith=base.path)
    return qs.filter(q)


def get_application(user, pk) -> PortalApplication:
    app = applications_for(user).filter(pk=pk).select_related("region").first()
    if app is None:
        raise Http404(_("未找到该申请"))
    return app


def own_household(user) -> Household | None:
    """The applicant's household in the registry (their ID number is an active member's), if any."""
    if not user.id_number:
        return None
    member = Member.objects.filter(id_number=user.id_number, active=True).select_related("household").first()
    return member.household if member else None


def _is_mine(user, app: PortalApplication) -> bool:
    return (
        app.applicant_id == user.pk
        or app.agent_id == user.pk
        or (bool(user.id_number) and app.applicant_id_number == user.id_number)
    )


def _is_worker_for(user, app: PortalApplication) -> bool:
    if user.is_superuser:
        return True
    if not user.can_write():
        return False
    if app.programme == Programme.UNION:  # the union's staff (a help centre: its union's subtree)
        base = union_base(user)
        return base is not None and app.union_org.path.startswith(base.path)
    return bool(user.region_id) and app.scope_path.startswith(user.region.path)


class _UnionWork:
    """The to-do entry of a union request is union work (core.todo, union=True): filed under the union's
    path, without the household, so that it is on the lists of the union's staff and not the township's."""

    class _meta:  # noqa: N801 - what core.workflow.open_deadline / close_deadlines read of a model
        label_lower = "portal.unionrequest"

    def __init__(self, app: PortalApplication):
        self.pk = app.pk
        self.household = None
        self.scope_path = app.union_org.path


def _deadline_target(app: PortalApplication):
    return _UnionWork(app) if app.programme == Programme.UNION else app


def union_choices():
    """The unions a worker may ask (county federations and base-level unions; help centres serve them)."""
    return UnionOrg.objects.filter(level__gte=UnionOrg.Level.COUNTY, is_help_centre=False).order_by("path")


def _audit(actor, action: str, app: PortalApplication, *, after: dict | None = None, note: str = "") -> None:
    record(
        actor,
        f"portal.{action}",
        app,
        after=after,
        household=app.household,
        scope_path=app.scope_path,
        note=note,
    )


# ---------------------------------------------------------------- the draft


def _open_case_problem(household, programme: str) -> str:
    if household is None:
        return ""
    if programme == Programme.DIBAO:
        from jiuzhu.dibao.models import DibaoApplication

        open_statuses = [*DibaoApplication.TRANSITIONS["withdraw"][0], "approved", "approval_publicity"]
        if DibaoApplication.objects.filter(household=household, status__in=open_statuses).exists():
            return _("您的家庭已有正在办理的低保申请，请在“我的申请”中查看进度")
        if DibaoApplication.objects.filter(household=household, status__in=["active", "phase_out"]).exists():
            return _("您的家庭正在享受低保，无需重复申请；情况变化请使用“报告家庭变化”")
    return ""


def do_start(
    user,
    programme: str,
    *,
    region_code: str = "",
    applicant_name: str = "",
    applicant_id_number: str = "",
    phone: str = "",
    agent_capacity: str = "",
    union_code: str = "",
) -> PortalApplication:
    """Start a draft: an applicant for their own household, or an agent (a staff user) on someone's behalf."""
    if programme not in Programme.values:
        raise Refused("programme", _("请选择申请事项"))
    agent = user.role != Role.APPLICANT
    if agent:
        if not user.can_write():
            raise Refused("programme", _("您的角色不能代为申请"))
        if agent_capacity not in AgentCapacity.values:
            raise Refused("agent_capacity", _("请选择代办人身份"))
        name = str(applicant_name or "").strip()
        if not name:
            raise Refused("applicant_name", _("请填写申请人姓名"))
        id_number = clean_id(applicant_id_number, "applicant_id_number")
        phone = clean_phone(phone) if phone else ""
    else:
        name, id_number, phone = user.first_name, user.id_number, user.phone
        if not id_number:
            raise Refused("programme", _("请先完成实名登记"))
    member = Member.objects.filter(id_number=id_number, active=True).select_related("household").first()
    household = member.household if member else None
    if household is not None:
        region = household.region
        doc = to_document(household)
    else:
        region = Region.objects.filter(
            code=str(region_code or "").strip(), level=Region.Level.VILLAGE
        ).first()
        if region is None:
            raise Refused("region", _("请选择所在村（社区）"))
        doc = {
            "region": region.code,
            "area_type": "rural" if region.name.endswith("村") else "urban",
            "phone": phone,
            "members": [{"ref": "m1", "name": name, "id_number": id_number, "relation": "applicant"}],
        }
    if agent and not region_within_scope(user, region):
        raise Refused("region", _("不在您的工作区域内，不能代为申请"))
    union_org = None
    if programme == Programme.UNION:
        union_org = union_choices().filter(code=str(union_code or "").strip()).first()
        if union_org is None:
            raise Refused("union_org", _("请选择向哪个工会提出申请（所在单位工会或区县总工会）"))
    problem = _open_case_problem(household, programme)
    if problem:
        raise Refused("programme", problem)
    try:
        with transaction.atomic():
            app = PortalApplication.objects.create(
                programme=programme,
                applicant=None if agent else user,
                applicant_name=name,
                applicant_id_number=id_number,
                phone=phone,
                agent=user if agent else None,
                agent_capacity=agent_capacity if agent else "",
                region=region,
                scope_path=region.path,
                household=household,
                union_org=union_org,
                document=doc,
                created_by=user,
            )
            _audit(
                user,
                "start",
                app,
                after={"programme": programme, "agent_capacity": app.agent_capacity},
                note=_("代为申请") if agent else "",
            )
    except IntegrityError:
        raise Refused("programme", _("您已有一份未办结的同类网上申请，请继续填写或等待核查")) from None
    return app


def _check_editable(user, app: PortalApplication) -> None:
    if not _is_mine(user, app):
        raise Http404(_("未找到该申请"))
    app.refresh_from_db()
    if not app.editable:
        raise Refused("status", _("申请已提交，当前不能修改"))


def _clean_document(app: PortalApplication, doc: dict) -> dict:
    """The household document checked as the registry checks it (every problem with its field)."""
    doc = {**doc, "region": app.region.code}
    clean_household(doc, existing_household_id=app.household_id)
    members = doc.get("members") or []
    if not any(str(m.get("id_number", "")).upper() == app.applicant_id_number for m in members):
        problems = Problems()
        problems.add("members[0].id_number", _("申请人本人应列为家庭成员"))
        raise ValidationFailed(problems)
    return doc


def _clean_details(app: PortalApplication, data: dict) -> dict:
    if app.programme == Programme.UNION:
        return _clean_union_details(data)
    if app.programme != Programme.TEMPORARY:
        return {}
    from jiuzhu.temporary import actions as t
    from jiuzhu.temporary.models import CaseType, EventKind, Severity

    try:
        t.choice(data, "case_type", CaseType)
        t.choice(data, "event_kind", EventKind)
        t.choice(data, "severity", Severity)
        if t.date(data, "event_date") > today():
            raise t.Invalid("event_date", _("事件发生日期不能晚于今天"))
        t.text(data, "event_place")
        t.money(data, "loss", required=False)
    except t.Invalid as e:
        raise Refused(e.field, e.problem) from None
    return {k: str(data.get(k) or "") for k in TEMPORARY_FIELDS}


def _clean_union_details(data: dict) -> dict:
    """What the worker tells the union: his employer (R-ELIG-11 worker data), whether a union member, the
    kind of hardship as he sees it (the union decides the category when it opens the archive)."""
    from jiuzhu.registry.choices import HardshipCategory
    from jiuzhu.temporary import actions as t

    try:
        employer = t.text(data, "employer", max_length=100)
        if not employer:
            raise t.Invalid("employer", _("请填写工作单位"))
        category = t.choice(data, "category", HardshipCategory)
        since = str(data.get("labour_relation_since") or "").strip()
        if since:
            if t.date(data, "labour_relation_since") > today():
                raise t.Invalid("labour_relation_since", _("日期不能晚于今天"))
    except t.Invalid as e:
        raise Refused(e.field, e.problem) from None
    member = str(data.get("union_member") or "") in ("1", "on", "true", "True")
    return {
        "employer": employer,
        "union_member": member,
        "category": category,
        "labour_relation_since": since,
    }


def do_save(user, app: PortalApplication, *, document: dict, details: dict | None = None, reason: str = ""):
    """Save the draft; refused with every problem named (nothing saved) when the document is not valid."""
    _check_editable(user, app)
    doc = _clean_document(app, document)
    clean_details = _clean_details(app, details or {})
    with transaction.atomic():
        app = PortalApplication.objects.select_for_update().get(pk=app.pk)
        app.document, app.details, app.reason = doc, clean_details, str(reason or "").strip()[:2000]
        app.save(update_fields=["document", "details", "reason"])
        _audit(user, "save", app, after={"members": len(doc.get("members") or [])})
    return app


# ---------------------------------------------------------------- documents (R-FLOW-01)


def needed_documents(app: PortalApplication) -> list[dict]:
    """The documents told at once (一次性告知), without those data sharing provides (R-FLOW-01), each with
    the files uploaded for it."""
    if app.programme == Programme.DIBAO:
        from jiuzhu.dibao.models import REQUIRED_DOCUMENTS

        items = [dict(d) for d in REQUIRED_DOCUMENTS if not d["shared"]]
    elif app.programme == Programme.UNION:
        # R-FLOW-28: income and property are compared with civil affairs' data by the union; the worker
        # gives what no data sharing holds
        items = [
            {"code": "employment_proof", "label": gettext_noop("劳动关系证明（劳动合同或单位证明）")},
            {
                "code": "hardship_proof",
                "label": gettext_noop("致困原因证明（如诊断证明、医疗费用票据、子女在学证明）"),
            },
            {"code": "other", "label": gettext_noop("其他能说明困难情况的材料（如有）")},
        ]
    else:
        items = [
            {
                "code": "event_proof",
                "label": gettext_noop("事件或支出证明（如火灾证明、医疗费用票据、诊断证明）"),
            },
            {"code": "income_proof", "label": gettext_noop("无法通过共享获取的收入证明（如有）")},
            {"code": "other", "label": gettext_noop("其他能说明困难情况的材料（如有）")},
        ]
    uploads = list(app.uploads.all())
    for item in items:
        item["uploads"] = [u for u in uploads if u.doc_code == item["code"]]
    return items


def do_upload(user, app: PortalApplication, doc_code: str, uploaded) -> Upload:
    _check_editable(user, app)
    codes = {d["code"] for d in needed_documents(app)}
    if doc_code not in codes:
        raise Refused("doc_code", _("请选择材料名称"))
    data, content_type, scanner = files.check(uploaded)
    if app.uploads.count() >= 30:
        raise Refused("file", _("每份申请最多上传30个文件"))
    stored = files.save(data, content_type)
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                application=app,
                doc_code=doc_code,
                stored_name=stored,
                original_name=str(getattr(uploaded, "name", "") or "")[-200:],
                content_type=content_type,
                size=len(data),
                sha256=files.sha256(data),
                scanned=scanner,
                uploaded_by=user,
            )
            _audit(
                user, "upload", app, after={"doc_code": doc_code, "size": len(data), "sha256": upload.sha256}
            )
    except Exception:
        files.storage().delete(stored)  # nothing half-written: no file without its row
        raise
    return upload


def do_delete_upload(user, app: PortalApplication, upload_pk) -> None:
    """The applicant (or agent) removes a file while the application may still be changed (填写中, 需补充材料);
    never once submitted for checking or taken — then the files are the case's. The audit event keeps what
    the file was (name, material, size, SHA-256); the file leaves the storage once the removal is committed."""
    _check_editable(user, app)
    with transaction.atomic():
        app = PortalApplication.objects.select_for_update().get(pk=app.pk)
        if not app.editable:  # submitted meanwhile
            raise Refused("status", _("申请已提交，当前不能修改"))
        upload = Upload.objects.filter(pk=upload_pk, application=app).first()
        if upload is None:
            raise Http404(_("未找到该文件"))
        stored = upload.stored_name
        _audit(
            user,
            "delete_upload",
            app,
            after={
                "upload": upload.pk,
                "doc_code": upload.doc_code,
                "original_name": upload.original_name,
                "size": upload.size,
                "sha256": upload.sha256,
            },
        )
        upload.delete()
        transaction.on_commit(lambda: files.storage().delete(stored))


def visible_upload(user, pk) -> Upload:
    """An upload, only for the applicant (or agent) of its application and the township staff in scope."""
    upload = Upload.objects.filter(pk=pk).select_related("application").first()
    if upload is None:
        raise Http404
    app = upload.application
    if not (_is_mine(user, app) or (user.can_read_registry() and applications_for(user).filter(pk=app.pk))):
        raise Http404
    return upload


# ---------------------------------------------------------------- authorisation (附件1)


def adults(app: PortalApplication, on: dt.date | None = None) -> list[dict]:
    """Co-resident members aged 18 or more on the day (each signs 附件1 himself, R-FLOW-02)."""
    from jiuzhu.idnumber import parse_id_number

    on = on or today()
    out = []
    for m in app.document.get("members") or []:
        try:
            info = parse_id_number(str(m.get("id_number", "")))
        except ValueError:
            continue
        if m.get("co_resident", True) and info.age_on(on) >= ADULT_AGE:
            out.append({"name": m.get("name", ""), "id_number": info.number})
    return out


def do_consent(user, app: PortalApplication, id_number: str, method: str) -> Consent:
    """One adult member's authorisation, given online by that member's confirmation or to be brought printed."""
    _check_editable(user, app)
    if method not in Consent.Method.values:
        raise Refused("method", _("请选择签署方式"))
    member = next((m for m in adults(app) if m["id_number"] == str(id_number).upper()), None)
    if member is None:
        raise Refused("id_number", _("只有年满18周岁的共同生活家庭成员签署授权书"))
    try:
        with transaction.atomic():
            electronic = method == Consent.Method.ELECTRONIC
            consent = Consent.objects.create(
                application=app,
                id_number=member["id_number"],
                name=member["name"],
                method=method,
                consented_on=today(),
                signed_at=timezone.now() if electronic else None,
                text_version=CONSENT_TEXT_VERSION if electronic else "",
                text_sha256=CONSENT_TEXT_SHA256 if electronic else "",
                recorded_by=user,
            )
            _audit(
                user,
                "consent",
                app,
                after={
                    "name": member["name"],
                    "method": method,
                    "signed_at": consent.signed_at.isoformat() if electronic else None,
                    "text_version": consent.text_version,
                    "text_sha256": consent.text_sha256,
                },
            )
    except IntegrityError:
        raise Refused("id_number", _("%(name)s已签署授权书") % {"name": member["name"]}) from None
    return consent


def electronic_record(consent: Consent) -> dict:
    """What the 低保 case keeps of an electronic signature (dibao.Signature.electronic), printed on 附件1."""
    by = consent.recorded_by
    return {
        "signed_at": timezone.localtime(consent.signed_at).isoformat(timespec="minutes")
        if consent.signed_at
        else consent.consented_on.isoformat(),
        "confirmed_by": by.first_name or by.username,
        "confirmed_by_account": by.username,
        "text_version": consent.text_version or CONSENT_TEXT_VERSION,
        "text_sha256": consent.text_sha256,
        "consent": consent.pk,
    }


def missing_consents(app: PortalApplication) -> list[dict]:
    done = set(app.consents.values_list("id_number", flat=True))
    return [m for m in adults(app) if m["id_number"] not in done]


# ---------------------------------------------------------------- submit, withdraw


def do_submit(user, app: PortalApplication) -> PortalApplication:
    _check_editable(user, app)
    _clean_document(app, app.document)
    if app.programme == Programme.TEMPORARY and not app.details:
        raise Refused("event_kind", _("请填写遇到的困难情况"))
    if app.programme == Programme.UNION and not app.details:
        raise Refused("employer", _("请填写工作单位和困难情况"))
    if app.programme == Programme.DIBAO:
        missing = missing_consents(app)
        if missing:
            names = "、".join(m["name"] for m in missing)
            raise Refused("consent", _("以下成员尚未签署授权书：%(names)s") % {"names": names})
    problem = _open_case_problem(app.household, app.programme)
    if problem:
        raise Refused("programme", problem)
    with transaction.atomic():
        app = PortalApplication.objects.select_for_update().get(pk=app.pk)
        before = app.status
        app.status = PortalApplication.Status.SUBMITTED
        app.submitted_on = app.submitted_on or today()
        app.save(update_fields=["status", "submitted_on"])
        _audit(user, "submit", app, after={"status": app.status, "from": before})
        union = app.programme == Programme.UNION
        open_deadline(
            _deadline_target(app),
            CHECK_KIND,
            UNION_CHECK_LABEL if union else CHECK_LABEL,
            add_working_days(today(), CHECK_WORKING_DAYS),
            working_days=True,
            cite="R-ARC-08" if union else "R-FLOW-01",
        )
    return app


def do_withdraw(user, app: PortalApplication) -> PortalApplication:
    if not _is_mine(user, app):
        raise Http404(_("未找到该申请"))
    if app.status not in OPEN_STATUSES:
        raise Refused("status", _("该申请已受理，不能在网上撤回；请联系乡镇（街道）"))
    with transaction.atomic():
        app = PortalApplication.objects.select_for_update().get(pk=app.pk)
        app.status = PortalApplication.Status.WITHDRAWN
        app.save(update_fields=["status"])
        close_deadlines(_deadline_target(app))
        _audit(user, "withdraw", app, after={"status": app.status})
    return app


# ---------------------------------------------------------------- township


def do_request_documents(worker, app: PortalApplication, text: str) -> PortalApplication:
    """Back to the applicant: which documents (or corrections) are still needed."""
    if not _is_worker_for(worker, app):
        raise Http404(_("未找到该申请"))
    text = str(text or "").strip()
    if not text:
        raise Refused("more_documents", _("请写明需要补充的材料"))
    with transaction.atomic():
        app = PortalApplication.objects.select_for_update().get(pk=app.pk)
        if app.status != PortalApplication.Status.SUBMITTED:
            raise Refused("status", _("只有已提交待核查的申请可以通知补充材料"))
        app.status, app.more_documents = PortalApplication.Status.MORE_DOCUMENTS, text[:2000]
        app.save(update_fields=["status", "more_documents"])
        close_deadlines(_deadline_target(app), CHECK_KIND)
        _audit(worker, "request_documents", app, after={"more_documents": app.more_documents})
    return app


def do_take(worker, app: PortalApplication, *, category: str = ""):
    """Take the application into the procedure: the household written through the registry, then the 低保
    application (draft, with the electronic authorisations as signatures), the 临时救助 case (已申请) or, for
    a worker's request to the union, the archive at its household investigation (R-FLOW-26; `category`: the
    union's choice, default the worker's). One transaction: refused as a whole when any step refuses."""
    from jiuzhu.registry.actions import do_create_household, do_update_household

    if not _is_worker_for(worker, app):
        raise Http404(_("未找到该申请"))
    try:
        with transaction.atomic():
            app = PortalApplication.objects.select_for_update().get(pk=app.pk)
            if app.status != PortalApplication.Status.SUBMITTED:
                raise Refused("status", _("只有已提交待核查的申请可以受理（可能已被他人处理，请刷新）"))
            note = _("网上申请 #%(n)s") % {"n": app.pk}
            union = app.programme == Programme.UNION
            document = _union_document(app, category) if union else app.document
            if app.household_id:
                household = do_update_household(worker, app.household, document, note=note)
            else:
                household = do_create_household(worker, document)
            case = _open_case(worker, app, household, category=category)
            app.status, app.household = PortalApplication.Status.TAKEN, household
            app.taken_at, app.taken_by = timezone.now(), worker
            app.save(update_fields=["status", "household", "taken_at", "taken_by", *case])
            close_deadlines(_deadline_target(app), CHECK_KIND)
            _audit(
                worker,
                "take",
                app,
                after={"status": app.status, "case": f"{case[0]}:{getattr(app, case[0]).pk}"},
            )
    except Refused:
        raise
    except (TransitionRefused, ValueError) as e:  # the procedure's refusal (temporary.Invalid names a field)
        raise Refused(getattr(e, "field", "status"), getattr(e, "problem", None) or str(e)) from None
    return app


def _union_document(app: PortalApplication, category: str = "") -> dict:
    """The household document with the worker's union data (R-ELIG-11: what makes it a worker household):
    the union asked, the applicant as the worker, his employer."""
    d = app.details or {}
    members = app.document.get("members") or []
    ref = next(
        (m.get("ref") for m in members if str(m.get("id_number", "")).upper() == app.applicant_id_number),
        None,
    )
    union = dict(app.document.get("union") or {})
    union.update(
        worker=ref,
        employer=d.get("employer", ""),
        union_member=bool(d.get("union_member")),
        hardship_category=category or d.get("category") or None,
    )
    if d.get("labour_relation_since"):
        union["labour_relation_since"] = d["labour_relation_since"]
    return {**app.document, "union_org": app.union_org.code, "union": union}


def _open_case(worker, app: PortalApplication, household, *, category: str = "") -> list[str]:
    if app.programme == Programme.UNION:
        from jiuzhu.archives.actions import do_open_archive

        d = app.details or {}
        investigation = _("网上申请 #%(n)s：%(reason)s") % {"n": app.pk, "reason": app.reason or "—"}
        app.archive = do_open_archive(
            worker,
            household,
            {
                "category": category or d.get("category", ""),
                "union_org": app.union_org.code,
                "investigation": investigation[:4000],
            },
        )
        return ["archive"]
    if app.programme == Programme.DIBAO:
        from jiuzhu.dibao.actions import do_create_application, do_record_signature
        from jiuzhu.dibao.models import Signature

        case = do_create_application(worker, household, applied_on=app.submitted_on)
        members = {m.id_number: m for m in household.members.filter(active=True)}
        for consent in app.consents.filter(method=Consent.Method.ELECTRONIC):
            member = members.get(consent.id_number)
            if member is not None and member.co_resident:
                do_record_signature(
                    worker,
                    case,
                    member=member,
                    capacity=Signature.Capacity.SELF,
                    method=Signature.Method.SIGNATURE,
                    signed_on=consent.consented_on,
                    electronic=electronic_record(consent),
                )
        app.dibao_application = case
        return ["dibao_application"]
    from jiuzhu.temporary.actions import do_create_case

    d = app.details
    app.temporary_case = do_create_case(
        worker,
        household,
        {**{k: d.get(k) for k in TEMPORARY_FIELDS if k != "loss"}, "loss": d.get("loss") or None},
    )
    return ["temporary_case"]
