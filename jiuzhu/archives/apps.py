from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "jiuzhu.archives"
    verbose_name = "困难职工档案"
