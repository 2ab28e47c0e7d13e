"""Consular registration through the bot, in five languages and over SMS, WhatsApp and Telegram:
explicit consent or nothing kept, erasure, and registrants visible to their consuls only."""

import pytest
from sqlmodel import select

from data.models import Person
from tests.people import add_user, login, service_of
from tests.test_channel_conversations import sms, telegram, whatsapp

FLOWS = {
    "es": ["quiero registrarme en el consulado", "soy guatemalteco", "Houston",
           "+17135550199", "mi hermana Rosa +50255501234", "somos 4", "sí, acepto"],
    "en": ["I want to register with my consulate", "I am Honduran", "Houston",
           "+17135550198", "no", "4", "yes"],
    "fr": ["je veux m'inscrire au consulat", "je suis haïtien", "Miami",
           "+13055550197", "non", "nous sommes 3", "oui"],
    "pt": ["quero me registrar no consulado", "sou venezuelano", "Miami",
           "+13055550196", "prefiro não dizer", "somos 2", "sim"],
    "ht": ["m vle enskri nan konsila a", "mwen se ayisyen", "Miami",
           "+13055550195", "non", "nou 5", "wi"],
}  # fmt: skip
EXPECTED = {"es": ("GT", "houston", 4), "en": ("HN", "houston", 4), "fr": ("HT", "miami", 3),
            "pt": ("VE", "miami", 2), "ht": ("HT", "miami", 5)}  # fmt: skip


def registrants(store):
    with store.transaction() as session:
        return list(session.exec(select(Person).where(Person.kind == "registrant")))


@pytest.mark.parametrize("language", sorted(FLOWS))
def test_registration_in_every_language(say, store, language):
    turns = [say(text, sender=f"+1555010{len(language)}{language}") for text in FLOWS[language]]
    assert "registered" in turns[-1].events
    [person] = registrants(store)
    assert (person.nationality, person.place, person.household_size) == EXPECTED[language]
    assert person.language == language and person.contact.startswith("+")
    assert person.details["registration"]["given_at"]
    if language == "es":
        assert person.emergency_contact == "mi hermana Rosa +50255501234"
    else:
        assert person.emergency_contact is None  # skipped
    conv = store.conversation("sms", f"+1555010{len(language)}{language}")
    assert "consent" not in conv.slots and "household_size" not in conv.slots


def test_refused_consent_keeps_nothing(say, store):
    for text in ["quiero registrarme", "soy hondureño", "Houston", "este", "no", "no", "no"]:
        turn = say(text)
    assert turn.replies[-1].name == "utter_registration_declined"
    assert registrants(store) == []
    conv = store.conversation("sms", "+15055550101")
    assert not {"consent", "emergency_contact", "household_size"} & set(conv.slots)


def test_erase_removes_the_registrant(say, store):
    for text in FLOWS["es"]:
        say(text)
    assert len(registrants(store)) == 1
    say("borrar mis datos")
    say("sí")
    assert registrants(store) == []


def test_registration_over_sms_whatsapp_and_telegram(live, provider):
    for text in ["quiero registrarme en el consulado", "soy guatemalteco", "Houston", "este",
                 "no", "somos 3", "sí"]:  # fmt: skip
        sms(live, text)
    for text in ["I want to register with my consulate", "I am Mexican", "Houston", "this one",
                 "no", "2", "yes"]:  # fmt: skip
        whatsapp(live, "text", {"body": text})
    for text in ["m vle enskri nan konsila a", "mwen se ayisyen", "Miami", "+13055550177",
                 "non", "nou 4", "wi"]:  # fmt: skip
        telegram(live, text)
    people = {p.nationality: p for p in registrants(service_of(live).store)}
    assert set(people) == {"GT", "MX", "HT"}
    assert people["GT"].contact == "+17135550123"  # "este": the SMS sender's own number
    assert people["HT"].contact == "+13055550177" and people["HT"].language == "ht"
    texts = [c.text for c in provider.calls]
    assert any("registrado con tu consulado" in t for t in texts)
    assert any("registered with your consulate" in t for t in texts)
    assert any("enskri nan konsila w" in t for t in texts)


def test_consuls_see_registrants_of_their_nationality_only(live):
    for text in FLOWS["es"]:  # a Guatemalan in Houston
        sms(live, text, sender="+17135550111")
    for text in FLOWS["en"]:  # a Honduran in Houston
        sms(live, text, sender="+17135550112")
    add_user(live, "gabriel", "consul", "gt-houston")
    add_user(live, "sofia", "supervisor")
    add_user(live, "ana", "agent")
    seen = live.get("/api/registrants", headers=login(live, "gabriel")).json()
    assert [r["nationality"] for r in seen] == ["GT"]
    assert seen[0]["household_size"] == 4 and seen[0]["channel"] == "sms"
    everyone = live.get("/api/registrants", headers=login(live, "sofia")).json()
    assert sorted(r["nationality"] for r in everyone) == ["GT", "HN"]
    assert live.get("/api/registrants", headers=login(live, "ana")).status_code == 403
    audit = service_of(live).audit.entries(action="view_registrants")
    assert len(audit) == 2
