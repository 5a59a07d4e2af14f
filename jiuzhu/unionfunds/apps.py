from django.apps import AppConfig


class UnionfundsConfig(AppConfig):
    name = "jiuzhu.unionfunds"
    verbose_name = "工会帮扶资金"
