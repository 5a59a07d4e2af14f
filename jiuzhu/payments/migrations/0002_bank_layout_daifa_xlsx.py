"""A typical bank 代发 Excel template shipped as data (a county adds its own bank's in the administration)."""

from django.db import migrations

COLUMNS = [
    {"header": "序号", "field": "seq"},
    {"header": "收款人账号", "field": "account_number"},
    {"header": "收款人户名", "field": "payee_name"},
    {"header": "证件类型", "field": "id_type"},
    {"header": "证件号码", "field": "id_number"},
    {"header": "金额（元）", "field": "amount"},
    {"header": "摘要", "field": "purpose"},
    {"header": "业务参考号", "field": "ref"},
]


def add(apps, schema_editor):
    BankLayout = apps.get_model("payments", "BankLayout")
    BankLayout.objects.get_or_create(
        code="daifa-xlsx",
        defaults={
            "name": "银行批量代发Excel模板（通用）",
            "format": "xlsx",
            "sheet": "代发明细",
            "title_rows": [["批量代发明细表"]],
            "columns": COLUMNS,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("payments", "BankLayout").objects.filter(code="daifa-xlsx").delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
