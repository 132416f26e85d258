"""Person data per agency, step 3 of 3: every candidate row now has its agency, and an ID number
is unique within an agency (no longer across them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_seed_centres"),
        ("registration", "0004_candidate_per_agency_split"),
    ]

    operations = [
        migrations.AlterField(
            model_name="candidate",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidates",
                to="orgs.agency",
                verbose_name="评价机构",
            ),
        ),
        migrations.AddConstraint(
            model_name="candidate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("id_number_hash", ""), _negated=True),
                fields=("agency", "id_number_hash"),
                name="candidate_unique_id_number_per_agency",
            ),
        ),
    ]
