"""Issue 10, item 4: the admin index is Chinese — django-axes (login throttling) ships no Chinese, so its app
and models are named by jiuzhu (jiuzhu/web/adminapp.py, jiuzhu/web/locale/zh_Hans)."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_index_names_login_throttling_in_chinese(as_user):
    page = as_user("admin").get("/admin/").content.decode()
    assert "登录防护" in page and "登录尝试" in page
    assert "Access attempts" not in page and ">Axes<" not in page


def test_permission_names_are_chinese_in_the_admin(as_user, users):
    """Django stores "Can add …" names; after migrate they read 可以添加 / 可以修改 / 可以删除 / 可以查看 and the
    model's Chinese name, for jiuzhu's models and Django's own (用户)."""
    from django.contrib.auth.models import Permission

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.get(codename="add_household").name == "可以添加 家庭"
    assert (
        Permission.objects.get(codename="view_user", content_type__app_label="accounts").name
        == "可以查看 用户"
    )
    assert Permission.objects.get(codename="change_group").name == "可以修改 组"
    page = as_user("admin").get(f"/admin/accounts/user/{users['sy_worker'].pk}/change/").content.decode()
    assert "可以删除 家庭" in page and "Can add" not in page and "Can delete" not in page


def test_a_permission_named_by_hand_keeps_its_name(db):
    from django.contrib.auth.models import Permission

    from jiuzhu.accounts.permissions import name_permissions_in_chinese

    perm = Permission.objects.get(codename="add_household")
    perm.name = "登记新家庭"
    perm.save()
    english = Permission.objects.get(codename="delete_household")
    english.name = "Can delete 家庭"
    english.save()
    assert name_permissions_in_chinese() == 1
    assert Permission.objects.get(codename="add_household").name == "登记新家庭"
    assert Permission.objects.get(codename="delete_household").name == "可以删除 家庭"
