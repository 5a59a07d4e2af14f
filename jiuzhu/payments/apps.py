from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "jiuzhu.payments"
    verbose_name = _("资金发放")

    def ready(self) -> None:
        from jiuzhu.core import todo

        from . import jobs  # noqa: F401  (registers the background make)

        todo.register("payments.roster", "payments:roster")
