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
