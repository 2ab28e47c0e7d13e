"""Canned replies: what agents often write, ready in the person's language.

Kept as data beside the bot's own responses (intents/canned_replies.yml), read again when the
file changes, and edited by supervisors in the console, which rewrites the file whole (a
temporary file renamed over it: a reader never sees half of it). Every edit is audited.
"""

import os
import re
import string
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

import yaml

from amparo.casework.audit import Audit
from amparo.casework.errors import Forbidden, Invalid
from bot.training import LANGUAGES
from data.models import User

PLACEHOLDERS = ("agent", "case_ref", "consulate", "consulate_phone")
EDITORS = ("supervisor", "admin")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_CHARS = 1000


@dataclass(frozen=True)
class CannedReply:
    id: str
    text: str  # in the language asked for, placeholders filled


def placeholders(text: str) -> set[str]:
    """The {names} in a text; Invalid if its braces are broken."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise Invalid(f"a canned reply has broken braces: {exc}", "broken_braces") from exc


def check(replies: Mapping[str, Mapping[str, str]]) -> None:
    """Invalid unless every id is a slug, every language known and every placeholder ours."""
    for reply_id, texts in replies.items():
        if not _ID.match(reply_id):
            raise Invalid(
                f"canned reply id {reply_id!r}: lowercase letters, digits and _", "bad_reply_id"
            )
        for language, text in texts.items():
            if language not in LANGUAGES:
                raise Invalid(
                    f"canned reply {reply_id}: unknown language {language!r}", "bad_language"
                )
            if len(text) > MAX_CHARS:
                raise Invalid(
                    f"canned reply {reply_id}: longer than {MAX_CHARS} characters",
                    "reply_too_long",
                    max=MAX_CHARS,
                )
            unknown = placeholders(text) - set(PLACEHOLDERS)
            if unknown:
                raise Invalid(
                    f"canned reply {reply_id}: unknown placeholder {sorted(unknown)}",
                    "bad_placeholder",
                    names=", ".join("{" + name + "}" for name in sorted(unknown)),
                )


class CannedReplies:
    def __init__(self, path: Path, audit: Audit) -> None:
        self.path = path
        self.audit = audit
        self._loaded: tuple[tuple[int, int], dict[str, dict[str, str]]] | None = None
        self.all()  # a broken file stops the start, with the reason

    def all(self) -> dict[str, dict[str, str]]:
        """Every reply by id, each a text per language (the file as it is now)."""
        found_file = self.path.stat() if self.path.exists() else None
        stamp = (found_file.st_mtime_ns, found_file.st_size) if found_file else (0, 0)
        if self._loaded is None or self._loaded[0] != stamp:
            raw = yaml.safe_load(self.path.read_text(encoding="utf-8")) if found_file else None
            found = {
                str(key): {str(lang): str(text) for lang, text in (texts or {}).items()}
                for key, texts in ((raw or {}).get("replies") or {}).items()
            }
            check(found)
            self._loaded = (stamp, found)
        return self._loaded[1]

    def offered(self, language: str | None, values: Mapping[str, str | None]) -> list[CannedReply]:
        """The replies in this language whose placeholders these values fill."""
        known = {name: value for name, value in values.items() if value}
        found = []
        for reply_id, texts in self.all().items():
            text = texts.get(language or "") or texts.get("es")
            if text and placeholders(text) <= known.keys():
                found.append(CannedReply(reply_id, text.format(**known)))
        return found

    def save(self, user: User, reply_id: str, texts: Mapping[str, str]) -> None:
        """Write one reply's texts (all empty: remove it); supervisors and admins only."""
        if user.role not in EDITORS:
            raise Forbidden("only supervisors and admins edit canned replies", "reply_editors_only")
        kept = {lang: text.strip() for lang, text in texts.items() if text.strip()}
        replies = dict(self.all())
        if kept:
            replies[reply_id] = kept
        else:
            replies.pop(reply_id, None)
        check({reply_id: kept})
        self._write(replies)
        self.audit.record(user, "edit_canned_reply", reply=reply_id, languages=sorted(kept))

    def _write(self, replies: Mapping[str, Mapping[str, str]]) -> None:
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        header = "".join(f"{line}\n" for line in takewhile(lambda x: x.startswith("#"), lines))
        body = yaml.safe_dump(
            {"replies": {k: dict(v) for k, v in replies.items()}},
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".yml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(header + body)
        os.replace(temporary, self.path)
        self._loaded = None  # read back at the next look, whatever the clock's resolution
