"""A consul sees only their consulate's people and cases, through every route (issue 14, 3).

A Guatemalan's case (gt-houston), the person it names, and a match between a Honduran's
missing-person query and a Guatemalan who checked in safe without consenting: walked route by
route as the consul of Honduras, nothing of the Guatemalan side may come back.
"""

import re
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import select

from data.models import Case, CaseEvent, Match, OutboxMessage
from tests.payloads import whatsapp as wa
from tests.people import add_user, assistance_case, login, service_of
from tests.test_console import csrf_of

THEIR_NAME = "Pepe Hernandes Tzul"  # the Guatemalan who checked in safe

# Routes that return no person and no case, or only to roles a consul does not have (each is
# still called below where a consul could try it); a new route must be walked or listed here.
NO_PEOPLE = {
    "/health", "/metrics", "/model/parse", "/api/auth/token", "/api/auth/logout", "/api/me",
    "/api/events",  # tests/test_live_events.py walks the stream
    "/api/audit", "/api/pfif/import", "/api/pfif/export", "/api/people/export",
    "/api/people/erase", "/api/alerts", "/api/alerts/{alert_id}",
    "/console/static/{name}", "/console/login", "/console/logout", "/console/language/{code}",
    "/console", "/console/", "/console/directory", "/console/audit", "/console/alerts",
    "/console/alerts/{alert_id}", "/console/alerts/{alert_id}/live",
}  # fmt: skip


def api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """Every endpoint, also those of included routers: newer FastAPI lists an included
    router as one entry (with its `original_router`), not as its routes."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from api_routes(router.routes)


def test_a_consul_of_another_consulate_gets_nothing_of_theirs(live: TestClient) -> None:
    add_user(live, "hugo", "consul", "hn-houston")
    consul = login(live, "hugo")
    assistance_case(live)  # a Guatemalan in Houston: gt-houston's
    service = service_of(live)
    with service.store.transaction() as session:
        [case] = session.exec(select(Case)).all()
    assert case.consulate_id == "gt-houston"
    tracing = service.tracing
    theirs = tracing.add_person(
        kind="safe", full_name=THEIR_NAME, age=17, nationality="GT", case_id=case.id
    )
    ours = tracing.add_person(
        kind="missing", full_name="José Hernández Tzul", age=17, nationality="HN"
    )
    with service.store.transaction() as session:
        [match] = session.exec(select(Match)).all()
    assert (match.sought_id, match.found_id) == (ours.id, theirs.id)
    secrets = (THEIR_NAME, case.ref, wa.WA_ID)
    walked: set[str] = set()

    def check(method: str, route: str, *allowed: int, **kw: object) -> None:
        path = route.format(case_id=case.id, conversation_id=case.conversation_id,
                            person_id=theirs.id, match_id=match.id)  # fmt: skip
        response = live.request(method, path, follow_redirects=False, **kw)  # type: ignore[arg-type]
        assert response.status_code < 500, (method, path, response.text)
        if allowed:
            assert response.status_code in allowed, (method, path, response.status_code)
        for secret in secrets:
            assert secret not in response.text, (method, path, secret)
        walked.add(route)

    api = {"headers": consul}
    for route in ("/api/cases", "/api/takeover-queue", "/api/stats", "/api/registrants",
                  "/api/matches"):  # fmt: skip
        check("GET", route, 200, **api)
    check("GET", "/api/cases?consulate_id=gt-houston", 200, **api)
    check("GET", "/api/matches?case_id={case_id}", 200, **api)
    check("GET", "/api/people/search?name=Pepe+Hernandes", 200, **api)
    check("GET", "/api/people/search?name=Jose+Hernandez+Tzul", 200, **api)
    check("GET", "/api/cases/{case_id}", 404, **api)
    check("GET", "/api/cases/{case_id}/follow-up?status=acknowledged", 404, **api)
    check(
        "POST", "/api/cases/{case_id}/status", 404, json={"status": "closed", "reason": "x"}, **api
    )
    check("POST", "/api/cases/{case_id}/assign", 404, json={"user_id": None}, **api)
    check("POST", "/api/cases/{case_id}/notes", 404, json={"text": "x"}, **api)
    check("POST", "/api/cases/{case_id}/referrals", 404, json={"organisation": "iom"}, **api)
    check("POST", "/api/cases/{case_id}/priority", 404, json={"priority": 4, "reason": "x"}, **api)
    check("POST", "/api/cases/{case_id}/merge", 404, json={"into": case.id}, **api)
    check("GET", "/api/conversations/{conversation_id}", 404, **api)
    for action in ("takeover", "handback", "release"):
        check("POST", f"/api/conversations/{{conversation_id}}/{action}", 403, 404, **api)
    check("POST", "/api/conversations/{conversation_id}/messages", 403, 404, json={"text": "x"},
          **api)  # fmt: skip
    check("GET", "/api/people/{person_id}", 404, **api)
    check("POST", "/api/people/{person_id}/protect", 403, 404, json={}, **api)
    check("POST", "/api/matches/propose", 403, 404, json={"case_id": case.id}, **api)
    for action in ("reject", "ask", "tell"):
        check("POST", f"/api/matches/{{match_id}}/{action}", 403, 404, **api)
    check("POST", "/api/matches/{match_id}/answer", 403, 404, json={"share": True}, **api)
    for route in [r.path for r in api_routes(live.app.routes)]:
        if route.startswith("/api/matches/") and "{" in route:  # the walk above, by path
            walked.add(route)

    csrf = {"data": {"csrf": csrf_of(live, "hugo"), "text": "x", "status": "closed",
                     "reason": "x", "organisation": "iom", "priority": "4",
                     "into": str(case.id)}}  # fmt: skip
    for route in ("/console/queue", "/console/queue/live", "/console/cases", "/console/stats"):
        check("GET", route, 200)
    check("POST", "/console/cases", 200, data={**csrf["data"], "q": "pasaporte"})
    for route in ("/console/cases/{case_id}", "/console/cases/{case_id}/live",
                  "/console/conversations/{conversation_id}",
                  "/console/conversations/{conversation_id}/live"):  # fmt: skip
        check("GET", route, 404)
    check("GET", "/console/attention", 200)  # counts only, none of their cases
    check("GET", "/console/tracing", 200)  # their own national's query only, not the match
    for name in ("Pepe Hernandes", "Jose Hernandez Tzul"):
        check("POST", "/console/tracing", 200, data={**csrf["data"], "name": name})
    for route in (
        "/console/tracing/matches/{match_id}",
        "/console/tracing/matches/{match_id}/live",
    ):
        check("GET", route, 404)
    for action in ("reject", "ask", "answer", "tell"):
        check("POST", f"/console/tracing/matches/{{match_id}}/{action}", 403, 404,
              data={**csrf["data"], "share": "yes"})  # fmt: skip
    check("GET", "/console/replies", 403)
    check("POST", "/console/replies", 403, 400, 422, **csrf)
    check("POST", "/console/queue/filters", 303, 200, **csrf)  # the consul's own filters
    check("GET", "/console/preferences", 200)  # the consul's own time zone
    check("POST", "/console/preferences", 303, data={**csrf["data"], "time_zone": "UTC"})
    # An alert's preview counts only their nationality's people, and names none of them.
    alert = {"kind": "warning", "text_es": "x", "place": "houston"}
    check("POST", "/console/alerts/preview", 200, data={**csrf["data"], **alert})
    check("POST", "/console/alerts/preview", 403, data={**csrf["data"], **alert,
                                                        "nationality": "GT"})  # fmt: skip
    check("POST", "/api/alerts/preview", 200, json={"texts": {"es": "x"}}, **api)
    check("POST", "/api/alerts/preview", 403, json={"texts": {"es": "x"}, "nationality": "GT"},
          **api)  # fmt: skip
    for action in ("status", "notes", "referrals", "assign", "priority", "merge"):
        check("POST", f"/console/cases/{{case_id}}/{action}", 303, 403, 404, **csrf)
    for action in ("takeover", "reply", "handback", "release"):
        check("POST", f"/console/conversations/{{conversation_id}}/{action}", 303, 403, 404, **csrf)

    # Nothing was changed, and nothing was sent to the person.
    with service.store.transaction() as session:
        assert session.get(Case, case.id).status == "new"  # type: ignore[union-attr]
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert all(e.user_id is None for e in events)  # only the bot's, none by the consul
        sent = session.exec(select(OutboxMessage).where(OutboxMessage.payload.is_not(None)))  # type: ignore[union-attr]
        assert all(o.payload.get("text") != "x" for o in sent)
        assert session.get(Match, match.id).status == "proposed"  # type: ignore[union-attr]
    routes = {r.path for r in api_routes(live.app.routes)}
    assert {"/api/matches", "/api/people/{person_id}", "/console/queue"} <= routes  # it sees them
    routes -= {r for r in routes if r.startswith(("/webhooks", "/voice"))}  # providers, signed
    walked = {re.sub(r"\?.*", "", r) for r in walked}
    assert routes - walked - NO_PEOPLE == set(), "walk these routes as a consul too"
