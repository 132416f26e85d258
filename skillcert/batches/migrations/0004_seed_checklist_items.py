"""Seed the readiness checklist with the items 细则第八条 (site) and 第九条 (rooms) list.

Reversible: unseeding removes only the rows this migration created, by key.
"""

from django.db import migrations

ART8 = "细则第八条"
ART9 = "细则第九条"

# key, scope, room type, label, article
ITEMS = [
    ("site-office", "site", "", "考务办公室", ART8),
    ("site-spare-room", "site", "", "备用（应急）考场", ART8),
    ("site-secure-room", "site", "", "保密室", ART8),
    ("site-medical-room", "site", "", "医务室", ART8),
    ("site-forbidden-store", "site", "", "考生禁带（违禁）物品存放处", ART8),
    ("site-badges", "site", "", "工作人员证卡", ART8),
    ("site-stationery", "site", "", "纸张文具", ART8),
    ("site-monitoring", "site", "", "监考（监控）设备", ART8),
    ("site-services", "site", "", "医疗、安保、后勤保障", ART8),
    ("theory-timetable", "room", "theory", "考场时间表", ART9),
    ("theory-layout", "room", "theory", "考场布置（座位布局、座次表）", ART9),
    ("theory-cbt-network", "room", "theory", "机考网络环境及保障", ART9),
    ("skill-equipment", "room", "skill", "考核设备", ART9),
    ("skill-tools", "room", "skill", "工具", ART9),
    ("skill-materials", "room", "skill", "材料", ART9),
    ("skill-venue", "room", "skill", "场地", ART9),
    ("skill-stations", "room", "skill", "工位设置", ART9),
    ("review-venue", "room", "review", "评审或答辩场地", ART9),
]


def seed(apps, schema_editor):
    ChecklistItem = apps.get_model("batches", "ChecklistItem")
    for ordinal, (key, scope, room_type, label, article) in enumerate(ITEMS, start=1):
        ChecklistItem.objects.update_or_create(
            key=key,
            defaults={
                "scope": scope,
                "room_type": room_type,
                "label": label,
                "article": article,
                "ordinal": ordinal,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("batches", "ChecklistItem").objects.filter(
        key__in=[row[0] for row in ITEMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("batches", "0003_changes_readiness_sealing")]
    operations = [migrations.RunPython(seed, unseed)]
