"""Person data per agency, step 2 of 3: every existing candidate row becomes one row per agency.

A row used by applications of several agencies is copied once per further agency and those
applications are re-pointed to the copy, so no agency keeps reading or writing what another one
entered. The account link stays on the copy of the agency where that account applied online; when
that is ambiguous (online at several agencies, or never) every copy keeps it, since the account
created the shared row. The original row (and so its audit history) stays with the agency the
account applied to online, else with the agency of its earliest application.

A row with no application was never visible to any agency; it goes to the agency its creation was
audited under, and without one it is deleted (no page or report could reach it).

Not reversible once copies exist: merging them back would mix the agencies' data again.
"""

from django.db import migrations

COPIED = (
    "id_type", "name", "sex", "birth_date", "ethnicity", "education", "phone", "email",
    "address", "source", "employer", "id_number", "id_number_hash", "user_id",
)  # fmt: skip


def split(apps, schema_editor):
    Candidate = apps.get_model("registration", "Candidate")
    Application = apps.get_model("registration", "Application")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for cand in Candidate.objects.filter(agency__isnull=True).order_by("pk").iterator():
        apps_of = list(
            Application.objects.filter(candidate_id=cand.pk)
            .order_by("pk")
            .values_list("pk", "agency_id", "channel", "created_by_id")
        )
        agencies = list(dict.fromkeys(agency_id for _, agency_id, _, _ in apps_of))
        if not agencies:
            event = (
                AuditEvent.objects.filter(
                    object_type="registration.Candidate",
                    object_id=str(cand.pk),
                    agency_id__isnull=False,
                )
                .order_by("pk")
                .first()
            )
            if event is None:
                cand.delete()
                continue
            agencies = [event.agency_id]
        online = list(
            dict.fromkeys(
                agency_id
                for _, agency_id, channel, created_by in apps_of
                if channel == "online" and cand.user_id and created_by == cand.user_id
            )
        )
        keeps_user = set(online) if len(online) == 1 else set(agencies)
        home = online[0] if len(online) == 1 else agencies[0]
        # home is always among keeps_user, so the original row keeps its account link.
        cand.agency_id = home
        cand.save(update_fields=["agency"])
        for agency_id in agencies:
            if agency_id == home:
                continue
            copy = Candidate(agency_id=agency_id, **{f: getattr(cand, f) for f in COPIED})
            if agency_id not in keeps_user:
                copy.user_id = None
            copy.save()  # the ID column holds the token already; the field keeps it as it is
            Candidate.objects.filter(pk=copy.pk).update(created_at=cand.created_at)
            Application.objects.filter(candidate_id=cand.pk, agency_id=agency_id).update(
                candidate_id=copy.pk
            )


def refuse_merge(apps, schema_editor):
    Candidate = apps.get_model("registration", "Candidate")
    from django.db.models import Count

    shared = (
        Candidate.objects.exclude(id_number_hash="")
        .values("id_number_hash")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if shared.exists():
        raise RuntimeError(
            "Candidates exist at several agencies under one ID number; merging them would mix "
            "the agencies' data, so this migration is not reversed."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("registration", "0003_candidate_per_agency_schema"),
    ]

    operations = [migrations.RunPython(split, refuse_merge)]
