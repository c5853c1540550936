"""Messages of htmx answers come with the answer, as an out-of-band swap."""

import io

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from factcheck.middleware import htmx_messages

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


def htmx_answer(rf, response, text):
    """Run the middleware over ``response`` to an htmx request that queued ``text``."""
    request = rf.post("/x", headers={"HX-Request": "true"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    messages.warning(request, text)
    return request, htmx_messages(lambda _request: response)(request)


def test_a_message_with_typed_text_is_escaped_in_the_htmx_answer(rf, db):
    _, response = htmx_answer(
        rf, HttpResponse("<p>ok</p>"), "Not accepted: “<img src=x onerror=alert(1)>”"
    )
    page = response.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page


def test_files_json_and_redirects_are_left_as_they_are_and_keep_their_messages(rf, db):
    for answer in (
        FileResponse(io.BytesIO(b"a,b\n"), content_type="text/csv"),
        JsonResponse({"a": 1}),
        HttpResponseRedirect("/claims/"),
    ):
        request, response = htmx_answer(rf, answer, "Export queued")
        assert response is answer
        body = b"".join(response) if response.streaming else response.content
        assert b"messages" not in body
        assert [str(m) for m in messages.get_messages(request)] == ["Export queued"]
