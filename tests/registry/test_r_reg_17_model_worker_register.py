"""R-REG-17: the model-worker subsidy register — national model workers and national May-1 Labour Medal
holders who need help, with the degree of hardship and the personal bank account [总工发〔2012〕16号 第三条、
第四条(一)]."""

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import PermissionDenied, do_register_model_worker
from jiuzhu.registry.documents import ValidationFailed
from jiuzhu.registry.models import ModelWorker
from tests.factories import new_id


def _data(**extra):
    data = {
        "name": "刘德明",
        "id_number": new_id(),
        "title": "national_model",
        "union_org": "U110113-001",
        "hardship_degree": "本人患肺癌，家庭人均收入低于当地低保标准",
        "bank": "中国工商银行顺义支行",
        "account_number": "6222 0202 0011 2233 445",
    }
    data.update(extra)
    return data


def test_r_reg_17_medal_holder_is_registered_with_hardship_and_own_account(users):
    data = _data(title="may1_medal")
    worker = do_register_model_worker(users["union_worker"], data)
    worker = ModelWorker.objects.get(pk=worker.pk)
    assert (worker.name, worker.id_number, worker.title) == ("刘德明", data["id_number"], "may1_medal")
    assert worker.union_org.code == "U110113-001"
    assert worker.hardship_degree == "本人患肺癌，家庭人均收入低于当地低保标准"
    assert (worker.bank, worker.account_number) == ("中国工商银行顺义支行", "6222020200112233445")
    event = AuditEvent.objects.get(action="modelworker.register")
    assert event.actor == users["union_worker"]
    assert event.after["account_number"] == "*" * 15 + "3445"  # 19 digits, the last four shown
    assert data["id_number"] not in str(event.after)


@pytest.mark.parametrize(
    "key,value",
    [
        ("name", ""),
        ("id_number", "11011319800517000"),
        ("title", "provincial_model"),  # only the two national honours are in this register
        ("union_org", "U999"),
        ("hardship_degree", ""),
        ("bank", ""),
        ("account_number", "1234"),
    ],
)
def test_r_reg_17_missing_or_bad_field_is_refused_naming_it(users, key, value):
    with pytest.raises(ValidationFailed) as e:
        do_register_model_worker(users["union_worker"], _data(**{key: value}))
    assert [p for p, _m in e.value.problems.items] == [key]
    assert ModelWorker.objects.count() == 0 and not AuditEvent.objects.filter(action="modelworker.register")


def test_r_reg_17_one_entry_per_person(users):
    data = _data()
    do_register_model_worker(users["union_worker"], data)
    with pytest.raises(ValidationFailed) as e:
        do_register_model_worker(
            users["union_worker"], _data(id_number=data["id_number"], title="may1_medal")
        )
    assert e.value.problems.items == [("id_number", "此人已在劳模帮扶名册中")]
    assert ModelWorker.objects.count() == 1


def test_r_reg_17_only_union_staff_of_that_union_register(users):
    with pytest.raises(PermissionDenied):
        do_register_model_worker(users["union_worker"], _data(union_org="U110105-001"))  # 朝阳, not 顺义
    with pytest.raises(PermissionDenied):
        do_register_model_worker(users["auditor"], _data())
    assert ModelWorker.objects.count() == 0
