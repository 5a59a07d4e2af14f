"""Done means (issue 12): two installations at once on this machine — the union system (this test's
database) and a civil-affairs system in its own process on its own SQLite database, served on 127.0.0.1 —
doing the network query (R-SHARE-02), the file round trip through the civil side's command line
(R-SHARE-03) and the hashed matching, with tampered and wrongly keyed files refused (R-SHARE-03)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jiuzhu.sharing import envelope, network, union
from jiuzhu.sharing.keys import Identity
from jiuzhu.sharing.models import Counterpart, Evidence

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from jiuzhu.cli import main; sys.exit(main(sys.argv[1:]))"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _civil_env(tmp_path, civil: Identity) -> dict:
    sign, enc = civil.private_seeds()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(JIUZHU_DATA_DIR=str(tmp_path / "civil"), SHARING_NAME=civil.name, SHARING_SIGNING_KEY=sign,
               SHARING_ENCRYPTION_KEY=enc, SECRET_KEY="civil-installation-test")  # fmt: skip
    return env


def _cli(env, *argv, timeout=300):
    return subprocess.run([sys.executable, "-c", RUN_CLI, *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


@pytest.fixture
def two_installations(tmp_path, ids, archived, agreements):
    from tests.factories import household_doc

    doc = household_doc(union_org="U110113-B01")
    civil_env = _civil_env(tmp_path, ids["civil"])
    spec = {"household": doc, "union_name": ids["union"].name, "union_signing": ids["union"].signing_public,
            "union_encryption": ids["union"].encryption_public}  # fmt: skip
    setup = subprocess.run([sys.executable, "-m", "tests.sharing.civil_installation", json.dumps(spec)], cwd=ROOT,
                           env=civil_env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-3000:]
    payment_start = json.loads(setup.stdout.strip().splitlines()[-1])["payment_start"]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", RUN_CLI, "serve", "--port", str(port), "--demo-households", "0"],
                              cwd=ROOT, env=civil_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode()[-3000:])
                time.sleep(0.2)
        # the same household on the union side (its own registry), archived, with the worker's consent
        from jiuzhu.registry.actions import do_create_household

        archive = archived(household=do_create_household(None, doc))
        union.do_record_consent(agreements["union_worker"], archive.household, signed_by="张建国",
                                signed_on=dt.date(2026, 2, 1))  # fmt: skip
        cp = Counterpart.objects.get(name=ids["civil"].name)
        cp.address = f"http://127.0.0.1:{port}/sharing/exchange/"
        cp.save()
        yield {"archive": archive, "counterpart": cp, "env": civil_env, "payment_start": payment_start,
               "worker": agreements["union_worker"], "tmp": tmp_path}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_two_installations_network_file_and_hashed_matching(two_installations, ids):
    from jiuzhu.sharing import hashed

    t = two_installations
    worker, cp, household = t["worker"], t["counterpart"], t["archive"].household
    # 1. the network query: the civil-affairs server answers from its own 低保 case
    batch = network.do_query_over_network(
        worker, cp, [household], "hardship_identification", identity=ids["union"]
    )
    rows = list(Evidence.objects.filter(batch=batch))
    assert [(r.found, r.programme, r.since) for r in rows] == [(True, "dibao", t["payment_start"])] * 2

    # 2. the file round trip: the query file answered by the civil side's command line
    _q, query = union.do_send_query(worker, cp, [household], "hardship_identification", identity=ids["union"])
    qf, af = t["tmp"] / "query.jzx", t["tmp"] / "answer.jzx"
    qf.write_bytes(query)
    done = _cli(t["env"], "exchange", "import", str(qf), "--answer-out", str(af), "--as", "sy_approver")
    assert done.returncode == 0, done.stderr
    again = _cli(
        t["env"], "exchange", "import", str(qf), "--answer-out", str(af) + "2", "--as", "sy_approver"
    )
    assert again.returncode == 2 and "已经导入过" in again.stderr  # replayed on the civil side
    wrong = Identity.generate(ids["civil"].name)  # sealed to a key the civil system does not hold
    doc, _refs, _h = union.build_query(worker, cp, [household], "hardship_identification")
    doc.sender, doc.recipient = ids["union"].name, cp.name
    wrongly_keyed = envelope.seal(doc.as_dict(), ids["union"], cp.name, wrong.encryption_public)
    wf = t["tmp"] / "wrong.jzx"
    wf.write_bytes(wrongly_keyed)
    refused = _cli(
        t["env"], "exchange", "import", str(wf), "--answer-out", str(af) + "3", "--as", "sy_approver"
    )
    assert refused.returncode == 2 and "无法解密" in refused.stderr
    answer = af.read_bytes()
    tampered = answer.replace(b'"record_count": 2', b'"record_count": 3')
    with pytest.raises(ValueError):  # EnvelopeError: signature
        union.do_import_answer(worker, tampered, identity=ids["union"])
    before = Evidence.objects.count()
    union.do_import_answer(worker, answer, identity=ids["union"])
    assert Evidence.objects.count() == before + 2

    # 3. hashed matching over the network: civil affairs learns only the matches
    batch = network.do_query_over_network(worker, cp, [household], "hardship_identification", identity=ids["union"],
                                          hashed=True)  # fmt: skip
    assert batch.kind == "hashed_answer"
    assert [(r.found, r.programme) for r in Evidence.objects.filter(batch=batch)] == [(True, "dibao")] * 2
    assert hashed.normalise(" 11011319800517001x ") == "11011319800517001X"
