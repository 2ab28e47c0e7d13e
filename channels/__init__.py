"""Channel adapters, one module per provider, and the channel-neutral message types."""
