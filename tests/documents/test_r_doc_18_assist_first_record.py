"""R-DOC-18 临时救助先行救助登记表: recipient, reason, amount, date, the case officer's signature and the unit's
seal, for an assist-first (先行救助) temporary case, printed from the case page (PDF, DOCX)."""

from __future__ import annotations

import pytest

from jiuzhu.documents.links import documents_for
from jiuzhu.temporary.actions import do_assist_first, do_create_case, do_record_registration
from tests.documents.demo import pdf_text, squash
from tests.documents.records import assert_cjk_embedded, docx_rows, docx_text, login, missing_items

REASON = "住房失火，衣物被褥和炊具烧毁，急需基本生活用品"


@pytest.fixture
def new_case(make_household, users):
    def make(**data):
        fields = {
            "case_type": "emergency",
            "event_kind": "fire",
            "event_date": "2026-11-01",
            "event_place": "胜利街道建新社区1号楼",
            "severity": "moderate",
            "loss": "20000.00",
        }
        fields.update(data)
        return do_create_case(users["sy_worker"], make_household(), fields)

    return make


@pytest.fixture
def paid_case(new_case, users):
    """An emergency case paid first: 2000.00 元 in cash to 张建国 on 2026-11-02, by 胜利街道's worker."""
    return do_assist_first(
        users["sy_worker"],
        new_case(),
        {"amount": "2000.00", "recipient": "张建国", "given_on": "2026-11-02"},
    )


@pytest.fixture
def registered_case(paid_case, users):
    return do_record_registration(
        users["sy_worker"],
        paid_case,
        {
            "reg_recipient": "张建国",
            "reg_reason": REASON,
            "reg_amount": "2000.00",
            "reg_officer": "李经办",
        },
    )


def test_r_doc_18_record_prints_every_registered_value_as_real_text(registered_case, users, tmp_path):
    case = registered_case
    assert not case.reg_seal  # the seal goes on this printed record: not needed to print it
    response = login(users["sy_worker"]).get(f"/documents/assist_first/{case.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_cjk_embedded(response.content, tmp_path)
    text = squash(pdf_text(response.content, tmp_path))
    for value in (
        "临时救助先行救助登记表",
        case.number,
        case.household.number,
        "张建国",  # the recipient
        REASON,
        "2000.00元",
        "2026年11月2日",  # the assist-first payment date
        "2026年11月1日",  # the event date
        "火灾",
        "急难型",
        "现金/转账：救助金，领取人张建国",  # the handout of the assist-first payment
        "李经办",  # the recorded name of the officer ...
        "经办人签字",  # ... and the blank cell he signs in
        # sy_worker is 胜利街道's worker: the township approved on the county's delegation (R-FLOW-20)
        "乡镇（街道）审批（受县级委托）",
        "胜利街道办事处",
        "单位盖章",
        "（盖章）",
        "补齐经办人员签字、盖章手续",
    ):
        assert value in text, value


def test_r_doc_18_signature_and_seal_areas_are_blank_in_the_docx(registered_case, users):
    response = login(users["sy_worker"]).get(f"/documents/assist_first/{registered_case.pk}.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    text = docx_text(response.content)
    for value in ("临时救助先行救助登记表", "张建国", REASON, "2000.00元", "2026年11月2日", "李经办"):
        assert value in text, value
    officer = next(r for r in docx_rows(response.content) if r[0] == "经办人")
    assert officer == ["经办人", "李经办", "经办人签字", ""]  # signed by hand on the printed record
    seal = next(r for r in docx_rows(response.content) if r[0] == "单位盖章")
    assert "李经办" not in seal[1] and "（盖章）" in seal[1]


def test_r_doc_18_incomplete_registration_lists_what_is_missing(paid_case, users):
    client = login(users["sy_worker"])
    response = client.get(f"/documents/assist_first/{paid_case.pk}.pdf")
    assert response.status_code == 422
    assert missing_items(response) == ["救助对象", "救助事由", "救助金额", "经办人签字"]
    # the payment date is known from the assist-first handout: not asked for
    do_record_registration(
        users["sy_worker"],
        paid_case,
        {"reg_recipient": "张建国", "reg_reason": REASON, "reg_amount": "2000.00"},
    )
    response = client.get(f"/documents/assist_first/{paid_case.pk}.docx")
    assert response.status_code == 422
    assert missing_items(response) == ["经办人签字"]


def test_r_doc_18_linked_from_the_case_page_of_an_assist_first_case_only(registered_case, new_case, users):
    links = [(d["kind"], d["format"], d["url"]) for d in documents_for(registered_case)]
    assert links == [
        ("assist_first", "PDF", f"/documents/assist_first/{registered_case.pk}.pdf"),
        ("assist_first", "DOCX", f"/documents/assist_first/{registered_case.pk}.docx"),
    ]
    page = login(users["sy_worker"]).get(f"/temporary/{registered_case.pk}/").content.decode()
    assert f'href="/documents/assist_first/{registered_case.pk}.pdf"' in page
    assert "临时救助先行救助登记表（PDF）" in page

    ordinary = new_case()  # applied, not paid first: there is no registration record
    assert documents_for(ordinary) == []
    page = login(users["sy_worker"]).get(f"/temporary/{ordinary.pk}/").content.decode()
    assert "/documents/assist_first/" not in page
    assert login(users["sy_worker"]).get(f"/documents/assist_first/{ordinary.pk}.pdf").status_code == 404


def test_r_doc_18_outside_the_users_scope_is_404(registered_case, users):
    url = f"/documents/assist_first/{registered_case.pk}.pdf"
    assert login(users["cy_worker"]).get(url).status_code == 404  # 朝阳区: another district
    assert login(users["union_worker"]).get(url).status_code == 404  # a union user: not his household
    assert login(users["sy_approver"]).get(url).status_code == 200  # 顺义区 covers 胜利街道
    assert login(users["sy_worker"]).get("/documents/assist_first/999999.pdf").status_code == 404
