"""The family tracing screen through HTTP, as a browser without JavaScript uses it: an agent
searches people, sees a match with its score's parts, asks the person found and tells the
inquirer only after their yes; a partner's record answered by hand; a rejection; a consul
fenced to their consulate's people; refusals said in the user's language; all audited."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from data.models import AuditEntry, Match
from tests.conftest import settle
from tests.fake_provider import FakeProvider
from tests.people import add_user, service_of, whatsapp
from tests.test_console import csrf_of, sign_in, words_on
from tests.test_tracing import MOTHER, SON, telegram, to_mother, to_son

_ONCE = re.compile(r'name="once" value="([^"]+)"')
TELL_FIRST_ES = (
    "No se avisó: a quien busca solo se le avisa después de que la persona encontrada acepte "
    "que la encuentren."
)
TELL_FIRST_EN = "Not told: the inquirer is told only after the person found agreed to be located."


@pytest.fixture
def desk(live: TestClient) -> Iterator[TestClient]:
    """The live app with an agent and two consuls (Guatemala's, Mexico's)."""
    add_user(live, "ana", "agent")
    add_user(live, "gabriel", "consul", "gt-houston")
    add_user(live, "marta", "consul", "mx-houston")
    yield live


def the_match(client: TestClient) -> Match:
    with service_of(client).store.transaction() as session:
        [match] = session.exec(select(Match)).all()
        return match


def audited(client: TestClient) -> list[AuditEntry]:
    with service_of(client).store.transaction() as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


def act(client: TestClient, match_id: int, action: str, csrf: str, **data: str):
    """A form of the match page, with the one-time token the page gave it; the page it leads
    back to (the flash message on top)."""
    page = client.get(f"/console/tracing/matches/{match_id}")
    once = _ONCE.search(page.text)
    assert once, page.text
    url = f"/console/tracing/matches/{match_id}/{action}"
    return client.post(url, data={"csrf": csrf, "once": once.group(1), **data})


def flash(page: str) -> str:
    found = re.search(r'<p class="flash flash-(\w+)"[^>]*>(.*?)</p>', page, re.S)
    assert found, words_on(page)[:2000]
    return f"{found.group(1)}: {found.group(2).strip()}"


def status_on(page: str) -> str:
    return re.search(r'id="match-status"[^>]*>([^<]*)<', page).group(1)  # type: ignore[union-attr]


def test_the_inquirer_is_told_only_after_the_person_found_agreed(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, MOTHER)
    telegram(desk, SON)
    match = the_match(desk)
    csrf = csrf_of(desk, "ana")

    listed = desk.get("/console/tracing")
    assert listed.status_code == 200
    assert "Búsqueda de familiares" in listed.text and 'href="/console/tracing"' in listed.text
    row = listed.text.split(f'href="/console/tracing/matches/{match.id}"')[1]
    assert "José Luis Hernández García" in row and "Pepe Hernandes" in row
    for part in ("Puntuación", "Nombre", "Edad", "Nacionalidad", "Lugar"):  # the score's parts
        assert f"<dt>{part}</dt>" in row
    assert re.search(r"<meter [^>]*value=\"0\.\d+\"", row)

    found = desk.post("/console/tracing", data={"csrf": csrf, "name": "Pepe Hernandes"})
    assert found.status_code == 200 and "2 personas" in found.text
    said = re.sub(r"<[^>]+>", " ", found.text.split('id="found"')[1].split("</ol>")[0])
    assert re.search(r"Pepe Hernandes\s+· informó estar a salvo.*José Luis Hernández García"
                     r"\s+· desaparecida", said, re.S), said  # the exact name first  # fmt: skip

    page = desk.get(f"/console/tracing/matches/{match.id}")
    assert page.status_code == 200 and status_on(page.text) == "propuesta"

    # Telling before the son was asked, and before he answered: refused, and said so.
    refused = act(desk, match.id, "tell", csrf)
    assert flash(refused.text) == f"error: {TELL_FIRST_ES}"
    asked = act(desk, match.id, "ask", csrf)
    settle(desk)
    assert flash(asked.text).startswith("notice: Pregunta enviada")
    assert status_on(asked.text) == "preguntada"
    assert "Pepe Hernandes" in to_son(provider)
    again = act(desk, match.id, "tell", csrf)
    assert flash(again.text) == f"error: {TELL_FIRST_ES}"
    assert "Buenas noticias" not in to_mother(provider)

    telegram(desk, "sí")
    page = desk.get(f"/console/tracing/matches/{match.id}")
    assert status_on(page.text) == "aceptada" and "aceptó que la encuentren" in page.text
    told = act(desk, match.id, "tell", csrf)
    settle(desk)
    assert flash(told.text) == "notice: Se avisó a quien busca dónde encontrar a la persona."
    assert (
        status_on(told.text) == "familia avisada" and "Esta coincidencia está cerrada." in told.text
    )
    assert "Buenas noticias" in to_mother(provider) and "Pepe Hernandes" in to_mother(provider)

    entries = audited(desk)
    [ana] = [u for u in service_of(desk).accounts.users() if u.username == "ana"]
    mine = {e.action for e in entries if e.user_id == ana.id}
    assert {"list_matches", "search_people", "view_match", "ask_consent", "tell_match"} <= mine
    assert "consent_answer" in {e.action for e in entries}
    assert all("Pepe" not in str(e.detail) and "Hernández" not in str(e.detail) for e in entries)


def test_a_form_sent_twice_asks_once(desk: TestClient, provider: FakeProvider) -> None:
    whatsapp(desk, MOTHER)
    telegram(desk, SON)
    match = the_match(desk)
    csrf = csrf_of(desk, "ana")
    page = desk.get(f"/console/tracing/matches/{match.id}")
    form = {"csrf": csrf, "once": _ONCE.search(page.text).group(1)}  # type: ignore[union-attr]
    url = f"/console/tracing/matches/{match.id}/ask"
    first, second = desk.post(url, data=form), desk.post(url, data=form)
    settle(desk)
    assert flash(first.text).startswith("notice:") and flash(second.text).startswith("notice:")
    assert to_son(provider).count("Responde 1 (sí) o 2 (no)") == 1  # one question


def test_a_partner_record_answered_by_hand_and_a_match_rejected(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, MOTHER)
    tracing = service_of(desk).tracing
    tracing.add_person(kind="imported", full_name="José Luis Hernández", age=17,
                       source="cruzroja.example.org")  # fmt: skip
    match = the_match(desk)
    csrf = csrf_of(desk, "ana")
    page = desk.get(f"/console/tracing/matches/{match.id}")
    assert "de cruzroja.example.org" in page.text and "registro de una organización aliada" in (
        page.text
    )
    assert "Preguntar a la persona encontrada" not in page.text  # no channel of his own
    asked = desk.post(f"/console/tracing/matches/{match.id}/ask", data={"csrf": csrf})
    assert "cruzroja.example.org y registre su respuesta" in flash(asked.text)
    unanswered = act(desk, match.id, "answer", csrf)
    assert flash(unanswered.text) == "error: Elija la respuesta de la persona: sí o no."
    yes = act(desk, match.id, "answer", csrf, share="yes")
    assert flash(yes.text) == "notice: Respuesta registrada." and status_on(yes.text) == "aceptada"
    rejected = act(desk, match.id, "reject", csrf)
    assert flash(rejected.text).startswith("notice: Coincidencia descartada")
    assert status_on(rejected.text) == "descartada"
    closed = desk.post(f"/console/tracing/matches/{match.id}/tell", data={"csrf": csrf})
    assert flash(closed.text) == f"error: {TELL_FIRST_ES}"
    assert "Buenas noticias" not in to_mother(provider)
    actions = [e.action for e in audited(desk)]
    assert "record_consent" in actions and "reject_match" in actions
    link = f'href="/console/tracing/matches/{match.id}"'
    assert link not in desk.get("/console/tracing").text  # the open ones by default
    for shown in ("all", "rejected"):
        assert link in desk.get(f"/console/tracing?status={shown}").text
    assert link not in desk.get("/console/tracing?status=told").text


def test_a_consul_sees_their_nationals_only_and_acts_on_no_match(desk: TestClient) -> None:
    tracing = service_of(desk).tracing
    tracing.add_person(kind="missing", full_name="Rosa María Tzul", age=30, nationality="GT")
    tracing.add_person(kind="imported", full_name="Rosa Maria Tzul", age=31, nationality="GT")
    match = the_match(desk)

    csrf = csrf_of(desk, "gabriel")  # gt-houston: Guatemalans
    listed = desk.get("/console/tracing")
    assert (
        f"/console/tracing/matches/{match.id}" in listed.text and "Rosa María Tzul" in listed.text
    )
    page = desk.get(f"/console/tracing/matches/{match.id}")
    assert (
        page.status_code == 200
        and "<form" not in page.text.split('id="act-title"')[1].split("</aside>")[0]
    )
    refused = desk.post(f"/console/tracing/matches/{match.id}/reject", data={"csrf": csrf})
    assert refused.status_code == 403
    assert "Solo agentes, supervisión y administración trabajan las coincidencias." in refused.text

    csrf = csrf_of(desk, "marta")  # mx-houston: Mexicans
    listed = desk.get("/console/tracing")
    assert "Tzul" not in listed.text and "No hay coincidencias que revisar." in listed.text
    searched = desk.post("/console/tracing", data={"csrf": csrf, "name": "Rosa Tzul"})
    assert "Tzul" not in words_on(searched.text).replace("Rosa Tzul", "")  # only her own words
    assert "0 personas" in searched.text
    for url in (
        f"/console/tracing/matches/{match.id}",
        f"/console/tracing/matches/{match.id}/live",
    ):
        hidden = desk.get(url)
        assert hidden.status_code == 404 and "Tzul" not in hidden.text
    for action in ("reject", "ask", "answer", "tell"):
        response = desk.post(f"/console/tracing/matches/{match.id}/{action}",
                             data={"csrf": csrf, "share": "yes"})  # fmt: skip
        assert response.status_code in (403, 404) and "Tzul" not in response.text
    assert the_match(desk).status == "proposed"


def test_in_english_with_bad_input_said_not_crashed(desk: TestClient) -> None:
    whatsapp(desk, MOTHER)
    telegram(desk, SON)
    match = the_match(desk)
    assert sign_in(desk, "ana", amparo_lang="en").status_code == 303
    page = desk.get("/console/tracing")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert "Family tracing" in page.text and "<dt>Score</dt>" in page.text
    refused = act(desk, match.id, "tell", csrf)
    assert flash(refused.text) == f"error: {TELL_FIRST_EN}"
    too_old = "An age is a whole number from 0 to 150."
    for data, said in (({"name": ""}, "Write a name to search for."),
                       ({"name": "Pepe", "age": "abc"}, too_old),
                       ({"name": "Pepe", "age": "999"}, too_old)):  # fmt: skip
        response = desk.post("/console/tracing", data={"csrf": csrf, **data})
        assert response.status_code == 422 and said in response.text
    odd = {"csrf": csrf, "name": "x" * 500, "nationality": "<b>", "kind": "?", "place": "y" * 999}
    assert desk.post("/console/tracing", data=odd).status_code == 200
    assert desk.get("/console/tracing?status=nonsense").status_code == 200
    assert desk.get("/console/tracing/matches/0").status_code == 422
    assert desk.get("/console/tracing/matches/999999").status_code == 404
