"""Messages of htmx answers come with the answer, as an out-of-band swap."""

from django.urls import reverse

OOB = '<div id="messages" class="message-area" role="status" hx-swap-oob="innerHTML">'


def reject_all(client, article, **headers):
    url = reverse("claims:suggestions_decide_all", args=[article.pk, "reject-all"])
    return client.post(url, headers=headers)


def test_an_htmx_answer_carries_its_messages_out_of_band(client, article, editor):
    client.force_login(editor)
    response = reject_all(client, article, HX_Request="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(OOB) == 1
    assert "suggestion(s) rejected.</li>" in page[page.index(OOB) :]
    # Shown once: the next page has none left to show.
    assert "suggestion(s) rejected." not in client.get(article.get_absolute_url()).content.decode()


def test_a_plain_request_shows_its_messages_on_the_next_page(client, article, editor):
    client.force_login(editor)
    response = reject_all(client, article)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "suggestion(s) rejected." in page
    assert "hx-swap-oob" not in page[page.index('id="messages"') - 10 :][:200]


def test_an_htmx_answer_without_messages_is_left_as_it_is(client, article, editor):
    client.force_login(editor)
    url = reverse("claims:source_autocomplete") + "?source_name=Barrister"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "messages" not in response.content.decode()
