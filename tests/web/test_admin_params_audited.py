"""Django admin, administrators only; local-parameter edits go through do_set_param and are audited."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from jiuzhu.core.models import AuditEvent, LocalParameter, RuleSet


def _shunyi_rules() -> RuleSet:
    """The demo's rule set of 顺义 that sets its assistance standards (core.rulesets.DEMO_RULE_SETS)."""
    return RuleSet.objects.get(number="顺民发〔2025〕1号")


def _add(client, **fields):
    data = {
        "rule_set": str(_shunyi_rules().pk),
        "region_code": "110113",
        "key": "dibao_standard",
        "variant": "urban",
        "effective_from": "2027-01-01",
        "value": "1500.00",
        "citation": "顺民发〔2026〕1号",
    }
    data.update(fields)
    return client.post(reverse("admin:core_localparameter_add"), data)


def test_only_administrators_enter_the_admin(as_user, demo, users):
    assert as_user("admin").get(reverse("admin:index")).status_code == 200
    for username in ("sy_worker", "sy_approver", "auditor", "sy_finance"):
        response = as_user(username).get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response.url
    # staff flag alone is not enough: the role must be administrator
    worker = users["sy_worker"]
    worker.is_staff = True
    worker.save()
    response = as_user("sy_worker").get(reverse("admin:core_localparameter_changelist"))
    assert response.status_code == 302


def test_admin_lists_regions_unions_users_parameters_and_events(as_user, demo):
    client = as_user("admin")
    for name in ("core_region", "core_unionorg", "accounts_user", "core_localparameter", "core_auditevent"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_parameter_added_in_admin_is_audited(as_user, demo):
    client = as_user("admin")
    response = _add(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    param = LocalParameter.objects.get(
        region_code="110113", key="dibao_standard", variant="urban", effective_from=dt.date(2027, 1, 1)
    )
    assert param.value == "1500.00"  # a decimal string, never a float
    event = AuditEvent.objects.filter(action="params.set").latest("id")
    assert event.actor.username == "admin"
    rules = _shunyi_rules().pk
    assert event.before is None
    assert event.after == {"value": "1500.00", "citation": "顺民发〔2026〕1号", "rule_set": rules}
    assert event.scope_path == "/110000/110100/110113/"


def test_parameter_changed_in_admin_keeps_old_and_new_value(as_user, demo):
    client = as_user("admin")
    _add(client)
    param = LocalParameter.objects.get(
        region_code="110113", key="dibao_standard", effective_from="2027-01-01", variant="urban"
    )
    url = reverse("admin:core_localparameter_change", args=[param.pk])
    rules = _shunyi_rules().pk
    response = client.post(url, {"value": "1520.00", "citation": "顺民发〔2026〕2号", "rule_set": rules})
    assert response.status_code == 302
    param.refresh_from_db()
    assert param.value == "1520.00"
    event = AuditEvent.objects.filter(action="params.set").latest("id")
    assert event.before == {"value": "1500.00", "citation": "顺民发〔2026〕1号", "rule_set": rules}
    assert event.after == {"value": "1520.00", "citation": "顺民发〔2026〕2号", "rule_set": rules}
    assert (
        LocalParameter.objects.filter(key="dibao_standard", region_code="110113", variant="urban").count()
        >= 2
    )


def test_bad_parameter_value_is_refused_with_the_reason(as_user, demo):
    client = as_user("admin")
    events = AuditEvent.objects.count()
    page = _add(client, value="abc")
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["value"]
    page = _add(client, variant="")
    assert "城市/农村" in str(page.context["adminform"].form.errors)
    page = _add(client, key="phase_out_months", variant="", value='{"a": 1}')
    assert page.status_code == 200
    # R-SUP-14: a value names the rule set in force that sets it, for a region it covers
    page = _add(client, rule_set="")
    assert "请选择授权该参数的实施细则" in str(page.context["adminform"].form.errors["rule_set"])
    page = _add(client, region_code="110105")
    assert "不适用于该地区" in str(page.context["adminform"].form.errors["rule_set"])
    page = _add(client, key="union_phase_out_months", variant="", value="6")
    assert "没有规定该参数" in str(page.context["adminform"].form.errors["rule_set"])
    assert AuditEvent.objects.count() == events


def test_structured_parameter_value_is_stored_as_json(as_user, demo):
    client = as_user("admin")
    response = _add(
        client,
        key="dibao_property",
        variant="",
        value='{"financial_assets_months_per_capita": 24, "max_houses": 1, "vehicles_allowed": false}',
    )
    assert response.status_code == 302
    param = LocalParameter.objects.get(key="dibao_property", effective_from="2027-01-01")
    assert param.value == {
        "financial_assets_months_per_capita": 24,
        "max_houses": 1,
        "vehicles_allowed": False,
    }


def test_parameters_cannot_be_deleted(as_user, demo):
    client = as_user("admin")
    param = LocalParameter.objects.first()
    assert client.get(reverse("admin:core_localparameter_delete", args=[param.pk])).status_code == 403
    client.post(
        reverse("admin:core_localparameter_changelist"),
        {"action": "delete_selected", "_selected_action": [param.pk], "post": "yes"},
    )
    assert LocalParameter.objects.filter(pk=param.pk).exists()


def test_audit_events_are_read_only_in_admin(as_user, make_household):
    household = make_household()
    event = AuditEvent.objects.filter(household=household).first()
    client = as_user("admin")
    assert client.get(reverse("admin:core_auditevent_change", args=[event.pk])).status_code == 200
    assert (
        client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"note": "x"}).status_code
        == 403
    )
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403


def test_user_role_and_scope_edited_in_admin_are_audited(as_user, users):
    client = as_user("admin")
    worker = users["sy_worker2"]
    url = reverse("admin:accounts_user_change", args=[worker.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "role": "approver",
            "region": users["sy_approver"].region_id,
            "union_org": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, page.context["adminform"].form.errors
    worker.refresh_from_db()
    assert worker.role == "approver"
    event = AuditEvent.objects.filter(action="user.save").latest("id")
    assert event.before["role"] == "case_worker" and event.after["role"] == "approver"
    assert "password" not in event.after
