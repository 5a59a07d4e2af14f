"""R-SHARE-11: civil affairs compares its 临时救助 recipients regularly with the registered-poor list
(建档立卡) it imports from the poverty office, to track who leaves poverty and who returns to it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.scope import civil_households
from jiuzhu.registry.models import Member, mask_name

from .access import SharingRefused, log, require_purpose, require_sharing_right
from .batches import open_from, record_batch
from .exchange import FormatError
from .models import Batch, PoorListEntry, Purpose, Side

PURPOSE = Purpose.POVERTY_TRACKING.value
RECIPIENT_MONTHS = 12  # a 临时救助 recipient is compared for twelve months after approval


def do_import_poor_list(actor, data: bytes, *, identity=None) -> Batch:
    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind != "poor_list":
            raise SharingRefused("这不是建档立卡贫困人口名单文件")
        if counterpart.side != Side.POVERTY_OFFICE:
            raise SharingRefused(f"“{counterpart.name}”不是扶贫（乡村振兴）部门")
        require_sharing_right(actor, counterpart, "导入建档立卡名单")
        with transaction.atomic():
            batch = record_batch(actor, counterpart, doc, direction="in", channel="file", data=data)
            PoorListEntry.objects.bulk_create(
                PoorListEntry(
                    batch=batch,
                    name=r["name"],
                    id_type=r["id_type"],
                    id_number=r["id_number"],
                    status=r["status"],
                    since=r["since"],
                )  # fmt: skip
                for r in doc.records
            )
            log(actor, "import", f"导入建档立卡名单{len(doc.records)}人", counterpart=counterpart, purpose=PURPOSE,
                batch_id=batch.batch_id, record_count=len(doc.records))  # fmt: skip
        return batch
    except (SharingRefused, FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝导入：{exc}"[:300])
        raise


def _statuses(batch_id) -> dict[str, str]:
    if batch_id is None:
        return {}
    return dict(PoorListEntry.objects.filter(batch_id=batch_id).values_list("id_number", "status"))


CHANGES = {
    ("registered", "left"): "left_poverty",
    ("registered", None): "left_poverty",  # no longer on the list
    ("left", "registered"): "returned",
    (None, "registered"): "registered",  # first seen on the list
    ("registered", "registered"): "registered",
}
LABELS = {"left_poverty": _("已脱贫"), "returned": _("返贫"), "registered": _("建档立卡未脱贫")}


def poverty_changes(user, purpose: str | None, today: dt.date | None = None) -> list[dict]:
    """The 临时救助 recipients of the user's region on the latest two lists: left poverty, returned, or still
    registered (masked; the view logged). Recipients on neither list are not shown."""
    from jiuzhu.temporary.models import TemporaryCase

    require_purpose(purpose, (PURPOSE,))
    today = today or timezone.localdate()
    lists = list(
        Batch.objects.filter(direction="in", kind="poor_list")
        .order_by("-id")
        .values_list("pk", flat=True)[:2]
    )
    current = _statuses(lists[0] if lists else None)
    previous = _statuses(lists[1] if len(lists) > 1 else None)
    y, m = divmod(today.year * 12 + today.month - 1 - RECIPIENT_MONTHS, 12)
    cases = TemporaryCase.objects.filter(
        household__in=civil_households(user),
        status__in=("approved", "closed"),
        approved_on__gte=dt.date(y, m + 1, 1),
    )
    out, seen = [], set()
    for member in Member.objects.filter(household__temporary_cases__in=cases, active=True).select_related(
        "household"
    ):
        if member.pk in seen:
            continue
        seen.add(member.pk)
        change = CHANGES.get((previous.get(member.id_number), current.get(member.id_number)))
        if change is None:
            continue
        out.append({"name": mask_name(member.name), "id_number": member.masked_id_number,
                    "household": member.household, "change": change, "label": LABELS[change]})  # fmt: skip
    out.sort(key=lambda r: (r["change"], r["household"].number))
    with transaction.atomic():
        log(user, "view", f"查看临时救助对象与建档立卡名单比对（{len(out)}人）", purpose=PURPOSE, record_count=len(out),
            scope=user.region.path if user.region_id else "")  # fmt: skip
    return out
