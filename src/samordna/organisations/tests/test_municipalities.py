from samordna.organisations.models import Municipality


def test_all_290_municipalities_are_loaded_with_their_scb_codes(db):
    assert Municipality.objects.count() == 290
    assert Municipality.objects.get(code="0683").name == "Värnamo"
    assert Municipality.objects.get(code="0331").county_name == "Uppsala län"  # Heby
    assert Municipality.objects.values("county_code").distinct().count() == 21
