"""Family tracing: the people registry, matches and consent, PFIF import and export."""
