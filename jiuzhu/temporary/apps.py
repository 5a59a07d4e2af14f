from django.apps import AppConfig


class TemporaryConfig(AppConfig):
    name = "jiuzhu.temporary"
    verbose_name = "临时救助"

    def ready(self) -> None:
        try:
            from jiuzhu.core import todo
        except ImportError:  # pragma: no cover
            return
        todo.register("temporary.temporarycase", "temporary:case")
        # What this procedure owes, for the payment rosters (jiuzhu.payments).
        from .payables import register_programme

        register_programme()
