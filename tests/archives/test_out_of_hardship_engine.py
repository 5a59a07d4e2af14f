"""R-ELIG-18 / OP-07: the archive's 脱困 detection is the policy engine's rule.

The engine counts the run of consecutive months, ending with the assessed month, in which per-capita net
income is strictly above that month's dibao standard; 6 or more is 脱困 (总工办发〔2020〕13号 附件 二.1). The
assessed month is the household as registered; the earlier months are the archive's monthly records.
Standards (demo parameters, 顺义 110113, urban): 1320.00 in 2025, 1400.00 from 2026-01-01.
"""

import datetime as dt

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.localparams import add_months

JULY = dt.date(2026, 7, 15)  # assessed month 2026-07, standard 1400.00


def months(archive, user, figures: dict[str, str]) -> None:
    """Record per-capita incomes {"2026-03": "1500.00", ...}; the standard is the configured one."""
    for month, amount in figures.items():
        a.do_record_month(user, archive, {"month": f"{month}-01", "per_capita_income": amount})


@pytest.fixture
def deep_archive(archive_at, worker_household):
    def make(wage="1500.00", category="deep"):
        return archive_at("active", category, household=worker_household(wage))

    return make


def test_r_elig_18_six_consecutive_months_above_the_standard_is_out_of_hardship(deep_archive, union_users):
    # 2026-02..06 recorded at 1500.00 > 1400.00 (5 months) + 2026-07 as registered (wage 1500.00 > 1400.00)
    # = a run of 6 -> out of hardship.
    archive = deep_archive()
    months(archive, union_users["base"], {f"2026-0{m}": "1500.00" for m in range(2, 7)})
    assert a.out_of_hardship(archive, on=JULY) is True
    result = a.hardship_assessment(archive, on=JULY)
    assert any(r["code"] == "out_of_hardship" and "R-ELIG-18" in r["cite"] for r in result["reasons"])


def test_r_elig_18_five_months_above_is_not_enough(deep_archive, union_users):
    # 2026-03..06 recorded above (4) + 2026-07 registered above = 5 < 6; 2026-02 is not recorded.
    archive = deep_archive()
    months(archive, union_users["base"], {f"2026-0{m}": "1500.00" for m in range(3, 7)})
    assert a.out_of_hardship(archive, on=JULY) is False
    reasons = a.hardship_assessment(archive, on=JULY)["reasons"]
    assert any(r["code"] == "not_yet_out_of_hardship" and "5个月" in r["text"] for r in reasons)


def test_r_elig_18_a_month_at_or_below_the_standard_breaks_the_run(deep_archive, union_users):
    # 2026-01, 02 above; 03 at 1400.00 = the standard (not "above"); 04..06 above; 07 registered above.
    # Run backwards: 07, 06, 05, 04 = 4; March ends it (six of the last seven months are above).
    archive = deep_archive()
    figures = {f"2026-0{m}": "1500.00" for m in range(1, 7)}
    figures["2026-03"] = "1400.00"
    months(archive, union_users["base"], figures)
    assert a.out_of_hardship(archive, on=JULY) is False


def test_r_elig_18_a_missing_month_breaks_the_run(deep_archive, union_users):
    # 2026-01..06 above except April, which is not recorded: run = 07, 06, 05 = 3 -> not out.
    archive = deep_archive()
    months(archive, union_users["base"], {f"2026-0{m}": "1500.00" for m in (1, 2, 3, 5, 6)})
    assert a.out_of_hardship(archive, on=JULY) is False


def test_r_elig_18_the_assessed_month_must_be_above_too(deep_archive, union_users):
    # Six recorded months above, but the household as registered now earns 1300.00 < 1400.00: run = 0.
    archive = deep_archive(wage="1300.00")
    months(archive, union_users["base"], {f"2026-0{m}": "1500.00" for m in range(1, 7)})
    assert a.out_of_hardship(archive, on=JULY) is False


def test_r_elig_18_each_month_against_the_standard_of_that_month(deep_archive, union_users):
    # Assessed 2026-01 (standard 1400.00, registered 1500.00 above). 2025-08..12 recorded at 1350.00: above
    # that year's 1320.00 -> run 6 -> out. The same 1350.00 in 2026 would be below 1400.00.
    archive = deep_archive()
    months(archive, union_users["base"], {f"2025-{m:02d}": "1350.00" for m in range(8, 13)})
    # the month's record keeps the standard then configured (do_record_month without "standard")
    assert archive.monthly_incomes.get(month=dt.date(2025, 8, 1)).standard_fen == 132_000
    assert a.out_of_hardship(archive, on=dt.date(2026, 1, 20)) is True
    later = deep_archive()
    months(later, union_users["base"], {f"2026-0{m}": "1350.00" for m in range(1, 7)})
    assert a.out_of_hardship(later, on=JULY) is False


def test_r_elig_18_only_deep_archives_get_out_of_hardship(deep_archive, union_users):
    archive = deep_archive(category="relative")
    months(archive, union_users["base"], {f"2026-0{m}": "1500.00" for m in range(1, 7)})
    assert a.out_of_hardship(archive, on=JULY) is False


def test_r_elig_18_phase_out_follows_the_engine(deep_archive, union_users):
    # Today's month as registered (1500.00) + the 4, then the 5, months before it recorded above.
    archive = deep_archive()
    this_month = dt.date.today().replace(day=1)
    figures = {f"{add_months(this_month, -k):%Y-%m}": "1500.00" for k in range(1, 5)}
    months(archive, union_users["base"], figures)
    with pytest.raises(TransitionRefused, match="尚未认定脱困"):
        a.do_start_phase_out(union_users["base"], archive)
    months(archive, union_users["base"], {f"{add_months(this_month, -5):%Y-%m}": "1500.00"})
    archive = a.do_start_phase_out(union_users["base"], archive)
    assert archive.status == "phase_out" and archive.out_of_hardship_on == dt.date.today()


def test_r_elig_18_engine_that_cannot_assess_refuses_with_its_reason(client, deep_archive, union_users):
    from jiuzhu.core.models import LocalParameter

    archive = deep_archive()
    # a broken stored value (test set-up, not an action): the engine cannot read the parameters
    LocalParameter.objects.create(
        region_code="110113",
        key="dibao_standard",
        variant="urban",
        effective_from=dt.date(2026, 2, 1),
        value="x",
    )
    with pytest.raises(a.EngineUnavailable, match="评估引擎无法评估该家庭"):
        a.out_of_hardship(archive, on=JULY)
    with pytest.raises(TransitionRefused, match="评估引擎无法评估该家庭"):
        a.do_start_phase_out(union_users["base"], archive)
    client.force_login(union_users["base"])
    assert "评估引擎无法评估该家庭" in client.get(f"/archives/{archive.pk}/").content.decode()
    assert client.get(f"/api/archives/archives/{archive.pk}").json()["out_of_hardship"] is None
