from django.apps import AppConfig


class UnionfundsConfig(AppConfig):
    name = "jiuzhu.unionfunds"
    verbose_name = "工会帮扶资金"

    def ready(self) -> None:
        from jiuzhu.core import todo

        # R-PAY-20: the province passes its allocation down within 20 working days (finance executes the
        # plan that rights protection drafted)
        todo.register(
            "unionfunds.allocationplan",
            "unionfunds:plan",
            union=True,
            roles=lambda kind: ("finance", "approver", "admin"),
        )
        from .payables import register_programmes

        register_programmes()  # 送温暖, model-worker subsidies and 金秋助学 through the payment rosters
        # R-RPT-01: the province's three year-end reports; R-SUP-11: a finding's rectification deadline
        todo.register(
            "unionfunds.yearreport", _year_page, union=True, roles=lambda k: ("finance", "approver", "admin")
        )
        todo.register(
            "unionfunds.finding", _findings_page, union=True, roles=lambda k: ("auditor", "approver", "admin")
        )


def _year_page(report_id: str) -> str:
    from django.urls import reverse

    return reverse("unionfunds:year")


def _findings_page(finding_id: str) -> str:
    from django.urls import reverse

    return reverse("unionfunds:findings")
