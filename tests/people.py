"""The people on both sides, for tests: accounts that log in, migrants who write on WhatsApp."""

import itertools
from typing import Any

from fastapi.testclient import TestClient

from tests import signing
from tests.conftest import settle
from tests.payloads import whatsapp as wa

PASSWORD = "correct horse battery staple"
_ids = itertools.count(1)


def service_of(client: TestClient) -> Any:
    return client.app.state.service  # type: ignore[attr-defined]


def add_user(client: TestClient, username: str, role: str, consulate: str | None = None) -> int:
    user = service_of(client).accounts.create_user(
        username, username.title(), PASSWORD, role, consulate
    )
    return int(user.id)


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Bearer headers for this user (OAuth2 password flow)."""
    response = client.post("/api/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def whatsapp(client: TestClient, text: str, wa_id: str = wa.WA_ID) -> None:
    """A migrant's WhatsApp message, signed as Meta signs it, handled before returning."""
    user_id = wa.USER_ID if wa_id == wa.WA_ID else f"MX.{wa_id}"  # one person, one id
    doc = wa.incoming(
        f"wamid.people{next(_ids)}",
        "text",
        {"body": text},
        sender=wa_id,
        wa_id=wa_id,
        user_id=user_id,
    )
    assert client.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
    settle(client)


def assistance_case(client: TestClient, wa_id: str = wa.WA_ID) -> None:
    """A Guatemalan in Houston who lost their passport: a case for gt-houston."""
    for text in ["perdí mi pasaporte, necesito documentos", "soy de Guatemala", "Houston", "este"]:
        whatsapp(client, text, wa_id)
