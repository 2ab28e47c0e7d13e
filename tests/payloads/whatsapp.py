"""WhatsApp Cloud API webhook notifications (JSON as Meta posts it)."""

from typing import Any

PHONE_ID = "106540352242922"
WA_ID = "5215550100001"
USER_ID = "MX.13491208655302741918"


def notification(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550783881",
                                "phone_number_id": PHONE_ID,
                            },
                            **value,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def contact(
    name: str = "Rosa", user_id: str | None = USER_ID, wa_id: str | None = WA_ID
) -> dict[str, Any]:
    out: dict[str, Any] = {"profile": {"name": name}}
    if wa_id:
        out["wa_id"] = wa_id
    if user_id:
        out["user_id"] = user_id
    return out


def message(
    mid: str, kind: str, body: dict[str, Any], sender: str | None = WA_ID
) -> dict[str, Any]:
    out = {"id": mid, "timestamp": "1763900000", "type": kind, kind: body}
    if sender:
        out["from"] = sender
    return out


def incoming(mid: str, kind: str, body: dict[str, Any], **who: Any) -> dict[str, Any]:
    sender = who.pop("sender", WA_ID)
    return notification(
        {"contacts": [contact(**who)], "messages": [message(mid, kind, body, sender)]}
    )


def status(wamid: str, state: str, recipient: str = WA_ID) -> dict[str, Any]:
    """A delivery report (sent, delivered, read) for a message we sent."""
    return notification(
        {"statuses": [{"id": wamid, "status": state, "timestamp": "2", "recipient_id": recipient}]}
    )


TEXT = incoming(
    "wamid.HBgNNTIxNTU1MDEwMDAwMRUCABIYFjNFQjBDMDlBQjdBNEQ4RjZGNjk3AA==",
    "text",
    {"body": "busco a mi hermano, no se nada de el"},
)
BUTTON_REPLY = incoming(
    "wamid.btn1",
    "interactive",
    {"type": "button_reply", "button_reply": {"id": "/missing_person", "title": "Buscar persona"}},
)
LIST_REPLY = incoming(
    "wamid.list1",
    "interactive",
    {"type": "list_reply", "list_reply": {"id": "/human", "title": "Hablar con alguien"}},
)
LOCATION = incoming(
    "wamid.loc1",
    "location",
    {"latitude": 29.7604, "longitude": -95.3698, "name": "Shelter", "address": "Houston"},
)
IMAGE = incoming(
    "wamid.img1",
    "image",
    {
        "caption": "asi quedo la casa",
        "mime_type": "image/jpeg",
        "sha256": "abc",
        "id": "1266040004424012",
    },
)
AUDIO = incoming(
    "wamid.aud1",
    "audio",
    {"mime_type": "audio/ogg; codecs=opus", "sha256": "def", "id": "1234567890", "voice": True},
)
DOCUMENT = incoming(
    "wamid.doc1",
    "document",
    {
        "caption": "mi pasaporte",
        "filename": "pasaporte.pdf",
        "mime_type": "application/pdf",
        "sha256": "ghi",
        "id": "555",
    },
)
USERNAME_ONLY = incoming("wamid.user1", "text", {"body": "hola"}, sender=None, wa_id=None)
REACTION = incoming("wamid.react1", "reaction", {"message_id": "wamid.x", "emoji": "🙏"})

STATUS_READ = notification(
    {
        "statuses": [
            {
                "id": "wamid.sent1",
                "status": "read",
                "timestamp": "1763900100",
                "recipient_id": WA_ID,
            }
        ]
    }
)
STATUS_FAILED = notification(
    {
        "statuses": [
            {
                "id": "wamid.sent2", "status": "failed", "timestamp": "1763900100", "recipient_id": WA_ID,
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
            }
        ]
    }
)  # fmt: skip
