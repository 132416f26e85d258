"""The reasons a reviewer picks from when refusing an application (细则第四条), as data."""

from django.db import migrations

REASONS = [
    ("no_clause_met", "不符合该职业等级的任何一项申报条件"),
    ("work_years_short", "从事本职业或相关职业工作年限不足"),
    ("prior_certificate", "原职业资格证书或技能等级证书不符合要求或无法核验"),
    ("education", "学历或专业不符合申报条件"),
    ("materials_incomplete", "申报材料不齐全"),
    ("materials_untrue", "申报材料不真实或与本人信息不符"),
    ("photo", "证件照不符合要求（须为近期一寸白底免冠彩色照片）"),
    ("duplicate", "重复申报同一职业等级"),
    ("other", "其他原因（见说明）"),
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("registration", "RejectionReason")
    for ordinal, (code, label) in enumerate(REASONS, start=1):
        RejectionReason.objects.get_or_create(
            code=code, defaults={"label": label, "ordinal": ordinal}
        )


def unseed(apps, schema_editor):
    apps.get_model("registration", "RejectionReason").objects.filter(
        code__in=[code for code, _ in REASONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
