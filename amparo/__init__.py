"""Amparo: composition root (settings, service assembly, command line)."""
