"""The admin app with jiuzhu's own site: only administrators may enter (settings.INSTALLED_APPS uses this)."""

from django.contrib.admin.apps import AdminConfig


class JiuzhuAdminConfig(AdminConfig):
    default_site = "jiuzhu.web.admin_site.JiuzhuAdminSite"
