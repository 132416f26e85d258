from __future__ import annotations

import factory

from skillcert.core.accounts.models import AGENCY_ROLES, Membership, Role, User
from skillcert.core.orgs.tests.factories import city_centre, province_centre

TEST_PASSWORD = "Skillcert-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: Role, *, agency=None, centre=None, **user_fields) -> User:
    """A user holding one role in the right kind of organisation for it."""
    user = UserFactory(**user_fields)
    if role in AGENCY_ROLES:
        if agency is None:
            raise ValueError("agency roles need an agency")
        Membership.objects.create(user=user, role=role, agency=agency)
    elif role == Role.CANDIDATE:
        Membership.objects.create(user=user, role=role)
    else:
        if centre is None:
            centre = province_centre() if role == Role.PROVINCIAL_SUPERVISOR else city_centre()
        Membership.objects.create(user=user, role=role, centre=centre)
    return user
