"""Whole conversations through the channel-neutral entry point, checked in the store."""

import pytest

from bot.cases import URGENT
from bot.forms import DECLINED
from channels.messages import Location, Media


def texts(turn):
    return " | ".join(r.text for r in turn.replies)


def test_distress_files_case_at_once_with_guidance_then_fills_the_form(say, store, directory):
    first = say(
        "ayuda x favor estamos atrapados en el techo, el agua sigue subiendo", sender="+15055550111"
    )
    assert first.case is not None, "a distress report is a case from its first message"
    assert any(w in texts(first).lower() for w in ("911", "emergencia")), texts(first)
    assert first.replies[-1].text.startswith("¿Dónde")  # asks where, in Spanish
    say("en Tapachula, cerca del mercado", sender="+15055550111")
    say("somos 5", sender="+15055550111")
    say("si, hay 2 niños y una embarazada", sender="+15055550111")
    say("soy hondureño", sender="+15055550111")
    last = say("+52 962 555 0134", sender="+15055550111")

    case = store.case(first.case.id)
    assert case.kind == "distress"
    assert case.priority == URGENT
    assert {"children", "pregnancy"} <= set(case.priority_reasons)
    assert case.nationality == "HN"
    assert case.place == "tapachula"
    assert case.consulate_id == directory.consulate_for("HN", "tapachula").id
    assert case.contact == "+529625550134"
    assert case.details["people_count"] == "5"
    assert case.language == "es"
    assert case.ref in texts(last)
    assert directory.consulate_for("HN", "tapachula").phone in texts(last)
    assert [e.kind for e in store.case_events(case.id)][0] == "filed"


def test_several_slots_from_one_message_are_not_asked_again(say, store):
    turn = say(
        "help!! we are 4 people trapped by the flood in Houston, I am Guatemalan",
        sender="+17135550140",
    )
    assert turn.case.place == "houston" and turn.case.nationality == "GT"
    assert "how many" not in texts(turn).lower()
    assert "911" in texts(turn)  # Houston is in the US
    assert turn.replies[-1].text.startswith("Is anyone injured")


def test_emergency_digit_then_a_consulate_question_closes_the_case_with_why(say, store):
    sender = "+526641230155"
    first = say("1", sender=sender)
    assert first.case.kind == "distress"  # filed at once: an emergency is never kept waiting
    turn = say("informacion. donde queda el consulado de ecuador aqui en tijuana", sender=sender)
    assert "utter_nearest_consulate" in [r.name for r in turn.replies]
    case = store.case(first.case.id)
    assert case.status == "closed" and not case.callback_due
    events = [e for e in store.case_events(case.id) if e.kind == "withdrawn"]
    assert [e.detail for e in events] == [{"reason": "menu_digit_then_question"}]
    again = say("se esta inundando la casa, ayuda", sender=sender)
    assert again.case is not None and again.case.id != case.id  # a new report is a new case


def test_correction_changes_the_slot_and_says_so(say, store):
    say("me quieren matar, estoy escondida", sender="+15055550112")
    say("en Tijuana", sender="+15055550112")
    turn = say("no, es Tapachula", sender="+15055550112")
    assert "Tapachula" in texts(turn)
    assert store.case(turn.case.id).place == "tapachula"


def test_missing_person_query_becomes_a_case_with_who_where_when_and_contact(say, store):
    sender = "+15055550113"
    first = say("estoy buscando a mi hijo, no se nada de el desde el terremoto", sender=sender)
    assert first.case.kind == "missing_person"
    say("Se llama Juan Carlos Pérez", sender=sender)
    say("tiene 15 años", sender=sender)
    say("salvadoreño", sender=sender)
    say("en Ciudad de México", sender=sender)
    say("hace 3 dias", sender=sender)
    last = say("este", sender=sender)  # "mi hijo" said whose son: the relation is not asked
    case = store.case(first.case.id)
    assert case.details["missing_name"] == "Juan Carlos Pérez"
    assert case.details["missing_age"] == "15"
    assert case.nationality == "SV"
    assert case.place == "ciudad-de-mexico"
    assert case.details["last_seen_when"] == "hace 3 dias"
    assert case.details["relation"] == "mi hijo"
    assert case.contact == "+15055550113"  # "this number" on SMS
    assert "children" in case.priority_reasons  # a 15-year-old raises the priority
    assert case.ref in texts(last)


def test_assistance_request_with_need_nationality_place_contact(say, store, directory):
    sender = "5215550100000"
    first = say("perdi mi pasaporte en el huracan", sender=sender, channel="whatsapp")
    assert first.case.kind == "assistance"
    assert first.case.details["need"] == "documents"
    say("soy de Guatemala", sender=sender, channel="whatsapp")
    say("Houston", sender=sender, channel="whatsapp")
    last = say("no", sender=sender, channel="whatsapp")
    case = store.case(first.case.id)
    assert case.contact is None and case.details["contact"] == DECLINED
    assert case.consulate_id == directory.consulate_for("GT", "houston").id
    assert directory.consulate_for("GT", "houston").address in texts(last)


def test_works_without_a_name_and_never_asks_for_one_in_a_distress_report(say, store):
    turns = [
        say("socorro", sender="+15055550114"),
        say("hay un incendio en el edificio", sender="+15055550114"),
        say("Santiago", sender="+15055550114"),
        say("3", sender="+15055550114"),
        say("no", sender="+15055550114"),
        say("prefiero no decir", sender="+15055550114"),
        say("no", sender="+15055550114"),
    ]
    everything = " ".join(texts(t) for t in turns).lower()
    assert "nombre" not in everything
    case = store.case(turns[0].case.id)
    assert case.details["nationality"] == DECLINED
    assert case.contact is None
    assert "133" in texts(
        turns[2]
    )  # Santiago: Chile's police number, as soon as the place is known


def test_information_answers_from_reference_data(say, directory):
    turn = say("where is the Honduran consulate in Houston and what are the hours?")
    consulate = directory.consulate_for("HN", "houston")
    assert consulate.address in texts(turn)
    assert consulate.hours in texts(turn)
    assert "911" in texts(turn)


def test_information_asks_only_what_it_lacks(say, directory):
    first = say("donde hay albergues?", sender="+15055550115")
    assert first.case is None
    second = say("Tapachula", sender="+15055550115")
    third = say("prefiero no decir", sender="+15055550115")
    shelters = directory.shelters_in("tapachula")
    assert shelters and shelters[0].name in texts(third)
    assert "911" in texts(third)
    assert texts(second)


def test_emergency_number_here_comes_from_the_phone(say):
    turn = say("what is the emergency number here?", sender="+15055550116")
    assert [r.name for r in turn.replies] == ["utter_emergency_numbers"] and "911" in texts(turn)


def test_unknown_place_lists_the_places_known(say):
    say("where is the consulate?", sender="+15055550116")
    say("Reykjavik", sender="+15055550116")
    turn = say("I'd rather not say", sender="+15055550116")
    assert "Houston" in texts(turn) and "Tapachula" in texts(turn)


def test_a_case_filed_as_a_request_becomes_the_missing_person_report_it_is(say, store):
    sender = "+5215550100180"
    # "albergue" reads as a shelter request; the next message shows a girl is missing.
    first = say("nos sacaron del albergue anoche y mi niña no está con nosotros", sender=sender)
    assert first.case.kind == "assistance"
    turn = say("se llama Dayana Ruth Cac, tiene 13 años, andaba de blusa roja", sender=sender)
    assert turn.case.id == first.case.id  # the same case, not a second one
    case = store.case(first.case.id)
    assert case.kind == "missing_person"
    assert case.details["missing_name"] == "Dayana Ruth Cac"
    assert case.details["missing_age"] == "13"
    assert case.priority == URGENT  # a missing child
    assert "utter_search_next_steps" in [r.name for r in turn.replies]
    changes = [c for e in store.case_events(case.id) for c in e.detail.get("changes", [])]
    assert {"field": "kind", "from": "assistance", "to": "missing_person"} in changes


def test_a_request_for_someone_held_stays_a_request_when_they_are_named(say, store):
    sender = "+13235550181"
    first = say("necesito un abogado, a mi hermano lo detuvieron ayer", sender=sender)
    say("se llama Noé Baltazar Ruiz, tiene 33", sender=sender)
    assert store.case(first.case.id).kind == "assistance"


def test_safe_at_a_shelter_after_a_check_in_is_no_shelter_request(say, store):
    sender = "+17135550182"
    say("all good, the 4 of us are fine after the storm", sender=sender)
    turn = say("we're at the shelter in baytown now, safe inside", sender=sender)
    assert turn.case is None and [r.name for r in turn.replies] == ["utter_checkin_updated"]
    assert store.checkins()[-1].place == "houston"


def test_a_number_given_after_a_check_in_is_kept_on_it_until_erased(say, store):
    sender = "+13055550184"
    say("recibimos el mensaje, estamos bien todos", sender=sender)
    turn = say("cualquier cosa escriban al 786 555 0139, este cel es de mi patrón", sender=sender)
    assert turn.case is None and [r.name for r in turn.replies] == ["utter_checkin_updated"]
    checkin = store.checkins()[-1]
    assert checkin.contact == "+17865550139"
    store.erase(turn.conversation_id)
    assert all(c.conversation_id != turn.conversation_id for c in store.checkins())


def test_safe_check_in_records_companions(say, store):
    turn = say(
        "estamos bien, mi hermana Rosa y yo salimos del albergue en Tapachula",
        sender="+15055550117",
    )
    assert "safe_checkin" in turn.events
    checkin = store.checkins()[-1]
    assert checkin.place == "tapachula"
    assert "Rosa" in checkin.companions


def test_where_from_after_a_check_in_completes_it(say, store):
    say("solo para avisar que estamos bien, ya paso el huracan", sender="+15055550119")
    before = len(store.checkins())
    turn = say("somos hondureños, en Houston", sender="+15055550119")
    assert [r.name for r in turn.replies] == ["utter_checkin_updated"]
    checkins = store.checkins()
    assert len(checkins) == before  # the same check-in, not a second one
    assert (checkins[-1].nationality, checkins[-1].place) == ("HN", "houston")


def test_human_request_flags_the_conversation(say, store):
    turn = say("quiero hablar con una persona de verdad", sender="+15055550118")
    assert "human_requested" in turn.events
    assert store.conversation("sms", "+15055550118").human_requested


def test_stop_is_absolute_until_start(say, store):
    sender = "+15055550119"
    say("hola", sender=sender)
    stop = say("STOP", sender=sender)
    assert "opted_out" in stop.events
    assert store.is_opted_out("sms", sender)
    for text in ("hola", "ayuda", "1", "gracias"):
        assert say(text, sender=sender).replies == []
    back = say("EMPEZAR", sender=sender)
    assert back.replies and not store.is_opted_out("sms", sender)


def test_erase_removes_the_person_closes_the_case_and_a_new_message_gets_help(say, store):
    sender = "+15055550120"
    filed = say("perdi mi pasaporte", sender=sender)
    conv_id = filed.conversation_id
    ask = say("borren mis datos por favor", sender=sender)
    assert ask.replies and "erased" not in ask.events
    done = say("si", sender=sender)
    assert "erased" in done.events and done.replies[-1].after_opt_out
    assert store.transcript(conv_id) == []
    case = store.case(filed.case.id)
    assert case.details == {"erased": True} and case.conversation_id is None
    assert case.status == "closed"  # no acknowledgement deadline runs for an erased case
    assert not store.is_opted_out("sms", sender)  # erasing is not opting out
    again = say("socorro, a agua tá subindo", sender=sender)
    assert again.replies and "case_filed" in again.events  # help, as for anyone new


@pytest.mark.parametrize(
    ("first", "language", "switch", "switched"),
    [
        ("hello", "en", "ok", "en"),
        ("bonjour", "fr", "oui", "fr"),
        ("bonjou", "ht", "wi", "ht"),
        ("olá", "pt", "sim", "pt"),
        ("hola", "es", "i need to find my brother he is missing since the hurricane", "en"),
    ],
)
def test_replies_follow_the_persons_language(say, first, language, switch, switched):
    sender = f"+1505555{abs(hash(first)) % 10000:04d}"
    assert say(first, sender=sender).replies[0].language == language
    assert say(switch, sender=sender).replies[0].language == switched


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe\x00garbage\x80", "", "   ", "🙏🙏😭", "\x00\x01\x02", "????"],
    ids=["invalid-utf8", "empty", "spaces", "emoji", "control", "punctuation"],
)
def test_unreadable_input_gets_a_helpful_menu_and_is_stored(say, store, raw):
    turn = say(raw, sender="+15055550130")
    assert turn.replies and turn.replies[-1].buttons, "a numbered menu, never silence"
    assert len(store.transcript(turn.conversation_id)) >= 2


def test_huge_message_is_capped_and_answered(say, store):
    turn = say("ayuda " * 5000, sender="+15055550131")
    stored = store.transcript(turn.conversation_id)[0].text
    assert len(stored) <= 4096
    assert turn.replies


def test_menu_number_starts_the_chosen_flow(say):
    say("asdkjh qwe", sender="+15055550132")
    turn = say("2", sender="+15055550132")
    assert turn.case is None  # the search is filed with the words that follow the digit
    turn = say("mi hermano Carlos Mejía, no sé nada de él desde el huracán", sender="+15055550132")
    assert turn.case is not None and turn.case.kind == "missing_person"


def test_menu_number_then_a_question_files_nothing(say):
    say("hola", sender="+15055550135")
    say("3", sender="+15055550135")
    turn = say("¿a qué hora abre el consulado de Honduras en Houston?", sender="+15055550135")
    assert turn.case is None
    assert [r.name for r in turn.replies] == ["utter_consulate_info"]


def test_location_pin_and_photo_are_kept_on_the_case(say, store):
    sender = "+15055550133"
    say("help there is shooting outside, we are hiding", sender=sender, channel="whatsapp")
    turn = say(
        "",
        sender=sender,
        channel="whatsapp",
        location=Location(29.7604, -95.3698),
        media=(Media("https://example.invalid/photo.jpg", "image/jpeg"),),
    )
    case = store.case(turn.case.id)
    assert case.details["place"] == "29.76040,-95.36980"
    kinds = [a.get("content_type") or "location" for a in case.details["attachments"]]
    assert kinds == ["image/jpeg", "location"]


def test_transcript_records_both_directions(say, store):
    turn = say("hola", sender="+15055550134")
    directions = [m.direction for m in store.transcript(turn.conversation_id)]
    assert directions[0] == "in" and directions.count("out") == len(turn.replies)


def test_no_message_text_name_or_number_in_logs_above_debug(say, caplog):
    caplog.set_level("DEBUG")
    sender = "+15055550177"
    for text in (
        "socorro nos persiguen",
        "en Tapachula",
        "somos 3",
        "no",
        "soy guatemalteca",
        "+52 962 555 0177",
    ):
        say(text, sender=sender)
    say("busco a mi hermana se llama Rosa Elena Díaz", sender="+15055550178")
    loud = " ".join(r.getMessage() for r in caplog.records if r.levelno > 10)
    assert "case filed" in loud  # the logs do speak, just not about the person
    for secret in ("persiguen", "Tapachula", "Rosa Elena", "5550177", "5550178", "guatemalteca"):
        assert secret not in loud
