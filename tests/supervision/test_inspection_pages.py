"""The inspection pages: open an inspection, record a finding and refer it, through the forms; public
disclosure and hotline pages need no login."""

import pytest
from django.urls import reverse

from jiuzhu.supervision.models import Finding, Inspection

pytestmark = pytest.mark.django_db


def test_inspection_through_the_pages(client, users):
    client.force_login(users["sy_approver"])
    r = client.post(
        reverse("supervision:inspection_new"),
        {
            "title": "专项检查",
            "kind": "special",
            "region": "110113",
            "programme": "低保",
            "period_from": "2026-01-01",
            "period_to": "2026-06-30",
            "lead_unit": "区民政局",
        },
    )
    i = Inspection.objects.get()
    assert r.status_code == 302
    url = reverse("supervision:inspection_step", args=[i.pk, "finding"])
    r = client.post(
        url,
        {
            "category": "wrongful_inclusion",
            "gravity": "minor",
            "rectify_by": "2026-12-31",
            "description": "收入核算错误",
            "responsible": "经办岗",
        },
    )
    assert r.status_code == 409 and "主观故意、客观偏差或探索创新" in r.content.decode()
    client.post(
        url,
        {
            "category": "bribery",
            "gravity": "criminal",
            "description": "索要好处费",
            "responsible": "某村干部",
        },
    )
    f = Finding.objects.get()
    client.post(
        reverse("supervision:inspection_step", args=[i.pk, "refer"]),
        {"finding": f.pk, "to": "顺义区公安分局"},
    )
    page = client.get(reverse("supervision:inspection", args=[i.pk])).content.decode()
    assert "已移送" in page and "顺义区公安分局" in page
    client.force_login(users["cy_worker"])
    assert client.get(reverse("supervision:inspection", args=[i.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("supervision:disclosure")).status_code == 200
