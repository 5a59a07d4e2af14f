from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "jiuzhu.portal"
    verbose_name = _("网上办事")

    def ready(self) -> None:
        from jiuzhu.core import todo

        todo.register("portal.portalapplication", "portal:work_detail")
        # a worker's request to the union: union work (actions._UnionWork), on the union staff's lists
        todo.register("portal.unionrequest", "portal:work_detail", union=True)
