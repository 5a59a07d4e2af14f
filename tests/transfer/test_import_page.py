"""The import page: upload, the full error report as a table, or the success summary."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from transfer_helpers import household_rows, table, to_xlsx

from jiuzhu.registry.models import Household


def test_bad_file_shows_every_problem_in_a_table(client, users):
    rows = household_rows("1") + household_rows("2")
    rows[1]["健康状况"] = "很好"
    rows[2]["银行存款(元)"] = "-1"
    client.force_login(users["sy_worker"])
    response = client.post(
        "/transfer/import/", {"file": SimpleUploadedFile("a.xlsx", to_xlsx({"家庭成员": table(rows)}))}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "发现2处错误，未导入任何数据" in html
    assert (
        "<td>家庭成员</td><td>3</td><td>健康状况 (K)</td><td>“很好”不是有效值，可选：健康、一般、残疾、患病</td>"
        in html
    )
    assert "<td>家庭成员</td><td>4</td><td>银行存款(元) (F)</td><td>金额不能为负数</td>" in html
    assert not Household.objects.exists()


def test_good_file_shows_counts_and_masked_applicants(client, users):
    client.force_login(users["sy_worker"])
    data = to_xlsx({"家庭成员": table(household_rows("1", 姓名="王建华"))})
    response = client.post("/transfer/import/", {"file": SimpleUploadedFile("a.xlsx", data)})
    html = response.content.decode()
    household = Household.objects.get()
    assert "导入成功" in html
    assert f'<a href="/households/{household.pk}/">{household.number}</a>' in html
    assert "王**" in html and "王建华" not in html


def test_check_only_box(client, users):
    client.force_login(users["sy_worker"])
    data = to_xlsx({"家庭成员": table(household_rows("1"))})
    response = client.post("/transfer/import/", {"file": SimpleUploadedFile("a.xlsx", data), "dry_run": "on"})
    assert "检查通过，未导入" in response.content.decode()
    assert not Household.objects.exists()


def test_page_links_the_templates(client, users):
    client.force_login(users["sy_worker"])
    html = client.get("/transfer/import/").content.decode()
    assert 'href="/transfer/template.xlsx"' in html and 'href="/transfer/template.csv"' in html


def test_export_page_shows_audit_form_to_auditors_only(client, users):
    client.force_login(users["auditor"])
    assert "/transfer/export/audit.xlsx" in client.get("/transfer/export/").content.decode()
    client.force_login(users["sy_approver"])
    html = client.get("/transfer/export/").content.decode()
    assert "/transfer/export/households.xlsx" in html and "/transfer/export/audit.xlsx" not in html
