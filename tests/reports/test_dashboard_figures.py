"""Dashboard figures (issue 16 item 1): each says what it counts, is of the viewer's scope and equals the
list it links to. Cases walked through the real procedure; expected numbers worked out by hand."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from jiuzhu.dibao import actions as a
from tests.dibao.helpers import to_status


def _figures(client, **query):
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    return {str(s.label): s for s in response.context["figures"]["stats"]}


def _list_total(client, link) -> int:
    body = client.get(link).content.decode()
    return int(re.search(r"共 (\d+) (户|件)", body).group(1))


def test_r_rpt_10_dashboard_counts_households_receiving_dibao_this_month(
    active_case, make_household, worker, approver, as_user, town_worker
):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    # 胜利街道 (sy_worker's township): urban, 2 persons, paid from last month
    active_case(last_month)
    # 顺义 rural village (another township): rural, 3 persons
    active_case(this_month, region="110113100201", area_type="rural", members=3, by=town_worker)
    # stopped from this month: paid last month, not this month
    stopped = active_case(last_month)
    a.do_stop(approver, stopped, stop_month=this_month, reason="家庭收入已超过低保标准")
    # an application in progress (submitted) in 胜利街道, and a household without any case
    pending = a.do_create_application(worker, make_household("110113001002"))
    to_status(pending, "submitted", worker)
    make_household("110113001001")

    county = _figures(as_user("sy_approver"))
    assert county["本月享受低保家庭"].value == 2
    assert county["其中城市低保"].value == 1
    assert county["其中农村低保"].value == 1
    assert county["本月低保保障人数"].value == 2 + 3
    assert (
        county["办理中的低保申请"].value == 1
    )  # the submitted one; the stopped and active cases are not pending

    township = _figures(as_user("sy_worker"))
    assert township["本月享受低保家庭"].value == 1
    assert township["其中农村低保"].value == 0
    assert township["本月低保保障人数"].value == 2

    # another district's worker sees none of these; a union worker sees no civil-affairs cases
    assert _figures(as_user("cy_worker"))["本月享受低保家庭"].value == 0
    assert _figures(as_user("union_worker"))["本月享受低保家庭"].value == 0

    # every number links to the list of exactly those
    client = as_user("sy_approver")
    for label, figure in county.items():
        if label == "本月低保保障人数":
            body = client.get(figure.link).content.decode()
            assert "保障人数 5 人" in body
            continue
        assert _list_total(client, figure.link) == figure.value, label
    client = as_user("sy_worker")
    for label, figure in township.items():
        if label != "本月低保保障人数":
            assert _list_total(client, figure.link) == figure.value, label


def test_r_rpt_10_dashboard_narrowed_to_a_township_and_its_lists(active_case, as_user, town_worker):
    this_month = timezone.localdate().replace(day=1)
    active_case(this_month)
    active_case(this_month, region="110113100201", area_type="rural", by=town_worker)
    client = as_user("sy_approver")
    narrowed = _figures(client, region="110113001")
    assert narrowed["本月享受低保家庭"].value == 1
    link = narrowed["本月享受低保家庭"].link
    assert "region=110113001" in link
    assert _list_total(client, link) == 1
    # a region outside the viewer's scope is not found
    assert (
        client.get(reverse("reports:list", args=["dibao_receiving"]), {"region": "110105"}).status_code == 404
    )


def test_r_rpt_02_dashboard_union_worker_counts_his_whole_subtree(archive_at, as_user, users):
    """The help centre (帮扶中心) serves its parent union's subtree: the figure and the list agree (the old
    dashboard counted the help centre's own households only)."""
    archive_at("active", "deep")
    archive_at("active", "relative")
    archive_at("centre_review", "deep")  # not yet in file
    figures = _figures(as_user("union_worker"))
    assert figures["在档困难职工家庭"].value == 2
    assert _list_total(as_user("union_worker"), figures["在档困难职工家庭"].link) == 2
    # the registry table of the dashboard counts the same subtree (3 worker households)
    counts = as_user("union_worker").get(reverse("dashboard")).context["counts"]
    assert counts.total.counts["households"] == 3
