"""Taking a conversation from the agent who holds it is a supervisor's explicit, audited
release, which the agent hears of at once; an agent who takes over or replies has acknowledged
the case, so escalation calls nobody about it (issue 14, 4). Over real HTTP, on uvicorn."""

from datetime import timedelta

import httpx
from sqlmodel import select

from data.models import AuditEntry, as_utc
from tests import signing
from tests.conftest import Served, settle
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD
from tests.test_idempotency import bearer
from tests.test_live_events import Listener


def distress(served: Served, http: httpx.Client, wa_id: str) -> int:
    """A person in danger writes on WhatsApp: a distress case is filed; its id."""
    doc = wa.incoming(
        f"wamid.release.{wa_id}", "text", {"body": "ayuda, nos están atacando"}, sender=wa_id,
        wa_id=wa_id, user_id=f"MX.{wa_id}",
    )  # fmt: skip
    assert http.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
    settle(served)  # type: ignore[arg-type]
    store = served.app.state.service.store
    return max(c.id for c in store.cases())


def test_only_a_supervisor_releases_an_agents_conversation_audited_and_heard_at_once(
    served: Served,
) -> None:
    service = served.app.state.service
    ids = {
        name: service.accounts.create_user(name, name.title(), PASSWORD, role).id
        for name, role in [("ana", "agent"), ("beto", "agent"), ("sofia", "supervisor")]
    }
    with httpx.Client(base_url=served.url, timeout=30) as http:
        case = service.store.case(distress(served, http, "5215550100041"))
        url = f"/api/conversations/{case.conversation_id}"
        ana, beto, sofia = (bearer(http, name) for name in ("ana", "beto", "sofia"))
        assert http.post(f"{url}/takeover", headers=ana).status_code == 200
        listening = Listener(http, "ana", f"?conversation_id={case.conversation_id}")

        # Handing back someone else's conversation is no longer a quiet way to take it.
        assert http.post(f"{url}/handback", headers=sofia).status_code == 409
        refused = http.post(f"{url}/release", headers=beto)
        assert refused.status_code == 403
        assert refused.json() == {"detail": "only supervisors and admins release a conversation"}

        released = http.post(f"{url}/release", headers=sofia)
        assert released.status_code == 200 and released.json()["held_by"] is None
        heard = listening.until(lambda e: e["type"] == "conversation_released")[-1]
        assert (heard["held_by"], heard["by"]) == (ids["ana"], ids["sofia"])

        assert http.post(f"{url}/messages", json={"text": "Hola"}, headers=ana).status_code == 409
        assert http.post(f"{url}/release", headers=sofia).status_code == 409  # nothing held
    with service.store.transaction() as session:
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "release")).all()
    assert (entry.user_id, entry.conversation_id) == (ids["sofia"], case.conversation_id)
    assert entry.detail == {"held_by": ids["ana"]}
    [note] = [e for e in service.store.case_events(case.id) if e.kind == "released"]
    assert (note.user_id, note.detail) == (ids["sofia"], {"held_by": ids["ana"]})


def test_a_case_whose_person_an_agent_answers_is_acknowledged_and_never_escalates(
    served: Served,
) -> None:
    service = served.app.state.service
    ana_id = service.accounts.create_user("ana", "Ana", PASSWORD, "agent").id
    with httpx.Client(base_url=served.url, timeout=30) as http:
        answered = service.store.case(distress(served, http, "5215550100042"))
        waiting = service.store.case(distress(served, http, "5215550100043"))
        ana = bearer(http, "ana")
        url = f"/api/conversations/{answered.conversation_id}"
        assert http.post(f"{url}/takeover", headers=ana).status_code == 200
        reply = http.post(f"{url}/messages", json={"text": "Aquí estoy."}, headers=ana)
        assert reply.status_code == 201
    case = service.store.case(answered.id)
    assert case.status == "acknowledged" and case.acknowledged_at is not None
    [ack] = [e for e in service.store.case_events(case.id) if e.kind == "status"]
    assert (ack.user_id, ack.detail["reason"]) == (ana_id, "taken over")
    with service.store.transaction() as session:
        audited = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == "change_status", AuditEntry.case_id == case.id
            )
        ).all()
    assert [a.user_id for a in audited] == [ana_id]

    # A day later, the app's own escalator calls about the case nobody answered only.
    later = as_utc(waiting.created_at) + timedelta(days=1)
    escalated = served.app.state.escalator.check(later)
    assert [e.case_id for e in escalated] == [waiting.id]
    assert service.store.case(answered.id).escalation_level == 0
