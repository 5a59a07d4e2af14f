from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jiuzhu.api"
    label = "api"
    verbose_name = "接口"
