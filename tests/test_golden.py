"""Golden transcripts: whole conversations, replayed through the whole app and compared with
what was recorded in tests/golden/<name>.json (the replies, the TwiML, the cases and people).

They prove that a change in the conversational core changes nothing a person, an agent or a
consulate can observe. When a change is meant, record again and read the diff:

    GOLDEN_RECORD=1 .venv/bin/python -m pytest tests/test_golden.py

Conversations are data (the step vocabulary is in tests/golden_harness.py). Each one runs in an
app of its own, on a fresh database: alerts go to every past contact, and family tracing
matches people across conversations, so sharing an app would make one conversation's record
depend on the others (and on their order).
"""

import copy
import difflib
import functools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from amparo.settings import Settings
from tests.fake_provider import FakeProvider
from tests.golden_harness import Player, dump, migrated_copy

GOLDEN = Path(__file__).parent / "golden"
RECORD = os.environ.get("GOLDEN_RECORD") == "1"

# Reusable steps.
MX = "+5219625550134"  # a Mexican mobile: 911 by the number's country
PIN = {"latitude": 14.9056, "longitude": -92.2633, "label": "Parque Central",
       "address": "Centro, Tapachula"}  # fmt: skip
PHOTO = ("https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM2a/Media/ME96", "image/jpeg")
VOICE_NOTE = ("https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM5d/Media/ME11",
              "audio/ogg")  # fmt: skip
SAFETY_CHECK = {"kind": "safety_check", "texts": {
    "es": "Sismo fuerte en la región.", "en": "Strong earthquake in the region.",
    "fr": "Fort séisme dans la région.", "pt": "Forte terremoto na região.",
    "ht": "Gwo tranblemanntè nan zòn nan."}}  # fmt: skip


def sms(*texts: str) -> list[dict[str, Any]]:
    return [{"sms": t} for t in texts]


def tg(*texts: str) -> list[dict[str, Any]]:
    return [{"tg": t} for t in texts]


def wa(*texts: str) -> list[dict[str, Any]]:
    return [{"wa": t} for t in texts]


def twa(*texts: str) -> list[dict[str, Any]]:
    return [{"twa": t} for t in texts]


def conv(name: str, about: str, sender: str | int, steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "about": about, "from": str(sender), "steps": steps}


# fmt: off
CONVERSATIONS = [
    # distress, in every language and on every text channel
    conv("distress_es_sms_houston_child", "a family thrown out by force in Houston, a child of 6: "
         "urgent, routed to Honduras' consulate, 'este' is the SMS number", "+17135550123",
         sms("ayuda nos quieren sacar a golpes del cuarto donde vivimos",
             "Houston, en la calle Airline", "somos 4", "mi hijo de 6 años", "hondureños",
             "este")),
    conv("distress_en_sms_miami_pregnant", "armed men outside, in English, a pregnant wife",
         "+13055550140",
         sms("help there are men with guns outside our house", "Miami", "we are 5",
             "my wife is pregnant", "Venezuelan", "this number", "thank you")),
    conv("distress_fr_telegram_flood", "a flood, in French on Telegram, the callback number "
         "typed", 710001,
         tg("au secours, l'eau monte dans la maison et nous sommes bloqués",
            "à Miami", "nous sommes 3", "non", "je suis haïtien", "+1 305 555 0141")),
    conv("distress_pt_whatsapp_shooting", "shooting in the street, in Portuguese on WhatsApp "
         "(Cloud API), an elderly mother", "5511955550142",
         wa("socorro, estão atirando na rua e estamos escondidos", "São Paulo", "somos 2",
            "minha mãe tem 80 anos", "sou venezuelano", "esse número")),
    conv("distress_ht_telegram_trapped", "trapped by water, in Haitian Creole on Telegram", 710002,
         tg("m bezwen èd tanpri, nou bloke nan dlo a", "Santiago", "nou 6",
            "gen yon timoun ki blese", "mwen se ayisyen", "+56 9 5555 0143")),
    conv("distress_telegram_button_then_words", "the menu's danger button pressed on Telegram, "
         "then the story", 710003,
         [{"tg": {"callback": "/distress"}}]
         + tg("nos robaron y nos golpearon en el albergue", "Tapachula", "somos 3", "ninguno",
              "salvadoreños", "prefiero no decir")),
    conv("distress_whatsapp_pin_and_photo", "shots outside: a location pin answers 'where', a "
         "photo and a voice note go on the case (WhatsApp Cloud API)", "5215550100144",
         wa("auxilio hay balazos afuera, estamos escondidos")
         + [{"wa": {"location": {"latitude": 29.7604, "longitude": -95.3698, "name": "Casa",
                                 "address": "Houston"}}},
            {"wa": {"image": {"mime_type": "image/jpeg", "sha256": "x", "id": "77",
                              "caption": "así está la puerta"}}},
            {"wa": {"audio": {"mime_type": "audio/ogg; codecs=opus", "sha256": "y", "id": "78",
                              "voice": True}}}]
         + wa("somos 5", "hay un bebé", "mexicanos", "este")),
    conv("distress_twilio_whatsapp_pin", "a WhatsApp pin through Twilio answers 'where'", MX,
         twa("nos quieren secuestrar, estamos escondidos")
         + [{"twa": "", "location": PIN}]
         + twa("somos 3", "no", "hondureños", "este")),
    conv("distress_correction_tapachula", "a place corrected ('no, es en Tapachula') and the "
         "head count corrected", MX,
         sms("nos están amenazando con machetes, tenemos miedo", "Tijuana",
             "no, es en Tapachula", "somos 7", "no, somos 8", "nadie herido", "guatemaltecos",
             "este")),
    conv("distress_language_switch", "starts in Spanish, switches to English mid-form",
         "+17135550145",
         sms("ayuda, hay un incendio en el edificio", "Houston",
             "sorry I speak English, we are four people on the third floor",
             "my son is 3 years old", "Salvadoran", "this number")),
    conv("distress_interrupts_assistance", "an assistance request interrupted by danger",
         "+17135550146",
         sms("perdí mi pasaporte", "soy hondureño",
             "ayuda, entraron a robar y nos están golpeando", "Houston", "somos 2", "no",
             "este")),

    # missing persons
    conv("missing_whatsapp_list_menu", "greeting, the menu as a WhatsApp list, 'Buscar' "
         "chosen; a 17-year-old cousin", "5215550100001",
         wa("hola")
         + [{"wa": {"interactive": {"type": "list_reply",
                                    "list_reply": {"id": "/missing_person", "title": "Buscar"}}}}]
         + wa("Se llama Kevin Alvarado", "17 años", "guatemalteco", "Tapachula", "el lunes",
              "soy su primo", "este")),
    conv("missing_en_sms_child", "a missing daughter of 9, in English by SMS", "+13055550147",
         sms("I can't find my daughter since the storm", "Her name is Ana Lucia Perez",
             "she is 9", "Honduran", "Miami", "yesterday at the shelter", "I am her mother",
             "this number")),
    conv("missing_fr_telegram", "a missing brother, in French on Telegram", 710004,
         tg("je cherche mon frère, je n'ai pas de nouvelles", "Il s'appelle Jean Baptiste Louis",
            "32 ans", "haïtien", "Santiago", "depuis samedi", "je suis sa sœur",
            "+56 9 5555 0148")),
    conv("missing_pt_twilio_whatsapp", "a missing husband, in Portuguese through Twilio "
         "WhatsApp", "+5511955550149",
         twa("estou procurando meu marido, ele desapareceu", "O nome dele é Carlos Souza",
             "45 anos", "venezuelano", "Boa Vista", "na quinta-feira", "sou a esposa dele",
             "esse número")),
    conv("missing_ht_sms_skips", "a missing uncle in Creole, the age and date not known",
         "+13055550150",
         sms("m ap chèche tonton mwen, li disparèt", "Li rele Pierre Joseph",
             "m pa konnen", "ayisyen", "Miami", "m pa konnen", "se tonton mwen", "nimewo sa a")),
    conv("missing_correction_age", "the missing child's age and place corrected",
         "+17135550151",
         sms("busco a mi hijo", "se llama Luis Fernando Gómez", "tiene 12 años",
             "no, tiene 13 años", "mexicano", "Houston", "no, en Tijuana", "anoche",
             "soy su papá", "este")),

    # consular assistance
    conv("assistance_ht_telegram_passport", "a passport lost in the flood (Creole, Telegram)",
         710005,
         tg("bonjou", "mwen pèdi paspò mwen nan inondasyon an", "ayisyen", "Santiago",
            "+56 9 5555 0123")),
    conv("assistance_es_twilio_whatsapp_lawyer", "unpaid wages: a lawyer, through Twilio "
         "WhatsApp, with a voice note", MX,
         twa("necesito un abogado, no me pagan")
         + [{"twa": "", "media": [VOICE_NOTE]}]
         + twa("soy guatemalteca", "Tapachula", "este")),
    conv("assistance_en_sms_repatriation", "going home, in English", "+17135550152",
         sms("I want to go back to my country, I need help with repatriation", "I'm Mexican",
             "Houston", "same number", "thanks, bye")),
    conv("assistance_pt_whatsapp_medical", "medical help in Portuguese on WhatsApp with a "
         "document", "5511955550153",
         wa("preciso de ajuda médica, meu filho está doente")
         + [{"wa": {"document": {"caption": "receita", "filename": "receita.pdf",
                                 "mime_type": "application/pdf", "sha256": "z", "id": "555"}}}]
         + wa("sou venezuelana", "São Paulo", "esse")),
    conv("assistance_fr_sms_shelter", "a shelter, in French by SMS", "+13055550154",
         sms("j'ai besoin d'un abri, nous dormons dans la rue", "je suis haïtien", "Miami",
             "ce numéro", "merci")),
    conv("assistance_telegram_pin_and_photo", "a Telegram pin answers 'where', a photo goes on "
         "the case", 710015,
         tg("perdí mis documentos en el incendio", "soy venezolano")
         + [{"tg": {"location": {"latitude": -33.4489, "longitude": -70.6693}}},
            {"tg": {"photo": [{"file_id": "AgAC-small", "file_unique_id": "s1", "width": 90,
                               "height": 67, "file_size": 1200}],
                    "caption": "mi pasaporte quemado"}}]
         + tg("+56 9 5555 0150")),
    conv("assistance_mms_photo_sms", "an MMS photo without words, then a documents request",
         "+17135550155",
         [{"sms": "", "media": [PHOTO]}]
         + sms("me robaron los documentos", "soy nicaragüense", "Houston", "este")),

    # information
    conv("information_es_consulate_houston", "where is Guatemala's consulate in Houston",
         "+17135550156",
         sms("donde queda el consulado de guatemala en houston", "gracias")),
    conv("information_en_telegram_shelters", "shelters and emergency numbers, asked step by "
         "step in English", 710006,
         tg("I need information", "Tapachula", "Honduran")),
    conv("information_unknown_place", "a place not in the directory", "+17135550157",
         sms("necesito información", "Chicago", "mexicano")),
    conv("information_pt_fr", "information in Portuguese, then in French", "+13055550158",
         sms("onde fica o consulado da Venezuela em São Paulo",
             "où se trouve le consulat d'Haïti à Miami")),

    # consular registration
    conv("registration_es_sms_accepted", "registration with every answer, consent given",
         "+17135550159",
         sms("quiero registrarme en el consulado", "soy guatemalteco", "Houston",
             "+17135550199", "mi hermana Rosa +50255501234", "somos 4", "sí, acepto")),
    conv("registration_en_whatsapp_this_one", "registration in English on WhatsApp: 'this one' "
         "and a skipped emergency contact", "5215550100160",
         wa("I want to register with my consulate", "I am Mexican", "Houston", "this one", "no",
            "2", "yes")),
    conv("registration_ht_telegram", "registration in Creole on Telegram", 710007,
         tg("m vle enskri nan konsila a", "mwen se ayisyen", "Miami", "+13055550177", "non",
            "nou 4", "wi")),
    conv("registration_fr_pt_sms", "registrations in French and in Portuguese, two senders",
         "+13055550197",
         sms("je veux m'inscrire au consulat", "je suis haïtien", "Miami", "+13055550197", "non",
             "nous sommes 3", "oui")
         + [{"sms": t, "from": "+13055550196"} for t in
            ["quero me registrar no consulado", "sou venezuelano", "Miami", "+13055550196",
             "prefiro não dizer", "somos 2", "sim"]]),
    conv("registration_refused", "registration answered to the end, consent refused: nothing "
         "kept", "+15055550101",
         sms("quiero registrarme", "soy hondureño", "Houston", "este", "no", "no", "no")),

    # the numbered menu, and what cannot be understood
    conv("menu_numbers_sms", "hello, the numbered menu, 2 for a missing person", "+17135550161",
         sms("hola", "2", "se llama Rosa María Tzul", "tiene 30 años", "guatemalteca",
             "Houston", "hace una semana", "es mi esposa", "este")),
    conv("menu_gibberish_then_3", "gibberish gets the menu, 3 is consular help", "+17135550162",
         sms("asdkj qwe zzz", "3", "necesito documentos", "salvadoreño", "Los Angeles", "este")),
    conv("unreadable_messages", "emoji, an empty message, invalid UTF-8, then a real message",
         "+17135550163",
         sms("🙏🙏🙏", "")
         + [{"sms_raw": "%FF%FE%FD"}]
         + sms("estoy a salvo, gracias")),
    conv("truncated_long_message", "a message over 4 kB is capped and answered",
         "+17135550164",
         [{"sms": "necesito ayuda con mis papeles porque los perdi en la inundacion ",
           "repeat": 80}]
         + sms("soy mexicano", "Houston", "este")),
    conv("menu_telegram_keyboard", "Telegram: hello gets an inline keyboard, 'safe' by button",
         710008,
         tg("hello")
         + [{"tg": {"callback": "/safe"}}]
         + tg("thanks")),

    conv("goodbye_in_form", "goodbye in the middle of a form, then hello again", "+17135550180",
         sms("busco a mi hermana", "se llama Ana Ruiz", "adiós", "hola", "6")),

    # safe check-ins
    conv("safe_checkin_companions", "safe, with the companions named", "+17135550165",
         sms("estamos bien, estoy con mi hermano Pedro y mi prima Ana en Houston",
             "gracias, adiós")),

    # opt-out and back
    conv("stop_start_es_sms", "BAJA, then silence whatever is written, then EMPEZAR",
         "+17135550166",
         sms("hola, buenas", "BAJA", "ayuda por favor, necesito un abogado", "EMPEZAR",
             "necesito un abogado")),
    conv("stop_start_en_telegram", "STOP and START in English on Telegram", 710009,
         tg("hello there", "STOP", "hello?", "START")),
    conv("stop_start_fr_whatsapp", "ARRÊTE and COMMENCER in French on WhatsApp",
         "5215550100167",
         wa("bonjour", "ARRÊTE", "bonjour", "COMMENCER")),
    conv("stop_start_pt_twilio_whatsapp", "PARE and COMEÇAR in Portuguese (Twilio WhatsApp)",
         "+5511955550168",
         twa("olá, bom dia", "PARE", "COMEÇAR", "obrigado")),
    conv("stop_in_form_ht_sms", "SISPANN in the middle of a distress form, KÒMANSE after",
         "+13055550169",
         sms("m bezwen èd tanpri, nou bloke nan dlo a", "Miami", "SISPANN", "èd",
             "KÒMANSE")),
    conv("stop_then_agent_and_follow_up", "after STOP an agent's reply and a case follow-up "
         "are not sent", "+17135550170",
         sms("perdí mi pasaporte", "soy guatemalteco", "Houston", "este", "BAJA")
         + [{"agent": "status", "status": "acknowledged", "reason": "leído",
             "follow_up": "Recibimos su caso, le llamamos mañana."},
            {"agent": "takeover", "channel": "sms"},
            {"agent": "reply", "text": "¿Sigue ahí?"},
            {"agent": "handback", "channel": "sms"}]
         + sms("EMPEZAR")),

    # erasure
    conv("erase_yes_es_sms", "an assistance case, then BORRAR and yes", "+17135550171",
         sms("perdí mi pasaporte, necesito documentos", "soy de Guatemala", "Houston", "este",
             "borrar mis datos", "sí", "hola")),
    conv("erase_no_en_telegram", "ERASE asked in English, then no", 710010,
         tg("I need a lawyer, my boss does not pay me", "I am Honduran", "Houston",
            "+17135550172", "erase my data", "no", "thanks")),
    conv("erase_after_registration", "a registrant erases their data", "+17135550173",
         sms("quiero registrarme en el consulado", "soy guatemalteco", "Houston", "este", "no",
             "somos 2", "sí", "BORRAR", "sí")),
    conv("erase_while_opted_out", "STOP, then EFFACER and oui while opted out", "+13055550174",
         sms("j'ai besoin d'un avocat", "STOP", "effacer mes données", "oui")),

    # a person, and agents
    conv("human_request_takeover_sms", "talk to a person; the agent takes over, the bot stays "
         "silent, the agent replies and hands back", "+17135550124",
         sms("quiero hablar con una persona")
         + [{"agent": "takeover", "channel": "sms"}]
         + sms("hola? sigue ahí")
         + [{"agent": "reply", "text": "Hola, soy Ana. ¿Dónde está?"}]
         + sms("en Houston, necesito un abogado")
         + [{"agent": "handback", "channel": "sms"}]
         + sms("gracias")),
    conv("human_request_in_form_whatsapp", "asking for a person in the middle of a form "
         "(WhatsApp): flagged, and the question asked again", "5215550100175",
         wa("busco a mi hermano", "se llama Mario López", "quiero hablar con una persona",
            "tiene 25 años")),
    conv("takeover_distress_telegram_stop", "an agent holds a distress conversation on "
         "Telegram; the person's STOP still stops", 710011,
         tg("help, the police are beating people at the shelter", "Tijuana")
         + [{"agent": "takeover", "channel": "telegram"},
            {"agent": "reply", "text": "I am Ana, an agent. Are you hurt?"}]
         + tg("yes a little", "STOP")
         + [{"agent": "reply", "text": "Are you there?"}]),

    # the phone line
    conv("voice_distress_by_speech", "a call in Spanish: danger said aloud, queued, nobody "
         "free, a voice message and its transcription", MX,
         [{"call": "dial"}, {"press": "1"},
          {"speak": "nos están atacando en la casa, mi hermano está herido"},
          {"voice": "wait"}, {"voice": "wait", "QueueTime": "130"}, {"voice": "handoff"},
          {"voice": "recording"}, {"voice": "transcription"}, {"voice": "hangup"}]),
    conv("voice_missing_person_english", "a missing daughter reported by phone in English",
         MX,
         [{"call": "dial"}, {"press": "2"}, {"press": "2"}, {"speak": "Maria Lopez Garcia"},
          {"press": "16#"}, {"speak": "she is from Honduras"}, {"speak": "Houston"},
          {"speak": "last Tuesday near the shelter"}, {"speak": "she is my daughter"},
          {"speak": "no thank you, goodbye"}, {"voice": "hangup"}]),
    conv("voice_language_menu_by_speech_and_silence", "the language said aloud, silence twice, "
         "then a person", "+5511955550176",
         [{"call": "dial"}, {"silence": True}, {"press": "7"}, {"speak": "português"},
          {"silence": True}, {"silence": True}, {"silence": True}, {"voice": "hangup"}]),
    conv("voice_withheld_number_assistance", "a withheld number: assistance, the contact "
         "asked by keypad", "+266696687",
         [{"call": "dial"}, {"press": "1"}, {"press": "3"},
          {"speak": "necesito un pasaporte nuevo"}, {"speak": "soy de Guatemala"},
          {"speak": "Houston"}, {"press": "0017135550199#"}, {"voice": "hangup"}]),
    conv("voice_creole_french_dropped", "Creole chosen, French spoken; a missing person begun, "
         "then the line drops", "+13055550177",
         [{"call": "dial"}, {"press": "5"}, {"press": "3"}, {"press": "2"},
          {"speak": "Jean Pierre"}, {"voice": "hangup"}]),
    conv("voice_erase_and_second_call", "by phone: erase asked, 2 is no; a second call, erase, "
         "1 is yes", "+17135550178",
         [{"call": "dial"}, {"press": "1"}, {"speak": "quiero borrar mis datos"}, {"press": "2"},
          {"speak": "necesito información"}, {"voice": "hangup"},
          {"call": "dial", "call_id": "2"}, {"press": "1", "call_id": "2"},
          {"speak": "quiero borrar mis datos", "call_id": "2"}, {"press": "1", "call_id": "2"}]),
    conv("voice_zero_for_a_person", "0 asks for a person; an agent answers", "+17135550179",
         [{"call": "dial"}, {"press": "2"}, {"press": "0"},
          {"voice": "handoff", "QueueResult": "bridged", "QueueTime": "40"},
          {"voice": "hangup"}]),
    conv("voice_withheld_distress_before_the_queue", "a withheld number in danger: the "
         "emergency number, one key for who is there, the city, a number by keypad, nobody "
         "free, two voice messages (one repeated)", "+266696687",
         [{"call": "dial"}, {"press": "1"}, {"speak": "ayuda por favor, estamos en peligro"},
          {"press": "1"}, {"speak": "estoy en Houston"}, {"press": "7135550199#"},
          {"voice": "handoff"}, {"voice": "recording"}, {"voice": "recording"},
          {"voice": "recording", "RecordingSid": "RE" + "7" * 32,
           "RecordingUrl": "https://api.twilio.com/Recordings/RE" + "7" * 32},
          {"voice": "hangup"}]),
    conv("voice_keys_and_goodbye", "only the options said answer a key; information, then 'no' "
         "to anything else ends the call", "+17135550180",
         [{"call": "dial"}, {"press": "2"}, {"press": "5"}, {"speak": "Houston"},
          {"speak": "I am from Guatemala"}, {"press": "1"}, {"silence": True}, {"press": "5"},
          {"speak": "Houston"}, {"speak": "no thanks"}, {"voice": "hangup"}]),

    # family tracing: the found person is asked first
    conv("tracing_consent_yes", "a mother asks on WhatsApp, her son checks in safe on Telegram; "
         "asked, he says yes; only then is she told", "5215550100001",
         wa("Busco a mi hijo José Luis Hernández García, tiene 17 años")
         + [{"tg": "Estoy bien, me llamo Pepe Hernandes y tengo 17 años", "from": 710012},
            {"match": "tell"}, {"match": "ask"},
            {"tg": "sí", "from": 710012},
            {"match": "tell"}]),
    conv("tracing_consent_no", "the same, but the son says no (2); an unrelated message first "
         "leaves the question open", "5215550100002",
         wa("Busco a mi hijo José Luis Hernández García, tiene 17 años")
         + [{"tg": "Estoy bien, me llamo Pepe Hernandes y tengo 17 años", "from": 710013},
            {"match": "ask"},
            {"tg": "donde hay un albergue en Tapachula", "from": 710013},
            {"tg": "2", "from": 710013},
            {"match": "tell"}]),

    # crisis alerts: a safety check and its answers
    conv("alert_safety_check_answers", "a safety check to three past contacts: 1 is safe, 2 "
         "needs help (a distress case, whose form goes on), a Creole 'safe' on Telegram",
         "+17135550001",
         sms("hola")
         + [{"sms": "hello", "from": "+17135550002"}, {"tg": "bonjou", "from": 710014},
            {"alert": SAFETY_CHECK},
            {"sms": "1"}, {"sms": "2", "from": "+17135550002"},
            {"tg": "mwen an sekirite", "from": 710014},
            {"sms": "the roof fell in, we are 3", "from": "+17135550002"}]),
    conv("alert_unrelated_message", "a safety check answered with an unrelated question, then "
         "'necesito ayuda'", "+17135550003",
         sms("hola")
         + [{"alert": SAFETY_CHECK}]
         + sms("donde queda el consulado de mexico en houston", "necesito ayuda")),
    conv("alert_warning_registrant_opted_out", "a warning to registrants: one opted out gets "
         "nothing", "+17135550004",
         sms("quiero registrarme en el consulado", "soy guatemalteco", "Houston", "este", "no",
             "somos 2", "sí")
         + [{"sms": t, "from": "+17135550005"} for t in ["hola", "BAJA"]]
         + [{"alert": {"kind": "warning", "texts": {"es": "Huracán: busque refugio.",
                                                   "en": "Hurricane: find shelter."}}}]),
]
# fmt: on


# Start-up costs, paid once per module instead of once per conversation.


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    """One fake provider for the module (stopping one takes half a second); only the outbox is
    recorded, never what the provider saw, so nothing of one conversation reaches another."""
    fake = FakeProvider().start()
    yield fake
    fake.stop()


_safe_load = yaml.safe_load
_parsed = functools.lru_cache(maxsize=16)(_safe_load)


def _parse_once(stream: Any) -> Any:
    return copy.deepcopy(_parsed(stream)) if isinstance(stream, str) else _safe_load(stream)


@pytest.fixture(autouse=True)
def quick_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each app parses intents/domain.yml again, which takes longer than the rest of its
    start-up: the same text gives the same data, so a copy of the first parse does. And its
    accounts hash a dummy password at full strength: passwords are not what is recorded."""
    monkeypatch.setattr(yaml, "safe_load", _parse_once)
    monkeypatch.setattr(
        "amparo.casework.accounts.PasswordHasher",
        functools.partial(PasswordHasher, time_cost=1, memory_cost=1024, parallelism=1),
        raising=False,
    )


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden") / "migrated.db"


@pytest.fixture
def golden_app(
    channel_settings: Settings,
    make_app: Callable[[Settings], TestClient],
    tmp_path: Path,
    template_db: Path,
) -> Iterator[TestClient]:
    """The whole app with its worker, on a fresh database; no recorded voice prompts. Alerts
    are not paced (1 SMS a second by default): what is sent is recorded, not when."""
    migrated_copy(template_db, tmp_path / "amparo.db")  # where channel_settings points
    settings = channel_settings.model_copy(
        update={"voice_recordings_dir": tmp_path / "recordings", "send_rate_sms_per_second": 0}
    )
    with make_app(settings) as client:
        yield client


def test_names_are_unique_and_every_recording_has_its_conversation() -> None:
    names = [c["name"] for c in CONVERSATIONS]
    assert len(names) == len(set(names))
    if not RECORD:
        assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(names)


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_golden_transcript(golden_app: TestClient, conversation: dict[str, Any]) -> None:
    now = dump(Player(golden_app, conversation).play())
    path = GOLDEN / f"{conversation['name']}.json"
    if RECORD:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(now, encoding="utf-8")
        return
    assert path.exists(), f"{path} is not recorded: run with GOLDEN_RECORD=1"
    recorded = path.read_text(encoding="utf-8")
    if now != recorded:
        diff = difflib.unified_diff(
            recorded.splitlines(keepends=True),
            now.splitlines(keepends=True),
            fromfile=f"recorded {path.name}",
            tofile="replayed now",
            n=4,
        )
        pytest.fail(
            f"'{conversation['name']}' ({conversation['about']}) changed "
            f"{where(json.loads(recorded), json.loads(now))}:\n" + "".join(diff),
            pytrace=False,
        )


def where(recorded: dict[str, Any], now: dict[str, Any]) -> str:
    """The first step whose outputs differ, to read the diff with."""
    for i, (old, new) in enumerate(zip(recorded["steps"], now["steps"], strict=False)):
        if old != new:
            return f"from step {i + 1}, {json.dumps(new['step'], ensure_ascii=False)}"
    return "at the end" if len(recorded["steps"]) == len(now["steps"]) else "in its steps"
