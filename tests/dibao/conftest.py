import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (needs /usr/bin/chromium)")


@pytest.fixture
def worker(users):
    return users["sy_worker"]


@pytest.fixture
def approver(users):
    return users["sy_approver"]


@pytest.fixture
def approver2(users):
    from django.contrib.auth import get_user_model

    first = users["sy_approver"]
    return get_user_model().objects.create_user(
        "sy_approver2",
        password="x",
        role="approver",
        region=first.region,
        first_name="顺义区民政局审批人（二）",
    )


@pytest.fixture
def application(make_household, worker):
    from jiuzhu.dibao.actions import do_create_application

    return do_create_application(worker, make_household())
