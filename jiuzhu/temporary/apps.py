from django.apps import AppConfig


class TemporaryConfig(AppConfig):
    name = "jiuzhu.temporary"
    verbose_name = "临时救助"
