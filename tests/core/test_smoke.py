def test_home_lists_municipalities(client, municipality, other_municipality):
    response = client.get("/")
    assert response.status_code == 200
    assert "Villa Norte" in response.text and "Otra Ciudad" in response.text


def test_home_filters_by_country(client, municipality, other_municipality):
    response = client.get("/?country=CL")
    assert "Otra Ciudad" in response.text and "Villa Norte" not in response.text


def test_municipality_home_and_unknown_404(client, municipality):
    assert client.get("/m/villa-norte/").status_code == 200
    assert client.get("/m/nowhere/").status_code == 404
