"""Issue 17 done-means: the demo has an applicant login, printed with the others, with a case in progress."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_applicant_with_a_case_in_progress(capsys):
    from django.contrib.auth import get_user_model

    from jiuzhu.accounts.scope import visible_households
    from jiuzhu.cli import bootstrap
    from jiuzhu.portal.actions import applications_for
    from jiuzhu.portal.demo import DEMO_PHONE

    assert bootstrap(500, 1)
    user = get_user_model().objects.get(phone=DEMO_PHONE)
    assert user.role == "applicant" and user.username == f"m{DEMO_PHONE}"
    household = visible_households(user).get()
    case = household.dibao_applications.get()
    assert case.status == "review_publicity"
    online = applications_for(user).get()
    assert (online.programme, online.status) == ("temporary", "submitted")
