"""Fixtures of the statistics tests: the payment tests' active 低保 cases, the archive tests' union users and
archives, and signed-in clients (real procedures and a real database, nothing mocked)."""

from __future__ import annotations

import pytest

from tests.archives.conftest import archive_at, union_household, union_users  # noqa: F401
from tests.payments.conftest import active_case, approver, finance, worker  # noqa: F401
from tests.temporary.conftest import new_case, reviewed_case, township_approver  # noqa: F401
from tests.unionfunds.conftest import fund_users, org  # noqa: F401
from tests.web.conftest import as_user  # noqa: F401


@pytest.fixture
def town_worker(demo):
    """A case worker of 顺义's township 110113100 (rural villages 110113100201…)."""
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import Region

    return get_user_model().objects.create_user(
        "town_worker", role="case_worker", region=Region.objects.get(code="110113100")
    )
