from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "jiuzhu.archives"
    verbose_name = "困难职工档案"

    def ready(self) -> None:
        try:
            from jiuzhu.core import todo
        except ImportError:  # pragma: no cover
            return
        todo.register("archives.archive", "archives:archive", union=True)
        # a payment's deadline (entry into the national system, R-PAY-17) is done on its archive's page
        todo.register("archives.unionaidpayment", _payment_archive_url, union=True)
        # What this procedure owes, for the payment rosters (jiuzhu.payments).
        from .payables import register_programme

        register_programme()


def _payment_archive_url(payment_id: str) -> str:
    from django.urls import reverse

    from .models import UnionAidPayment

    archive_id = UnionAidPayment.objects.filter(pk=payment_id).values_list("archive_id", flat=True).first()
    return reverse("archives:archive", args=[archive_id]) if archive_id else ""
