"""Amparo's conversational core: NLU, dialogue, forms and cases. Channel-blind."""
