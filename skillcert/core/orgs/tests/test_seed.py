from skillcert.core.orgs.models import Centre, CentreLevel

GUANGXI_CITIES = {
    "南宁",
    "柳州",
    "桂林",
    "梧州",
    "北海",
    "防城港",
    "钦州",
    "贵港",
    "玉林",
    "百色",
    "贺州",
    "河池",
    "来宾",
    "崇左",
}


def test_migration_seeds_province_and_fourteen_city_centres(db):
    province = Centre.objects.get(level=CentreLevel.PROVINCE)
    cities = Centre.objects.filter(level=CentreLevel.CITY)
    assert {c.city for c in cities} == GUANGXI_CITIES
    assert all(c.parent_id == province.pk for c in cities)
