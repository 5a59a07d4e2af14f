"""R-FLOW-04: the 11 sources as one verification request batch, and the verification centre's answer file
recording them in one step through the 低保 procedure's own action; hand entry stays for paper sources."""

from __future__ import annotations

import pytest

from jiuzhu.core.models import Region
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import Source, VerificationRecord
from jiuzhu.sharing import envelope, exchange
from jiuzhu.sharing.access import SharingRefused
from jiuzhu.sharing.keys import Identity
from jiuzhu.sharing.models import AccessLog, Batch, Counterpart
from jiuzhu.sharing.verification import do_import_verification_result, do_send_verification_request
from tests.dibao.helpers import sign_all


@pytest.fixture
def centre(demo):
    me = Identity.generate("顺义区居民家庭经济状况核对中心")
    cp = Counterpart.objects.create(
        name=me.name, side="verification_centre", region=Region.objects.get(code="110113"),
        signing_key=me.signing_public, encryption_key=me.encryption_public,
    )  # fmt: skip
    return me, cp


@pytest.fixture
def verifying(make_household, users):
    app = a.do_create_application(users["sy_worker"], make_household(members=3))
    sign_all(users["sy_worker"], app)
    a.do_submit(users["sy_worker"], app)
    return a.do_start_verification(users["sy_worker"], app)


def _result_file(centre, request: Batch, local: Identity, sources, consistent=None):
    """What the verification centre's system sends back (any vendor's, following docs/sharing.md)."""
    me, _cp = centre
    records = [
        {"source": s, "checked_on": "2026-11-20", "consistent": (consistent or {}).get(s, True),
         "result": "未发现不符" if (consistent or {}).get(s, True) else "发现登记车辆一辆"}
        for s in sources
    ]  # fmt: skip
    doc = exchange.Document(
        kind="verification_result", sender=me.name, recipient=local.name, purpose="economic_verification",
        records=records, in_reply_to=request.batch_id,
    ).as_dict()  # fmt: skip
    return envelope.seal(doc, me, local.name, local.encryption_public)


def test_r_flow_04_one_request_all_sources_one_import(verifying, centre, users, ids):
    worker = users["sy_worker"]
    request, data = do_send_verification_request(worker, verifying, centre[1], identity=ids["civil"])
    # the centre opens the request with its key: three members, all 11 sources asked
    opened = envelope.open_(data, centre[0], lambda name: ids["civil"].signing_public)
    assert opened.kind == "verification_request" and len(opened.records) == 3
    assert opened.meta["sources"] == list(Source.values) and len(Source.values) == 11

    result = _result_file(centre, request, ids["civil"], Source.values, {"transport": False})
    do_import_verification_result(worker, result, identity=ids["civil"])
    records = list(VerificationRecord.objects.filter(application=verifying).order_by("id"))
    assert [r.source for r in records] == list(Source.values)
    assert [r.consistent for r in records].count(False) == 1 and records[3].source == "transport"
    assert records[3].result.startswith("发现登记车辆一辆（顺义区居民家庭经济状况核对中心核对结果")
    assert str(records[0].checked_on) == "2026-11-20" and records[0].recorded_by == worker
    # the procedure goes on as with hand entry: the report needs nothing more
    a.do_make_verification_report(worker, verifying, summary="交通运输来源发现车辆一辆，其余一致")
    assert a.do_complete_verification(worker, verifying).status == "visiting"
    assert list(AccessLog.objects.order_by("id").values_list("action", flat=True)) == ["export", "import"]


def test_r_flow_04_hand_entry_for_paper_sources_and_file_for_the_rest(verifying, centre, users, ids):
    worker = users["sy_worker"]
    a.do_record_verification(
        worker, verifying, source="banks", result="银行书面回复：存款3000元", consistent=True
    )
    request, _data = do_send_verification_request(worker, verifying, centre[1], identity=ids["civil"])
    rest = [s for s in Source.values if s != "banks"]
    do_import_verification_result(
        worker, _result_file(centre, request, ids["civil"], rest), identity=ids["civil"]
    )
    assert a.missing_sources(verifying) == []
    assert VerificationRecord.objects.filter(application=verifying).count() == 11


def test_r_flow_04_source_already_recorded_refuses_whole_file(verifying, centre, users, ids):
    worker = users["sy_worker"]
    a.do_record_verification(worker, verifying, source="tax", result="税务书面回复", consistent=True)
    request, _data = do_send_verification_request(worker, verifying, centre[1], identity=ids["civil"])
    result = _result_file(centre, request, ids["civil"], ["hrss", "tax", "banks"])
    with pytest.raises(exchange.FormatError) as exc:
        do_import_verification_result(worker, result, identity=ids["civil"])
    assert [(p["row"], p["column"]) for p in exc.value.problems] == [(2, "source")]
    assert "第2行“核对来源”：该来源已登记核对结果" in str(exc.value)
    assert VerificationRecord.objects.filter(application=verifying).count() == 1  # only the hand entry
    assert not Batch.objects.filter(direction="in").exists()


def test_r_flow_04_case_past_verification_refuses_whole_file(verifying, centre, users, ids):
    worker = users["sy_worker"]
    request, _data = do_send_verification_request(worker, verifying, centre[1], identity=ids["civil"])
    a.do_withdraw(worker, verifying, reason="申请人撤回")
    with pytest.raises(TransitionRefused, match="不能登记核对结果"):
        do_import_verification_result(
            worker, _result_file(centre, request, ids["civil"], ["hrss", "tax"]), identity=ids["civil"]
        )
    assert not VerificationRecord.objects.filter(application=verifying).exists()
    assert not Batch.objects.filter(direction="in").exists()
    assert AccessLog.objects.filter(action="refused").count() == 1


def test_r_flow_04_duplicate_source_rows_named(verifying, centre, users, ids):
    request, _data = do_send_verification_request(
        users["sy_worker"], verifying, centre[1], identity=ids["civil"]
    )
    result = _result_file(centre, request, ids["civil"], ["hrss", "tax", "hrss"])
    with pytest.raises(exchange.FormatError, match="第3行“核对来源”：与第1行重复"):
        do_import_verification_result(users["sy_worker"], result, identity=ids["civil"])
    assert not VerificationRecord.objects.exists()


def test_r_flow_04_request_only_in_verification(make_household, centre, users, ids):
    app = a.do_create_application(users["sy_worker"], make_household())
    with pytest.raises(SharingRefused, match="不能发送核对请求"):
        do_send_verification_request(users["sy_worker"], app, centre[1], identity=ids["civil"])
