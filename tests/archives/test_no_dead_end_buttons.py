"""Issue 10, item 3: the archive page offers 复核, 退回 and 备案 only to a user the action lets through; to a
user whose role allows the step but who may not take it here (not the next-higher union, the archive's own
preparer: R-FLOW-26 and the maker-checker rule) it says why in words instead of a button that is then
refused. The words are the ones the action refuses with."""

from __future__ import annotations

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core.workflow import TransitionRefused


@pytest.fixture
def centre_archive(make_household, union_users):
    """An archive opened by the help centre's own worker for a household of the help centre's union, with
    the investigation done and submitted: waiting for the next-higher union's review."""
    centre = union_users["centre"]
    archive = a.do_open_archive(
        centre, make_household(union_org="U110113-HC"), {"category": "deep", "investigation": "入户调查"}
    )
    a.do_record_investigation(
        centre, archive, {"verification": "data_comparison", "verification_note": "一致"}
    )
    return a.do_submit(centre, archive)


def _page(client, user, archive) -> str:
    client.force_login(user)
    r = client.get(f"/archives/{archive.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def test_preparer_sees_why_he_cannot_review_or_return_his_own_archive(client, centre_archive, union_users):
    html = _page(client, union_users["centre"], centre_archive)
    assert 'id="form-review_pass"' not in html and 'id="form-return"' not in html
    assert 'id="not-now"' in html
    assert "经办与审批不能为同一人" in html
    # the action refuses him with the same words
    with pytest.raises(TransitionRefused, match="经办与审批不能为同一人"):
        a.do_review_pass(union_users["centre"], centre_archive)
    with pytest.raises(TransitionRefused, match="经办与审批不能为同一人"):
        a.do_return(union_users["centre"], centre_archive, "材料不全")


def test_the_higher_union_gets_the_buttons_and_the_preparer_cannot_file(client, centre_archive, union_users):
    html = _page(client, union_users["higher"], centre_archive)  # 顺义区总工会: the next-higher union
    assert 'id="form-review_pass"' in html and 'id="form-return"' in html and 'id="not-now"' not in html
    archive = a.do_review_pass(union_users["higher"], centre_archive, "复核通过")
    # 备案: the help centre is at county level, but its own worker prepared the archive
    html = _page(client, union_users["centre"], archive)
    assert 'id="form-file"' not in html and "经办与审批不能为同一人" in html
    with pytest.raises(TransitionRefused, match="经办与审批不能为同一人"):
        a.do_file(union_users["centre"], archive)


def test_a_base_union_worker_is_told_the_filing_is_the_help_centres(client, archive_at, union_users):
    archive = archive_at("higher_review")  # opened by the base union (b01_worker)
    html = _page(client, union_users["base2"], archive)  # his colleague: not the next-higher union
    assert 'id="form-review_pass"' not in html and "复核须由建档工会的上级工会办理" in html
    archive = a.do_review_pass(union_users["higher"], archive, "复核通过")
    html = _page(client, union_users["base2"], archive)
    assert 'id="form-file"' not in html and "备案须由县级以上困难职工帮扶中心办理" in html
    html = _page(client, union_users["centre"], archive)  # the help centre, who did not prepare it
    assert 'id="form-file"' in html and 'id="not-now"' not in html


def test_every_refusal_on_the_page_is_the_actions_own(archive_at, union_users):
    """refusal() and the actions agree for every user and step: offered exactly when the action succeeds."""
    for status, action, run in (
        ("higher_review", "review_pass", lambda u, ar: a.do_review_pass(u, ar, "x")),
        ("higher_review", "return", lambda u, ar: a.do_return(u, ar, "x")),
        ("centre_review", "file", lambda u, ar: a.do_file(u, ar)),
    ):
        for key in ("base", "higher", "centre"):
            archive = archive_at(status, household=None)
            reason, _cite = a.refusal(union_users[key], archive, action)
            try:
                run(union_users[key], archive)
            except TransitionRefused as e:
                assert reason and reason in str(e), (action, key, reason, str(e))
            else:
                assert reason == "", (action, key, reason)
