"""The channel adapters the settings switch on, by channel name."""

from amparo.settings import Settings, secret
from channels.base import ChannelAdapter
from channels.email import EmailAdapter
from channels.http import client as http_client
from channels.telegram import TelegramAdapter, make_bot
from channels.twilio import TwilioAdapter
from channels.whatsapp import WhatsAppAdapter


def build_adapters(settings: Settings) -> dict[str, ChannelAdapter]:
    """Channel name → adapter, for every channel whose credentials are set."""
    client = http_client(settings.send_timeout_seconds)
    adapters: list[ChannelAdapter] = []
    if settings.twilio_account_sid and settings.twilio_auth_token:
        status_url = (
            f"{settings.public_url.rstrip('/')}/webhooks/twilio/status"
            if settings.public_url
            else None
        )
        adapters.append(
            TwilioAdapter(
                settings.twilio_account_sid,
                secret(settings.twilio_auth_token),
                sms_from=settings.twilio_sms_from,
                whatsapp_from=settings.twilio_whatsapp_from,
                api_url=settings.twilio_api_url,
                status_callback=status_url,
                client=client,
            )
        )
    if settings.whatsapp_app_secret:
        adapters.append(
            WhatsAppAdapter(
                app_secret=secret(settings.whatsapp_app_secret),
                verify_token=secret(settings.whatsapp_verify_token),
                access_token=secret(settings.whatsapp_token),
                phone_number_id=settings.whatsapp_phone_number_id or "",
                api_url=settings.whatsapp_api_url,
                api_version=settings.whatsapp_api_version,
                client=client,
            )
        )
    if settings.telegram_bot_token:
        adapters.append(
            TelegramAdapter(
                make_bot(
                    secret(settings.telegram_bot_token),
                    settings.telegram_api_url,
                    settings.send_timeout_seconds,
                ),
                secret(settings.telegram_webhook_secret),
            )
        )
    if settings.smtp_host and settings.smtp_from:
        adapters.append(
            EmailAdapter(
                settings.smtp_host,
                settings.smtp_from,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=secret(settings.smtp_password) or None,
                starttls=settings.smtp_starttls,
                timeout=settings.send_timeout_seconds,
            )
        )
    return {channel: adapter for adapter in adapters for channel in adapter.channels}
