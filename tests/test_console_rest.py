"""The rest of what agents and consuls asked for (issue 15, 8), through HTTP: a priority set by
hand with a reason, a timeline that says what changed, consuls without the list they cannot
act on, readable audit actions, duplicate cases merged and counted once."""

import ast
import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.console.labels import LABELS
from data.models import Case
from tests import test_console
from tests.payloads import whatsapp as wa
from tests.people import login, service_of, whatsapp
from tests.test_console import csrf_of

ROOT = Path(__file__).parents[1]
# test_console's fixtures: its users, and a copy of the canned replies
desk, channel_settings = test_console.desk, test_console.channel_settings


def cases_by_kind(client: TestClient) -> dict[str, Case]:
    return {c.kind: c for c in service_of(client).store.cases()}


def test_an_agent_sets_a_priority_with_a_reason_and_the_bot_leaves_it(desk: TestClient) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    whatsapp(desk, "necesito un pasaporte", wa_id="5215550100021")
    urgent = cases_by_kind(desk)["distress"]
    assert urgent.priority == 1
    ana = login(desk, "ana")
    api = f"/api/cases/{urgent.id}/priority"
    assert desk.post(api, json={"priority": 3, "reason": ""}, headers=ana).status_code == 422
    assert desk.post(api, json={"priority": 5, "reason": "x"}, headers=ana).status_code == 422
    assert desk.post(api, json={"priority": 1, "reason": "x"}, headers=ana).status_code == 409
    done = desk.post(api, json={"priority": 3, "reason": "no hay heridos"}, headers=ana)
    assert done.status_code == 200, done.text
    assert done.json()["priority"] == 3 and done.json()["priority_set_by"] is not None
    # The bot reads the next message as urgent again: the agent's priority stands.
    whatsapp(desk, "mi hijo está herido y embarazada")
    assert service_of(desk).store.case(urgent.id).priority == 3
    # A consul of another consulate cannot touch it.
    assert desk.post(api, json={"priority": 1, "reason": "x"},
                     headers=login(desk, "marta")).status_code == 404  # fmt: skip

    csrf = csrf_of(desk, "ana")
    page = f"/console/cases/{urgent.id}"
    refused = desk.post(f"{page}/priority", data={"priority": "2", "reason": " ", "csrf": csrf})
    assert "Un cambio de prioridad necesita un motivo." in refused.text
    desk.post(f"{page}/priority", data={"priority": "2", "reason": "leyó mal", "csrf": csrf})
    shown = desk.get(page).text
    assert "prioridad: 1 → 3 (no hay heridos)" in shown
    assert "prioridad: 3 → 2 (leyó mal)" in shown and "fijada por Ana" in shown
    csrf_of(desk, "sofia")
    log = desk.get(f"/console/audit?case_id={urgent.id}&action=set_priority").text
    assert log.count("<td>cambió una prioridad</td>") == 2 and "leyó mal" not in log


def test_a_lower_priority_resorts_the_queue(desk: TestClient) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    whatsapp(desk, "necesito un pasaporte", wa_id="5215550100022")
    kinds = cases_by_kind(desk)
    urgent, other = kinds["distress"], kinds["assistance"]
    csrf = csrf_of(desk, "ana")

    def open_list() -> str:
        return desk.get("/console/queue").text.split('id="open-title"')[1]

    assert open_list().index(urgent.ref) < open_list().index(other.ref)
    desk.post(f"/console/cases/{urgent.id}/priority",
              data={"priority": "4", "reason": "una broma", "csrf": csrf})  # fmt: skip
    assert open_list().index(other.ref) < open_list().index(urgent.ref)


def test_the_timeline_says_what_changed_old_and_new(desk: TestClient) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Katy, mi hijo está herido")
    whatsapp(desk, "somos de Guatemala")
    [case] = service_of(desk).store.cases()
    events = service_of(desk).store.case_events(case.id)
    updates = [e.detail for e in events if e.kind == "updated"]
    assert updates and all(u["changes"] for u in updates), updates
    assert {"field": "nationality", "from": None, "to": "GT"} in updates[0]["changes"]
    csrf_of(desk, "ana")
    timeline = desk.get(f"/console/cases/{case.id}").text.split('id="timeline"')[1]
    assert "Nacionalidad: — → Guatemala" in timeline
    said = re.findall(r"Datos actualizados</strong>\s*(<span class=\"change\">)?", timeline)
    assert len(said) == len(updates) and all(said), said  # each says what changed


def test_a_consul_sees_no_waiting_list_and_only_their_nationality(desk: TestClient) -> None:
    whatsapp(desk, "quiero hablar con una persona")
    csrf_of(desk, "ana")
    assert 'id="waiting-title"' in desk.get("/console/queue").text
    options = re.compile(r'id="f-nationality".*?</select>', re.S)
    assert len(re.findall("<option", options.search(desk.get("/console/cases").text)[0])) > 3
    csrf_of(desk, "gabriel")  # Guatemala's consul in Houston
    queue = desk.get("/console/queue").text
    assert 'id="waiting-title"' not in queue and 'id="escalated-title"' in queue
    listed = options.search(desk.get("/console/cases").text)[0]
    assert re.findall(r'<option value="(\w*)"', listed) == ["", "GT"]


def test_every_audited_action_has_readable_words(desk: TestClient) -> None:
    """Each action written to the audit log (a literal in the code) is said in words."""
    actions = set()
    for path in [*ROOT.glob("amparo/**/*.py"), *ROOT.glob("api/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and len(node.args) > 1):  # fmt: skip
                for arg in ast.walk(node.args[1]):
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        actions.add(arg.value)
    assert {"set_priority", "merge_cases", "view_case", "login_locked"} <= actions
    assert actions <= LABELS["action"].keys(), actions - LABELS["action"].keys()
    csrf_of(desk, "sofia")
    log = desk.get("/console/audit").text
    assert '<option value="merge_cases">fusionó casos duplicados</option>' in log
    assert re.search(r"<td>inició sesión</td>", log)


def test_duplicate_cases_of_one_conversation_merge_and_count_once(desk: TestClient) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    whatsapp(desk, "somos de Guatemala")
    whatsapp(desk, "ya estamos a salvo, gracias")
    whatsapp(desk, "busco a mi hermano José Pérez, de 8 años")
    whatsapp(desk, "Guatemala")
    whatsapp(desk, "necesito un pasaporte", wa_id="5215550100023")
    kinds = cases_by_kind(desk)
    keep, duplicate, elsewhere = kinds["distress"], kinds["missing_person"], kinds["assistance"]
    assert keep.conversation_id == duplicate.conversation_id != elsewhere.conversation_id
    csrf = csrf_of(desk, "ana")
    desk.post(f"/console/cases/{duplicate.id}/notes", data={"text": "su madre", "csrf": csrf})
    page = desk.get(f"/console/cases/{duplicate.id}").text
    assert "Fusionar un duplicado" in page and keep.ref in page.split('id="merge-into"')[1]
    assert "Fusionar un duplicado" not in desk.get(f"/console/cases/{elsewhere.id}").text
    stats = service_of(desk).casework.stats
    assert stats(service_of(desk).accounts.users()[0])["total"] == 3

    ana = login(desk, "ana")
    merge = f"/api/cases/{duplicate.id}/merge"
    assert desk.post(merge, json={"into": duplicate.id}, headers=ana).status_code == 422
    assert desk.post(merge, json={"into": elsewhere.id}, headers=ana).status_code == 409
    assert desk.post(merge, json={"into": keep.id},
                     headers=login(desk, "marta")).status_code == 404  # fmt: skip
    done = desk.post(f"/console/cases/{duplicate.id}/merge",
                     data={"into": str(keep.id), "csrf": csrf}, follow_redirects=False)  # fmt: skip
    assert done.headers["location"] == f"/console/cases/{keep.id}"
    assert desk.post(merge, json={"into": keep.id}, headers=ana).status_code == 409

    store = service_of(desk).store
    closed, survivor = store.case(duplicate.id), store.case(keep.id)
    assert closed.status == "closed" and closed.merged_into == keep.id
    assert survivor.details["missing_name"] == "José Pérez"  # what only the duplicate knew
    assert store.conversation("whatsapp", wa.USER_ID).case_id == keep.id
    assert stats(service_of(desk).accounts.users()[0])["total"] == 2
    shown = desk.get(f"/console/cases/{keep.id}").text
    assert "Se fusionó en este caso un caso duplicado" in shown and duplicate.ref in shown
    assert "su madre" in shown  # the note moved over
    gone = desk.get(f"/console/cases/{duplicate.id}").text
    assert "Fusionado en otro caso (duplicado)" in gone and keep.ref in gone
    csrf_of(desk, "sofia")
    assert "fusionó casos duplicados" in desk.get(f"/console/audit?case_id={duplicate.id}").text
    # The person writes again: the bot fills the surviving case.
    whatsapp(desk, "somos 4 personas")
    assert store.case(duplicate.id).details == closed.details


def test_an_alert_warns_when_a_language_of_its_audience_has_no_text(desk: TestClient) -> None:
    whatsapp(desk, "necesito un pasaporte")
    whatsapp(desk, "help, I lost my passport", wa_id="5215550100024")
    csrf = csrf_of(desk, "sofia")
    alert = {"kind": "warning", "text_es": "Sismo: salga a la calle.", "csrf": csrf}
    warned = desk.post("/console/alerts", data=alert, follow_redirects=False)
    assert warned.status_code == 200 and 'id="alert-untranslated"' in warned.text
    assert "Sin texto en inglés, el idioma de 1 de los destinatarios." in warned.text
    assert ">Sismo: salga a la calle.</textarea>" in warned.text  # what was written stays
    assert service_of(desk).alerts.list(service_of(desk).accounts.users()[1]) == []
    sent = desk.post("/console/alerts", data={**alert, "anyway": "1"}, follow_redirects=False)
    assert sent.status_code == 303
    page = desk.get(sent.headers["location"]).text
    assert "Sin texto en inglés, el idioma de 1 de los destinatarios." in page
    both = {**alert, "text_en": "Earthquake: go outside."}
    assert desk.post("/console/alerts", data=both, follow_redirects=False).status_code == 303
