"""Real provider payloads, shaped as each provider documents them."""
