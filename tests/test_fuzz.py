"""Bad input, generated: hypothesis feeds every channel parser payloads shaped like the real
ones and broken in every way, and schemathesis drives every endpoint of the OpenAPI schema.
Nothing may raise anything but the documented errors, and no response may be a 500."""

import json
import xml.etree.ElementTree as ET

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amparo.settings import ROOT, Settings
from amparo.tracing.pfif import PfifError, parse_xml
from api.app import create_app
from channels.base import PayloadError, SignatureError, WebhookRequest
from channels.telegram import TelegramAdapter, make_bot
from channels.twilio import TwilioAdapter
from channels.twilio_voice import TwilioVoice
from channels.whatsapp import WhatsAppAdapter
from data.reference_files import ReferenceDataError
from data.voice import Recordings
from tests import signing
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import voice as vc
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD, add_user, login

TWILIO = TwilioAdapter(
    signing.TWILIO_SID, signing.TWILIO_TOKEN, sms_from="+15005550006", whatsapp_from="+14155238886"
)
VOICE = TwilioVoice(signing.TWILIO_TOKEN)
WHATSAPP = WhatsAppAdapter(
    app_secret="s", verify_token="v", access_token="t", phone_number_id=wa.PHONE_ID
)
TELEGRAM = TelegramAdapter(make_bot(signing.TELEGRAM_TOKEN, "http://127.0.0.1:9"), "secret")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


def mutated(real: dict) -> st.SearchStrategy[dict]:
    """A real payload with some fields dropped, some replaced by anything."""
    keys = sorted(real)
    return st.builds(
        lambda drop, swap: {
            k: (swap[k] if k in swap else v) for k, v in real.items() if k not in drop
        },
        st.sets(st.sampled_from(keys)),
        st.dictionaries(st.sampled_from(keys), json_values, max_size=4),
    )


def as_form(params: dict) -> WebhookRequest:
    form = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return WebhookRequest("POST", "https://x/hook", {}, b"", form=form)


def as_body(doc: object) -> WebhookRequest:
    return WebhookRequest("POST", "https://x/hook", {}, json.dumps(doc).encode())


def only_documented_errors(call, request: WebhookRequest) -> None:  # noqa: ANN001
    try:
        call(request)
    except PayloadError:
        pass


@FUZZ
@given(st.one_of(mutated(tw.SMS_TEXT), mutated(tw.WHATSAPP_TEXT), mutated(tw.SMS_MMS_PHOTO)))
def test_twilio_messages(params: dict) -> None:
    only_documented_errors(TWILIO.parse, as_form(params))
    only_documented_errors(TWILIO.statuses, as_form(params))


@FUZZ
@given(mutated(vc.INCOMING_CALL))
def test_twilio_calls(params: dict) -> None:
    only_documented_errors(VOICE.parse, as_form(params))


@FUZZ
@given(st.one_of(mutated(wa.TEXT), mutated(wa.LOCATION), mutated(wa.STATUS_READ), json_values))
def test_whatsapp_notifications(doc: object) -> None:
    only_documented_errors(WHATSAPP.parse, as_body(doc))
    only_documented_errors(WHATSAPP.statuses, as_body(doc))


@FUZZ
@given(
    st.one_of(
        mutated(wa.TEXT["entry"][0]["changes"][0]["value"]["messages"][0]),
        mutated(wa.IMAGE["entry"][0]["changes"][0]["value"]["messages"][0]),
    )
)
def test_whatsapp_messages_inside_a_valid_envelope(message: dict) -> None:
    doc = json.loads(json.dumps(wa.TEXT))
    doc["entry"][0]["changes"][0]["value"]["messages"] = [message]
    only_documented_errors(WHATSAPP.parse, as_body(doc))


@FUZZ
@given(st.one_of(mutated(tg.update(1, text="hola")), json_values))
def test_telegram_updates(doc: object) -> None:
    only_documented_errors(TELEGRAM.parse, as_body(doc))


@FUZZ
@given(st.binary(max_size=200))
def test_raw_bytes_anywhere(raw: bytes) -> None:
    request = WebhookRequest("POST", "https://x/hook", {}, raw)
    for parse in (WHATSAPP.parse, TELEGRAM.parse, WHATSAPP.statuses):
        only_documented_errors(parse, request)


# issue 14's shapes, each of which once raised a 500: generated here, and sent over HTTP below

# "[[[[…]]]]" or {"a": {"a": …}} as deep as a megabyte allows (Python's json gives up near 1,000)
nested = st.builds(
    lambda depth, brace: (
        (b'{"a":' * depth + b"1" + b"}" * depth) if brace else (b"[" * depth + b"]" * depth)
    ),
    st.integers(1, 200_000),
    st.booleans(),
)
headers_any_text = st.text(max_size=80)  # non-ASCII: compare_digest raised TypeError on str


def envelope(inner: bytes) -> bytes:
    """A nested document inside an otherwise valid WhatsApp notification."""
    return (
        b'{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages",'
        b'"value":{"messages":[' + inner + b"]}}]}]}"
    )


def status_with_errors(errors: object) -> bytes:
    doc = json.loads(json.dumps(wa.STATUS_FAILED))
    doc["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"] = errors
    return json.dumps(doc).encode()


@FUZZ
@given(headers_any_text)
def test_secrets_in_any_text_are_refused_not_crashed(given_secret: str) -> None:
    assume(given_secret not in ("v", "secret"))  # the adapters' own secrets, above
    for request, adapter in [
        (WebhookRequest("POST", "https://x/hook", {"x-hub-signature-256": given_secret}, b"{}"),
         WHATSAPP),
        (WebhookRequest("GET", "https://x/hook", {}, b"",
                        query={"hub.mode": "subscribe", "hub.verify_token": given_secret}),
         WHATSAPP),
        (WebhookRequest("POST", "https://x/hook",
                        {"x-telegram-bot-api-secret-token": given_secret}, b"{}"), TELEGRAM),
        (WebhookRequest("POST", "https://x/hook", {"x-twilio-signature": given_secret}, b""),
         TWILIO),
        (WebhookRequest("POST", "https://x/hook", {"x-twilio-signature": given_secret}, b""),
         VOICE),
    ]:  # fmt: skip
        with pytest.raises(SignatureError):
            adapter.verify(request)


@FUZZ
@given(st.one_of(nested, nested.map(envelope)))
def test_deeply_nested_json(raw: bytes) -> None:
    request = WebhookRequest("POST", "https://x/hook", {}, raw)
    for parse in (WHATSAPP.parse, WHATSAPP.statuses, TELEGRAM.parse):
        only_documented_errors(parse, request)
    TELEGRAM.acknowledgement(request)


@FUZZ
@given(st.one_of(json_values, st.lists(json_values, max_size=3)))
def test_whatsapp_status_errors_of_any_shape(errors: object) -> None:
    only_documented_errors(WHATSAPP.statuses, as_body(json.loads(status_with_errors(errors))))


RECORDINGS = Recordings(ROOT / "data" / "recordings", "https://x/voice/recordings")


@FUZZ
@given(st.text(max_size=12), st.text(max_size=20) | st.text(max_size=8).map(lambda t: t + ".mp3"))
def test_recording_paths_of_any_text(language: str, filename: str) -> None:
    try:
        RECORDINGS.file(language, filename)
    except ReferenceDataError:
        pass


codecs = st.sampled_from(
    ["utf-7", "UTF-7", "utf-16", "utf-32", "cp1252", "iso-2022-jp", "shift_jis", "x-nope", ""]
)


@FUZZ
@given(st.one_of(codecs, st.text(max_size=12)), st.binary(max_size=60))
def test_pfif_declaring_any_encoding(encoding: str, tail: bytes) -> None:
    head = f'<?xml version="1.0" encoding="{encoding}"?>'.encode("utf-8", "surrogatepass")
    for data in (head + b'<pfif xmlns="http://zesty.ca/pfif/1.4"/>', head + tail):
        try:
            parse_xml(data)
        except PfifError:
            pass


def test_issue_14_shapes_over_http_get_a_clear_4xx(live: TestClient) -> None:
    """Each of these once answered 500; now each is refused, saying why."""
    deep = b"[" * 100_000 + b"]" * 100_000
    deep_update = b'{"update_id": 1, "message": ' + b'{"reply_to_message": ' * 900 + b"{}"
    deep_update += b"}" * 901
    cases = {
        "telegram-non-ascii-secret": live.post(
            "/webhooks/telegram",
            content=json.dumps(tg.TEXT).encode(),
            headers={"X-Telegram-Bot-Api-Secret-Token": "sécret".encode()},
        ),
        "whatsapp-non-ascii-signature": live.post(
            "/webhooks/whatsapp",
            content=json.dumps(wa.TEXT).encode(),
            headers={"X-Hub-Signature-256": "sha256=é".encode()},
        ),
        "whatsapp-non-ascii-verify-token": live.get(
            "/webhooks/whatsapp",
            params={"hub.mode": "subscribe", "hub.verify_token": "é", "hub.challenge": "1"},
        ),
        "recording-with-nul": live.get("/voice/recordings/es/welcome%00.mp3"),
        "whatsapp-deep-json": live.post("/webhooks/whatsapp", **signing.whatsapp(deep)),
        "whatsapp-deep-message": live.post(
            "/webhooks/whatsapp", **signing.whatsapp(envelope(deep))
        ),
        "telegram-deep-json": live.post("/webhooks/telegram", **signing.telegram(deep)),
        "telegram-deep-replies": live.post("/webhooks/telegram", **signing.telegram(deep_update)),
        "whatsapp-status-errors-not-objects": live.post(
            "/webhooks/whatsapp", **signing.whatsapp(status_with_errors(["131047"]))
        ),
    }
    voice = "/webhooks/twilio/voice"
    cases["voice-non-ascii-signature"] = live.post(
        voice, data=vc.INCOMING_CALL, headers={"X-Twilio-Signature": "é".encode()}
    )
    nul_call = {**vc.INCOMING_CALL, "CallSid": "CA\x00", "From": "+1\x00"}
    nul_answer = live.post(voice, **signing.twilio(voice, nul_call))
    assert nul_answer.status_code == 200, nul_answer.text  # the caller hears something
    assert ET.fromstring(nul_answer.text).tag == "Response"  # valid TwiML
    add_user(live, "sara", "supervisor")
    utf7 = b'<?xml version="1.0" encoding="utf-7"?><pfif xmlns="http://zesty.ca/pfif/1.4"/>'
    cases["pfif-utf-7"] = live.post(
        "/api/pfif/import",
        content=utf7,
        headers={**login(live, "sara"), "Content-Type": "application/xml"},
    )
    expected = {
        "telegram-non-ascii-secret": 403,
        "whatsapp-non-ascii-signature": 403,
        "whatsapp-non-ascii-verify-token": 403,
        "recording-with-nul": 404,
        "whatsapp-deep-json": 400,
        "whatsapp-deep-message": 400,
        "telegram-deep-json": 400,
        "telegram-deep-replies": 400,
        "whatsapp-status-errors-not-objects": 400,
        "pfif-utf-7": 422,
        "voice-non-ascii-signature": 403,
    }
    assert {name: r.status_code for name, r in cases.items()} == expected, {
        name: r.text[:200] for name, r in cases.items()
    }
    assert all(r.json()["detail"] for r in cases.values())


# the whole HTTP API, from its OpenAPI schema

# The event stream never ends by design, and logging out would end the fuzzer's own session.
SCHEMA = (
    schemathesis.openapi.from_dict(create_app(Settings()).openapi())
    .exclude(path="/api/events")
    .exclude(path="/api/auth/logout")
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, nlu, responses, directory, lexicon, migrate):  # noqa: ANN001, ANN201
    """One app for every generated request (with an admin logged in), worker running."""
    from tests.conftest import make_service

    root = tmp_path_factory.mktemp("fuzz")
    settings = Settings(
        database_url=f"sqlite:///{root / 'amparo.db'}", model_path=root / "m.pkl", secret_key="t"
    )
    service = make_service(settings, nlu, responses, directory, lexicon, migrate)
    with TestClient(create_app(settings, service)) as client:
        service.accounts.create_user("fuzz", "Fuzz", PASSWORD, "admin")
        token = client.post("/api/auth/token", data={"username": "fuzz", "password": PASSWORD})
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client


@SCHEMA.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_endpoint_answers_500(case, api: TestClient) -> None:  # noqa: ANN001
    request = case.as_transport_kwargs(base_url=str(api.base_url))
    request.pop("base_url", None)
    response = api.request(**request)
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
