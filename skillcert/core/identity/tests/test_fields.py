"""The encrypted field and its lookup hash on a real table, and the audited reveal."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound
from skillcert.core.identity import (
    EncryptedIdNumberMixin,
    InvalidIdNumber,
    decrypt_id_number,
    id_number_lookup,
    reveal_id_number,
)
from skillcert.core.identity.fields import EncryptedIdNumberField, IdNumberHashField

NUMBER = "11010519491231002X"


@pytest.fixture
def person_model(transactional_db):
    """A throwaway concrete model using the mixin, with its table created for the test.

    Creating a table needs a real transaction on SQLite; the root conftest puts back the seeded
    reference data that the flush after a transactional test removes.
    """
    with isolate_apps("skillcert.core.identity"):

        class Person(EncryptedIdNumberMixin, models.Model):
            name = models.CharField(max_length=20)

            class Meta:
                app_label = "identity"
                db_table = "identity_test_person"

            def __str__(self) -> str:
                return self.name

        with connection.schema_editor() as editor:
            editor.create_model(Person)
        try:
            yield Person
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Person)


def test_saved_number_is_stored_encrypted_and_found_by_hash(person_model):
    person = person_model(name="张三", id_number="110105 19491231002x")
    assert person.id_number_masked == "11************002X"
    person.save()
    assert person.id_number.startswith("v1.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_hash FROM identity_test_person")
        stored, digest = cursor.fetchone()
    assert NUMBER not in stored
    assert decrypt_id_number(stored) == NUMBER
    assert digest == id_number_lookup(NUMBER)
    found = person_model.objects.get(id_number_hash=id_number_lookup("11010519491231002x"))
    assert found.pk == person.pk
    assert found.id_number_masked == "11************002X"


def test_changing_the_number_updates_the_hash(person_model):
    person = person_model.objects.create(name="张三", id_number=NUMBER)
    person.id_number = "360426199101010071"
    person.save()
    person.refresh_from_db()
    assert person.id_number_hash == id_number_lookup("360426199101010071")
    assert not person_model.objects.filter(id_number_hash=id_number_lookup(NUMBER)).exists()


def test_an_invalid_number_is_not_saved(person_model):
    with pytest.raises(InvalidIdNumber):
        person_model.objects.create(name="张三", id_number="110105491231002")
    assert not person_model.objects.exists()


def test_plaintext_cannot_be_written_or_searched_past_the_field(person_model):
    person_model.objects.create(name="张三", id_number=NUMBER)
    with pytest.raises(ValueError, match="encrypted"):
        person_model.objects.update(id_number=NUMBER)
    with pytest.raises(ValueError, match="encrypted"):
        person_model.objects.filter(id_number=NUMBER).exists()


def test_reveal_returns_plaintext_and_is_audited(person_model, agency, agency_admin):
    person = person_model.objects.create(name="张三", id_number=NUMBER)
    assert reveal_id_number(actor=agency_admin, obj=person, agency=agency) == NUMBER
    event = AuditEvent.objects.get(action="identity.reveal")
    assert event.actor == agency_admin
    assert event.agency == agency
    assert event.object_id == str(person.pk)
    assert event.changes == {"field": "id_number"}
    assert NUMBER not in str(event.changes) and NUMBER not in event.object_label


def test_reveal_for_another_agency_is_not_found(person_model, other_agency, agency_admin):
    person = person_model.objects.create(name="张三", id_number=NUMBER)
    with pytest.raises(NotFound):
        reveal_id_number(actor=agency_admin, obj=person, agency=other_agency)
    assert not AuditEvent.objects.filter(action="identity.reveal").exists()


def test_fields_deconstruct_for_migrations():
    _, path, args, kwargs = EncryptedIdNumberField("身份证号码").deconstruct()
    assert path == "skillcert.core.identity.fields.EncryptedIdNumberField"
    assert EncryptedIdNumberField(*args, **kwargs).max_length == 128
    _, _, args, kwargs = IdNumberHashField("哈希", source="number").deconstruct()
    rebuilt = IdNumberHashField(*args, **kwargs)
    assert (rebuilt.source, rebuilt.max_length, rebuilt.db_index) == ("number", 64, True)


def test_package_imports_without_django_set_up():
    # Django imports the package while starting; it must not need the app registry.
    code = (
        "import sys, skillcert.core.identity as i;"
        "assert i.normalize_id_number('11010519491231002x') == '11010519491231002X';"
        "assert not any(m.startswith('skillcert.core.audit.models') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PATH": ""}, cwd=".")
