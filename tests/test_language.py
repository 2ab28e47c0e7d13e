"""Language identification on short, misspelled, unaccented messages, and the conversation prior."""

import pytest

CASES = [
    ("ayuda x favor", "es"),
    ("socorro", "es"),  # Spanish and Portuguese alike: the service's default language decides
    ("m bezwen èd", "ht"),
    ("m bezwen ed tanpri", "ht"),
    ("kote konsila a ye", "ht"),
    ("pitit mwen pedi", "ht"),
    ("please help us", "en"),
    ("my son is missing", "en"),
    ("aidez nous svp", "fr"),
    ("jai perdu mon passeport", "fr"),
    ("preciso de ajuda pfv", "pt"),
    ("cade o consulado", "pt"),
    ("estamos atrapados x el agua", "es"),
    ("onde fica o abrigo mais perto", "pt"),
    ("où est le consulat", "fr"),
    ("nou an sekirite", "ht"),
]


@pytest.mark.parametrize(("text", "language"), CASES, ids=[c[0] for c in CASES])
def test_identifies_language(nlu, text, language):
    assert nlu.language(text)[0] == language


@pytest.mark.parametrize(
    ("text", "prior"),
    [
        ("ok", "ht"),
        ("ok", "fr"),
        ("si", "pt"),
        ("no", "en"),
        ("1", "fr"),
        ("gracias", "es"),
        ("wi", "ht"),
    ],
)
def test_short_messages_keep_the_conversation_language(nlu, text, prior):
    assert nlu.language(text, prior)[0] == prior


@pytest.mark.parametrize(
    ("text", "prior", "language"),
    [
        ("mèsi anpil", "es", "ht"),
        ("muito obrigado pela ajuda", "en", "pt"),
        ("please help me my family is trapped", "es", "en"),  # long messages ignore the prior
    ],
)
def test_strong_evidence_overrides_the_prior(nlu, text, prior, language):
    assert nlu.language(text, prior)[0] == language
