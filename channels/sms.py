"""Fitting replies to SMS: numbered menus instead of buttons, GSM-7 where possible, and at most
three segments per message (longer replies are split at sentence or word boundaries)."""

import unicodedata

# GSM 03.38 basic character set, and the extension set (each costs two septets).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")
MAX_SEGMENTS = 3


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


def to_gsm7(text: str) -> str:
    """Replace characters GSM-7 lacks by their closest letter (á→a, ê→e, “→"), where one exists.

    Keeps a Spanish or Kreyòl reply in 160-character segments instead of 70; characters with
    no plain equivalent (emoji, other scripts) are kept, and the message goes as UCS-2.
    """
    out = []
    for ch in text:
        if ch in _GSM_BASIC or ch in _GSM_EXTENDED:
            out.append(ch)
            continue
        swapped = {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "..."}.get(ch)
        if swapped is None:
            base = unicodedata.normalize("NFD", ch)[0]
            swapped = base if base in _GSM_BASIC else ch
        out.append(swapped)
    return "".join(out)


def segments(text: str) -> int:
    """How many SMS segments `text` takes (GSM-7: 160/153 septets; UCS-2: 70/67 units)."""
    if is_gsm7(text):
        units = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if units <= single:
        return 1
    return -(-units // multi)


def split(text: str, max_segments: int = MAX_SEGMENTS) -> list[str]:
    """`text` as one or more messages of at most `max_segments` segments each."""
    text = to_gsm7(text)
    if segments(text) <= max_segments:
        return [text]
    parts: list[str] = []
    current = ""
    for piece in _pieces(text):
        candidate = f"{current} {piece}".strip() if current else piece
        if segments(candidate) <= max_segments:
            current = candidate
            continue
        if current:
            parts.append(current)
        while segments(piece) > max_segments:  # one piece too long on its own: cut it
            cut = _longest_prefix(piece, max_segments)
            parts.append(piece[:cut].rstrip())
            piece = piece[cut:].lstrip()
        current = piece
    if current:
        parts.append(current)
    return parts


def sms_parts(text: str, buttons: list[tuple[str, str]]) -> list[str]:
    """A reply as the SMS messages to send: menu numbered, GSM-7 folded, three segments each."""
    return split(numbered(text, buttons))


def numbered(text: str, buttons: list[tuple[str, str]]) -> str:
    """A menu for channels without buttons: 'Choose a number:\\n1 Danger\\n2 …'."""
    if not buttons:
        return text
    lines = [f"{n} {title}" for n, (title, _) in enumerate(buttons, 1)]
    return "\n".join([text, *lines])


def _pieces(text: str) -> list[str]:
    """Sentences (and menu lines), the units a split should keep whole."""
    pieces, current = [], ""
    for ch in text:
        current += ch
        if ch in ".!?\n" and current.strip():
            pieces.append(current.strip())
            current = ""
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _longest_prefix(text: str, max_segments: int) -> int:
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if segments(text[:mid]) <= max_segments:
            low = mid
        else:
            high = mid - 1
    space = text.rfind(" ", 0, low)
    return space if space > low // 2 else low
