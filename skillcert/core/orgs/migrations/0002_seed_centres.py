"""Seed the provincial centre and the 14 city centres of Guangxi (GB/T 2260 codes)."""

from django.db import migrations

PROVINCE = ("450000", "广西壮族自治区职业技能鉴定中心", "")
CITIES = [
    ("450100", "南宁"), ("450200", "柳州"), ("450300", "桂林"), ("450400", "梧州"),
    ("450500", "北海"), ("450600", "防城港"), ("450700", "钦州"), ("450800", "贵港"),
    ("450900", "玉林"), ("451000", "百色"), ("451100", "贺州"), ("451200", "河池"),
    ("451300", "来宾"), ("451400", "崇左"),
]


def seed(apps, schema_editor):
    Centre = apps.get_model("orgs", "Centre")
    code, name, city = PROVINCE
    province, _ = Centre.objects.get_or_create(
        region_code=code, defaults={"level": "province", "name": name, "city": city}
    )
    for code, city in CITIES:
        Centre.objects.get_or_create(
            region_code=code,
            defaults={
                "level": "city",
                "name": f"{city}市职业技能鉴定指导中心",
                "city": city,
                "parent": province,
            },
        )


def unseed(apps, schema_editor):
    Centre = apps.get_model("orgs", "Centre")
    Centre.objects.filter(region_code__in=[c for c, _ in CITIES]).delete()
    Centre.objects.filter(region_code=PROVINCE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
