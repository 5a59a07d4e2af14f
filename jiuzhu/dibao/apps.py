from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DibaoConfig(AppConfig):
    name = "jiuzhu.dibao"
    verbose_name = _("低保审核审批")

    def ready(self) -> None:
        from jiuzhu.core import todo

        # Every to-do row of a dibao case links to the case page.
        todo.register("dibao.dibaoapplication", "dibao:case")
        # A lead's follow-up is recorded on the leads page, at the lead's row.
        todo.register("dibao.lead", lambda pk: f"{reverse('dibao:leads')}#lead-{pk}")
        # What 低保 (and the price-linkage subsidy paid to 低保 groups) owes each month, for the rosters.
        from .payables import register_programmes

        register_programmes()
