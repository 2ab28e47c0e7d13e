"""Amparo: settings, service assembly and the command line; the rooms below."""
