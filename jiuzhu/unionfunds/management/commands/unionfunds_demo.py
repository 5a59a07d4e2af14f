from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "工会帮扶资金演示数据（在演示家庭和案件之后运行）"

    def handle(self, *args, **options):
        from jiuzhu.unionfunds.demo import make_demo

        self.stdout.write(str(make_demo()))
