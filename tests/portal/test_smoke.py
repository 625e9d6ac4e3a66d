from tests.factories import make_brique


def test_brique_page_shows_its_status_banner(client, db):
    make_brique("Moodle", status="outage", status_message="Connexion impossible depuis 8 h.")
    response = client.get("/briques/moodle/")
    assert response.status_code == 200
    assert "Connexion impossible depuis 8 h." in response.content.decode()
