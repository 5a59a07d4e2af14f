"""R-SHARE-03: a tampered, truncated, replayed, wrongly keyed or wrongly signed file is refused whole with a
clear message, nothing is imported, and the refusal is logged (R-SHARE-09). Bad rows are named by row and
column."""

from __future__ import annotations

import json

import pytest

from jiuzhu.sharing import civil, envelope, exchange, union
from jiuzhu.sharing.access import SharingRefused
from jiuzhu.sharing.keys import Identity
from jiuzhu.sharing.models import AccessLog, Batch, Counterpart, Evidence


@pytest.fixture
def exchange_files(consented, agreements, ids):
    archive = consented()
    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    query, qf = union.do_send_query(
        agreements["union_worker"],
        civil_cp,
        [archive.household],
        "hardship_identification",
        identity=ids["union"],
    )
    _a, af = civil.do_answer_query(agreements["sy_approver"], qf, identity=ids["civil"])
    return {"query": query, "query_file": qf, "answer_file": af, "worker": agreements["union_worker"]}


def _nothing_imported():
    assert Evidence.objects.count() == 0
    assert not Batch.objects.filter(kind="answer", direction="in").exists()


def _import(files, data, ids):
    with pytest.raises((envelope.EnvelopeError, exchange.FormatError, SharingRefused)) as exc:
        union.do_import_answer(files["worker"], data, identity=ids["union"])
    _nothing_imported()
    assert AccessLog.objects.filter(action="refused").latest("id").what.startswith("拒绝导入")
    return str(exc.value)


def _edit(data: bytes, **changes) -> bytes:
    env = json.loads(data)
    env.update(changes)
    return json.dumps(env).encode()


def test_r_share_03_truncated_file_refused(exchange_files, ids):
    data = exchange_files["answer_file"]
    assert "文件不完整" in _import(exchange_files, data[: len(data) // 2], ids)


def test_r_share_03_tampered_ciphertext_refused_by_checksum(exchange_files, ids):
    env = json.loads(exchange_files["answer_file"])
    raw = bytearray(envelope.unb64(env["ciphertext"]))
    raw[10] ^= 1
    data = _edit(exchange_files["answer_file"], ciphertext=envelope.b64(bytes(raw)))
    assert "校验值不符" in _import(exchange_files, data, ids)


def test_r_share_03_tampered_with_checksum_recomputed_refused_by_signature(exchange_files, ids):
    import hashlib

    env = json.loads(exchange_files["answer_file"])
    raw = bytearray(envelope.unb64(env["ciphertext"]))
    raw[10] ^= 1
    data = _edit(
        exchange_files["answer_file"],
        ciphertext=envelope.b64(bytes(raw)),
        ciphertext_sha256=hashlib.sha256(bytes(raw)).hexdigest(),
    )
    assert "签名无效" in _import(exchange_files, data, ids)


def test_r_share_03_header_record_count_changed_refused(exchange_files, ids):
    env = json.loads(exchange_files["answer_file"])
    data = _edit(exchange_files["answer_file"], record_count=env["record_count"] + 1)
    assert "签名无效" in _import(exchange_files, data, ids)


def test_r_share_03_replayed_file_refused(exchange_files, ids):
    union.do_import_answer(exchange_files["worker"], exchange_files["answer_file"], identity=ids["union"])
    n = Evidence.objects.count()
    with pytest.raises(SharingRefused, match="已经导入过"):
        union.do_import_answer(exchange_files["worker"], exchange_files["answer_file"], identity=ids["union"])
    assert Evidence.objects.count() == n == 2


def test_r_share_03_wrongly_keyed_file_refused(exchange_files, ids):
    """Sealed to a key that is not the union's registered one (e.g. civil affairs holds an old key)."""
    stranger = Identity.generate("顺义区总工会")
    doc = exchange.Document(
        kind="answer", sender="顺义区民政局", recipient="顺义区总工会", purpose="hardship_identification",
        records=[], in_reply_to=exchange_files["query"].batch_id,
    ).as_dict()  # fmt: skip
    data = envelope.seal(doc, ids["civil"], "顺义区总工会", stranger.encryption_public)
    assert "无法解密" in _import(exchange_files, data, ids)


def test_r_share_03_signed_with_unregistered_key_refused(exchange_files, ids):
    impostor = Identity.generate("顺义区民政局")
    doc = exchange.Document(
        kind="answer", sender="顺义区民政局", recipient="顺义区总工会", purpose="hardship_identification",
        records=[], in_reply_to=exchange_files["query"].batch_id,
    ).as_dict()  # fmt: skip
    data = envelope.seal(doc, impostor, "顺义区总工会", ids["union"].encryption_public)
    assert "签名无效" in _import(exchange_files, data, ids)


def test_r_share_03_file_for_another_unit_refused(exchange_files, ids):
    """The query file (addressed to civil affairs) brought to the union's import."""
    assert "不是发给本单位" in _import(exchange_files, exchange_files["query_file"], ids)


def test_r_share_03_bad_rows_named_by_row_and_column_nothing_written(exchange_files, ids):
    good = {
        "ref": "r1",
        "id_type": "resident_id",
        "found": False,
        "programme": "",
        "since": "",
        "amount_band": "",
    }
    archive_ids = [m for m in exchange_files["query"].refs.values()]
    from jiuzhu.registry.models import Member

    id1 = Member.objects.get(pk=archive_ids[0][1]).id_number
    records = [
        {**good, "id_number": id1},
        {**good, "ref": "r2", "id_number": "110113198005170011"},  # wrong check digit
        {
            **good,
            "ref": "r2",
            "id_number": Member.objects.get(pk=archive_ids[1][1]).id_number,
            "since": "2026-13",
        },
        {k: v for k, v in good.items() if k != "found"} | {"id_number": id1},
    ]
    doc = exchange.Document(
        kind="answer", sender="顺义区民政局", recipient="顺义区总工会", purpose="hardship_identification",
        records=records, in_reply_to=exchange_files["query"].batch_id,
    ).as_dict()  # fmt: skip
    data = envelope.seal(doc, ids["civil"], "顺义区总工会", ids["union"].encryption_public)
    with pytest.raises(exchange.FormatError) as exc:
        union.do_import_answer(exchange_files["worker"], data, identity=ids["union"])
    where = [(p["row"], p["column"]) for p in exc.value.problems]
    assert where == [(2, "id_number"), (3, "since"), (4, "found")]
    assert "第2行“证件号码”" in str(exc.value) and "第3行“起始年月”：应为年月" in str(exc.value)
    _nothing_imported()


def test_r_share_03_answer_row_not_in_query_refused(exchange_files, ids):
    from jiuzhu.registry.models import Member

    refs = exchange_files["query"].refs
    other = Member.objects.get(pk=refs["r2"][1]).id_number
    rec = {"ref": "r1", "id_type": "resident_id", "id_number": other, "found": False, "programme": "",
           "since": "", "amount_band": ""}  # fmt: skip
    doc = exchange.Document(
        kind="answer", sender="顺义区民政局", recipient="顺义区总工会", purpose="hardship_identification",
        records=[rec, {**rec, "ref": "r9"}], in_reply_to=exchange_files["query"].batch_id,
    ).as_dict()  # fmt: skip
    data = envelope.seal(doc, ids["civil"], "顺义区总工会", ids["union"].encryption_public)
    with pytest.raises(exchange.FormatError) as exc:
        union.do_import_answer(exchange_files["worker"], data, identity=ids["union"])
    assert [(p["row"], p["column"]) for p in exc.value.problems] == [(1, "id_number"), (2, "ref")]
    _nothing_imported()


def test_r_share_03_unsupported_cipher_setting_refused(monkeypatch):
    from jiuzhu.sharing.keys import cipher

    monkeypatch.setenv("SHARING_CIPHER", "sm2-sm4-sm3")
    with pytest.raises(RuntimeError, match="不支持的加密算法"):
        cipher()
