import pytest

from tests.factories import household_doc


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    from jiuzhu.portal.sms import MemoryBackend

    settings.PORTAL_SMS_BACKEND = "jiuzhu.portal.sms.MemoryBackend"
    settings.PORTAL_UPLOAD_DIR = str(tmp_path / "uploads")
    MemoryBackend.outbox.clear()


@pytest.fixture
def worker(users):
    return users["sy_worker"]


@pytest.fixture
def household(make_household):
    """A household of 建新社区 (胜利街道): applicant 张建国 and spouse, both adults."""
    return make_household()


@pytest.fixture
def applicant(household, worker):
    from jiuzhu.portal.auth import do_make_account

    return do_make_account(worker, household.applicant, "13900000001")


@pytest.fixture
def other_household(make_household):
    return make_household(region="110105001001")  # 永安里社区, 朝阳区建外街道


@pytest.fixture
def other_applicant(other_household, users):
    from jiuzhu.portal.auth import do_make_account

    return do_make_account(users["cy_worker"], other_household.applicant, "13900000002")


def last_code() -> str:
    import re

    from jiuzhu.portal.sms import MemoryBackend

    return re.search(r"(\d{6})", MemoryBackend.outbox[-1][1]).group(1)


def png(size: int = 200) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\0" * (size - 8)


__all__ = ["household_doc", "last_code", "png"]
