"""The risk rules (issue 15 item 1): each a function over whole columns (numpy), with its clause and severity.

A rule returns `Hits`: for each hit a subject key that stays the same across scans (so a rescan finds the ticket
already open), the household, the case and a detail with personal data masked. Details are stored in Chinese,
as data (like deadline labels). Thresholds marked DEFAULT are the project's choice where the texts set none
(docs/supervision.md).
"""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.money import yuan

from .columns import NONE, fetch, index_of, money_fen
from .models import Severity
from .scan import Hits, rule

DIBAO = "dibao.dibaoapplication"
TEMPORARY = "temporary.temporarycase"
ARCHIVE = "archives.archive"
DIBAO_PAID = ("active", "phase_out")
DIBAO_GRANTED = ("approved", "approval_publicity", "active", "phase_out")
DIBAO_CLOSED = ("draft", "refused", "withdrawn", "stopped")
ARCHIVE_OPEN = ("investigating", "higher_review", "centre_review", "returned", "filed", "active", "phase_out")
ARCHIVE_HELD = ("filed", "active", "phase_out")
CROWDED_ADDRESS = 3  # DEFAULT: this many recipient households at one address is worth a look
INCOME_CHANGE_HALF = 2  # DEFAULT: a change of at least 1/2 of the earlier per-capita income

SHORT = {DIBAO: "dibao", TEMPORARY: "temporary", ARCHIVE: "archive"}


def case_ref(case_type: str, case_id: int | None) -> str:
    """A case as the JSON output and the pages name it: "dibao:12"."""
    if not case_type or case_id is None:
        return ""
    return f"{SHORT.get(case_type, case_type)}:{case_id}"


def _hits(subject, household, detail, case_type="", case_id=None) -> Hits:
    return Hits(
        np.asarray(subject, dtype=str),
        np.asarray(household, dtype=np.int64),
        case_type,
        None if case_id is None else np.asarray(case_id, dtype=np.int64),
        list(detail),
    )


def _first_per(keys: np.ndarray) -> np.ndarray:
    """Indices of the first occurrence of each key (to open one ticket per household, say)."""
    _u, first = np.unique(keys, return_index=True)
    return np.sort(first)


def _case_households(ctx) -> np.ndarray:
    """Households with a case under way or granted (低保 not closed, or a union archive in progress or held)."""
    d, a = ctx.dibao, ctx.archives
    return np.union1d(
        d["household"][~np.isin(d["status"], DIBAO_CLOSED)],
        a["household"][np.isin(a["status"], ARCHIVE_OPEN)],
    )


def _recipient_households(ctx) -> np.ndarray:
    d, a = ctx.dibao, ctx.archives
    return np.union1d(
        d["household"][np.isin(d["status"], DIBAO_GRANTED)],
        a["household"][np.isin(a["status"], ARCHIVE_HELD)],
    )


# ---- persons ------------------------------------------------------------------------------------------------


@rule(
    "staff_relative_unflagged",
    _("家庭成员或其赡养人是登记在册的经办人员或村干部，但未作近亲属备案"),
    "R-REG-07, R-SUP-01",
    "民办发〔2019〕10号 附件2、附件3",
    Severity.HIGH,
)
def staff_relative_unflagged(ctx) -> Hits:
    (staff,) = fetch("SELECT id_number FROM payments_staffregisterentry WHERE active", kinds="s")
    if not len(staff):
        return Hits.empty()
    m, o, hh = ctx.members, ctx.obligors, ctx.households
    mi = m["active"] & np.isin(m["id_number"], staff)
    oi = np.isin(o["id_number"], staff)
    household = np.concatenate([m["household"][mi], o["household"][oi]])
    idn = np.concatenate([m["id_number"][mi], o["id_number"][oi]])
    role = np.concatenate([np.full(mi.sum(), "家庭成员"), np.full(oi.sum(), "赡养（抚养、扶养）义务人")])
    pos = ctx.at(household)
    keep = hh["active"][pos] & ~hh["flagged"][pos] & np.isin(household, _case_households(ctx))
    household, idn, role = household[keep], idn[keep], role[keep]
    first = _first_per(household)
    return _hits(
        [f"h:{h}" for h in household[first]],
        household[first],
        [
            f"{role[i]}（{mask_id_number(str(idn[i]))}）登记为社会救助经办人员或村干部，家庭未勾选近亲属备案"
            for i in first
        ],
    )


@rule(
    "departed_still_paid",
    _("已死亡、迁出或注销的人员仍在计算保障人数或领取低保金"),
    "R-PAY-05, R-FLOW-10",
    "民发〔2019〕139号 二(三)；民办发〔2019〕10号 附件7",
    Severity.HIGH,
)
def departed_still_paid(ctx) -> Hits:
    d, m, hh = ctx.dibao, ctx.members, ctx.households
    paid = np.isin(d["status"], DIBAO_PAID)
    ids, household, persons = d["id"][paid], d["household"][paid], d["persons"][paid]
    pos = ctx.at(household)
    n = len(hh["id"])
    mpos = ctx.at(m["household"]) if len(m["id"]) else np.array([], dtype=np.int64)
    living = np.bincount(mpos[m["active"] & m["co_resident"]], minlength=n)
    applicant = m["relation"] == "applicant"
    has_active_applicant = np.bincount(mpos[applicant & m["active"]], minlength=n) > 0
    has_gone_applicant = np.bincount(mpos[applicant & ~m["active"]], minlength=n) > 0
    parts = []
    gone = ~hh["active"][pos]
    parts.append((gone, "household", lambda i: "家庭档案已注销，案件仍在保障中"))
    away = hh["active"][pos] & has_gone_applicant[pos] & ~has_active_applicant[pos]
    parts.append((away, "applicant", lambda i: "申请人已不在册（死亡或迁出），案件仍在保障中"))
    counted = hh["active"][pos] & (persons != NONE) & (persons > living[pos])
    parts.append(
        (
            counted,
            "persons",
            lambda i: f"保障人数{persons[i]}人，家庭在册共同生活成员仅{living[pos[i]]}人",
        )
    )
    subject, hid, cid, detail = [], [], [], []
    for mask, what, text in parts:
        for i in np.flatnonzero(mask):
            subject.append(f"case:{ids[i]}:{what}")
            hid.append(household[i])
            cid.append(ids[i])
            detail.append(text(i))
    return _hits(subject, hid, detail, DIBAO, cid)


@rule(
    "id_in_two_households",
    _("同一身份证号同时计入两户（一户一档），或分属两个县"),
    "R-REG-11",
    "总工办发〔2020〕13号 附件 四.1(3)",
    Severity.HIGH,
)
def id_in_two_households(ctx) -> Hits:
    """An active member of one household who is also counted, as a co-resident obligor, in another. (Two
    active members with one ID number cannot exist: the registry's unique index forbids it.)"""
    m, o, hh = ctx.members, ctx.obligors, ctx.households
    act = m["active"]
    mid, mh = m["id_number"][act], m["household"][act]
    order = np.argsort(mid, kind="stable")
    mid, mh = mid[order], mh[order]
    co = o["co_resident"]
    oid, oh, ob = o["id_number"][co], o["household"][co], o["id"][co]
    pos = np.clip(np.searchsorted(mid, oid), 0, max(len(mid) - 1, 0))
    found = (mid[pos] == oid) if len(mid) else np.zeros(len(oid), dtype=bool)
    other = found & (mh[pos] != oh) if len(mid) else found
    idx = np.flatnonzero(other)
    a_pos, b_pos = ctx.at(mh[pos[idx]]), ctx.at(oh[idx])
    details = []
    for k, i in enumerate(idx):
        a, b = a_pos[k], b_pos[k]
        county = "（两户分属不同县）" if hh["code"][a][:6] != hh["code"][b][:6] else ""
        details.append(
            f"{mask_id_number(str(oid[i]))}是家庭{hh['number'][a]}的在册成员，又作为共同生活人员计入本户{county}"
        )
    return _hits([f"o:{ob[i]}" for i in idx], oh[idx], details)


@rule(
    "shared_account",
    _("同一银行账号登记为不同家庭收款人的账户"),
    "R-PAY-03",
    "民发〔2019〕139号 二(三)",
    Severity.HIGH,
)
def shared_account(ctx) -> Hits:
    member, account, household = fetch(
        "SELECT a.member_id, a.account_number, m.household_id FROM registry_payeeaccount a"
        " JOIN registry_member m ON m.id = a.member_id JOIN registry_household h ON h.id = m.household_id"
        " WHERE m.active AND h.active",
        kinds="isi",
    )
    if not len(member):
        return Hits.empty()
    acct, inv = np.unique(account, return_inverse=True)
    pairs = np.unique(np.stack([inv, household]), axis=1)
    households_per = np.bincount(pairs[0], minlength=len(acct))
    hit = np.flatnonzero(households_per[inv] > 1)
    return _hits(
        [f"acct:{member[i]}" for i in hit],
        household[hit],
        [f"账号…{str(account[i])[-4:]}同时是{households_per[inv[i]]}户收款人的账户" for i in hit],
    )


@rule(
    "crowded_address",
    _("同一地址登记了多户救助对象"),
    "R-PAY-05",
    "民发〔2019〕139号 二(三)",
    Severity.LOW,
)
def crowded_address(ctx) -> Hits:
    hh = ctx.households
    take = np.flatnonzero(np.isin(hh["id"], _recipient_households(ctx)) & hh["active"])
    addr = np.char.replace(np.char.replace(hh["address"][take], " ", ""), "\u3000", "")
    keep = np.char.str_len(addr) > 0
    take, addr = take[keep], addr[keep]
    if not len(take):
        return Hits.empty()
    _u, inv, counts = np.unique(addr, return_inverse=True, return_counts=True)
    hit = np.flatnonzero(counts[inv] >= CROWDED_ADDRESS)
    ids = hh["id"][take[hit]]
    return _hits(
        [f"addr:{h}" for h in ids], ids, [f"本户地址共登记了{counts[inv[i]]}户救助对象" for i in hit]
    )


@rule(
    "assets_contradict",
    _("车辆、企业或房产与低保条件不符"),
    "R-ELIG-01, R-REG-06",
    "民发〔2019〕6号 一；民办发〔2019〕10号 附件2",
    Severity.MEDIUM,
)
def assets_contradict(ctx) -> Hits:
    d = ctx.dibao
    granted = np.isin(d["status"], DIBAO_GRANTED)
    ids, household = d["id"][granted], d["household"][granted]
    if not len(ids):
        return Hits.empty()
    (vehicles,) = fetch("SELECT household_id FROM registry_vehicle WHERE NOT mobility_aid", kinds="i")
    (business,) = fetch("SELECT household_id FROM registry_business", kinds="i")
    (company,) = fetch("SELECT id FROM registry_household WHERE controlling_shareholder", kinds="i")
    (houses,) = fetch("SELECT household_id FROM registry_house WHERE nature = 'self_owned'", kinds="i")
    hu, hc = np.unique(houses, return_counts=True)
    checks = [
        ("vehicle", vehicles, "登记有非残疾人代步用的机动车辆，请核实是否符合当地规定"),
        ("business", business, "登记有经营性商铺或雇佣他人从事经营"),
        ("company", company, "家庭成员为企业控股股东或实际控制人"),
        ("house", hu[hc >= 2], "家庭拥有两套及以上自有住房"),
    ]
    subject, hid, cid, detail = [], [], [], []
    for what, owners, text in checks:
        for i in np.flatnonzero(np.isin(household, owners)):
            subject.append(f"asset:{ids[i]}:{what}")
            hid.append(household[i])
            cid.append(ids[i])
            detail.append(text)
    return _hits(subject, hid, detail, DIBAO, cid)


@rule(
    "income_change",
    _("两次评估之间家庭人均收入大幅升降"),
    "R-FLOW-13, R-FLOW-12",
    "民办发〔2019〕10号 附件9、附件1",
    Severity.MEDIUM,
)
def income_change(ctx) -> Hits:
    from jiuzhu.dibao.models import DecisionSnapshot

    rows = list(
        DecisionSnapshot.objects.exclude(application__status__in=DIBAO_CLOSED)
        .order_by("application_id", "id")
        .values_list(
            "id", "application_id", "application__household_id", "result__programs__dibao__per_capita_income"
        )
    )
    if len(rows) < 2:
        return Hits.empty()
    sid, app, household, income = (np.array(c) for c in zip(*rows, strict=True))
    sid, app, household = sid.astype(np.int64), app.astype(np.int64), household.astype(np.int64)
    fen = money_fen(np.array(["" if v is None else str(v) for v in income], dtype=str))
    same_case = app[1:] == app[:-1]
    last = np.append(app[1:] != app[:-1], True)[1:]  # position k+1 is the case's last snapshot
    old, new = fen[:-1], fen[1:]
    change = np.abs(new - old)
    hit = np.flatnonzero(same_case & last & (old > 0) & (new >= 0) & (change * INCOME_CHANGE_HALF >= old)) + 1
    return _hits(
        [f"income:{sid[k]}" for k in hit],
        household[hit],
        [
            f"人均月收入由{yuan(int(fen[k - 1]))}元变为{yuan(int(fen[k]))}元（{'上升' if fen[k] > fen[k - 1] else '下降'}），请核实是否应调整保障"
            for k in hit
        ],
        DIBAO,
        app[hit],
    )


# ---- deadlines ----------------------------------------------------------------------------------------------


def _overdue(ctx, kinds=(), prefixes=(), what="") -> Hits:
    dl = ctx.overdue_deadlines(tuple(kinds), tuple(prefixes))
    if not len(dl["id"]):
        return Hits.empty()
    late = (ctx.today64 - dl["due"]).astype(np.int64)
    case_id = np.array([int(x) if x.isdigit() else NONE for x in dl["object_id"]], dtype=np.int64)
    return _hits(
        [f"dl:{i}" for i in dl["id"]],
        dl["household"],
        [f"{what}“{dl['label'][k]}”期限为{dl['due'][k]}，已逾期{late[k]}天" for k in range(len(late))],
        dl["object_type"],
        case_id,
    )


@rule(
    "review_overdue",
    _("低保动态复核逾期未办"),
    "R-FLOW-13, OP-05",
    "民办发〔2019〕10号 附件9",
    Severity.MEDIUM,
)
def review_overdue(ctx) -> Hits:
    return _overdue(ctx, kinds=("dynamic_review",))


@rule(
    "delivery_overdue",
    _("决定通知书逾期未登记送达"),
    "OP-17, R-FLOW-11",
    "民办发〔2019〕10号 三",
    Severity.LOW,
)
def delivery_overdue(ctx) -> Hits:
    return _overdue(ctx, prefixes=("delivery:",))


@rule(
    "publicity_overdue",
    _("公示期满未办理下一步"),
    "R-FLOW-07, OP-04",
    "民办发〔2019〕10号 附件5、附件8",
    Severity.LOW,
)
def publicity_overdue(ctx) -> Hits:
    return _overdue(ctx, prefixes=("publicity_",))


@rule(
    "archive_review_overdue",
    _("困难职工档案逾期未复核"),
    "R-FLOW-29",
    "总工办发〔2020〕13号 附件 四.1(6)",
    Severity.MEDIUM,
    union=True,
)
def archive_review_overdue(ctx) -> Hits:
    return _overdue(ctx, kinds=("archive.review",))


@rule(
    "national_entry_late",
    _("帮扶资金支出后30个工作日内未录入全国工会帮扶工作管理系统"),
    "R-PAY-17",
    "总工办发〔2020〕13号 第九条",
    Severity.LOW,
    union=True,
)
def national_entry_late(ctx) -> Hits:
    pid, archive, household, due, entered, amount = fetch(
        "SELECT id, archive_id, household_id, entry_due, entered_national_on, amount_fen"
        " FROM archives_unionaidpayment ORDER BY id",
        kinds="iiiddi",
    )
    missing = np.isnat(entered)
    late = (missing & (due < ctx.today64)) | (~missing & (entered > due))
    idx = np.flatnonzero(late)
    return _hits(
        [f"uap:{pid[i]}:entry" for i in idx],
        household[idx],
        [
            f"{yuan(int(amount[i]))}元的帮扶支出应于{due[i]}前录入，"
            + ("至今未录入" if missing[i] else f"{entered[i]}才录入")
            for i in idx
        ],
        ARCHIVE,
        archive[idx],
    )


# ---- money after a stop, approvals ---------------------------------------------------------------------------


@rule(
    "paid_after_stop",
    _("停发后仍在花名册中发放"),
    "R-PAY-05, R-FLOW-10",
    "民发〔2019〕139号 二(三)；民办发〔2019〕10号 附件7",
    Severity.HIGH,
)
def paid_after_stop(ctx) -> Hits:
    line, roster, case, household, last, amount = fetch(
        "SELECT l.id, l.roster_id, l.case_id, l.household_id, l.last_month, l.amount_fen"
        " FROM payments_rosterline l JOIN payments_roster r ON r.id = l.roster_id"
        " WHERE l.case_type = %s AND l.status IN ('pending', 'paid', 'queried') AND r.status <> 'cancelled'",
        [DIBAO],
        kinds="iiiidi",
    )
    d = ctx.dibao
    pos, ok = index_of(d["id"], case)
    stopped = ok & (d["status"][pos] == "stopped") & ~np.isnat(d["stopped_from"][pos])
    hit = np.flatnonzero(stopped & (last >= d["stopped_from"][pos]))
    return _hits(
        [f"line:{line[i]}" for i in hit],
        household[hit],
        [
            f"{str(d['stopped_from'][pos[i]])[:7]}起停发，花名册{roster[i]}仍发放至{str(last[i])[:7]}，"
            f"{yuan(int(amount[i]))}元"
            for i in hit
        ],
        DIBAO,
        case[hit],
    )


@rule(
    "union_paid_after_removal",
    _("撤档或取消档案后仍支出帮扶资金"),
    "R-FLOW-30, R-PAY-05",
    "总工办发〔2020〕13号 附件 四.1(2)",
    Severity.HIGH,
    union=True,
)
def union_paid_after_removal(ctx) -> Hits:
    pid, archive, household, paid_on, amount = fetch(
        "SELECT id, archive_id, household_id, paid_on, amount_fen FROM archives_unionaidpayment ORDER BY id",
        kinds="iiidi",
    )
    a = ctx.archives
    pos, ok = index_of(a["id"], archive)
    gone = ok & np.isin(a["status"][pos], ("removed", "cancelled")) & ~np.isnat(a["removed_on"][pos])
    hit = np.flatnonzero(gone & (paid_on > a["removed_on"][pos]))
    return _hits(
        [f"uap:{pid[i]}:removed" for i in hit],
        household[hit],
        [f"档案{a['removed_on'][pos[i]]}撤档，{paid_on[i]}仍支出{yuan(int(amount[i]))}元" for i in hit],
        ARCHIVE,
        archive[hit],
    )


@rule(
    "approved_by_preparer",
    _("案件由经办人本人审批（经办与审批为同一人）"),
    "R-SUP-12, R-FLOW-08",
    "民发〔2019〕139号 四(一)；民办发〔2019〕10号 附件3",
    Severity.HIGH,
)
def approved_by_preparer(ctx) -> Hits:
    d = ctx.dibao
    granted = np.isin(d["status"], (*DIBAO_GRANTED, "stopped"))
    same = granted & (d["approver"] != NONE) & (d["approver"] == d["created_by"])
    # also: the approver made one of the township's steps (the status history names every actor)
    obj, actor, to = fetch(
        "SELECT object_id, actor_id, to_status FROM core_statuschange WHERE object_type = %s"
        " AND actor_id IS NOT NULL AND to_status IN ('submitted', 'review_publicity', 'township_opinion', 'approved')",
        [DIBAO],
        kinds="sis",
    )
    obj = obj.astype(np.int64) if len(obj) else np.array([], dtype=np.int64)
    key = obj * (1 << 31) + actor
    approved = to == "approved"
    made = np.isin(key[approved], key[~approved])
    pos, ok = index_of(d["id"], np.unique(obj[approved][made]))
    same[pos[ok]] |= granted[pos[ok]]
    ids = np.flatnonzero(same)
    t_id, t_household, t_created, t_approved = fetch(
        "SELECT id, household_id, created_by_id, approved_by_id FROM temporary_temporarycase"
        " WHERE approved_by_id IS NOT NULL AND approved_by_id = created_by_id ORDER BY id",
        kinds="iiii",
    )
    return _hits(
        [f"dibao:{d['id'][i]}" for i in ids] + [f"temporary:{t}" for t in t_id],
        np.concatenate([d["household"][ids], t_household]),
        ["低保案件的审批人也是该案的经办人"] * len(ids)
        + ["临时救助案件的审批人也是该案的经办人"] * len(t_id),
        np.array([DIBAO] * len(ids) + [TEMPORARY] * len(t_id), dtype=str),
        np.concatenate([d["id"][ids], t_id]),
    )


@rule(
    "approved_by_relative",
    _("审批人是申请家庭成员或其近亲属"),
    "R-REG-07, R-SUP-01, R-SUP-10",
    "民办发〔2019〕10号 附件2；总工办发〔2020〕13号 第十五条",
    Severity.HIGH,
)
def approved_by_relative(ctx) -> Hits:
    user, idn = fetch("SELECT id, id_number FROM accounts_user WHERE id_number <> '' ORDER BY id", kinds="is")
    if not len(user):
        return Hits.empty()
    d, m, o = ctx.dibao, ctx.members, ctx.obligors
    has = np.isin(d["approver"], user)
    ids, household, approver = d["id"][has], d["household"][has], d["approver"][has]
    upos, _ok = index_of(user, approver)
    wanted = np.char.add(np.char.add(household.astype(str), "|"), idn[upos])
    people = np.char.add(
        np.char.add(np.concatenate([m["household"], o["household"]]).astype(str), "|"),
        np.concatenate([m["id_number"], o["id_number"]]),
    )
    hit = np.flatnonzero(np.isin(wanted, people))
    return _hits(
        [f"dibao:{ids[i]}" for i in hit],
        household[hit],
        ["审批人的身份证号与本户成员或赡养（抚养、扶养）义务人相同"] * len(hit),
        DIBAO,
        ids[hit],
    )
