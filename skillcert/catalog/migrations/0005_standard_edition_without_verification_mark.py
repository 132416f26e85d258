"""The seeded 健康照护师 edition read "现行版（待核实）": a remark inside a label that every page,
the 申报表 and the announcement repeated. The label becomes "现行版"; the remark moves to the
standard's notes, where the rest of what is still to be verified is kept."""

from django.db import migrations

MARK = "（待核实）"
REMARK = "版本号待与标准原文核实。"


def forward(apps, schema_editor):
    Standard = apps.get_model("catalog", "Standard")
    for s in Standard.objects.filter(edition__contains=MARK):
        s.edition = s.edition.replace(MARK, "").strip() or s.edition
        if REMARK not in s.notes:
            s.notes = f"{REMARK}{s.notes}"
        s.save(update_fields=["edition", "notes"])


def backward(apps, schema_editor):
    Standard = apps.get_model("catalog", "Standard")
    for s in Standard.objects.filter(notes__startswith=REMARK):
        s.edition = f"{s.edition}{MARK}"
        s.notes = s.notes[len(REMARK) :]
        s.save(update_fields=["edition", "notes"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_standard_level_required_materials")]
    operations = [migrations.RunPython(forward, backward)]
