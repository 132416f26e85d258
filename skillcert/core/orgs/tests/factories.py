from __future__ import annotations

import factory

from skillcert.core.orgs.models import Agency, AgencyType, Centre, CentreLevel


def city_centre(city: str = "南宁") -> Centre:
    return Centre.objects.get(level=CentreLevel.CITY, city=city)


def province_centre() -> Centre:
    return Centre.objects.get(level=CentreLevel.PROVINCE)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"广西示例职业技能评价机构{n}")
    agency_type = AgencyType.SOCIAL
    code = factory.Sequence(lambda n: f"S4501{n:05d}")
    centre = factory.LazyFunction(city_centre)
    contact_name = "李明"
    contact_phone = "0771-5551234"
