"""`jiuzhu manage reports_refresh`: build a new statistics snapshot (from cron, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand

from jiuzhu.reports.snapshot import build


class Command(BaseCommand):
    help = "统计快照：重新统计全部报表数据（供定时任务调用）"

    def handle(self, *args, **options):
        snap = build()
        self.stdout.write(
            f"统计快照 #{snap.pk}：{snap.figures.count()} 条数据，用时 {snap.build_ms / 1000:.1f} 秒"
        )
