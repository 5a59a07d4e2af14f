"""Text made outside the templates reaches English pages in English, and stays as it was in Chinese.

- R-FLOW-01: the documents checklist is stored on the case in Chinese (what was told that day) and shown in
  the reader's language; the authorisation period (R-FLOW-03) likewise.
- Bad input to a dibao step is answered in the language of the request.
- Deadline labels are stored in Chinese when a procedure opens them and shown in the reader's language on
  the to-do list and the case page (jiuzhu.core.todo.deadline_label).
Expected English is the catalog's translation (jiuzhu/locale/en), written out here by hand.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from jiuzhu.core.models import Deadline, Region
from jiuzhu.core.todo import deadline_label
from tests.web.test_english_catalog import _walk_dibao_case_in_ascii, ascii_household, chinese_in


@pytest.fixture
def english(as_user):
    def client_for(username: str):
        client = as_user(username)
        client.cookies["django_language"] = "en"
        return client

    return client_for


@pytest.fixture
def household(demo):
    from jiuzhu.registry.actions import do_create_household

    return ascii_household(lambda doc: do_create_household(None, doc))


def section(html: str, marker: str) -> str:
    """The part of the page from the <h2> holding `marker` to the next <h2>."""
    start = html.index(marker)
    start = html.rindex("<h2", 0, start)
    end = html.find("<h2", start + 3)
    return html[start : end if end >= 0 else len(html)]


def test_r_flow_01_checklist_and_authorisation_in_english_stored_in_chinese(
    english, as_user, users, household
):
    from jiuzhu.dibao.actions import do_create_application
    from jiuzhu.dibao.models import REQUIRED_DOCUMENTS

    app = do_create_application(users["sy_worker"], household)
    applied = app.applied_on.isoformat()
    url = reverse("dibao:case", args=[app.pk])

    page = english("sy_worker").get(url).content.decode()
    checklist = section(page, "［R-FLOW-01］</span></small></h2>")
    for text in (
        "One-time list of required documents",
        "<li>Dibao application and authorisation (Annex 1, with the honesty declaration)</li>",
        "<li>Household registration booklet (hukou) — <em>Obtained through data sharing",
        "<li>Proof of marital status — <em>",
    ):
        assert text in checklist, text
    assert checklist.count("<li>") == 12  # every item of R-FLOW-01's list
    assert chinese_in(checklist) == []
    assert f"From {applied} (the application date) until the day assistance ends" in page
    facts = re.search(r'<table class="facts">.*?</table>', page, re.S).group(0)
    assert chinese_in(facts) == []

    # In Chinese the page is as before, and the case keeps the checklist in Chinese, as told.
    chinese = as_user("sy_worker").get(url).content.decode()
    assert "<li>户口簿 — <em>通过部门信息共享获取，无需申请人提供</em></li>" in chinese
    assert f"自{applied}（申请之日）起至救助终止之日止" in chinese
    app.refresh_from_db()
    assert app.required_documents[3]["label"] == "户口簿"
    assert [d["label"] for d in app.required_documents] == [d["label"] for d in REQUIRED_DOCUMENTS]


def test_bad_step_input_is_answered_in_english_and_nothing_is_written(english, as_user, users, household):
    from jiuzhu.dibao.actions import do_create_application

    app = do_create_application(users["sy_worker"], household)
    url = reverse("dibao:step", args=[app.pk, "record_signature"])
    bad = {"member": "", "capacity": "boss", "method": "signature", "signed_on": "2024-02-30"}

    def problems(response):
        """The refused form's problems, each next to its field (issue 10: the input is kept)."""
        assert response.status_code == 400
        [step] = [s for s in response.context["steps"] if s["failed"]]
        return {x["f"].name: x["error"] for x in step["fields"] if x["error"]}

    response = english("sy_worker").post(url, bad)
    assert problems(response) == {
        "member": "Required",
        "capacity": "Not a valid option; choose from: self, guardian",
        "signed_on": "Not a valid date (use YYYY-MM-DD)",
    }
    assert 'value="2024-02-30"' in response.content.decode()  # what was typed stays
    # A step the case's status does not allow: the refusal is in English too.
    response = english("sy_worker").post(
        reverse("dibao:step", args=[app.pk, "start_verification"]), {}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("The current status is “Draft”, so “Start verification of financial situation”")
    assert chinese_in(message) == []

    response = as_user("sy_worker").post(url, bad)
    got = problems(response)
    assert got["member"] == "必填" and got["signed_on"] == "不是有效的日期（应为YYYY-MM-DD）"
    assert app.signatures.count() == 0


def test_deadline_labels_in_english_on_the_case_page_and_the_to_do_list(english, as_user, users, household):
    from jiuzhu.dibao import actions as a

    worker = users["sy_worker"]
    app = _walk_dibao_case_in_ascii(worker, users["sy_approver"], household)
    a.do_record_lead(
        worker,
        region=Region.objects.get(code="110113001001"),
        source="village_cadre",
        person_name="王小明",
        description="lives alone",
    )
    months = app.review_interval_months
    review = f"Dibao periodic review home visit (every {months} months)"

    case = english("sy_worker").get(reverse("dibao:case", args=[app.pk])).content.decode()
    deadlines = section(case, "<th>Deadline</th>")
    for text in ("Review publicity ends (Annex 5)", "Approval publicity ends (Annex 8)", review):
        assert f"<td>{text}</td>" in deadlines, text
    assert chinese_in(deadlines) == []

    todo = english("sy_worker").get(reverse("todo")).content.decode()
    assert review in todo
    assert "Follow up a proactive lead: 王** (Village (community) cadre)" in todo  # the masked name is data

    # Chinese pages show the labels as stored, and what is stored is unchanged.
    chinese = as_user("sy_worker").get(reverse("dibao:case", args=[app.pk])).content.decode()
    assert "<td>审核公示期满（附件5）</td>" in chinese
    assert f"<td>低保动态管理入户复核（每{months}个月）</td>" in chinese
    todo = as_user("sy_worker").get(reverse("todo")).content.decode()
    assert "跟进主动发现线索：王**（村（社区）干部）" in todo
    assert Deadline.objects.get(kind="publicity_review").label == "审核公示期满（附件5）"


@pytest.mark.parametrize(
    ("stored", "english_label"),
    [
        (
            "登记送达日期：不予批准通知书（附件6）（2024年第3号）",
            "Record the delivery date: Refusal notice (Annex 6) (no. 3 of 2024)",
        ),
        (
            "申请行政复议期限：停发通知书（附件7）（2025年第12号）",
            "Time limit to apply for administrative reconsideration: Stop notice (Annex 7) (no. 12 of 2025)",
        ),
        (
            "家庭变化应在30日内报告（2025-03-01发生）",
            "Household change to be reported within 30 days (happened 2025-03-01)",
        ),
        ("临时救助（支出型）办理时限", "Temporary assistance (expenditure-type): time limit for handling"),
        ("一个没有翻译的期限", "一个没有翻译的期限"),  # unknown: shown as stored
    ],
)
def test_deadline_label_translates_fixed_and_patterned_labels_only_for_display(stored, english_label):
    deadline = Deadline(label=stored)
    with translation.override("en"):
        assert deadline_label(deadline) == english_label
    with translation.override("zh-hans"):
        assert deadline_label(deadline) == stored
    assert deadline.label == stored
