"""Family tracing end to end: a mother asks on WhatsApp, her son checks in safe on Telegram, an
agent sees the match and asks him; only after his yes is she told. A no, a protected person,
erasure and a consul's view."""

import itertools
import json

from fastapi.testclient import TestClient
from sqlmodel import select, update

from amparo.casework.privacy import Privacy
from data.models import AuditEntry, Conversation, Match, Person, PersonKey
from tests import signing
from tests.conftest import settle
from tests.fake_provider import FakeProvider
from tests.payloads import telegram as tg
from tests.people import add_user, login, service_of, whatsapp

_ids = itertools.count(1)
MOTHER = "Busco a mi hijo José Luis Hernández García, tiene 17 años"
SON = "Estoy bien, me llamo Pepe Hernandes y tengo 17 años"


def telegram(client: TestClient, text: str) -> None:
    update = tg.update(30000 + next(_ids), text=text)
    assert client.post("/webhooks/telegram", **signing.telegram(update)).status_code == 200
    settle(client)


def to_mother(provider: FakeProvider) -> str:
    return "\n".join(c.text for c in provider.sent("whatsapp"))


def to_son(provider: FakeProvider) -> str:
    return "\n".join(c.text for c in provider.sent("telegram"))


def people(client: TestClient) -> list[Person]:
    with service_of(client).store.transaction() as session:
        return list(session.exec(select(Person).order_by(Person.id)))


def setup_match(live: TestClient) -> tuple[dict[str, str], dict]:
    add_user(live, "ana", "agent")
    agent = login(live, "ana")
    whatsapp(live, MOTHER)
    telegram(live, SON)
    response = live.get("/api/matches", headers=agent)
    assert response.status_code == 200, response.text
    [match] = response.json()
    return agent, match


def test_the_mother_is_told_only_after_her_son_agrees(live: TestClient, provider: FakeProvider):
    agent, match = setup_match(live)
    assert match["status"] == "proposed"
    assert match["sought"]["full_name"] == "José Luis Hernández García"
    assert match["sought"]["kind"] == "missing" and match["sought"]["age"] == 17
    assert match["found"]["full_name"] == "Pepe Hernandes"
    assert match["found"]["kind"] == "safe" and match["score"] >= 0.7
    assert "Pepe" not in to_mother(provider)  # proposed to the agent, never to the inquirer

    # Telling before asking is refused.
    assert live.post(f"/api/matches/{match['id']}/tell", headers=agent).status_code == 409
    asked = live.post(f"/api/matches/{match['id']}/ask", headers=agent)
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "asked"
    settle(live)
    assert "Pepe Hernandes" in to_son(provider) and "1 (sí)" in to_son(provider)
    assert live.post(f"/api/matches/{match['id']}/tell", headers=agent).status_code == 409
    assert "Buenas noticias" not in to_mother(provider)

    telegram(live, "sí")
    [match] = live.get("/api/matches", headers=agent).json()
    assert match["status"] == "consented" and match["found"]["consent"] == "share"
    assert "Gracias" in to_son(provider)
    assert "Buenas noticias" not in to_mother(provider)  # consent alone tells nobody

    told = live.post(f"/api/matches/{match['id']}/tell", headers=agent)
    assert told.status_code == 200, told.text
    assert told.json()["status"] == "told"
    settle(live)
    assert "Buenas noticias" in to_mother(provider) and "Pepe Hernandes" in to_mother(provider)
    with service_of(live).store.transaction() as session:
        actions = {e.action for e in session.exec(select(AuditEntry))}
    assert {"list_matches", "ask_consent", "consent_answer", "tell_match"} <= actions


def test_a_no_means_the_mother_is_never_told(live: TestClient, provider: FakeProvider):
    agent, match = setup_match(live)
    assert live.post(f"/api/matches/{match['id']}/ask", headers=agent).status_code == 200
    telegram(live, "2")
    [match] = live.get("/api/matches", headers=agent).json()
    assert match["status"] == "refused" and match["found"]["consent"] == "refuse"
    assert "no te lo volveremos a preguntar" in to_son(provider)
    assert live.post(f"/api/matches/{match['id']}/tell", headers=agent).status_code == 409
    assert live.post(f"/api/matches/{match['id']}/ask", headers=agent).status_code == 409
    # Another query for him proposes nothing: a refusal is for good.
    whatsapp(live, "Busco a mi primo José Hernández, 17 años", wa_id="5215555550177")
    assert [m["status"] for m in live.get("/api/matches", headers=agent).json()] == ["refused"]
    settle(live)
    assert "Pepe" not in to_mother(provider) and "Buenas noticias" not in to_mother(provider)


def test_an_unrelated_answer_leaves_the_question_open(live: TestClient, provider: FakeProvider):
    agent, match = setup_match(live)
    live.post(f"/api/matches/{match['id']}/ask", headers=agent)
    telegram(live, "donde hay un albergue en Tapachula")
    [match] = live.get("/api/matches", headers=agent).json()
    assert match["status"] == "asked"
    telegram(live, "1")
    [match] = live.get("/api/matches", headers=agent).json()
    assert match["status"] == "consented"


def test_a_protected_person_never_appears(live: TestClient, provider: FakeProvider):
    add_user(live, "sara", "supervisor")
    staff = login(live, "sara")
    telegram(live, SON)
    [son] = [p for p in people(live) if p.kind == "safe"]
    found = live.get("/api/people/search", params={"name": "José Hernández"}, headers=staff)
    assert [f["person"]["id"] for f in found.json()] == [son.id]
    protected = live.post(f"/api/people/{son.id}/protect", json={}, headers=staff)
    assert protected.status_code == 200, protected.text
    for name in ("Pepe Hernandes", "José Hernández", "Hernandes"):
        found = live.get("/api/people/search", params={"name": name}, headers=staff)
        assert found.json() == []
    whatsapp(live, MOTHER)
    assert live.get("/api/matches", headers=staff).json() == []
    export = live.get("/api/pfif/export", headers=staff)
    assert "Hernandes" not in export.text and "Pepe" not in export.text


def test_search_ranks_variants_and_is_audited(live: TestClient):
    add_user(live, "ana", "agent")
    agent = login(live, "ana")
    tracing = service_of(live).tracing
    jose = tracing.add_person(kind="imported", full_name="José Luis Hernández García", age=17)
    tracing.add_person(kind="imported", full_name="Luis Hernández García", age=45)
    tracing.add_person(kind="imported", full_name="María Guadalupe Pérez", age=30)
    for query in ("Pepe Hernandes", "hernandez garcia jose luis", "Jose Luis Hernadez", "JOSÉ"):
        found = live.get(
            "/api/people/search", params={"name": query, "age": 17}, headers=agent
        ).json()
        assert found and found[0]["person"]["id"] == jose.id, query
    lupe = live.get("/api/people/search", params={"name": "Lupita Peres"}, headers=agent).json()
    assert lupe[0]["person"]["full_name"] == "María Guadalupe Pérez"
    with service_of(live).store.transaction() as session:
        searches = session.exec(select(AuditEntry).where(AuditEntry.action == "search_people"))
        assert len(list(searches)) == 5
        assert all("Pepe" not in str(e.detail) for e in session.exec(select(AuditEntry)))


def test_erasure_removes_the_people_their_keys_and_matches(live: TestClient):
    agent, match = setup_match(live)
    service = service_of(live)
    with service.store.transaction() as session:
        son = session.get(Person, match["found"]["id"])
        conversation_id = son.conversation_id
    service.store.erase(conversation_id)
    with service.store.transaction() as session:
        assert session.get(Person, match["found"]["id"]) is None
        assert session.exec(select(Match)).all() == []
        keys = session.exec(select(PersonKey).where(PersonKey.person_id == match["found"]["id"]))
        assert keys.all() == []
    assert live.get("/api/matches", headers=agent).json() == []
    found = live.get("/api/people/search", params={"name": "Pepe Hernandes"}, headers=agent)
    assert [f["person"]["kind"] for f in found.json()] == ["missing"]  # the mother's query stays


def test_a_consul_sees_only_their_nationality(live: TestClient):
    add_user(live, "gabriel", "consul", "gt-houston")
    consul = login(live, "gabriel")
    tracing = service_of(live).tracing
    tracing.add_person(kind="imported", full_name="Rosa Tzul", nationality="GT")
    tracing.add_person(kind="imported", full_name="Rosa Tzul Pérez", nationality="HN")
    found = live.get("/api/people/search", params={"name": "Rosa Tzul"}, headers=consul).json()
    assert [f["person"]["nationality"] for f in found] == ["GT"]
    hidden = [p for p in people(live) if p.nationality == "HN"][0]
    assert live.get(f"/api/people/{hidden.id}", headers=consul).status_code == 404
    assert live.post(f"/api/people/{hidden.id}/protect", json={}, headers=consul).status_code == 403


def test_a_partner_record_answers_through_the_agent(live: TestClient, provider: FakeProvider):
    add_user(live, "ana", "agent")
    agent = login(live, "ana")
    whatsapp(live, MOTHER)
    service_of(live).tracing.add_person(
        kind="imported", full_name="José Luis Hernández", age=17, source="cruzroja.example.org"
    )
    [match] = live.get("/api/matches", headers=agent).json()
    assert live.post(f"/api/matches/{match['id']}/ask", headers=agent).status_code == 409
    answered = live.post(f"/api/matches/{match['id']}/answer", json={"share": True}, headers=agent)
    assert answered.json()["status"] == "consented"
    assert live.post(f"/api/matches/{match['id']}/tell", headers=agent).status_code == 200
    settle(live)
    assert "Buenas noticias" in to_mother(provider)


def test_an_export_holds_the_people_one_told_us_about_never_the_match(live: TestClient):
    setup_match(live)
    store = service_of(live).store
    privacy = Privacy(store)
    exports = {}
    for person in people(live):
        with store.transaction() as session:
            conv = session.get(Conversation, person.conversation_id)
            assert conv is not None
        exports[person.kind] = privacy.export(conv.channel, conv.sender)
    mother, son = exports["missing"], exports["safe"]
    assert [p["full_name"] for p in mother["people"]] == ["José Luis Hernández García"]
    assert [p["full_name"] for p in son["people"]] == ["Pepe Hernandes"]
    assert "Pepe" not in json.dumps(mother) and "José Luis" not in json.dumps(son)


def test_search_sees_people_indexed_after_it_and_keys_committed_late(service):
    """The index is refreshed from the rows above the highest id it has seen, and again from
    the window below when keys arrive there late (a transaction that drew its ids first and
    committed last, as PostgreSQL's sequences allow)."""
    tracing = service.tracing

    def found(name: str) -> list[str]:
        return [f.person.full_name for f in tracing.search(name)]

    def shift_keys(person: Person, by: int) -> None:
        with service.store.transaction() as session:
            session.exec(
                update(PersonKey)
                .where(PersonKey.person_id == person.id)
                .values(id=PersonKey.id + by)
            )

    tracing.add_person(kind="safe", full_name="Ana Pérez", match=False)
    assert found("Ana Pérez") == ["Ana Pérez"]
    carlos = tracing.add_person(kind="safe", full_name="Carlos Ruiz", match=False)
    shift_keys(carlos, 1000)  # a gap below Carlos's keys
    assert found("Carlos Ruiz") == ["Carlos Ruiz"]
    dolores = tracing.add_person(kind="safe", full_name="Dolores Díaz", match=False)
    shift_keys(dolores, -1000)  # into the gap: below the highest id already indexed
    assert found("Dolores Díaz") == ["Dolores Díaz"]
    tracing.add_person(kind="safe", full_name="Elena Gómez", match=False)
    assert found("Elena Gómez") == ["Elena Gómez"]
    assert found("Carlos Ruiz") == ["Carlos Ruiz"]
