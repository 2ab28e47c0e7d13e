"""Times and places in the console over HTTP (issue 15, 6 and 7): times in the user's time zone
(their choice, else their consulate's city's, else CONSOLE_TIME_ZONE) in one format with the
UTC time on hover; statistics by directory city with "other" for free words and a
conversation's duplicates once; the directory searched and filtered on the server; an alert
previewed with its exact recipients per channel before it is confirmed."""

import html
import itertools
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlmodel import select

from data.models import Alert, Case, OutboxMessage
from tests.people import login, service_of
from tests.test_alerts import person
from tests.test_console import csrf_of, desk  # noqa: F401

FILED = datetime(2026, 12, 3, 20, 5, tzinfo=UTC)  # a Thursday evening in UTC
MONTHS_ES = "ene feb mar abr may jun jul ago sept oct nov dic".split()
_refs = itertools.count(1)


def filed(client: TestClient, sender: str, kind: str, place: str | None, **fields: object) -> Case:
    """A case as the bot files it, from this WhatsApp sender's conversation."""
    store = service_of(client).store
    conv = store.conversation("whatsapp", sender)
    case = Case(
        ref=f"AMP-T{next(_refs):04d}", kind=kind, priority=3, channel="whatsapp", language="es",
        conversation_id=conv.id, nationality="GT", place=place, consulate_id="gt-houston",
        **{"created_at": FILED, "updated_at": FILED, **fields},
    )  # fmt: skip
    with store.transaction() as session:
        session.add(case)
        session.flush()
        session.refresh(case)
    return case


def shown_at(page: str, zone: str, months: list[str] = MONTHS_ES) -> None:
    """FILED on the page as the console's one format in this zone, UTC on hover."""
    here = FILED.astimezone(ZoneInfo(zone))
    text = f"{here.day} {months[here.month - 1]} {here:%H:%M}"
    tag = f'<time datetime="{FILED.isoformat()}" title="2026-12-03 20:05 UTC">{text}</time>'
    assert tag in page, (zone, text)


def test_times_show_in_the_users_time_zone_with_utc_on_hover(desk: TestClient) -> None:  # noqa: F811
    case = filed(desk, "5215550100001", "assistance", "houston")
    url = f"/console/cases/{case.id}"

    csrf_of(desk, "gabriel")  # consul of gt-houston: Houston's time (UTC−6 in December)
    page = desk.get(url).text
    shown_at(page, "America/Chicago")  # 3 dic 14:05
    assert "3 dic 14:05" in page and 'aria-label="Zona horaria: America/Chicago"' in page
    assert not re.search(r"\d\d:\d\d UTC<", page)  # UTC only on hover now

    csrf = csrf_of(desk, "ana")  # an agent, no consulate: CONSOLE_TIME_ZONE (UTC here)
    shown_at(desk.get(url).text, "UTC")
    saved = desk.post("/console/preferences", data={"csrf": csrf, "time_zone": "America/Santiago"})
    assert "Preferencias guardadas." in saved.text
    assert 'value="America/Santiago" selected' in saved.text
    shown_at(desk.get(url).text, "America/Santiago")  # her choice, on every page
    audit_free = desk.get("/console/queue").text
    assert 'aria-label="Zona horaria: America/Santiago"' in audit_free

    refused = desk.post("/console/preferences", data={"csrf": csrf, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 200 and "Zona horaria desconocida." in refused.text
    shown_at(desk.get(url).text, "America/Santiago")  # unchanged
    desk.post("/console/preferences", data={"csrf": csrf, "time_zone": ""})  # back to default
    shown_at(desk.get(url).text, "UTC")

    desk.cookies.set("amparo_lang", "en")
    months_en = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    shown_at(desk.get(url).text, "UTC", months_en)  # 3 Dec 20:05


def test_preferences_need_a_login_and_the_csrf_token(desk: TestClient) -> None:  # noqa: F811
    assert desk.get("/console/preferences", follow_redirects=False).status_code == 303
    csrf_of(desk, "ana")
    forged = desk.post("/console/preferences", data={"time_zone": "UTC"})
    assert forged.status_code == 403


def test_statistics_count_directory_cities_and_a_conversations_duplicates_once(
    desk: TestClient,  # noqa: F811
) -> None:
    service = service_of(desk)
    service.casework.clock = lambda: FILED
    filed(desk, "5215550100001", "distress", "houston")
    filed(desk, "5215550100001", "distress", "houston")  # the same conversation: a duplicate
    filed(desk, "5215550100001", "missing_person", "houston")  # another kind: not one
    filed(desk, "5215550100002", "assistance", "Katy")  # words for a part of Houston
    filed(desk, "5215550100003", "assistance", "un rancho cerca de la frontera")
    filed(desk, "5215550100004", "assistance", None)

    headers = login(desk, "sofia")
    found = desk.get("/api/stats?days=7", headers=headers).json()
    assert found["total"] == 5 and found["duplicates"] == 1
    assert found["by_place"] == {"houston": 3, "other": 1, "—": 1}
    assert found["by_kind"] == {"assistance": 3, "distress": 1, "missing_person": 1}

    csrf_of(desk, "sofia")
    page = html.unescape(desk.get("/console/stats?days=7").text)
    assert re.search(r'id="total">5<', page)
    assert "Houston: 3" in page and "otros lugares: 1" in page
    assert "1 duplicados no contados." in page
    assert "un rancho" not in page  # free words are never a place of their own


def test_the_directory_is_searched_and_filtered_on_the_server(desk: TestClient) -> None:  # noqa: F811
    service = service_of(desk)
    service.casework.clock = lambda: datetime(2026, 11, 23, 12, tzinfo=UTC)
    csrf_of(desk, "ana")

    def rows(query: str) -> tuple[set[str], str]:
        page = desk.get(f"/console/directory?{query}").text
        return set(re.findall(r'<tr id="(?:consulate|crisis)-([\w-]+)"', page)), page

    everything, _ = rows("")
    assert len(everything) > 40

    found, page = rows("q=guatemala+houston")  # any words: country, city, name, address
    assert found == {"gt-houston"}
    assert "1 entradas" in page and "Ninguna entrada coincide." in page  # no shelter says so

    found, _ = rows("q=GUATEMALA")  # case and accents ignored; the crisis unit too
    assert {"gt-houston", "gt-los-angeles", "gt-miami", "GT"} <= found
    assert not any(f.startswith("mx-") for f in found)

    found, page = rows("nationality=HT&city=miami")
    assert found == {"ht-miami", "HT"}  # a crisis unit has no city: its nationality's shows
    assert 'value="HT" selected' in page and 'value="miami" selected' in page

    found, page = rows("review=due")
    today = datetime(2026, 11, 23).date()
    stale = {s.id for s in service.directory.stale_contacts(today)}
    assert stale and found == stale
    assert 'id="d-review" name="review" value="due" checked' in page

    found, _ = rows("city=nowhere&nationality=XX")  # unknown values: no filter, no error
    assert found == everything


def test_an_alert_shows_its_recipients_per_channel_before_it_is_sent(
    desk: TestClient,  # noqa: F811
) -> None:
    service = service_of(desk)
    store = service.store
    person(store, "sms", "+17135550001", "GT", "houston", "es")
    person(store, "whatsapp", "17135550002", "GT", "houston", "es")
    person(store, "telegram", "70001", "GT", "houston", "en", registrant=False)
    person(store, "sms", "+13055550003", "GT", "miami", "es")  # another city
    person(store, "sms", "+17135550004", "HN", "houston", "es")  # another nationality

    csrf = csrf_of(desk, "gabriel")  # consul of gt-houston
    form = desk.get("/console/alerts").text
    assert '<option value="houston" selected>' in form  # their consulate's city by default
    fields = {"csrf": csrf, "kind": "warning", "nationality": "GT", "place": "houston",
              "language": "", "template": "", "text_es": "Inundación: suba a un piso alto.",
              "text_en": ""}  # fmt: skip
    preview = desk.post("/console/alerts/preview", data=fields)
    assert preview.status_code == 200
    counts = dict(re.findall(r'id="preview-(\w+)">(\d+)<', preview.text))
    assert counts == {"sms": "1", "telegram": "1", "whatsapp": "1", "total": "3"}
    assert "Sí, enviarla a 3 personas" in preview.text
    assert "Inundación: suba a un piso alto." in preview.text  # kept for the confirmation
    with store.transaction() as session:  # a preview sends and stores nothing
        assert session.exec(select(Alert)).all() == []
        assert session.exec(select(OutboxMessage)).all() == []

    # The same query sends: exactly those three.
    expected = recipients_of(service, "GT", "houston")
    confirm = re.search(r'<form method="post" action="/console/alerts">(.*?)</form>',
                        preview.text, re.S)  # fmt: skip
    assert confirm
    hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', confirm.group(1)))
    sent = desk.post("/console/alerts", data=hidden, follow_redirects=False)
    assert sent.status_code == 303 and re.search(r"/console/alerts/\d+$", sent.headers["location"])
    with store.transaction() as session:
        [alert] = session.exec(select(Alert)).all()
        to = {o.recipient for o in session.exec(select(OutboxMessage))}
    assert alert.recipients == 3 and alert.place == "houston" and alert.nationality == "GT"
    assert to == expected == {"+17135550001", "17135550002", "70001"}

    everywhere = desk.post("/console/alerts/preview", data={**fields, "place": ""})
    assert 'id="preview-total">4<' in everywhere.text  # Miami too, when the consul says so

    nobody = desk.post("/console/alerts/preview", data={**fields, "language": "fr"})
    assert "Nadie coincide" in nobody.text and 'action="/console/alerts">' not in nobody.text

    wrong = desk.post("/console/alerts/preview", data={**fields, "text_es": ""})
    assert wrong.status_code == 422 and 'role="alert"' in wrong.text
    other = desk.post("/console/alerts/preview", data={**fields, "nationality": "MX"})
    assert other.status_code == 403  # a consul alerts their own nationality only


def recipients_of(service: object, nationality: str, place: str) -> set[str]:
    return {r.sender for r in service.alerts.recipients(nationality, place, None)}  # type: ignore[attr-defined]


def test_the_alerts_api_keeps_sending_at_once(desk: TestClient) -> None:  # noqa: F811
    person(service_of(desk).store, "sms", "+17135550001", "GT", "houston", "es")
    headers = login(desk, "sofia")
    body = {"kind": "warning", "texts": {"es": "Aviso."}, "nationality": "GT"}
    answer = desk.post("/api/alerts", json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    assert answer.json()["recipients"] == 1


def test_the_api_previews_an_alert_with_the_same_count(desk: TestClient) -> None:  # noqa: F811
    store = service_of(desk).store
    person(store, "sms", "+17135550001", "GT", "houston", "es")
    person(store, "whatsapp", "17135550002", "GT", "miami", "es")
    headers = login(desk, "gabriel")  # a consul: GT implied
    body = {"kind": "warning", "texts": {"es": "Aviso."}}
    found = desk.post("/api/alerts/preview", json=body, headers=headers)
    assert found.status_code == 200, found.text
    assert found.json() == {"recipients": 2, "by_channel": {"sms": 1, "whatsapp": 1},
                            "nationality": "GT", "place": None}  # fmt: skip
    houston = desk.post("/api/alerts/preview", json={**body, "place": "Houston"}, headers=headers)
    assert houston.json()["by_channel"] == {"sms": 1} and houston.json()["place"] == "houston"
    with store.transaction() as session:
        assert session.exec(select(Alert)).all() == []
    empty = desk.post("/api/alerts/preview", json={**body, "texts": {}}, headers=headers)
    assert empty.status_code == 422
    sent = desk.post("/api/alerts", json={**body, "place": "Houston"}, headers=headers)
    assert sent.json()["recipients"] == houston.json()["recipients"]


def test_the_days_of_the_statistics_are_the_users(desk: TestClient) -> None:  # noqa: F811
    service = service_of(desk)
    late = datetime(2026, 12, 4, 3, 30, tzinfo=UTC)  # the evening of 3 December in Houston
    service.casework.clock = lambda: datetime(2026, 12, 4, 12, tzinfo=UTC)
    filed(desk, "5215550100001", "assistance", "houston", created_at=late)
    found = desk.get("/api/stats?days=7", headers=login(desk, "gabriel")).json()
    assert found["by_day"] == {"2026-12-04": 1}  # the API counts UTC days
    csrf_of(desk, "gabriel")  # consul of gt-houston: Houston's days
    page = desk.get("/console/stats?days=7").text
    assert "2026-12-03: 1;" in page and "2026-12-04: 1;" not in page
