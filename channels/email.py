"""E-mail over SMTP, for notifying officials (escalations); people do not write to Amparo by
e-mail, so there are no webhooks: only `send`.

smtplib is blocking, so each send runs in a thread, one connection per message: notifications
are rare and a fresh connection cannot be left half-broken by an earlier failure.
"""

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from channels.base import (
    ChannelAdapter,
    Outcome,
    Outgoing,
    PayloadError,
    SendResult,
    SignatureError,
    WebhookRequest,
)
from channels.messages import DeliveryStatus, InboundMessage

CHANNEL = "email"
_SUBJECT_CHARS = 100


class EmailAdapter:
    """Sends each outgoing message as a plain-text e-mail through one SMTP server."""

    name = CHANNEL
    channels = (CHANNEL,)

    def __init__(
        self,
        host: str,
        sender: str,
        *,
        port: int = 587,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def verify(self, request: WebhookRequest) -> None:
        raise SignatureError("e-mail has no webhooks")

    def parse(self, request: WebhookRequest) -> list[InboundMessage]:
        raise PayloadError("e-mail has no inbound messages")

    def statuses(self, request: WebhookRequest) -> list[DeliveryStatus]:
        return []

    async def send(self, message: Outgoing) -> SendResult:
        return await asyncio.to_thread(self._send, message)

    def _send(self, message: Outgoing) -> SendResult:
        email = self._compose(message)
        # Until the transaction starts nothing can have been delivered: failures are retried.
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            return SendResult("retry", error=f"SMTP connection failed: {type(exc).__name__}")
        with smtp:
            try:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
            except smtplib.SMTPAuthenticationError as exc:
                return SendResult("failed", error=f"SMTP login refused: {exc.smtp_code}")
            except (OSError, smtplib.SMTPException) as exc:
                return SendResult("retry", error=f"SMTP session failed: {type(exc).__name__}")
            try:
                smtp.send_message(email)
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                return _refused(min(codes, default=550), "recipient refused")
            except smtplib.SMTPResponseException as exc:
                return _refused(exc.smtp_code, "message refused")
            except (OSError, smtplib.SMTPException) as exc:
                # The server may have taken the message before the connection broke.
                return SendResult("unknown", error=f"no answer from SMTP: {type(exc).__name__}")
        return SendResult("sent", provider_message_id=email["Message-ID"])

    def _compose(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        first_line = message.text.strip().splitlines()[0] if message.text.strip() else "Amparo"
        subject = first_line
        if len(subject) > _SUBJECT_CHARS:
            subject = subject[: _SUBJECT_CHARS - 1].rstrip() + "…"
        email["Subject"] = subject
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Date"] = formatdate(localtime=False)
        domain = parseaddr(self.sender)[1].rpartition("@")[2]
        email["Message-ID"] = make_msgid(domain=domain or None)
        email["Content-Language"] = message.language
        email.set_content(message.text)
        return email


def _refused(code: int, what: str) -> SendResult:
    """4xx is a temporary refusal (try again later), 5xx a permanent one."""
    outcome: Outcome = "retry" if 400 <= code < 500 else "failed"
    return SendResult(outcome, error=f"SMTP {code}: {what}")


_protocol: type[ChannelAdapter] = EmailAdapter  # mypy checks that it is a ChannelAdapter
