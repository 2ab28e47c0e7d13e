"""Telegram Bot API through python-telegram-bot, behind Amparo's own webhook route.

Inbound: updates checked with X-Telegram-Bot-Api-Secret-Token and parsed with
`telegram.Update`. Outbound: `telegram.Bot`, with inline keyboards for menus.
"""

from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from channels.base import (
    ChannelAdapter,
    Outgoing,
    PayloadError,
    SendResult,
    SignatureError,
    WebhookRequest,
    json_body,
    same_secret,
)
from channels.messages import DeliveryStatus, InboundMessage, Location, Media

CHANNEL = "telegram"
_LANGUAGES = ("es", "en", "fr", "pt", "ht")


def make_bot(token: str, api_url: str = "https://api.telegram.org", timeout: float = 10.0) -> Bot:
    """A Bot talking to `api_url` (Telegram, a local Bot API server, or a test fake)."""
    base = api_url.rstrip("/")
    request = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout)
    return Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot", request=request)


class TelegramAdapter:
    """Telegram, through python-telegram-bot."""

    name = CHANNEL
    channels = (CHANNEL,)

    def __init__(self, bot: Bot, webhook_secret: str) -> None:
        self.bot = bot
        self.webhook_secret = webhook_secret

    def verify(self, request: WebhookRequest) -> None:
        token = request.header("X-Telegram-Bot-Api-Secret-Token") or ""
        if not same_secret(token, self.webhook_secret):
            raise SignatureError("X-Telegram-Bot-Api-Secret-Token does not match")

    def acknowledgement(self, request: WebhookRequest) -> dict[str, Any] | None:
        """The webhook's answer when it should carry a Bot API call: a pressed inline button
        is answered at once (Telegram runs a method sent back in the webhook response), so
        the person's button stops spinning without another request."""
        try:
            query = json_body(request.body).get("callback_query") or {}
        except (PayloadError, AttributeError):
            return None
        if not isinstance(query, dict) or not query.get("id"):
            return None
        return {"method": "answerCallbackQuery", "callback_query_id": str(query["id"])}

    def parse(self, request: WebhookRequest) -> list[InboundMessage]:
        try:
            data = json_body(request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(data, self.bot)
        # RecursionError: replies nested in replies, deeper than the library reads
        except (AttributeError, KeyError, TypeError, ValueError, RecursionError) as exc:
            raise PayloadError("body is not a Telegram Update") from exc
        query = update.callback_query
        message = update.message or update.edited_message
        user: User | None
        media: tuple[Media, ...]
        if query and query.message:
            chat_id, user, text = query.message.chat.id, query.from_user, query.data or ""
            media, location = (), None
        elif message:
            chat_id, user, text = (
                message.chat.id,
                message.from_user,
                message.text or message.caption or "",
            )
            media = _media(message)
            location = (
                Location(message.location.latitude, message.location.longitude)
                if message.location
                else None
            )
        else:  # channel posts, member updates and the like: nothing a person asked
            return []
        language = (user.language_code or "")[:2] if user else ""
        return [
            InboundMessage(
                channel=CHANNEL,
                sender=str(chat_id),
                text=text,
                media=media,
                location=location,
                language_hint=language if language in _LANGUAGES else None,
                provider_message_id=str(update.update_id),
                sender_name=user.first_name if user else None,
            )
        ]

    def statuses(self, request: WebhookRequest) -> list[DeliveryStatus]:
        return []  # Telegram reports delivery in the answer to sendMessage

    async def send(self, message: Outgoing) -> SendResult:
        markup = None
        if message.buttons:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(title, callback_data=payload[:64])]
                    for title, payload in message.buttons
                ]
            )
        try:
            sent = await self.bot.send_message(
                chat_id=int(message.recipient), text=message.text[:4096], reply_markup=markup
            )
        except RetryAfter as exc:
            retry = exc.retry_after  # seconds today, a timedelta from PTB 23: both handled
            seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            return SendResult("retry", error="Telegram flood control", retry_after=seconds)
        except TimedOut:
            # python-telegram-bot #1045: a send retried after a timeout can deliver twice.
            return SendResult("unknown", error="no answer from Telegram after sending")
        except (Forbidden, BadRequest) as exc:
            return SendResult(
                "failed", error=f"Telegram: {exc.message}", opted_out=isinstance(exc, Forbidden)
            )
        except NetworkError as exc:
            return SendResult("retry", error=f"Telegram network error: {exc.message}")
        except TelegramError as exc:
            return SendResult("failed", error=f"Telegram: {exc.message}")
        return SendResult("sent", provider_message_id=f"{sent.chat_id}:{sent.message_id}")


def _media(message: object) -> tuple[Media, ...]:
    photo = getattr(message, "photo", None)
    voice = getattr(message, "voice", None)
    document = getattr(message, "document", None)
    if photo:
        return (Media(f"telegram-file:{photo[-1].file_id}", "image/jpeg"),)
    if voice:
        return (Media(f"telegram-file:{voice.file_id}", voice.mime_type or "audio/ogg"),)
    if document:
        return (
            Media(
                f"telegram-file:{document.file_id}",
                document.mime_type or "application/octet-stream",
            ),
        )
    return ()


async def set_webhook(bot: Bot, url: str, secret: str) -> bool:
    """Register Amparo's webhook with Telegram, with the secret it must echo."""
    async with bot:
        return await bot.set_webhook(
            url=url,
            secret_token=secret,
            allowed_updates=["message", "edited_message", "callback_query"],
        )


_protocol: type[ChannelAdapter] = TelegramAdapter  # mypy checks that it is a ChannelAdapter
