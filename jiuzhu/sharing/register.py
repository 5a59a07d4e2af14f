"""The counterpart register (R-SHARE-01) and the confidentiality agreement register (R-SHARE-08):
administrators only, each change audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jiuzhu.core.audit import record, snapshot
from jiuzhu.core.models import Region

from .access import SharingRefused
from .keys import unb64
from .models import Agreement, Counterpart, Side


def _admin(actor) -> None:
    if actor is not None and not (actor.is_superuser or (actor.is_active and actor.role == "admin")):
        raise SharingRefused("只有系统管理员可以登记对接单位和保密协议")


def _key(value: str, what: str) -> str:
    try:
        if len(unb64(value)) != 32:
            raise ValueError
    except ValueError:
        raise SharingRefused(f"{what}应为32字节的base64编码") from None
    return value


def do_add_counterpart(actor, *, name: str, side: str, region: str, address: str, signing_key: str,
                       encryption_key: str) -> Counterpart:  # fmt: skip
    _admin(actor)
    if side not in Side.values:
        raise SharingRefused("单位类别无效")
    reg = Region.objects.filter(code=region).first()
    if reg is None:
        raise SharingRefused(f"地区代码“{region}”不存在")
    if not name.strip():
        raise SharingRefused("请填写单位名称")
    if Counterpart.objects.filter(name=name.strip()).exists():
        raise SharingRefused(f"对接单位“{name}”已登记")
    with transaction.atomic():
        cp = Counterpart.objects.create(
            name=name.strip(),
            side=side,
            region=reg,
            address=address.strip(),
            signing_key=_key(signing_key, "签名公钥"),
            encryption_key=_key(encryption_key, "加密公钥"),
        )
        record(actor, "sharing.counterpart", cp, after=snapshot(cp), scope_path=reg.path)
    return cp


def do_record_agreement(actor, counterpart: Counterpart, *, reference: str, signed_on: dt.date, user=None,
                        valid_until: dt.date | None = None, filed_on: dt.date | None = None) -> Agreement:  # fmt: skip
    _admin(actor)
    if not reference.strip():
        raise SharingRefused("请填写协议编号")
    if valid_until and valid_until < signed_on:
        raise SharingRefused("有效期不能早于签订日期")
    with transaction.atomic():
        agreement = Agreement.objects.create(
            counterpart=counterpart,
            user=user,
            reference=reference.strip(),
            signed_on=signed_on,
            valid_until=valid_until,
            filed_on=filed_on,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "sharing.agreement",
            agreement,
            after=snapshot(agreement),
            scope_path=counterpart.region.path,
        )
    return agreement


def do_revoke_agreement(actor, agreement: Agreement, *, on: dt.date) -> Agreement:
    _admin(actor)
    with transaction.atomic():
        before = snapshot(agreement)
        agreement.revoked_on = on
        agreement.save(update_fields=["revoked_on"])
        record(actor, "sharing.agreement_revoked", agreement, before=before, after=snapshot(agreement),
               scope_path=agreement.counterpart.region.path)  # fmt: skip
    return agreement
