"""Person data per agency, step 1 of 3: the agency column (filled in step 2), accounts that may
hold records at several agencies, and the requests that link an account to a record."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_seed_centres"),
        ("registration", "0002_seed_rejection_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="candidate", name="candidate_unique_id_number"),
        migrations.AddField(
            model_name="candidate",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidates",
                to="orgs.agency",
                verbose_name="评价机构",
            ),
        ),
        migrations.AlterField(
            model_name="candidate",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidate_records",
                to=settings.AUTH_USER_MODEL,
                verbose_name="账户",
            ),
        ),
        migrations.CreateModel(
            name="CandidateLinkRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("state", models.CharField(choices=[("pending", "待验证"), ("linked", "已关联"), ("locked", "已锁定")], default="pending", max_length=16, verbose_name="状态")),
                ("code_hash", models.CharField(blank=True, max_length=64, verbose_name="验证码哈希")),
                ("code_expires_at", models.DateTimeField(blank=True, null=True, verbose_name="验证码有效期至")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="本验证码已尝试次数")),
                ("sends", models.PositiveSmallIntegerField(default=0, verbose_name="已发送次数")),
                ("last_sent_at", models.DateTimeField(blank=True, null=True, verbose_name="最近发送时间")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="申请时间")),
                ("linked_at", models.DateTimeField(blank=True, null=True, verbose_name="关联时间")),
                ("candidate", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="link_requests", to="registration.candidate", verbose_name="考生记录")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="candidate_link_requests", to=settings.AUTH_USER_MODEL, verbose_name="申请关联的账户")),
            ],
            options={
                "verbose_name": "考生账户关联申请",
                "verbose_name_plural": "考生账户关联申请",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("state", "pending")), fields=("candidate", "user"), name="link_request_one_pending")
                ],
            },
        ),
    ]
