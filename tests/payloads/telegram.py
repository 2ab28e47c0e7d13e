"""Telegram Bot API updates (JSON as Telegram posts it)."""

from typing import Any

CHAT = 1111111
USER = {"id": CHAT, "is_bot": False, "first_name": "Jean", "language_code": "fr"}


def update(update_id: int, **message: Any) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id - 10000,
            "from": USER,
            "chat": {"id": CHAT, "first_name": "Jean", "type": "private"},
            "date": 1763900000,
            **message,
        },
    }


TEXT = update(10001, text="m bezwen èd tanpri, nou bloke nan dlo a")
LOCATION = update(10002, location={"latitude": -33.4489, "longitude": -70.6693})
PHOTO = update(
    10003,
    photo=[
        {
            "file_id": "AgAC-small",
            "file_unique_id": "s1",
            "width": 90,
            "height": 67,
            "file_size": 1200,
        },
        {
            "file_id": "AgAC-large",
            "file_unique_id": "l1",
            "width": 1280,
            "height": 960,
            "file_size": 98000,
        },
    ],
    caption="lakay mwen",
)
VOICE = update(
    10004,
    voice={
        "file_id": "AwAC-voice",
        "file_unique_id": "v1",
        "duration": 4,
        "mime_type": "audio/ogg",
    },
)
CALLBACK = {
    "update_id": 10005,
    "callback_query": {
        "id": "4382bfdwdsb323b2d9",
        "from": USER,
        "chat_instance": "-7321",
        "data": "/distress",
        "message": {
            "message_id": 77,
            "from": {"id": 4242, "is_bot": True, "first_name": "Amparo"},
            "chat": {"id": CHAT, "type": "private"},
            "date": 1763900000,
            "text": "Choose a number:",
        },
    },
}
MEMBER_UPDATE = {
    "update_id": 10006,
    "my_chat_member": {
        "chat": {"id": CHAT, "type": "private"},
        "from": USER,
        "date": 1763900000,
        "old_chat_member": {
            "status": "member",
            "user": {"id": 4242, "is_bot": True, "first_name": "Amparo"},
        },
        "new_chat_member": {
            "status": "kicked",
            "until_date": 0,
            "user": {"id": 4242, "is_bot": True, "first_name": "Amparo"},
        },
    },
}
