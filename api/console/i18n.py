"""The console's words in Spanish, English and French (Haitian desks), from gettext catalogues.

English is the source: templates say `_("Live queue")`, codes go through `labels.py`, and
api/console/locale/<lang>/LC_MESSAGES/console.po holds each other language (Babel: `make
messages` extracts and updates, `make compile-messages` compiles the .mo, which are committed).
The switch link's choice (a cookie) wins, then the user's `language`, then the browser's.
"""

import functools
import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from api.console.labels import ERRORS, LABELS

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "console"
LANGUAGES = ("es", "en", "fr")
NAMES = {"es": "Español", "en": "English", "fr": "Français"}
SOURCE = "en"  # the language of the msgids: no catalogue
# A refusal's params that are stored values, said as the console says them (by label group).
_LABELLED_PARAMS = {"from": "status", "to": "status", "match_status": "match"}


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; a missing one fails loudly, not in English."""
    if lang == SOURCE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE, [lang])


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else SOURCE
        self.catalogue = catalogue(self.lang)

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language, its %(name)s filled; a value that is markup (a
        <time>) stays markup, the rest of the message is escaped around it."""
        text = self.catalogue.gettext(message)
        if any(isinstance(v, Markup) for v in values.values()):
            return Markup.escape(text) % values
        return text % values if values else text

    def label(self, group: str, value: object) -> str:
        """The word for a stored value (a kind, a status, a channel), or the value itself."""
        message = LABELS.get(group, {}).get(str(value))
        return self(message) if message else str(value)

    def error(self, code: str, params: Mapping[str, Any] | None = None) -> str:
        """A refusal, by its code, in this language."""
        values = {
            name: self.label(_LABELLED_PARAMS[name], value) if name in _LABELLED_PARAMS else value
            for name, value in (params or {}).items()
        }
        message = ERRORS.get(code, ERRORS["refused"])
        try:
            return self(message, **values) if values else self(message)
        except (KeyError, TypeError):  # params that do not fit: the sentence still helps
            return self(ERRORS["refused"])

    def name(self, lang: str) -> str:
        return NAMES.get(lang, lang)


def pick_language(choice: str | None, preferred: str | None, accept: str) -> str:
    """The first of: the switch link's choice, the user's language, the browser's; else es."""
    for candidate in (choice, preferred):
        if candidate in LANGUAGES:
            return candidate
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "es"
