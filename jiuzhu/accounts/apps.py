from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiuzhu.accounts"
    verbose_name = _("用户与权限")

    def ready(self):
        from .permissions import name_permissions_in_chinese

        # after django.contrib.auth's own post_migrate handler has created the permissions
        post_migrate.connect(name_permissions_in_chinese, dispatch_uid="jiuzhu.accounts.permission_names")
