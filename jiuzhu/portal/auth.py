"""Applicants' accounts and login: a phone number and a one-time code (through the SMS backend), or an account
the township made; the real-name check of the ID number (R-FLOW-01 online application).

Rate limits (DEFAULT, settings may change them): a code per phone at most once a minute and 5 an hour,
30 an hour per IP address; a code is good for 10 minutes and 5 tries; after 10 wrong codes in an hour the
phone cannot log in for that hour. Every account made, code sent and login is an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.core.audit import record
from jiuzhu.idnumber import IdNumberError, parse_id_number
from jiuzhu.registry.documents import id_number_message
from jiuzhu.registry.models import Member, mask_phone

from . import sms
from .models import LoginCode

CODE_MINUTES = 10
CODE_TRIES = 5


class Refused(ValueError):
    """A problem with what was entered, naming the field (phone, code, name, id_number)."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def clean_phone(value) -> str:
    phone = re.sub(r"[\s-]", "", str(value or ""))
    if not re.fullmatch(r"1\d{10}", phone):
        raise Refused("phone", _("请输入11位手机号码"))
    return phone


def clean_id(value, field: str = "id_number") -> str:
    try:
        return parse_id_number(str(value or "").strip().upper()).number
    except IdNumberError as e:
        raise Refused(field, id_number_message(e)) from None


def _hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _audit(actor, action: str, obj, *, after: dict | None = None, note: str = "") -> None:
    region = getattr(actor, "region", None)
    record(actor, f"portal.{action}", obj, after=after, scope_path=region.path if region else "", note=note)


def send_code(phone, ip: str = "", *, now: dt.datetime | None = None) -> LoginCode:
    phone = clean_phone(phone)
    now = now or timezone.now()
    hour = now - dt.timedelta(hours=1)
    recent = LoginCode.objects.filter(phone=phone, created_at__gte=hour)
    if recent.filter(
        created_at__gte=now - dt.timedelta(seconds=_limit("PORTAL_CODE_INTERVAL_S", 60))
    ).exists():
        raise Refused("phone", _("验证码已发送，请一分钟后再试"))
    if recent.count() >= _limit("PORTAL_CODES_PER_HOUR", 5):
        raise Refused("phone", _("该号码本小时获取验证码次数已达上限，请稍后再试"))
    if ip and LoginCode.objects.filter(ip=ip, created_at__gte=hour).count() >= _limit(
        "PORTAL_CODES_PER_IP", 30
    ):
        raise Refused("phone", _("获取验证码过于频繁，请稍后再试"))
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        row = LoginCode.objects.create(
            phone=phone,
            code_hash=_hash(phone, code),
            ip=ip[:45],
            created_at=now,
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        record(None, "portal.code_sent", row, after={"phone": mask_phone(phone)})
    sms.backend().send(
        phone,
        _("【救助】您的登录验证码为%(code)s，%(minutes)s分钟内有效。请勿告诉他人。")
        % {
            "code": code,
            "minutes": CODE_MINUTES,
        },
    )
    return row


def check_code(phone, code, *, now: dt.datetime | None = None) -> str:
    """The phone, once its latest code is right; Refused (field phone or code) otherwise."""
    phone = clean_phone(phone)
    now = now or timezone.now()
    code = str(code or "").strip()
    hour = now - dt.timedelta(hours=1)
    failed = (
        LoginCode.objects.filter(phone=phone, created_at__gte=hour).aggregate(n=Sum("attempts"))["n"] or 0
    )
    if failed >= _limit("PORTAL_FAILED_PER_HOUR", 10):
        raise Refused("code", _("验证码错误次数过多，该号码暂时不能登录，请一小时后再试"))
    with transaction.atomic():
        row = (
            LoginCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if row is None:
            raise Refused("code", _("验证码已失效，请重新获取"))
        if row.attempts >= CODE_TRIES:
            raise Refused("code", _("验证码错误次数过多，请重新获取"))
        if not hmac.compare_digest(row.code_hash, _hash(phone, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            # the failed try is kept (the rate limit counts it) even though the login is refused
            transaction.on_commit(lambda: None)
            wrong = True
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            wrong = False
    if wrong:
        raise Refused("code", _("验证码不正确"))
    return phone


def applicant_for_phone(phone: str):
    return get_user_model().objects.filter(role=Role.APPLICANT, phone=phone, is_active=True).first()


def _real_name(name: str, id_number: str) -> str:
    """The real-name check: the name must be that of the registry's member with this ID number, when there is
    one, and the public-security backend (jiuzhu.portal.realname) must confirm the name and number. Returns
    the backend that confirmed it."""
    from . import realname

    member = Member.objects.filter(id_number=id_number, active=True).first()
    if member is not None and member.name != name:
        raise Refused("name", _("姓名与身份证号码登记的信息不一致"))
    result = realname.check(name, id_number)
    if result.verdict == realname.MISMATCH:
        raise Refused("name", _("姓名与公安部门登记的身份信息不一致，请核对后重新填写"))
    if result.verdict == realname.NOT_FOUND:
        raise Refused("id_number", _("公安部门未查到该身份证号码，请核对后重新填写"))
    if result.verdict != realname.MATCH:
        raise Refused("id_number", _("暂时无法核验身份信息，请稍后再试，或到乡镇（街道）办理"))
    return result.source


def _new_applicant(actor, *, phone: str, name: str, id_number: str, region, note: str, realname: str = ""):
    User = get_user_model()
    if User.objects.filter(role=Role.APPLICANT, phone=phone).exists():
        raise Refused("phone", _("该手机号码已开通账户"))
    if User.objects.filter(role=Role.APPLICANT, id_number=id_number).exists():
        raise Refused("id_number", _("该身份证号码已开通账户"))
    user = User(
        username=f"m{phone}",
        role=Role.APPLICANT,
        first_name=name,
        phone=phone,
        id_number=id_number,
        region=region,
    )
    user.set_unusable_password()
    user.save()
    after = {"phone": mask_phone(phone), "role": Role.APPLICANT}
    if realname:
        after["realname_checked_by"] = realname
    _audit(actor, "account_create", user, after=after, note=note)
    return user


def do_register(phone: str, *, name, id_number):
    """An applicant registers after the code has confirmed the phone (check_code)."""
    name = str(name or "").strip()
    if not name or len(name) > 50:
        raise Refused("name", _("请填写姓名"))
    id_number = clean_id(id_number)
    source = _real_name(name, id_number)
    member = Member.objects.filter(id_number=id_number, active=True).select_related("household").first()
    with transaction.atomic():
        return _new_applicant(
            None,
            phone=phone,
            name=name,
            id_number=id_number,
            region=member.household.region if member else None,
            note=_("申请人网上注册"),
            realname=source,
        )


def do_make_account(worker, member, phone):
    """The township makes an account for a member of a household in its scope; the applicant logs in with
    this phone and a code."""
    from jiuzhu.accounts.scope import civil_households

    if not worker.can_write() or not civil_households(worker).filter(pk=member.household_id).exists():
        raise Refused("member", _("该家庭不在您的管辖范围内"))
    phone = clean_phone(phone)
    with transaction.atomic():
        return _new_applicant(
            worker,
            phone=phone,
            name=member.name,
            id_number=member.id_number,
            region=member.household.region,
            note=_("乡镇（街道）开通申请人账户"),
        )


def record_login(user, how: str) -> None:
    with transaction.atomic():
        _audit(user, "login", user, after={"how": how})
