"""Scope (a case outside the user's subtree is 404) and nothing ever deleted."""

import pytest
from django.db.models.deletion import ProtectedError
from django.http import Http404

from jiuzhu.core.models import StatusChange
from jiuzhu.temporary.actions import do_accept, do_withdraw, get_case_or_404
from jiuzhu.temporary.models import TemporaryCase


def test_case_of_another_district_is_not_found(new_case, users):
    case = new_case()
    assert get_case_or_404(users["sy_worker"], case.pk) == case
    with pytest.raises(Http404):
        get_case_or_404(users["cy_worker"], case.pk)
    with pytest.raises(Http404):
        do_accept(users["cy_worker"], case)


def test_withdrawn_case_stays_with_its_history(new_case, users):
    case = do_withdraw(users["sy_worker"], do_accept(users["sy_worker"], new_case()), "申请人撤回")
    assert TemporaryCase.objects.filter(pk=case.pk, status="withdrawn").exists()
    assert [
        s.to_status
        for s in StatusChange.objects.filter(object_id=str(case.pk), object_type="temporary.temporarycase")
    ] == ["applied", "accepted", "withdrawn"]
    with pytest.raises(ProtectedError):
        case.household.delete()
