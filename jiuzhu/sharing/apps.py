from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "jiuzhu.sharing"
    verbose_name = _("数据共享与比对")


# The nav link's label in jiuzhu/web/templates/web/base.html, kept here so that this app's catalog has it.
NAV_LABEL = _("数据共享")
