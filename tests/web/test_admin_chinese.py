"""Issue 10, item 4: the admin index is Chinese — django-axes (login throttling) ships no Chinese, so its app
and models are named by jiuzhu (jiuzhu/web/adminapp.py, jiuzhu/web/locale/zh_Hans)."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_index_names_login_throttling_in_chinese(as_user):
    page = as_user("admin").get("/admin/").content.decode()
    assert "登录防护" in page and "登录尝试" in page
    assert "Access attempts" not in page and ">Axes<" not in page
