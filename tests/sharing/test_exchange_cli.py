"""`jiuzhu exchange ...`: keys, registering a counterpart and agreements, a file query answered by civil
affairs through the command line, a refused file exiting 2 with the reason and changing nothing."""

from __future__ import annotations

import io
import json

import pytest

from jiuzhu.sharing import keys
from jiuzhu.sharing.cli import main
from jiuzhu.sharing.models import Agreement, Counterpart, Evidence


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


def test_keys_are_fresh_and_usable(db):
    code, a, _ = run("keys")
    _code, b, _ = run("keys")
    assert code == 0 and a["SHARING_SIGNING_KEY"] != b["SHARING_SIGNING_KEY"]
    me = keys.Identity.from_seeds(
        "x", keys.unb64(a["SHARING_SIGNING_KEY"]), keys.unb64(a["SHARING_ENCRYPTION_KEY"])
    )
    assert me.signing_public == a["signing_public_key"] and me.encryption_public == a["encryption_public_key"]


def test_r_share_01_08_register_counterpart_and_agreements(demo, users):
    other = keys.Identity.generate("顺义区民政局")
    code, out, err = run("counterpart", "--name", other.name, "--side", "civil_affairs", "--region", "110113",
                         "--signing-key", other.signing_public, "--encryption-key", other.encryption_public,
                         "--as", "admin")  # fmt: skip
    assert code == 0, err
    assert out == {"counterpart": "顺义区民政局", "side": "civil_affairs", "region": "110113"}
    code, _out, err = run("counterpart", "--name", "x", "--side", "union", "--region", "110113",
                          "--signing-key", "abc", "--encryption-key", other.encryption_public, "--as", "admin")  # fmt: skip
    assert code == 2 and "签名公钥应为32字节" in err
    code, _out, err = run("agreement", "--with", other.name, "--reference", "保密1", "--signed-on", "2026-01-05",
                          "--as", "sy_worker")  # fmt: skip
    assert code == 2 and "只有系统管理员" in err
    assert run("agreement", "--with", other.name, "--reference", "保密1", "--signed-on", "2026-01-05",
               "--as", "admin")[0] == 0  # fmt: skip
    assert run("agreement", "--with", other.name, "--user", "union_worker", "--reference", "保密2",
               "--signed-on", "2026-01-05", "--as", "admin")[0] == 0  # fmt: skip
    assert Agreement.objects.filter(counterpart__name=other.name).count() == 2


def test_r_share_03_file_round_trip_on_the_command_line(consented, agreements, ids, tmp_path, monkeypatch):
    archive = consented()
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    q = tmp_path / "query.jzx"
    code, out, err = run("query", "--to", "顺义区民政局", "--households", archive.household.number,
                         "--purpose", "hardship_identification", "--out", str(q), "--as", "union_worker")  # fmt: skip
    assert code == 0, err
    assert out["record_count"] == 2
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
    code, _out, err = run("import", str(q), "--as", "sy_approver")
    assert code == 2 and "--answer-out" in err
    ans = tmp_path / "answer.jzx"
    code, out, err = run("import", str(q), "--answer-out", str(ans), "--as", "sy_approver")
    assert code == 0, err
    assert out["kind"] == "query"
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    bad = tmp_path / "bad.jzx"
    bad.write_bytes(ans.read_bytes()[:-10])
    code, _out, err = run("import", str(bad), "--as", "union_worker")
    assert code == 2 and "文件不完整" in err and not Evidence.objects.exists()
    code, out, err = run("import", str(ans), "--as", "union_worker")
    assert code == 0, err
    assert Evidence.objects.filter(household=archive.household).count() == 2
    code, _out, err = run("import", str(ans), "--as", "union_worker")
    assert code == 2 and "已经导入过" in err


@pytest.mark.parametrize("purpose", ["aid_sharing", "x"])
def test_r_share_07_cli_query_needs_the_right_purpose(
    consented, agreements, ids, tmp_path, monkeypatch, purpose
):
    archive = consented()
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    code, _out, err = run("query", "--to", "顺义区民政局", "--households", archive.household.number,
                          "--purpose", purpose, "--out", str(tmp_path / "q"), "--as", "union_worker")  # fmt: skip
    assert code == 2 and ("用途" in err or "只能用于" in err) and not (tmp_path / "q").exists()
    assert Counterpart.objects.count() == 2
