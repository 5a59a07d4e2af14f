"""The only code that changes the registry. Each action: check, write, audit, in one transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.core.audit import changed, record

from .documents import FLAGS, Problems, ValidationFailed, clean_household, flatten, to_document
from .models import (
    Business,
    Expense,
    House,
    Household,
    HouseholdPlan,
    IncomeItem,
    Member,
    ModelWorker,
    Obligor,
    PayeeAccount,
    Vehicle,
    WorkerInfo,
)

HOUSEHOLD_SCALARS = (
    "region",
    "union_org",
    "area_type",
    "address",
    "hukou_address",
    "residence_address",
    "employer",
    "phone",
    "main_expenditure",
    "near_relative_of_staff",
    "deposits_fen",
    "securities_fen",
    "receivables_fen",
    "other_property",
    *FLAGS,
)
MEMBER_SCALARS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "relation",
    "co_resident",
    "marital_status",
    "health",
    "disability_category",
    "disability_grade",
    "serious_illness",
    "disabled_elderly",
    "needs_carer",
    "work_capacity",
    "occupation",
    "employer",
    "registered_poor",
    "laid_off",
    "reemployed_since",
    "phone",
)


class PermissionDenied(Exception):
    pass


def _next_number(region) -> str:
    """Household numbers: county code + year + sequence, e.g. 110113-2026-000042."""
    county = region.county.code if region.county else region.code[:6]
    prefix = f"{county}-{timezone.localdate().year}-"
    last = (
        Household.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def _check_scope(actor, clean: dict) -> None:
    from jiuzhu.accounts.scope import region_within_scope, union_within_scope

    if actor is None:  # system jobs (demo data, migrations) act without a user
        return
    if not actor.can_write():
        raise PermissionDenied("当前角色不能修改家庭信息")
    if not region_within_scope(actor, clean["region"]) and not (
        clean["union_org"] is not None and union_within_scope(actor, clean["union_org"])
    ):
        problems = Problems()
        problems.add("region", _("不在您的管辖范围内"))
        raise ValidationFailed(problems)


def _write_children(household: Household, clean: dict) -> None:
    """Replace the household's facts with the cleaned document. Members are matched by ID number,
    so a member keeps its identity (and history) across corrections; a member left out is made inactive."""
    existing = {m.id_number: m for m in household.members.filter(active=True)}
    by_ref: dict[str, Member] = {}
    keep: set[int] = set()
    for m in clean["members"]:
        member = existing.get(m["id_number"]) or Member(household=household, id_number=m["id_number"])
        for key in MEMBER_SCALARS:
            setattr(member, key, m[key])
        member.active = True
        member.save()
        keep.add(member.pk)
        by_ref[m["ref"]] = member
        member.incomes.all().delete()
        member.expenses.all().delete()
        IncomeItem.objects.bulk_create(IncomeItem(member=member, **i) for i in m["incomes"])
        Expense.objects.bulk_create(Expense(member=member, **e) for e in m["expenses"])
    household.members.filter(active=True).exclude(pk__in=keep).update(active=False)

    household.obligors.all().delete()
    Obligor.objects.bulk_create(
        Obligor(household=household, **{**o, "supports": by_ref[o["supports"]]}) for o in clean["obligors"]
    )
    household.houses.all().delete()
    House.objects.bulk_create(House(household=household, **h) for h in clean["houses"])
    household.vehicles.all().delete()
    Vehicle.objects.bulk_create(Vehicle(household=household, **v) for v in clean["vehicles"])
    household.businesses.all().delete()
    Business.objects.bulk_create(Business(household=household, **b) for b in clean["businesses"])

    WorkerInfo.objects.filter(household=household).delete()
    if clean["union"]:
        u = dict(clean["union"])
        WorkerInfo.objects.create(household=household, worker=by_ref[u.pop("worker")], **u)
    if clean["plan"] is not None:
        HouseholdPlan.objects.update_or_create(household=household, defaults=clean["plan"])


def do_create_household(actor, data: dict, *, number: str | None = None) -> Household:
    clean = clean_household(data)
    _check_scope(actor, clean)
    try:
        with transaction.atomic():
            household = Household(number=number or _next_number(clean["region"]))
            for key in HOUSEHOLD_SCALARS:
                setattr(household, key, clean[key])
            household.save()
            _write_children(household, clean)
            record(
                actor,
                "household.create",
                household,
                after=flatten(to_document(household)),
                household=household,
            )
    except IntegrityError as e:
        # Two writers registering the same ID number at once: the unique index decides (R-REG-11).
        raise _integrity_problem(e) from None
    return household


def do_update_household(actor, household: Household, data: dict, *, note: str = "") -> Household:
    clean = clean_household(data, existing_household_id=household.pk)
    _check_scope(actor, clean)
    try:
        with transaction.atomic():
            household = Household.objects.select_for_update().get(pk=household.pk)
            before = flatten(to_document(household))
            for key in HOUSEHOLD_SCALARS:
                setattr(household, key, clean[key])
            household.save()
            _write_children(household, clean)
            after = flatten(to_document(household))
            old, new = changed(before, after)
            old.update({k: v for k, v in before.items() if k not in after})  # removed rows
            if old or new:
                record(
                    actor,
                    "household.update",
                    household,
                    before=old,
                    after=new,
                    household=household,
                    note=note,
                )
    except IntegrityError as e:
        raise _integrity_problem(e) from None
    return household


def do_close_household(actor, household: Household, reason: str) -> Household:
    """Close a household's file: it and its members stay, inactive, with their history (nothing is deleted)."""
    if actor is not None and not actor.can_write():
        raise PermissionDenied("当前角色不能修改家庭信息")
    if not reason.strip():
        problems = Problems()
        problems.add("reason", _("注销原因必填"))
        raise ValidationFailed(problems)
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        household.active = False
        household.save(update_fields=["active", "updated_at"])
        household.members.filter(active=True).update(active=False)
        record(
            actor,
            "household.close",
            household,
            before={"active": True},
            after={"active": False},
            household=household,
            note=reason,
        )
    return household


def _integrity_problem(error: IntegrityError) -> ValidationFailed:
    problems = Problems()
    if "member_id_number_active_unique" in str(error) or "id_number" in str(error):
        problems.add("members", _("身份证号码已是其他家庭的在册成员（一户一档）"))
    else:
        problems.add("(root)", _("保存失败：数据冲突，请重试"))
    return ValidationFailed(problems)


def _masked_account(number: str) -> str:
    return ("*" * max(len(number) - 4, 0) + number[-4:]) if number else ""


def do_set_payee_account(actor, member: Member, data: dict) -> PayeeAccount:
    """Record (or correct) a member's own account at the agent bank, and who withdraws for a payee who cannot
    (R-REG-10, R-PAY-03, R-PAY-04). Asked for when the recipient is approved; never a card PIN. Problems
    are named by field: bank, account_number, agent_name, agent_id_number."""
    import re

    from jiuzhu.idnumber import IdNumberError, parse_id_number

    if actor is not None and not actor.can_write():
        raise PermissionDenied("当前角色不能修改家庭信息")
    bank = str(data.get("bank") or "").strip()
    number = re.sub(r"[\s-]", "", str(data.get("account_number") or ""))
    agent = str(data.get("agent_name") or "").strip()
    agent_id = str(data.get("agent_id_number") or "").strip().upper()
    problems = Problems()
    if not bank:
        problems.add("bank", _("请填写代理金融机构"))
    elif len(bank) > 100:
        problems.add("bank", _("最多100个字"))
    if not re.fullmatch(r"\d{8,32}", number):
        problems.add("account_number", _("账号应为8至32位数字"))
    if len(agent) > 50:
        problems.add("agent_name", _("最多50个字"))
    if agent_id:
        try:
            parse_id_number(agent_id)
        except IdNumberError as e:
            problems.add("agent_id_number", str(e))
    if agent and not agent_id:
        problems.add("agent_id_number", _("填写代领人时须填写其身份证号码"))
    if agent_id and not agent:
        problems.add("agent_name", _("请填写代领人姓名"))
    if problems:
        raise ValidationFailed(problems)
    if actor is not None:
        from jiuzhu.accounts.scope import visible_households

        if not visible_households(actor).filter(pk=member.household_id).exists():
            raise PermissionDenied("该家庭不在您的管辖范围内")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("household__region").get(pk=member.pk)
        if not member.active:
            problems.add("member", _("该成员已不在册"))
            raise ValidationFailed(problems)
        account = PayeeAccount.objects.filter(member=member).first()
        before = (
            {
                "bank": account.bank,
                "account_number": _masked_account(account.account_number),
                "agent_name": account.agent_name,
            }
            if account
            else {}
        )
        if account is None:
            account = PayeeAccount(member=member)
        account.bank, account.account_number = bank, number
        account.agent_name, account.agent_id_number = agent, agent_id
        account.save()
        after = {"bank": bank, "account_number": _masked_account(number), "agent_name": agent}
        old, new = changed(before, after)
        if old or new:
            record(
                actor,
                "member.account",
                account,
                before=old,
                after=new,
                household=member.household,
                note=member.name,
            )
    return account


def do_register_model_worker(actor, data: dict) -> ModelWorker:
    """Enter a national model worker or May-1 Labour Medal holder who needs help in the model-worker subsidy
    register, with the degree of hardship and the personal bank account the subsidy is paid to (R-REG-17,
    总工发〔2012〕16号 第三条、第四条(一)). Union staff register within their own union's subtree. Problems are
    named by field: name, id_number, title, union_org, hardship_degree, bank, account_number."""
    import re

    from jiuzhu.accounts.scope import union_within_scope
    from jiuzhu.core.models import UnionOrg
    from jiuzhu.idnumber import IdNumberError, parse_id_number

    from .documents import id_number_message

    if actor is not None and not actor.can_write():
        raise PermissionDenied("当前角色不能登记劳模信息")
    name = str(data.get("name") or "").strip()
    id_number = str(data.get("id_number") or "").strip().upper()
    title = str(data.get("title") or "")
    code = str(data.get("union_org") or "").strip()
    degree = str(data.get("hardship_degree") or "").strip()
    bank = str(data.get("bank") or "").strip()
    number = re.sub(r"[\s-]", "", str(data.get("account_number") or ""))
    problems = Problems()
    if not name:
        problems.add("name", _("请填写姓名"))
    elif len(name) > 50:
        problems.add("name", _("最多50个字"))
    try:
        parse_id_number(id_number)
    except IdNumberError as e:
        problems.add("id_number", id_number_message(e))
    else:
        if ModelWorker.objects.filter(id_number=id_number).exists():
            problems.add("id_number", _("此人已在劳模帮扶名册中"))
    if title not in ModelWorker.Title.values:
        problems.add("title", _("请选择荣誉称号：全国劳动模范或全国五一劳动奖章获得者"))
    org = UnionOrg.objects.filter(code=code).first() if code else None
    if org is None:
        problems.add(
            "union_org",
            _("请填写所属工会代码") if not code else _("工会代码“%(code)s”不存在") % {"code": code},
        )
    if not degree:
        problems.add("hardship_degree", _("请填写困难程度"))
    elif len(degree) > 100:
        problems.add("hardship_degree", _("最多100个字"))
    if not bank:
        problems.add("bank", _("请填写开户银行"))
    elif len(bank) > 100:
        problems.add("bank", _("最多100个字"))
    if not re.fullmatch(r"\d{8,32}", number):
        problems.add("account_number", _("账号应为8至32位数字"))
    if problems:
        raise ValidationFailed(problems)
    if actor is not None and not union_within_scope(actor, org):
        raise PermissionDenied("只能在本工会及下级工会范围内登记")
    try:
        with transaction.atomic():
            worker = ModelWorker.objects.create(
                name=name,
                id_number=id_number,
                title=title,
                union_org=org,
                hardship_degree=degree,
                bank=bank,
                account_number=number,
            )
            record(
                actor,
                "modelworker.register",
                worker,
                after={
                    "name": name,
                    "title": title,
                    "union_org": org.code,
                    "hardship_degree": degree,
                    "bank": bank,
                    "account_number": _masked_account(number),
                },
                note=name,
            )
    except IntegrityError:
        problems.add("id_number", _("此人已在劳模帮扶名册中"))
        raise ValidationFailed(problems) from None
    return worker
