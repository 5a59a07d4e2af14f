from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jiuzhu.web"
    verbose_name = "工作台"
