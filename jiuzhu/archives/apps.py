from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "jiuzhu.archives"
    verbose_name = "困难职工档案"

    def ready(self) -> None:
        try:
            from jiuzhu.core import todo
        except ImportError:  # pragma: no cover
            return
        todo.register("archives.archive", "archives:archive")
