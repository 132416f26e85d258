"""Seed version 1: 《广西职业技能等级认定考务实施细则（试行）》, 桂职鉴字〔2021〕1号, active.

The values are written out here rather than read from the parameter registry, so that this
migration means the same thing whatever later happens to the registry. Reversible: the reverse
deletes version 1 (refused by PROTECT once anything pins it, which is the point).
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

VERSION_1 = {
    "announce_lead_wd": 15,
    "plan_filing_lead_wd": 10,
    "data_report_lead_wd": 8,
    "arrangement_lead_wd": 5,
    "paper_assembly_lead_wd": 5,
    "room_seal_lead_wd": 1,
    "score_report_lag_wd": 5,
    "result_publicity_min_wd": 5,
    "archive_paper_years": 3,
    "archive_electronic_years": 5,
    "pass_mark": 60,
    "theory_invigilator_ratio": 15,
    "theory_min_invigilators_per_room": 2,
    "skill_assessor_ratio": 5,
    "skill_min_assessors": 3,
    "review_committee_min": 3,
    "room_capacity_default": 30,
    "late_entry_cutoff_min": 15,
    "earliest_handin_min": 30,
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    RuleSet.objects.create(
        version=1,
        document_number="桂职鉴字〔2021〕1号",
        title="广西职业技能等级认定考务实施细则（试行）",
        effective_from=date(2021, 5, 13),
        status="active",
        # 壮族三月三 is a public holiday for everyone in Guangxi, so it is no working day here.
        counts_regional_holidays=True,
        parameters=VERSION_1,
        note="首个版本：细则第一条至第二十条规定的时限和保存期限，及国家职业技能标准通行的配备比例。",
        activated_at=timezone.now(),
    )


def unseed(apps, schema_editor):
    apps.get_model("rules", "RuleSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
