from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jiuzhu.registry"
    verbose_name = "家庭登记"
