"""Data protection: nothing personal in the logs, retention, export and erasure on request,
rate limits, and the metrics an operator watches."""

import json
import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import SQLModel, select

from amparo.casework.privacy import Privacy
from amparo.observability import JsonFormatter
from data.models import Case, InboxMessage, OutboxMessage, utcnow
from tests import signing
from tests.conftest import settle
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa
from tests.people import add_user, assistance_case, login, service_of, whatsapp

PHONE = "+17135550123"
PATH = "/webhooks/twilio/messaging"
SECRET_WORDS = [
    "Marisol",
    "Rosa",
    "pasaporte",
    "atacando",
    "Airline",
    "5215550100001",
    "7135550123",
]


def sms(client: TestClient, text: str, sid: int, sender: str = PHONE) -> None:
    params = {**tw.SMS_TEXT, "Body": text, "From": sender, "MessageSid": f"SMp{sid:031x}"}
    params["SmsSid"] = params["MessageSid"]
    assert client.post(PATH, **signing.twilio(PATH, params)).status_code == 200


def test_logs_of_whole_conversations_hold_no_text_names_or_numbers(
    live: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for n, text in enumerate(["ayuda nos están atacando", "Houston, calle Airline", "somos 3"]):
        sms(live, text, n)
    settle(live)
    assistance_case(live)  # WhatsApp, with the profile name Rosa
    add_user(live, "ana", "agent")
    headers = login(live, "ana")
    for case in live.get("/api/cases", headers=headers).json():
        live.get(f"/api/cases/{case['id']}", headers=headers)
    records = [r for r in caplog.records if r.levelno > logging.DEBUG]
    assert records, "the conversation logged nothing at all"
    logged = "\n".join(r.getMessage() for r in records)
    for secret in SECRET_WORDS:
        assert secret not in logged


def test_json_log_lines_carry_the_request_and_conversation_ids(
    live: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        response = live.post(
            PATH,
            headers={"X-Request-ID": "req-42"},
            data={"Body": "hola"},  # unsigned: refused, and logged with the request id
        )
        assert response.status_code == 403 and response.headers["X-Request-ID"] == "req-42"
        sms(live, "ayuda nos están atacando", 99)  # files a case: logged by the worker
        settle(live)
    finally:
        logging.getLogger().removeHandler(handler)
    parsed = [json.loads(line) for line in lines]
    refused = [p for p in parsed if "rejected" in p["msg"]]
    assert refused and refused[0]["request_id"] == "req-42" and refused[0]["level"] == "warning"
    conv = service_of(live).store.conversation("sms", PHONE)
    filed = [p for p in parsed if p["msg"].startswith("case filed")]
    assert filed and filed[0]["conversation_id"] == conv.id


def test_a_persons_data_is_exported_then_erased_from_every_table(live: TestClient) -> None:
    assistance_case(live)
    add_user(live, "sofia", "supervisor")
    add_user(live, "ana", "agent")
    boss, agent = login(live, "sofia"), login(live, "ana")
    person = {"channel": "whatsapp", "sender": wa.USER_ID}
    assert live.post("/api/people/export", json=person, headers=agent).status_code == 403
    exported = live.post("/api/people/export", json=person, headers=boss).json()
    assert exported["messages"][0]["text"] == "perdí mi pasaporte, necesito documentos"
    assert exported["cases"][0]["consulate_id"] == "gt-houston"
    assert exported["cases"][0]["timeline"][0]["kind"] == "filed"
    case_id = exported["cases"][0]["id"]
    live.post(f"/api/cases/{case_id}/notes", json={"text": "Rosa vive en Airline"}, headers=agent)

    assert live.post("/api/people/erase", json=person, headers=boss).status_code == 204
    store = service_of(live).store
    dump = []
    with store.transaction() as session:
        for table in SQLModel.metadata.sorted_tables:
            dump += [str(tuple(row)) for row in session.execute(select(table))]
    everything = "\n".join(dump)
    for secret in ["pasaporte", "Rosa", wa.USER_ID, wa.WA_ID, "Airline"]:
        assert secret not in everything, secret
    with store.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.details == {"erased": True} and case.kind == "assistance"
        assert session.exec(select(InboxMessage)).all() == []
        assert session.exec(select(OutboxMessage)).all() == []
    assert store.is_opted_out("whatsapp", wa.USER_ID)  # never written to again
    assert live.post("/api/people/export", json=person, headers=boss).status_code == 404
    audit = live.get("/api/audit?action=erase_person", headers=boss).json()
    assert len(audit) == 1


def test_the_retention_period_purges_finished_cases_and_silent_conversations(
    live: TestClient,
) -> None:
    assistance_case(live)  # will be closed long ago
    whatsapp(live, "ayuda nos están atacando", wa_id="5215550100009")  # still open
    whatsapp(live, "hola", wa_id="5215550100008")  # no case, silent
    store = service_of(live).store
    add_user(live, "ana", "agent")
    headers = login(live, "ana")
    finished = next(
        c for c in live.get("/api/cases", headers=headers).json() if c["kind"] == "assistance"
    )
    live.post(
        f"/api/cases/{finished['id']}/status",
        json={"status": "closed", "reason": "done"},
        headers=headers,
    )
    privacy = Privacy(store)
    assert privacy.purge(30) == {"cases": 0, "conversations": 0}  # nothing old enough yet
    later = utcnow() + timedelta(days=31)
    assert privacy.purge(30, now=later) == {"cases": 1, "conversations": 2}
    with store.transaction() as session:
        closed = session.get(Case, finished["id"])
        assert closed is not None and closed.details == {"purged": True} and closed.contact is None
        still = session.exec(select(Case).where(Case.kind == "distress")).one()
        assert still.conversation_id is not None  # an open case keeps its conversation
    assert privacy.export("whatsapp", wa.USER_ID) is None
    assert privacy.export("whatsapp", "MX.5215550100008") is None


def test_one_flooding_number_cannot_starve_the_others(live: TestClient) -> None:
    limit = service_of(live).settings.sender_limit_per_minute
    for n in range(limit + 15):
        sms(live, f"mensaje {n}", 1000 + n)
    sms(live, "hola, necesito ayuda", 5000, sender="+17135550188")
    settle(live, timeout=60)
    store = service_of(live).store
    flood = store.conversation("sms", PHONE)
    transcript = store.transcript(flood.id)
    assert len([m for m in transcript if m.direction == "in"]) == limit + 15  # nothing lost
    answers = service_of(live).outbox.for_conversation(flood.id)
    assert len({a.payload["text"] for a in answers}) and len(answers) <= 3 * limit
    other = store.conversation("sms", "+17135550188")
    assert service_of(live).outbox.for_conversation(other.id)  # answered


def test_api_requests_are_limited_per_ip(live: TestClient) -> None:
    service_of(live).settings.ip_limit_per_minute = 5
    codes = [live.get("/api/me").status_code for _ in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    assert live.get("/health").status_code == 200  # not an /api path


def test_metrics_for_prometheus(live: TestClient) -> None:
    for n, text in enumerate(["ayuda nos están atacando", "Houston"]):
        sms(live, text, 300 + n)
    settle(live)
    service_of(live).settings.metrics_token = SecretStr("metrics-token")
    text = live.get("/metrics", headers={"Authorization": "Bearer metrics-token"}).text
    assert 'amparo_open_cases{priority="2"} 1.0' in text  # under attack: in danger, high
    assert "amparo_inbox_waiting 0.0" in text and "amparo_sla_breaches 0.0" in text
    assert 'amparo_webhook_messages_total{channel="sms"}' in text
    assert 'amparo_sends_total{channel="sms",outcome="sent"}' in text
    assert "amparo_processing_seconds_count" in text
