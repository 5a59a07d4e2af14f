from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiuzhu.core"
    verbose_name = _("基础数据与审计")

    def ready(self) -> None:
        from .lookups import register

        register()
