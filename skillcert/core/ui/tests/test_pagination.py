from django.test import RequestFactory

from skillcert.core.ui.pagination import paginate


def test_keeps_filters_drops_page_and_clamps_a_bad_page_number():
    request = RequestFactory().get("/x/", {"q": "电工 四级", "status": "open", "page": "99"})
    page, querystring = paginate(request, list(range(45)), 20)
    assert page.number == 3 and list(page.object_list) == list(range(40, 45))
    assert "page=" not in querystring
    assert "status=open" in querystring and "q=%E7%94%B5%E5%B7%A5" in querystring
