"""The self-check runs the policy engine on what the applicant enters and is marked as advice only."""

import pytest

from jiuzhu.portal.forms import initial
from jiuzhu.registry.documents import to_document

pytestmark = pytest.mark.django_db


def post_for(household, wage: str) -> dict:
    form = initial(to_document(household))
    post = {"area_type": "urban", "address": "", "phone": "", "main_expenditure": "", "deposits": "0"}
    post.update({"securities": "0", "area_m2": "", "nature": "", "vehicles": "0"})
    for row in form["members"][:2]:
        i = row["i"]
        post.update({f"m{i}-{k}": row[k] for k in ("name", "id_number", "relation")})
        post[f"m{i}-co_resident"] = "on"
        post[f"m{i}-inc0-kind"], post[f"m{i}-inc0-amount"] = ("wage", wage) if i == 0 else ("", "")
    return post


def test_self_check_is_advice_and_uses_the_engine(client, applicant, household):
    """顺义 urban standard 1400 元/人/月 (params_demo): two members on one wage of 1800 元 have 900 元 per
    person, below it; on 6000 元, 3000 元 per person, above it."""
    client.force_login(applicant)
    page = client.post("/portal/check/", post_for(household, "1800")).content.decode()
    assert "测评结果仅供参考，不是审批决定" in page
    assert "最低生活保障</strong>：您的家庭可能符合条件，可以申请" in page
    page = client.post("/portal/check/", post_for(household, "6000")).content.decode()
    assert "最低生活保障</strong>：不符合条件" in page


def test_self_check_names_a_wrong_id_number(client, applicant, household):
    client.force_login(applicant)
    post = post_for(household, "1800")
    good = post["m1-id_number"]
    post["m1-id_number"] = good[:17] + ("0" if good[17] != "0" else "1")
    page = client.post("/portal/check/", post).content.decode()
    assert f"第2位家庭成员 · 身份证号码：校验位应为{good[17]}" in page
