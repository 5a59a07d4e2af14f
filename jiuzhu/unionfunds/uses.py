"""Permitted and forbidden uses of the union funds, each forbidden use with its clause (R-PAY-10, 11, 25).

Every aid-fund payment names one of the five projects and a use permitted under it; the other programmes
pay only their own purpose. A forbidden use is refused with the clause that forbids it; any other use
outside the fund's purpose is refused as spending outside the earmark (专款专用, R-PAY-16; R-ELIG-29 for the
model-worker subsidy: standards and targets must not be widened).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiuzhu.core.workflow import TransitionRefused

from .models import Programme, Project, Use

PROJECT_USES = {  # R-PAY-10 (总工办发〔2020〕13号 第六条)
    Project.LIVING: (Use.BASIC_LIVING, Use.HOUSING, Use.HEATING_COOLING),
    Project.MEDICAL: (Use.SERIOUS_ILLNESS, Use.NURSING, Use.CHRONIC_MEDICATION, Use.INFECTIOUS),
    Project.EDUCATION: (Use.SCHOOL_COSTS, Use.WORK_STUDY),
    Project.TRAINING: (Use.TRAINING, Use.EMPLOYMENT),
    Project.LEGAL: (Use.LEGAL_AID,),
}
PROGRAMME_USES = {
    Programme.WARMTH: (Use.CONDOLENCE,),  # R-ELIG-28, R-AMT-15
    Programme.MODEL_WORKER: (Use.MODEL_SUBSIDY,),  # R-ELIG-29
    Programme.GOLDEN_AUTUMN: (Use.STUDY_GRANT,),  # R-AMT-16
}
AID_CLAUSE = "总工办发〔2020〕13号 第八条"
WARMTH_CLAUSE = "总工发〔2018〕39号 第八条、第十五条"
FORBIDDEN = {
    Programme.AID: {  # R-PAY-11
        Use.STAFF_COSTS: AID_CLAUSE,
        Use.BONUS: AID_CLAUSE,
        Use.VEHICLES: AID_CLAUSE,
        Use.CONSTRUCTION: AID_CLAUSE,
        Use.UNRELATED: AID_CLAUSE,
        Use.PROHIBITED: AID_CLAUSE,
    },
    Programme.WARMTH: {  # R-PAY-25
        Use.PROHIBITED: WARMTH_CLAUSE,
        Use.BONUS: WARMTH_CLAUSE,
        Use.UNRELATED: WARMTH_CLAUSE,
    },
}
EARMARK_CLAUSE = {
    Programme.AID: "总工办发〔2020〕13号 第六条、第十条",
    Programme.WARMTH: "总工发〔2018〕39号 第八条",
    Programme.MODEL_WORKER: "总工发〔2012〕16号 第三条",
    Programme.GOLDEN_AUTUMN: "总工发〔2016〕7号 三(二)4",
}


def uses_for(programme: str, project: str = "") -> tuple[str, ...]:
    if programme == Programme.AID:
        return PROJECT_USES.get(project, ())
    return PROGRAMME_USES.get(programme, ())


def check_use(programme: str, project: str, use: str) -> None:
    """Refuse (TransitionRefused naming the clause) a use the fund may not pay."""
    labels = dict(Use.choices)
    clause = FORBIDDEN.get(programme, {}).get(use)
    if clause:
        raise TransitionRefused(
            _("%(use)s是明令禁止的用途，不得列支（%(clause)s）") % {"use": labels[use], "clause": clause}
        )
    if programme == Programme.AID and project not in PROJECT_USES:
        raise TransitionRefused(
            _("帮扶资金的每笔支出须注明五个帮扶项目之一（%(clause)s）")
            % {"clause": "总工办发〔2020〕13号 第六条"}
        )
    if use not in uses_for(programme, project):
        raise TransitionRefused(
            _("“%(use)s”不在该资金的使用范围内，专款专用（%(clause)s）")
            % {"use": labels.get(use, use), "clause": EARMARK_CLAUSE[programme]}
        )
