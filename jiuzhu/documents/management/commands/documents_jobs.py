from django.core.management.base import BaseCommand

from jiuzhu.documents.jobs import run_job
from jiuzhu.documents.models import DocumentJob


class Command(BaseCommand):
    help = "生成排队中的文书任务（大批量公示单等）"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="任务编号；不填则处理全部排队任务")

    def handle(self, *args, ids, **options):
        qs = DocumentJob.objects.filter(status=DocumentJob.Status.QUEUED)
        if ids:
            qs = qs.filter(pk__in=ids)
        for pk in qs.values_list("pk", flat=True):
            job = run_job(pk)
            self.stdout.write(f"{job.pk} {job.status} {job.done}/{job.total} {job.result_path or job.error}")
