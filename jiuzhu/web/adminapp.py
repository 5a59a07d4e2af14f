"""The admin app with jiuzhu's own site: only administrators may enter (settings.INSTALLED_APPS uses this)."""

from django.contrib.admin.apps import AdminConfig


class JiuzhuAdminConfig(AdminConfig):
    default_site = "jiuzhu.web.admin_site.JiuzhuAdminSite"


from axes.apps import AppConfig as _AxesAppConfig  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402


class AxesConfig(_AxesAppConfig):
    """django-axes (login throttling) named in words on the admin index (issue 10: not "AXES")."""

    verbose_name = _("登录防护")
