"""Channel adapters, one module per provider, and the channel-neutral message types."""

import logging

# httpx logs every request URL at INFO, and Telegram's URLs carry the bot token.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)
