from samordna.core.http import attachment


def test_a_download_carries_its_file_name():
    response = attachment(b"%PDF", "application/pdf", "avtal.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="avtal.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_swedish_file_name_survives_the_header():
    response = attachment(b"x", "text/csv", "årsrapport.csv")
    assert "filename*=utf-8''%C3%A5rsrapport.csv" in response["Content-Disposition"]
