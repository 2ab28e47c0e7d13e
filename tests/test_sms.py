"""SMS fitting: GSM-7 versus UCS-2 segments, folding to GSM-7, three segments at most."""

import pytest

from channels.sms import MAX_SEGMENTS, numbered, segments, sms_parts, split, to_gsm7


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters cost two septets
        ("€" * 81, 2),
        ("á" * 70, 1),  # UCS-2
        ("á" * 71, 2),
        ("🙏" * 35, 1),  # two UTF-16 units each
        ("🙏" * 36, 2),
    ],
)
def test_segments(text, count):
    assert segments(text) == count


@pytest.mark.parametrize(
    ("text", "gsm"),
    [
        ("¿Dónde estás?", "¿Donde estas?"),
        ("Nou kontan w an sekirite, mèsi.", "Nou kontan w an sekirite, mèsi."),  # è is GSM-7
        ("Você está em segurança", "Voce esta em seguranca"),  # GSM-7 has Ç but not ç
        ("“Ajuda” — já", '"Ajuda" - ja'),
        ("🙏 gracias", "🙏 gracias"),
    ],
)
def test_to_gsm7(text, gsm):
    assert to_gsm7(text) == gsm


def test_long_replies_split_into_messages_of_three_segments_at_most():
    text = "Refugio Demo Casa Esperanza, 200 Example Ave, Houston, +1 713 555 0150. " * 12
    parts = split(text)
    assert len(parts) > 1
    assert all(segments(p) <= MAX_SEGMENTS for p in parts)
    assert " ".join(parts).split() == to_gsm7(text).split()  # nothing lost


def test_a_single_huge_word_is_cut_not_dropped():
    parts = split("x" * 1000)
    assert all(segments(p) <= MAX_SEGMENTS for p in parts) and "".join(parts) == "x" * 1000


def test_menus_become_numbered_lines():
    assert numbered("Elige:", [("Peligro", "/distress"), ("Información", "/information")]) == (
        "Elige:\n1 Peligro\n2 Información"
    )
    assert sms_parts("Elige:", [("Información", "/information")]) == ["Elige:\n1 Informacion"]
