"""Bad input, generated: hypothesis feeds every channel parser payloads shaped like the real
ones and broken in every way, and schemathesis drives every endpoint of the OpenAPI schema.
Nothing may raise anything but the documented errors, and no response may be a 500."""

import json

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amparo.settings import Settings
from api.app import create_app
from channels.base import PayloadError, WebhookRequest
from channels.telegram import TelegramAdapter, make_bot
from channels.twilio import TwilioAdapter
from channels.twilio_voice import TwilioVoice
from channels.whatsapp import WhatsAppAdapter
from tests import signing
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import voice as vc
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD

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
