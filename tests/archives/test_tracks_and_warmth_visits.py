"""R-FLOW-32 four-batches tracks and outcomes on the household plan; R-FLOW-33 / R-DOC-16 送温暖."""

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.archives.models import TrackOutcome
from jiuzhu.temporary.actions import Invalid
from tests.factories import new_id


def test_r_flow_32_track_outcome_recorded_for_an_assigned_track(union_household, union_users):
    h = union_household(plan={"causes": "重病", "tracks": ["medical_mutual_aid", "safety_net"]})
    row = a.do_track_outcome(
        union_users["base"],
        h,
        {"track": "safety_net", "action_taken": "推动纳入低保", "outcome": "已纳入低保"},
    )
    assert TrackOutcome.objects.get(pk=row.pk).outcome == "已纳入低保"
    with pytest.raises(Invalid, match="四个一批"):
        a.do_track_outcome(union_users["base"], h, {"track": "employment", "action_taken": "推荐岗位"})


def test_r_flow_33_warmth_visit_real_name_row(archive_at, union_users):
    archive = archive_at()
    visit = a.do_warmth_visit(
        union_users["base"],
        archive.household,
        {
            "visitors": "王主席、李干事",
            "occasion": "spring_festival",
            "condolence": "1000.00",
            "recipient": "张建国",
            "work_unit": "顺义某汽车零部件公司",
            "basic_situation": "本人重病",
            "contact": "13800138000",
            "id_number": new_id(),
            "handler": "李干事",
        },
    )
    assert visit.archive == archive and visit.condolence_fen == 100000
    with pytest.raises(Invalid) as e:
        a.do_warmth_visit(
            union_users["base"],
            archive.household,
            {
                "visitors": "王",
                "occasion": "regular",
                "recipient": "张",
                "work_unit": "x",
                "basic_situation": "y",
                "contact": "1",
                "id_number": "110113198001010000",
                "handler": "李",
            },
        )
    assert e.value.field == "id_number"
