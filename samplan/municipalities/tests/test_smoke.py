from django.urls import reverse


def test_dashboard_shows_key_figures_to_a_member(client, personas):
    client.force_login(personas.editor)
    response = client.get(reverse("municipalities:dashboard", args=["5033"]))
    assert response.status_code == 200
    assert "Tydal" in response.content.decode()


def test_dashboard_is_404_for_an_outsider(client, personas):
    client.force_login(personas.outsider_admin)
    response = client.get(reverse("municipalities:dashboard", args=["5033"]))
    assert response.status_code == 404
