from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "jiuzhu.sharing"
    verbose_name = _("数据共享与比对")
