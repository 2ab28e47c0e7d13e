"""The phone line, walked call by call with requests signed as Twilio signs them.

Each test follows the TwiML like Twilio does: it answers the last <Gather>'s action, waits in
the <Enqueue>, leaves a <Record>ed message, and reports the call's end.
"""

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from amparo.settings import Settings
from data.models import Call, Case, CaseEvent, Message, OutboxMessage
from tests import signing
from tests.payloads import voice as payloads
from tests.twiml import caller_hears_something, parse, said

BASE = "/webhooks/twilio/voice"


class Caller:
    """One phone call, as Twilio would make its requests."""

    def __init__(self, client: TestClient, sid: str = payloads.CALL_SID, number: str | None = None):
        self.client = client
        self.form = {**payloads.INCOMING_CALL, "CallSid": sid}
        if number:
            self.form |= {"From": number, "Caller": number}
        self.last: ET.Element | None = None
        self.last_xml = ""
        self.last_request: tuple[str, dict[str, str]] | None = None

    def post(self, path: str, **fields: str) -> ET.Element:
        self.last_request = (path, fields)
        response = self.client.post(path, **signing.twilio(path, {**self.form, **fields}))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/xml")
        self.last_xml = response.text
        self.last = parse(response.text)
        return self.last

    def dial(self) -> ET.Element:
        root = self.post(BASE)
        assert caller_hears_something(root)
        return root

    def gather(self) -> ET.Element:
        assert self.last is not None
        gather = self.last.find("Gather")
        assert gather is not None, self.last_xml
        return gather

    def say(self, speech: str) -> ET.Element:
        return self._answer({**payloads.SPEECH, "SpeechResult": speech})

    def press(self, keys: str) -> ET.Element:
        finished = "#" if keys.endswith("#") else ""
        return self._answer(
            {**payloads.DIGITS, "Digits": keys.rstrip("#"), "FinishedOnKey": finished}
        )

    def silence(self) -> ET.Element:
        return self._answer({"CallStatus": "in-progress"})

    def _answer(self, fields: dict[str, str]) -> ET.Element:
        action = urlsplit(self.gather().get("action", ""))
        root = self.post(f"{action.path}?{action.query}", **fields)
        assert caller_hears_something(root), self.last_xml
        return root

    def hang_up(self) -> None:
        self.post(f"{BASE}/status", **payloads.CALL_STATUS)


@pytest.fixture
def phone_settings(channel_settings: Settings, tmp_path: Path) -> Settings:
    return channel_settings.model_copy(update={"voice_recordings_dir": tmp_path / "recordings"})


@pytest.fixture
def phone(
    phone_settings: Settings, make_app: Callable[[Settings], TestClient]
) -> Iterator[TestClient]:
    with make_app(phone_settings) as client:
        yield client


def store_of(client: TestClient):  # noqa: ANN201
    return client.app.state.service.store  # type: ignore[attr-defined]


def only_case(client: TestClient) -> Case:
    cases = store_of(client).cases()
    assert len(cases) == 1, cases
    return cases[0]


def events(client: TestClient, case: Case) -> list[str]:
    return [e.kind for e in store_of(client).case_events(case.id)]


def transcript(client: TestClient, number: str = "+5219625550134") -> list[str]:
    """What was said on this number's conversation, both ways (none once erased)."""
    conv = store_of(client).conversation("voice", number)
    return [m.text for m in store_of(client).transcript(conv.id)]


def transcript_media(client: TestClient, number: str = "+5219625550134") -> list[str]:
    conv = store_of(client).conversation("voice", number)
    return [m["url"] for msg in store_of(client).transcript(conv.id) for m in msg.media]


def spelled(ref: str) -> str:
    """A case reference as the phone line says it, character by character: AMP-X2 → A M P, X 2."""
    return ", ".join(" ".join(part) for part in ref.split("-"))


def call_row(client: TestClient, sid: str = payloads.CALL_SID) -> Call:
    with store_of(client).transaction() as session:
        call = session.get(Call, sid)
        assert call is not None
        return call


# the language menu


def test_a_call_opens_with_the_language_menu_in_six_languages(phone: TestClient) -> None:
    root = Caller(phone).dial()
    gather = root.find("Gather")
    assert gather is not None
    assert (
        gather.get("numDigits") == "1"
        and gather.get("action") == f"{signing.PUBLIC_URL}{BASE}?turn=1"
    )
    assert gather.get("actionOnEmptyResult") == "true"
    lines = [(s.get("language"), s.text or "") for s in gather.iter("Say")]
    assert [lang for lang, _ in lines] == ["es-US", "en-US", "fr-FR", "pt-BR", "fr-FR", "es-US"]
    assert "marque 1" in lines[0][1] and "press 2" in lines[1][1] and "k'iche'" in lines[5][1]
    # no Creole recording yet: its line in French, for the French voice to say
    assert lines[4][1] == "Pour le créole haïtien, kreyòl, appuyez sur 5."
    assert "kreyòl" in gather.get("hints", "")


@pytest.mark.parametrize(
    ("answer", "locale", "words"),
    [
        ({"Digits": "2"}, "en-US", "press 1"),
        ({"SpeechResult": "English please"}, "en-US", "press 1"),
        ({"SpeechResult": "português"}, "pt-BR", "tecle 1"),
        ({"Digits": "3"}, "fr-FR", "tapez 1"),
    ],
)
def test_the_language_is_chosen_by_keypad_or_by_speech(
    phone: TestClient, answer: dict[str, str], locale: str, words: str
) -> None:
    caller = Caller(phone)
    caller.dial()
    root = caller._answer({"CallStatus": "in-progress", **answer})
    gather = root.find("Gather")
    assert gather is not None and gather.get("language") in (locale, locale.replace("US", "MX"))
    assert {s.get("language") for s in gather.iter("Say")} == {locale}
    assert words in said(root)
    assert call_row(phone).stage == "dialogue"


# whole calls


def test_distress_by_speech_is_put_through_to_an_agent(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")  # español
    root = caller.say("nos están atacando en la casa, mi hermano está herido")
    enqueue = root.find("Enqueue")
    assert enqueue is not None and enqueue.text == "amparo"
    assert enqueue.get("waitUrl") == f"{signing.PUBLIC_URL}{BASE}/wait"
    assert "9 1 1" in said(root)  # the caller is in Mexico: the local emergency number first
    case = only_case(phone)
    assert case.kind == "distress" and case.channel == "voice" and case.priority == 1
    assert case.contact == "+5219625550134"  # the number they are calling from
    assert "human_requested" not in events(phone, case)
    # what was said, both ways, is the transcript
    transcript = store_of(phone).transcript(case.conversation_id)
    heard = [m.text for m in transcript if m.direction == "in"]
    assert heard == ["1", "nos están atacando en la casa, mi hermano está herido"]
    assert any("9 1 1" in m.text for m in transcript if m.direction == "out")

    # waiting in the queue, then nobody free: a voice message, and a callback due
    wait = caller.post(f"{BASE}/wait", **payloads.QUEUE_WAIT)
    assert wait.find("Pause") is not None and "Espera" in said(wait)
    assert (
        caller.post(f"{BASE}/wait", **{**payloads.QUEUE_WAIT, "QueueTime": "130"}).find("Leave")
        is not None
    )
    record = caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT).find("Record")
    assert record is not None and record.get("transcribe") is None  # Spanish: not well transcribed
    said_before = len(store_of(phone).transcript(case.conversation_id))
    again = caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)  # Twilio repeating it
    assert again.find("Record") is not None
    assert len(store_of(phone).transcript(case.conversation_id)) == said_before
    assert record.get("action") == f"{signing.PUBLIC_URL}{BASE}/recording"
    bye = caller.post(f"{BASE}/recording", **payloads.RECORDING)
    assert bye.find("Hangup") is not None and "devolveremos" in said(bye)
    caller.hang_up()
    case = only_case(phone)
    assert case.callback_due
    (voicemail,) = case.details["voicemails"]  # the recording, always
    assert voicemail["url"] == payloads.RECORDING["RecordingUrl"]
    assert voicemail["recording_sid"] == payloads.RECORDING["RecordingSid"]
    assert "voicemail" in events(phone, case)
    assert "call_dropped" not in events(phone, case)  # it ended as it should


def second_recording(sid: str) -> dict[str, str]:
    url = payloads.RECORDING["RecordingUrl"].rsplit("/", 1)[0] + "/" + sid
    return {**payloads.RECORDING, "RecordingSid": sid, "RecordingUrl": url}


def test_every_voicemail_is_kept_by_its_recording_sid(phone: TestClient) -> None:
    first, second = payloads.RECORDING, second_recording("RE" + "7" * 32)
    for n, recording in enumerate((first, second)):  # two calls, a message each
        caller = Caller(phone, sid=f"CA{n}" + "0" * 32)
        caller.dial()
        caller.press("1")
        caller.press("0")
        caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)
        caller.post(f"{BASE}/recording", **recording)
        caller.post(f"{BASE}/recording", **recording)  # Twilio repeating the callback
        caller.hang_up()
    # the second transcription first, then the first one twice
    Caller(phone, sid="CA1" + "0" * 32).post(
        f"{BASE}/transcription",
        **{
            **payloads.TRANSCRIPTION,
            "RecordingSid": second["RecordingSid"],
            "RecordingUrl": second["RecordingUrl"],
            "TranscriptionText": "second message",
        },
    )
    for _ in range(2):
        Caller(phone, sid="CA0" + "0" * 32).post(f"{BASE}/transcription", **payloads.TRANSCRIPTION)
    case = only_case(phone)
    assert [
        (v["recording_sid"], v["url"], v["transcription"]) for v in case.details["voicemails"]
    ] == [
        (first["RecordingSid"], first["RecordingUrl"], payloads.TRANSCRIPTION["TranscriptionText"]),
        (second["RecordingSid"], second["RecordingUrl"], "second message"),
    ]
    assert events(phone, case).count("voicemail") == 2
    assert events(phone, case).count("voicemail_transcribed") == 2
    assert transcript_media(phone) == [first["RecordingUrl"], second["RecordingUrl"]]


def guatemalan_in_distress(phone: TestClient) -> tuple[Caller, ET.Element]:
    """A caller whose number says no city of the directory, in danger, by speech."""
    caller = Caller(phone, number="+50255550123")
    caller.dial()
    caller.press("1")
    return caller, caller.say("ayuda por favor, estamos en peligro")


def test_before_the_queue_one_key_says_who_is_there_and_the_city_is_asked(
    phone: TestClient,
) -> None:
    caller, root = guatemalan_in_distress(phone)
    assert root.find("Enqueue") is None and "herido o algún niño" in said(root)
    assert caller.gather().get("numDigits") == "1"
    assert only_case(phone).priority == 2
    root = caller.press("1")  # yes: someone is
    case = only_case(phone)
    assert case.priority == 1 and case.priority_reasons == ["vulnerable"]
    assert "Dónde estás" in said(root) and root.find("Enqueue") is None
    root = caller.say("en Houston")
    assert root.find("Enqueue") is not None and "9 1 1" in said(root)
    assert only_case(phone).place == "houston"


def test_said_children_count_and_silence_makes_the_report_urgent(phone: TestClient) -> None:
    caller, _ = guatemalan_in_distress(phone)
    caller.say("estoy con mis hijos")
    assert only_case(phone).priority_reasons == ["children"]  # "mis hijos"
    other = Caller(phone, sid="CA2" + "0" * 32, number="+50255550177")
    other.dial()
    other.press("1")
    other.say("ayuda por favor, estamos en peligro")
    root = other.silence()  # no answer to who is there: nobody knows who is hurt
    assert "Dónde estás" in said(root)
    urgent = [c for c in store_of(phone).cases() if c.contact == "+50255550177"]
    assert [(c.priority, c.priority_reasons) for c in urgent] == [(1, ["unanswered"])]


def test_a_distress_hand_off_nobody_answers_is_urgent(phone: TestClient) -> None:
    caller = Caller(phone)  # a Tapachula number: the city is known
    caller.dial()
    caller.press("1")
    caller.say("ayuda por favor, estamos en peligro")
    assert caller.press("2").find("Enqueue") is not None  # nobody hurt: straight on
    assert only_case(phone).priority == 2
    caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)
    case = only_case(phone)
    assert case.priority == 1 and case.priority_reasons == ["unanswered"]
    assert "priority_raised" in events(phone, case)


def test_only_distress_becomes_urgent_when_nobody_answers(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    caller.press("3")  # consular help
    caller.press("1")  # documents
    caller.press("0")  # a person, please
    caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)  # nobody free
    caller.post(f"{BASE}/recording", **payloads.RECORDING)
    case = only_case(phone)
    assert case.kind == "assistance" and case.priority == 3 and case.priority_reasons == []
    assert "unanswered" not in store_of(phone).conversation("voice", "+5219625550134").slots.get(
        "facts", []
    )


def test_voicemails_are_transcribed_only_in_english(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")  # English
    caller.press("0")
    record = caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT).find("Record")
    assert record is not None and record.get("transcribe") == "true"
    assert record.get("transcribeCallback") == f"{signing.PUBLIC_URL}{BASE}/transcription"
    caller.post(f"{BASE}/recording", **payloads.RECORDING)
    failed = {**payloads.TRANSCRIPTION, "TranscriptionStatus": "failed", "TranscriptionText": "x"}
    caller.post(f"{BASE}/transcription", **failed)
    assert "transcription" not in only_case(phone).details["voicemails"][0]
    text = "I am at the bus station with my son"
    caller.post(f"{BASE}/transcription", **{**payloads.TRANSCRIPTION, "TranscriptionText": text})
    (voicemail,) = only_case(phone).details["voicemails"]
    assert voicemail["transcription"] == text
    assert voicemail["url"] == payloads.RECORDING["RecordingUrl"]


def test_an_agent_answering_ends_the_call_flow(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")
    root = caller.press("0")  # a person, please
    assert root.find("Enqueue") is not None
    done = caller.post(f"{BASE}/handoff", QueueResult="bridged", QueueTime="40")
    assert done.find("Hangup") is not None
    caller.hang_up()
    assert call_row(phone).stage == "ended"
    assert store_of(phone).cases() == []  # a conversation with an agent, no case by itself


def test_a_missing_person_report_by_phone(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")  # English
    root = caller.press("2")  # find a missing person
    assert caller.gather().get("finishOnKey") == "#"  # the name is spoken
    caller.say("Maria Lopez Garcia")
    assert caller.gather().get("finishOnKey") == "#"  # the age: speech or keys then #
    assert "hash" in said(caller.last)  # type: ignore[arg-type]
    caller.press("16#")
    caller.say("she is from Honduras")
    caller.say("Houston")
    caller.say("last Tuesday near the shelter")
    root = caller.say("she is my daughter")
    case = only_case(phone)
    assert case.kind == "missing_person" and case.nationality == "HN"
    assert case.details["missing_age"] == "16" and case.priority == 1  # a missing minor: urgent
    assert case.contact == "+5219625550134"  # never asked: the caller's own number
    assert spelled(case.ref) in said(root) and "press 0" in said(root)
    bye = caller.say("no thank you, goodbye")
    assert bye.find("Hangup") is not None
    caller.hang_up()
    assert not only_case(phone).callback_due


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_the_welcome_is_short_and_offers_a_person_once(phone: TestClient, key: str) -> None:
    caller = Caller(phone)
    caller.dial()
    root = caller.press(key)
    words = said(root).split()
    assert len([w for w in words if w.strip(":")]) <= 66, said(root)  # ~25 s, not 30 to 37
    welcome = next(root.iter("Say")).text or ""
    assert welcome.count(".") == 1 and "status" in welcome or "migrat" in welcome
    assert said(root).count(" 0") == 1 and " 6." not in said(root)  # 0 is the person key
    again = caller.silence()  # the question again, not the welcome
    assert (
        said(again).split()[-len(words) + len(welcome.split()) :] == words[len(welcome.split()) :]
    )
    assert welcome not in said(again)


def test_references_and_numbers_are_said_digit_by_digit(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")
    caller.press("3")  # consular help
    caller.press("1")  # documents
    caller.say("I am from Guatemala")
    root = caller.say("Houston")
    case = only_case(phone)
    assert spelled(case.ref) in said(root) and case.ref not in said(root)
    assert "+1, 7 1 3, 5 5 5, 0 1 0 4" in said(root)  # the consulate's phone
    assert "09:00" in said(root)  # hours stay hours


@pytest.mark.parametrize("answer", [("say", "no thanks, bye"), ("say", "no"), ("silence", "")])
def test_no_or_silence_after_anything_else_ends_the_call(
    phone: TestClient, answer: tuple[str, str]
) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")
    caller.press("5")
    caller.say("Houston")
    root = caller.say("I am from Guatemala")
    assert "anything else" in said(root)
    action, value = answer
    bye = getattr(caller, action)(*([value] if value else []))
    assert bye.find("Hangup") is not None and bye.find("Gather") is None
    assert "Call us again" in said(bye) and "Write" not in said(bye)


def test_silence_is_re_prompted_twice_then_a_person_is_offered(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    question = said(caller.last)  # type: ignore[arg-type]
    for _ in range(2):
        root = caller.silence()
        assert "no te escuché" in said(root) and root.find("Gather") is not None
        assert "Elige" in said(root) or "elige" in said(root)
        assert root.find("Enqueue") is None
    root = caller.silence()
    assert root.find("Gather") is None and root.find("Enqueue") is not None
    assert "Te comunico con una persona" in said(root)
    assert question
    conv = store_of(phone).conversation("voice", "+5219625550134")
    assert conv.human_requested


def test_no_match_is_re_prompted_twice_then_a_person_is_offered(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")
    for _ in range(2):
        root = caller.say("blorf zzkx qwibble")
        assert "did not understand" in said(root) and root.find("Gather") is not None
    root = caller.say("flibber gronk")
    assert root.find("Enqueue") is not None


def test_silence_in_the_language_menu_repeats_it_then_offers_a_person(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    assert "marque 1" in said(caller.silence())
    assert "marque 1" in said(caller.press("7"))  # no seventh language
    assert caller.silence().find("Enqueue") is not None


def test_a_dropped_call_midway_is_a_callback_due(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    caller.press("3")  # consular help
    caller.say("perdí mi pasaporte, necesito documentos")
    caller.hang_up()  # the line drops
    case = only_case(phone)
    assert case.kind == "assistance" and case.callback_due
    assert "call_dropped" in events(phone, case)
    conv = store_of(phone).conversation("voice", "+5219625550134")
    assert conv.active_form is None  # the next call starts afresh
    # Twilio reporting the end twice changes nothing
    caller.hang_up()
    assert events(phone, case).count("call_dropped") == 1


def test_hanging_up_in_the_queue_is_a_callback_due(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    caller.press("0")
    caller.hang_up()
    case = only_case(phone)
    assert case.callback_due and case.details == {"request": "callback"}
    assert case.contact == "+5219625550134"


# phone-fit forms


def anonymous_asked_for_contact(phone: TestClient) -> tuple[Caller, ET.Element]:
    """A caller with a withheld number, through an assistance request up to "your number?"."""
    caller = Caller(phone, sid="CA0000000000000000000000000000anon", number=payloads.ANONYMOUS)
    caller.dial()
    caller.press("1")
    caller.press("3")
    caller.say("necesito un pasaporte nuevo")
    caller.say("soy de Guatemala")
    return caller, caller.say("Houston")


def test_a_withheld_number_is_asked_for_by_keypad(phone: TestClient) -> None:
    caller, root = anonymous_asked_for_contact(phone)
    assert caller.gather().get("finishOnKey") == "#" and "asterisco" in said(root)
    caller.press("0017135550199#")
    case = only_case(phone)
    assert case.contact == "+17135550199"
    conv = store_of(phone).case(case.id)
    assert conv is not None
    with store_of(phone).transaction() as session:
        assert session.get(Call, caller.form["CallSid"]).conversation_id == case.conversation_id  # type: ignore[union-attr]
    # the anonymous call is its own conversation, not linked to any number
    from data.models import Conversation

    with store_of(phone).transaction() as session:
        conversation = session.get(Conversation, case.conversation_id)
        assert conversation is not None and conversation.sender.startswith("call:")


def anonymous_in_distress(phone: TestClient) -> tuple[Caller, ET.Element]:
    """A withheld number in danger, through the questions before the queue."""
    caller = Caller(phone, sid="CA0000000000000000000000000000anon", number=payloads.ANONYMOUS)
    caller.dial()
    caller.press("1")
    root = caller.say("nos están atacando en la casa")
    assert said(root).index("9 1 1") < said(root).index("Marca 1 para sí")  # danger first
    caller.press("2")  # nobody hurt, no children
    return caller, caller.say("estoy en Houston")


def test_a_withheld_number_in_distress_is_asked_for_one_before_the_queue(
    phone: TestClient,
) -> None:
    caller, root = anonymous_in_distress(phone)
    assert "Marca un número" in said(root)
    assert root.find("Enqueue") is None and caller.gather().get("finishOnKey") == "#"
    root = caller.press("0017135550199#")
    assert root.find("Enqueue") is not None and "Te comunico" in said(root)
    assert only_case(phone).contact == "+17135550199"
    caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)
    bye = caller.post(f"{BASE}/recording", **payloads.RECORDING)
    assert "Te devolveremos la llamada" in said(bye)
    assert only_case(phone).callback_due


def test_without_a_number_nobody_promises_a_callback(phone: TestClient) -> None:
    caller, _ = anonymous_in_distress(phone)
    root = caller.press("*")  # no number
    assert root.find("Enqueue") is not None
    record = caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)
    assert "Sin un número no podemos devolverte" in said(record)
    assert "Te devolveremos" not in said(record)
    bye = caller.post(f"{BASE}/recording", **payloads.RECORDING)
    assert "Sin un número" in said(bye) and "Te devolveremos" not in said(bye)
    case = only_case(phone)
    assert case.contact is None and not case.callback_due
    assert case.details["voicemails"][0]["url"] == payloads.RECORDING["RecordingUrl"]
    caller.hang_up()
    assert not only_case(phone).callback_due


def test_zero_from_a_withheld_number_asks_for_a_number_then_a_person(phone: TestClient) -> None:
    caller = Caller(phone, sid="CA0000000000000000000000000000anon", number=payloads.ANONYMOUS)
    caller.dial()
    caller.press("2")
    root = caller.press("0")
    assert "safe phone number" in said(root) and root.find("Enqueue") is None
    assert "did not understand" in said(caller.press("12#"))  # not a number: once more
    root = caller.say("my number is 713 555 0199")  # said, not typed: in the host country
    assert root.find("Enqueue") is not None
    caller.hang_up()  # dropped in the queue: a callback is due, to that number
    case = only_case(phone)
    assert case.callback_due and case.contact == "+17135550199"


def test_star_skips_a_number_question(phone: TestClient) -> None:
    caller, _ = anonymous_asked_for_contact(phone)
    root = caller.press("*")
    case = only_case(phone)
    assert case.contact is None and case.details["contact"] == "declined"
    assert spelled(case.ref) in said(root)


def test_a_key_picks_the_option_the_prompt_offered(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")  # English
    root = caller.press("3")  # consular help: "What do you need? For Documents, press 1 …"
    assert "For Documents, press 1" in said(root)
    assert caller.gather().get("numDigits") == "1"  # eight options: one key, no waiting
    assert "Which country" in said(caller.press("1"))
    assert only_case(phone).details["need"] == "documents"


def test_only_the_options_offered_answer_to_a_key(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("2")
    caller.press("5")  # information
    caller.say("Houston")
    root = caller.say("I am from Guatemala")
    assert "anything else" in said(root) and "press 0" in said(root)
    assert caller.gather().get("numDigits") == "1"
    root = caller.press("1")  # no list was offered: not "I am in danger"
    assert "did not understand" in said(root) and "press 1" in said(root)
    assert store_of(phone).cases() == []
    root = caller.press("1")  # now the menu was said: 1 is danger
    assert "is anyone hurt" in said(root)
    assert only_case(phone).kind == "distress"


def test_yes_and_no_are_1_and_2(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    root = caller.say("quiero borrar mis datos")
    assert "Marca 1 para sí" in said(root) and caller.gather().get("numDigits") == "1"
    root = caller.press("1")
    assert root.find("Hangup") is not None
    assert store_of(phone).cases() == []


# recorded prompts


def test_kiche_plays_recordings_and_speaks_the_second_language_where_none_exists(
    phone: TestClient, phone_settings: Settings
) -> None:
    folder = phone_settings.voice_recordings_dir / "quc"
    folder.mkdir(parents=True)
    (folder / "second_language.mp3").write_bytes(b"ID3 second")
    (folder / "utter_voice_welcome.mp3").write_bytes(b"ID3 welcome")
    caller = Caller(phone)
    caller.dial()
    root = caller.press("6")
    plays = [p.text for p in root.iter("Play")]
    assert plays == [f"{signing.PUBLIC_URL}/voice/recordings/quc/second_language.mp3"]
    assert [s.get("language") for s in root.iter("Say")] == ["es-US", "en-US", "fr-FR", "pt-BR"]
    root = caller.press("1")  # second language: Spanish
    gather = caller.gather()
    assert [p.text for p in gather.iter("Play")] == [
        f"{signing.PUBLIC_URL}/voice/recordings/quc/utter_voice_welcome.mp3"
    ]
    assert {s.get("language") for s in gather.iter("Say")} == {"es-US"}  # not recorded: Spanish
    assert gather.get("language") == "es-MX"
    assert phone.get("/voice/recordings/quc/utter_voice_welcome.mp3").content == b"ID3 welcome"
    assert phone.get("/voice/recordings/quc/..%2F..%2Fsecret.mp3").status_code == 404
    assert phone.get("/voice/recordings/quc/missing.mp3").status_code == 404


def test_the_chosen_language_holds_for_the_whole_call(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("6")  # K'iche'
    caller.press("1")  # then Spanish for what is not recorded
    root = caller.say("the water is in the house and we cannot get out")  # heard as English
    assert {s.get("language") for s in root.iter("Say")} == {"es-US"}
    assert "9 1 1" in said(root)
    case = only_case(phone)
    assert case.kind == "distress" and case.language == "es"
    assert store_of(phone).conversation("voice", "+5219625550134").language == "es"


def test_the_second_menu_says_why_listens_nearby_and_hears_0(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    root = caller.press("5")  # kreyòl, nothing recorded
    assert said(root).startswith("Certains messages en Kreyòl ayisyen ne sont pas encore")
    assert caller.gather().get("language") == "fr-FR"  # heard nearest Creole, not es-MX
    root = caller.press("0")
    assert root.find("Enqueue") is not None and "Je vous passe une personne" in said(root)
    kiche = Caller(phone, sid="CA1" + "0" * 32, number="+50255550123")
    kiche.dial()
    root = kiche.press("6")
    assert said(root).startswith("Algunos mensajes en K'iche' aún no están grabados")
    assert kiche.gather().get("language") == "es-MX"


def test_a_caller_may_choose_another_language_mid_call(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    caller.press("2")  # a missing person, in Spanish
    root = caller.say("English please")
    assert "name" in said(root) and {s.get("language") for s in root.iter("Say")} == {"en-US"}
    assert caller.gather().get("language") == "en-US"
    caller.say("Maria Lopez")
    assert store_of(phone).conversation("voice", "+5219625550134").language == "en"
    assert only_case(phone).language == "en"


def test_creole_without_recordings_is_heard_in_french(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("5")
    root = caller.press("3")  # French as the second language
    assert {s.get("language") for s in root.iter("Say")} == {"fr-FR"}
    assert "tapez 1" in said(root)
    assert store_of(phone).conversation("voice", "+5219625550134").language == "ht"
    root = caller.press("2")  # a missing person, asked in French
    assert "Comment s'appelle" in said(root) or "nom" in said(root)


# bad input: always TwiML, always a way to a person


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        (f"{BASE}?turn=3", {"CallSid": "CAunknown000000000000000000000000", **payloads.SPEECH}),
        (f"{BASE}?turn=1", {"CallSid": ""}),  # no CallSid at all
        (f"{BASE}/wait", {"CallSid": ""}),
    ],
)
def test_unknown_or_incomplete_calls_get_an_apology_and_a_person(
    phone: TestClient, path: str, fields: dict[str, str]
) -> None:
    root = Caller(phone).post(path, **fields)
    assert "Perdona" in said(root) and "Sorry" in said(root)
    gather = root.find("Gather")
    assert gather is not None and gather.get("action", "").endswith(f"{BASE}?restart=1")
    assert gather.get("actionOnEmptyResult") is None  # silence falls through to the queue
    assert root.find("Enqueue") is not None


def test_a_request_out_of_order_is_answered_with_an_apology(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    root = caller.post(f"{BASE}?turn=9", **payloads.SPEECH)
    assert root.find("Enqueue") is not None and "Perdona" in said(root)
    root = caller.post(f"{BASE}/recording", **payloads.RECORDING)  # before any recording
    assert root.find("Hangup") is not None


def test_pressing_1_after_an_apology_starts_again(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.post(f"{BASE}?turn=4", **payloads.SPEECH)  # unknown call
    root = caller.press("1")
    assert "marque 1" in said(root) and "press 2" in said(root)
    assert call_row(phone).stage == "language"


def test_0_after_an_apology_is_a_person(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.post(f"{BASE}?turn=4", **payloads.SPEECH)  # unknown call: the apology
    root = caller.press("0")
    assert root.find("Enqueue") is not None and "Te comunico" in said(root)


def test_a_repeated_request_gets_the_same_answer_and_is_handled_once(phone: TestClient) -> None:
    caller = Caller(phone)
    menu = caller.dial()
    caller.press("1")
    action = caller.gather().get("action", "")
    first = caller.say("necesito información")
    again = caller.post(
        urlsplit(action).path + "?" + urlsplit(action).query,
        **{**payloads.SPEECH, "SpeechResult": "necesito información"},
    )
    assert ET.tostring(first) == ET.tostring(again)
    conv = store_of(phone).conversation("voice", "+5219625550134")
    inbound = [m.text for m in store_of(phone).transcript(conv.id) if m.direction == "in"]
    assert inbound.count("necesito información") == 1
    assert ET.tostring(caller.dial()) == ET.tostring(menu)  # Twilio retrying the first request


def repeat_last_request(caller: Caller) -> ET.Element:
    """Twilio sending the request it just sent again (a timeout, a retry)."""
    assert caller.last_request is not None
    return caller.post(*caller.last_request[:1], **caller.last_request[1])


@pytest.mark.parametrize(
    ("steps", "ending"),
    [
        ([("press", "1"), ("say", "estamos en peligro"), ("press", "2")], "Enqueue"),
        ([("press", "2"), ("press", "0")], "Enqueue"),  # a person, by keypad
        ([("press", "1"), ("say", "quiero borrar mis datos"), ("press", "1")], "Hangup"),  # erased
        ([("press", "2"), ("say", "no thanks, goodbye")], "Hangup"),
    ],
)
def test_a_repeated_request_that_ended_the_dialogue_gets_the_same_answer(
    phone: TestClient, steps: list[tuple[str, str]], ending: str
) -> None:
    caller = Caller(phone)
    caller.dial()
    for action, value in steps:
        first = getattr(caller, action)(value)
    assert first.find(ending) is not None
    before = [(c.id, c.kind) for c in store_of(phone).cases()], transcript(phone)
    again = repeat_last_request(caller)
    assert ET.tostring(again) == ET.tostring(first)
    assert "Perdona, algo falló" not in said(again) and "went wrong" not in said(again)
    after = [(c.id, c.kind) for c in store_of(phone).cases()], transcript(phone)
    assert after == before  # handled once


def rows(client: TestClient) -> dict[str, int]:
    """How many rows a repeated request could add: cases, their events, outbox, transcript."""
    from sqlmodel import func, select

    with store_of(client).transaction() as session:
        return {
            table.__name__: session.exec(select(func.count()).select_from(table)).one()
            for table in (Case, CaseEvent, Message, OutboxMessage)
        }


@pytest.mark.parametrize(
    ("agents", "steps", "ending"),
    [
        # a person in danger: a keypad question, then the emergency number and the queue
        ("", [("press", "1"), ("say", "estamos en peligro"), ("press", "2")], "Enqueue"),
        # the same, with agents dialled directly instead of a queue
        (
            "+17135550100",
            [("press", "1"), ("say", "estamos en peligro"), ("press", "2")],
            "Dial",
        ),
        # where the consulate is, then "anything else?": no, and goodbye
        (
            "",
            [
                ("press", "2"),
                ("press", "5"),
                ("say", "Houston"),
                ("say", "Guatemala"),
                ("say", "no"),
            ],
            "Hangup",
        ),
    ],
)
def test_a_repeat_of_any_earlier_turn_gets_that_turns_answer_again(
    phone_settings: Settings,
    make_app: Callable[[Settings], TestClient],
    agents: str,
    steps: list[tuple[str, str]],
    ending: str,
) -> None:
    settings = phone_settings.model_copy(update={"voice_agent_numbers": agents})
    with make_app(settings) as client:
        caller = Caller(client)
        caller.dial()
        answered = [(caller.last_request, caller.last_xml)]
        for action, value in steps:
            getattr(caller, action)(value)
            answered.append((caller.last_request, caller.last_xml))
        assert len(answered) >= 4 and caller.last is not None
        assert caller.last.find(ending) is not None, caller.last_xml
        before = rows(client)
        # Twilio repeating each turn: the last, every earlier one, the first request, the last
        for request, xml in [answered[-1], *answered[1:-1], answered[0], answered[-1]]:
            assert request is not None
            again = caller.post(request[0], **request[1])
            assert caller.last_xml == xml, request
            assert "Perdona, algo falló" not in said(again) and "went wrong" not in said(again)
        assert rows(client) == before  # nothing handled twice


def test_garbage_speech_gets_a_spoken_answer(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    root = caller.say("\x00\x01\x02 🙂🙂🙂")
    assert root.find("Gather") is not None and "Perdona" in said(root)


def test_a_forged_call_is_refused(phone: TestClient) -> None:
    request = signing.twilio(BASE, payloads.INCOMING_CALL, token="not-the-token")
    assert phone.post(BASE, **request).status_code == 403
    assert phone.post(BASE, data=payloads.INCOMING_CALL).status_code == 403
    with store_of(phone).transaction() as session:
        assert session.get(Call, payloads.CALL_SID) is None


def test_agent_numbers_are_dialled_instead_of_queueing(
    phone_settings: Settings, make_app: Callable[[Settings], TestClient]
) -> None:
    settings = phone_settings.model_copy(
        update={"voice_agent_numbers": "+17135550100, +17135550101"}
    )
    with make_app(settings) as client:
        caller = Caller(client)
        caller.dial()
        caller.press("1")
        root = caller.press("0")
        dial = root.find("Dial")
        assert dial is not None and [n.text for n in dial] == ["+17135550100", "+17135550101"]
        assert dial.get("action") == f"{signing.PUBLIC_URL}{BASE}/handoff"
        # each agent is screened: a person must press 1, a voicemail never connects
        assert {n.get("url") for n in dial} == {f"{signing.PUBLIC_URL}{BASE}/screen"}
        agent = Caller(client, sid="CA" + "a" * 32, number="+17135550100")
        screen = agent.post(f"{BASE}/screen", ParentCallSid=caller.form["CallSid"])
        gather = screen.find("Gather")
        assert gather is not None and gather.get("numDigits") == "1"
        assert gather.get("action") == f"{signing.PUBLIC_URL}{BASE}/screened"
        assert "Marca 1 para tomar la llamada" in said(screen)
        assert [verb.tag for verb in screen] == ["Gather", "Hangup"]  # no key: no connection
        assert list(agent.post(f"{BASE}/screened", **payloads.DIGITS | {"Digits": "1"})) == []
        refused = agent.post(f"{BASE}/screened", **payloads.DIGITS | {"Digits": "2"})
        assert [verb.tag for verb in refused] == ["Hangup"]
        record = caller.post(f"{BASE}/handoff", **payloads.DIAL_RESULT)
        assert record.find("Record") is not None


def test_a_bug_in_the_flow_still_answers_with_twiml(
    phone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = phone.app.state.service  # type: ignore[attr-defined]
    caller = Caller(phone)
    caller.dial()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(service.core, "decide", broken)
    caller.press("1")
    root = caller.say("ayuda")
    assert root.find("Enqueue") is not None and "Perdona" in said(root)


def test_case_events_never_hold_what_was_said(phone: TestClient) -> None:
    caller = Caller(phone)
    caller.dial()
    caller.press("1")
    caller.say("nos están atacando en la casa")
    caller.post(f"{BASE}/handoff", **payloads.QUEUE_RESULT)
    caller.post(f"{BASE}/recording", **payloads.RECORDING)
    caller.post(f"{BASE}/transcription", **payloads.TRANSCRIPTION)
    with store_of(phone).transaction() as session:
        from sqlmodel import select

        details = [e.detail for e in session.exec(select(CaseEvent))]
    assert "colonia" not in str(details) and "atacando" not in str(details)
