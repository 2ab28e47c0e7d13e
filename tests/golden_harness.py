"""Golden transcripts: a small interpreter that plays a conversation, given as data, through the
whole app (signed webhooks, the phone line, the API) and records what can be observed.

A conversation is a dict: `name`, `about`, `from` (the default sender) and `steps`. Each step
is a dict with one action key (the other keys modify it):

    {"sms": "text"}                      an SMS through Twilio (from the conversation's sender;
                                         "repeat": n sends the text n times over)
    {"sms": "", "media": [[url, type]]}  an MMS (also with "twa")
    {"sms_raw": "%FF%FE"}                an SMS whose Body is these raw percent-encoded bytes
    {"twa": "text"}                      WhatsApp through Twilio
    {"twa": "", "location": {...}}       a WhatsApp pin through Twilio (latitude, longitude,
                                         label, address)
    {"wa": "text"} / {"wa": {kind: body}}  WhatsApp Cloud API (text, interactive, location,
                                         image, audio, document: Meta's message bodies)
    {"tg": "text"} / {"tg": {...}}       Telegram (a dict is merged into the message: location,
                                         photo, caption…; {"callback": "/distress"} presses a
                                         button)
    {"call": "dial"}                     a phone call starts (CallSid from the conversation name)
    {"press": "1#"} {"speak": "…"} {"silence": true}   answers to the last <Gather>
    {"voice": "wait" | "handoff" | "recording" | "transcription" | "hangup", ...fields}
    {"agent": "takeover" | "reply" | "handback", "channel": …, "text": …}   an agent, by the
                                         API (the conversation is found in the takeover queue,
                                         else by its case; "channel" defaults to the one held,
                                         else sms)
    {"agent": "status", "status": …, "reason": …, "follow_up": …}          on the first case
                                         the API lists
    {"alert": {...}}                     a supervisor's POST /api/alerts
    {"match": "ask" | "tell" | "reject"} an agent acting on the best match GET /api/matches lists

Any step may say "from" to write as someone else. Every step is settled (the worker handled
the message and every due reply left) before its outputs are read.

What is recorded, per step: the HTTP status, the TwiML for voice steps (one line per element)
or the API's essential answer, and the new outbox rows in id order (to, text, buttons,
language, after_opt_out, bulk, status, error). At the end: the cases with their events, safe
check-ins, people and matches (rows of the store); alerts with their progress and the takeover
queue (from the API); and whether each sender is opted out (Store.is_opted_out). Nothing else
is read: never a Conversation row, never the core itself, which may change shape freely.

Normalised, because they are random or depend on the clock or on insertion counts elsewhere:
case references (AMP-XXXXXX → AMP-1, AMP-2 in order of first appearance in the whole record;
spelled on the phone, "A M P, X X X X X X" → "A M P, 1"),
database ids (any int under a key `id` or `*_id` → "<id>"; links between rows are written as
case references or list positions), timestamps (ISO 8601 → "<time>"), and match scores
(rounded to 3 decimals).
"""

import hashlib
import itertools
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi.testclient import TestClient
from sqlmodel import col, select

from data.models import (
    Case,
    CaseEvent,
    Match,
    OutboxMessage,
    Person,
    SafeCheckin,
)
from data.schema import upgrade
from tests import signing, twiml
from tests.conftest import settle
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import voice as vc
from tests.payloads import whatsapp as wa
from tests.people import add_user, login, service_of

TWILIO_PATH = "/webhooks/twilio/messaging"
VOICE = "/webhooks/twilio/voice"
AGENT, SUPERVISOR = "ana", "sofia"
_REF = re.compile(
    r"AMP-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}"
    r"|A M P, [ABCDEFGHJKLMNPQRSTUVWXYZ23456789](?: [ABCDEFGHJKLMNPQRSTUVWXYZ23456789]){5}"
)  # written, or as the phone line says it (AMP-1 is then "A M P, 1")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")
VOICE_PRESETS: dict[str, tuple[str, dict[str, str]]] = {
    "wait": ("/wait", vc.QUEUE_WAIT),
    "handoff": ("/handoff", vc.QUEUE_RESULT),
    "recording": ("/recording", vc.RECORDING),
    "transcription": ("/transcription", vc.TRANSCRIPTION),
    "hangup": ("/status", vc.CALL_STATUS),
}


class Player:
    """Plays one conversation against a live app; `play()` returns its record."""

    def __init__(self, client: TestClient, conversation: dict[str, Any]) -> None:
        self.client = client
        self.conversation = conversation
        self.ids = itertools.count(1)
        # Outbox rows already recorded. Not an id watermark: erasure deletes a conversation's
        # rows, and SQLite then hands their ids out again.
        self.seen_outbox: set[tuple[int, str]] = set()
        self.senders: dict[str, None] = {}  # "channel:sender", in order of first use
        self.twiml: dict[str, ET.Element] = {}  # call sid → the last TwiML it answered
        self.tokens: dict[str, dict[str, str]] = {}
        self.held: dict[str, int] = {}  # channel → the conversation id an agent holds

    @property
    def store(self) -> Any:
        return service_of(self.client).store

    # the conversation

    def play(self) -> dict[str, Any]:
        steps = []
        for step in self.conversation["steps"]:
            outcome = self.step(step)
            settled(self.client)
            outcome["out"] = self.new_outbox()
            steps.append({"step": step, **outcome})
        record = {
            "name": self.conversation["name"],
            "about": self.conversation["about"],
            "steps": steps,
            "end": self.end_state(),
        }
        return normalise(record)

    def step(self, step: dict[str, Any]) -> dict[str, Any]:
        for action in (
            "sms",
            "twa",
            "sms_raw",
            "wa",
            "tg",
            "call",
            "press",
            "speak",
            "silence",
            "voice",
            "agent",
            "alert",
            "match",
        ):
            if action in step:
                return getattr(self, f"do_{action}")(step)
        raise ValueError(f"a step without an action: {step}")

    def sender(self, step: dict[str, Any]) -> str:
        return str(step.get("from", self.conversation["from"]))

    # text channels

    def _twilio(self, step: dict[str, Any], body: str, whatsapp: bool) -> dict[str, Any]:
        number = self.sender(step)
        body *= int(step.get("repeat", 1))  # a long message without a long table
        sid = f"SM{self.serial():032x}"
        template = tw.WHATSAPP_TEXT if whatsapp else tw.SMS_TEXT
        params = {
            **template,
            "Body": body,
            "MessageSid": sid,
            "SmsSid": sid,
            "SmsMessageSid": sid,
            "NumMedia": "0",
        }
        params["From"] = f"whatsapp:{number}" if whatsapp else number
        if whatsapp:
            params["WaId"] = number.lstrip("+")
        for i, (url, content_type) in enumerate(step.get("media", [])):
            params |= {f"MediaUrl{i}": url, f"MediaContentType{i}": content_type}
            params["NumMedia"] = str(i + 1)
        if pin := step.get("location"):
            params |= {
                "MessageType": "location",
                "Latitude": str(pin["latitude"]),
                "Longitude": str(pin["longitude"]),
                "Label": pin.get("label", ""),
                "Address": pin.get("address", ""),
            }
        self.senders[f"{'twilio_whatsapp' if whatsapp else 'sms'}:{number}"] = None
        return params

    def do_sms(self, step: dict[str, Any]) -> dict[str, Any]:
        params = self._twilio(step, step["sms"], whatsapp=False)
        response = self.client.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params))
        return {"http": response.status_code}

    def do_twa(self, step: dict[str, Any]) -> dict[str, Any]:
        params = self._twilio(step, step["twa"], whatsapp=True)
        response = self.client.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params))
        return {"http": response.status_code}

    def do_sms_raw(self, step: dict[str, Any]) -> dict[str, Any]:
        """Bytes that are not UTF-8, percent-encoded in the form as a broken phone sends them;
        Twilio signs the decoded form (invalid bytes read as U+FFFD)."""
        params = self._twilio(step, "", whatsapp=False)
        decoded = {
            **params,
            "Body": bytes.fromhex(step["sms_raw"].replace("%", "")).decode(
                "utf-8", errors="replace"
            ),
        }
        body = urlencode({k: v for k, v in params.items() if k != "Body"})
        body += "&Body=" + step["sms_raw"]
        signed = signing.twilio(TWILIO_PATH, decoded)
        response = self.client.post(
            TWILIO_PATH,
            content=body.encode(),
            headers={**signed["headers"], "Content-Type": "application/x-www-form-urlencoded"},
        )
        return {"http": response.status_code}

    def do_wa(self, step: dict[str, Any]) -> dict[str, Any]:
        wa_id = self.sender(step)
        value = step["wa"]
        kind, body = (
            ("text", {"body": value}) if isinstance(value, str) else next(iter(value.items()))
        )
        doc = wa.incoming(
            f"wamid.golden{self.serial()}",
            kind,
            body,
            sender=wa_id,
            wa_id=wa_id,
            user_id=f"MX.{wa_id}",
        )
        self.senders[f"whatsapp:MX.{wa_id}"] = None
        response = self.client.post("/webhooks/whatsapp", **signing.whatsapp(doc))
        return {"http": response.status_code, "answer": response.json()}

    def do_tg(self, step: dict[str, Any]) -> dict[str, Any]:
        chat = int(self.sender(step))
        who = {**tg.USER, "id": chat}
        update_id = 50000 + self.serial()
        value = step["tg"]
        if isinstance(value, dict) and "callback" in value:
            update: dict[str, Any] = {
                "update_id": update_id,
                "callback_query": {
                    **tg.CALLBACK["callback_query"],
                    "id": f"cb{update_id}",
                    "from": who,
                    "data": value["callback"],
                    "message": {
                        **tg.CALLBACK["callback_query"]["message"],
                        "chat": {"id": chat, "type": "private"},
                    },
                },
            }
        else:
            message = {"text": value} if isinstance(value, str) else dict(value)
            update = tg.update(
                update_id, chat={"id": chat, "type": "private"}, **{"from": who}, **message
            )
        self.senders[f"telegram:{chat}"] = None
        response = self.client.post("/webhooks/telegram", **signing.telegram(update))
        return {"http": response.status_code, "answer": response.json()}

    # the phone line

    def call_sid(self, step: dict[str, Any]) -> str:
        seed = f"{self.conversation['name']}:{step.get('call_id', '')}"
        return "CA" + hashlib.sha1(seed.encode()).hexdigest()[:32]

    def _voice(self, step: dict[str, Any], path: str, fields: dict[str, str]) -> dict[str, Any]:
        number = self.sender(step)
        sid = self.call_sid(step)
        form = {**vc.INCOMING_CALL, "CallSid": sid, "From": number, "Caller": number, **fields}
        response = self.client.post(path, **signing.twilio(path, form))
        self.senders[f"voice:{number}"] = None
        outcome: dict[str, Any] = {"http": response.status_code}
        if response.headers.get("content-type", "").startswith("application/xml"):
            root = twiml.parse(response.text)  # TwiML Twilio will run, or the replay fails
            if path == VOICE or path.startswith(VOICE + "?"):  # a turn: never silence
                assert twiml.caller_hears_something(root), response.text
            self.twiml[sid] = root
            outcome["twiml"] = twiml_lines(root)
        else:
            outcome["answer"] = response.text
        return outcome

    def do_call(self, step: dict[str, Any]) -> dict[str, Any]:
        return self._voice(step, VOICE, {})

    def _gather_action(self, step: dict[str, Any]) -> str:
        root = self.twiml[self.call_sid(step)]
        gather = root.find("Gather")
        assert gather is not None, "no <Gather> to answer: " + ET.tostring(root, "unicode")
        action = urlsplit(gather.get("action", ""))
        return f"{action.path}?{action.query}" if action.query else action.path

    def do_press(self, step: dict[str, Any]) -> dict[str, Any]:
        keys = str(step["press"])
        fields = {
            **vc.DIGITS,
            "Digits": keys.rstrip("#"),
            "FinishedOnKey": "#" if keys.endswith("#") else "",
        }
        return self._voice(step, self._gather_action(step), fields)

    def do_speak(self, step: dict[str, Any]) -> dict[str, Any]:
        fields = {**vc.SPEECH, "SpeechResult": step["speak"]}
        return self._voice(step, self._gather_action(step), fields)

    def do_silence(self, step: dict[str, Any]) -> dict[str, Any]:
        return self._voice(step, self._gather_action(step), {"CallStatus": "in-progress"})

    def do_voice(self, step: dict[str, Any]) -> dict[str, Any]:
        path, preset = VOICE_PRESETS[step["voice"]]
        extra = {k: str(v) for k, v in step.items() if k not in ("voice", "from", "call_id")}
        return self._voice(step, VOICE + path, {**preset, **extra})

    # the people on the other side

    def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            role = "agent" if username == AGENT else "supervisor"
            add_user(self.client, username, role)
            self.tokens[username] = login(self.client, username)
        return self.tokens[username]

    def conversation_id(self, channel: str) -> int:
        """The conversation on this channel: from the takeover queue, else from its case."""
        if channel in self.held:
            return self.held[channel]
        queue = self.client.get("/api/takeover-queue", headers=self.headers(AGENT)).json()
        ids = [i["conversation"]["id"] for i in queue if i["conversation"]["channel"] == channel]
        if not ids:
            cases = self.client.get("/api/cases", headers=self.headers(AGENT)).json()
            ids = [c["conversation_id"] for c in cases if c["channel"] == channel]
        if len(set(ids)) != 1:
            raise LookupError(f"{len(set(ids))} {channel} conversations in the queue and cases")
        return int(ids[0])

    def do_agent(self, step: dict[str, Any]) -> dict[str, Any]:
        action, headers = step["agent"], self.headers(AGENT)
        if action == "status":
            [case] = self.client.get("/api/cases", headers=headers).json()[:1]
            body = {k: step[k] for k in ("status", "reason", "follow_up") if k in step}
            response = self.client.post(
                f"/api/cases/{case['id']}/status", json=body, headers=headers
            )
            return {"http": response.status_code, "answer": pick(response, "status")}
        held = list(self.held)
        channel = step.get("channel") or (held[0] if len(held) == 1 else "sms")
        try:
            conv = self.conversation_id(channel)
        except LookupError as exc:  # recorded, so that a change shows as a diff
            return {"http": None, "answer": str(exc)}
        if action == "takeover":
            response = self.client.post(f"/api/conversations/{conv}/takeover", headers=headers)
            self.held[channel] = conv
        elif action == "reply":
            response = self.client.post(
                f"/api/conversations/{conv}/messages", json={"text": step["text"]}, headers=headers
            )
        elif action == "handback":
            response = self.client.post(f"/api/conversations/{conv}/handback", headers=headers)
            self.held.pop(channel, None)
        else:
            raise ValueError(f"unknown agent action {action}")
        answer = pick(response, "human_requested", "held_by", "direction", "text")
        return {"http": response.status_code, "answer": answer}

    def do_alert(self, step: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(
            "/api/alerts", json=step["alert"], headers=self.headers(SUPERVISOR)
        )
        return {"http": response.status_code, "answer": pick(response, "recipients", "status")}

    def do_match(self, step: dict[str, Any]) -> dict[str, Any]:
        headers = self.headers(AGENT)
        matches = self.client.get("/api/matches", headers=headers).json()
        assert matches, "no match to act on"
        response = self.client.post(
            f"/api/matches/{matches[0]['id']}/{step['match']}", headers=headers
        )
        return {"http": response.status_code, "answer": pick(response, "status")}

    # what was observed

    def new_outbox(self) -> list[dict[str, Any]]:
        with self.store.transaction() as session:
            rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        out = []
        for row in rows:
            key = (int(row.id or 0), row.created_at.isoformat())
            if key in self.seen_outbox:
                continue
            self.seen_outbox.add(key)
            payload = row.payload
            item = {
                "to": f"{row.channel}:{row.recipient}",
                "text": payload.get("text"),
                "buttons": payload.get("buttons", []),
                "language": payload.get("language"),
                "after_opt_out": payload.get("after_opt_out", False),
                "status": row.status,
            }
            if row.bulk:
                item["bulk"] = True
            if payload.get("template"):
                item["template"] = payload["template"]
            if row.error:
                item["error"] = row.error
            out.append(item)
        return out

    def end_state(self) -> dict[str, Any]:
        store = self.store
        with store.transaction() as session:
            cases = session.exec(select(Case).order_by(col(Case.id))).all()
            refs = {c.id: c.ref for c in cases}
            events = session.exec(select(CaseEvent).order_by(col(CaseEvent.id))).all()
            checkins = session.exec(select(SafeCheckin).order_by(col(SafeCheckin.id))).all()
            people = session.exec(select(Person).order_by(col(Person.id))).all()
            matches = session.exec(select(Match).order_by(col(Match.id))).all()
            person_index = {p.id: i for i, p in enumerate(people)}
            state: dict[str, Any] = {
                "cases": [
                    {
                        "ref": c.ref,
                        "kind": c.kind,
                        "priority": c.priority,
                        "priority_reasons": c.priority_reasons,
                        "status": c.status,
                        "channel": c.channel,
                        "language": c.language,
                        "nationality": c.nationality,
                        "place": c.place,
                        "consulate_id": c.consulate_id,
                        "contact": c.contact,
                        "callback_due": c.callback_due,
                        "escalation_level": c.escalation_level,
                        "assigned": c.assigned_to is not None,
                        "acknowledged": c.acknowledged_at is not None,
                        "details": c.details,
                        "events": [
                            {"kind": e.kind, "by_agent": e.user_id is not None, "detail": e.detail}
                            for e in events
                            if e.case_id == c.id
                        ],
                    }
                    for c in cases
                ],
                "checkins": [
                    {
                        "language": k.language,
                        "place": k.place,
                        "nationality": k.nationality,
                        "companions": k.companions,
                    }
                    for k in checkins
                ],
                "people": [
                    {
                        "kind": p.kind,
                        "full_name": p.full_name,
                        "given_name": p.given_name,
                        "family_name": p.family_name,
                        "age": p.age,
                        "nationality": p.nationality,
                        "place": p.place,
                        "language": p.language,
                        "contact": p.contact,
                        "emergency_contact": p.emergency_contact,
                        "household_size": p.household_size,
                        "case": refs.get(p.case_id) if p.case_id else None,
                        "consent": p.consent,
                        "protected": p.protected,
                        "details": p.details,
                    }
                    for p in people
                ],
                "matches": [
                    {
                        "sought": person_index.get(m.sought_id),
                        "found": person_index.get(m.found_id),
                        "score": round(m.score, 3),
                        "status": m.status,
                    }
                    for m in matches
                ],
            }
        if SUPERVISOR in self.tokens:  # alerts and their progress, as the console shows them
            alerts = self.client.get("/api/alerts", headers=self.headers(SUPERVISOR)).json()
            state["alerts"] = [
                {
                    k: a[k]
                    for k in (
                        "kind",
                        "status",
                        "nationality",
                        "place",
                        "language",
                        "recipients",
                        "stats",
                    )
                }
                for a in reversed(alerts)  # oldest first
            ]
        queue = self.client.get("/api/takeover-queue", headers=self.headers(AGENT)).json()
        state["takeover_queue"] = [  # as an agent sees it
            {
                "reason": i["reason"],
                "priority": i["priority"],
                "channel": i["conversation"]["channel"],
                "language": i["conversation"]["language"],
                "active_form": i["conversation"]["active_form"],
                "human_requested": i["conversation"]["human_requested"],
                "case": i["case"]["ref"] if i["case"] else None,
            }
            for i in queue
        ]
        state["opted_out"] = {key: store.is_opted_out(*key.split(":", 1)) for key in self.senders}
        return state

    def serial(self) -> int:
        return next(self.ids)


def settled(client: TestClient) -> None:
    """tests.conftest.settle without its closing pause."""
    settle(client, timeout=15.0, pause=0.0, poll=0.005)


def migrated_copy(template: Path, target: Path) -> None:
    """A fresh database at `target`, copied from `template` (migrated once: a migration from
    scratch costs more than the rest of an app's start-up)."""
    if not template.exists():
        upgrade(f"sqlite:///{template}")
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


def pick(response: Any, *keys: str) -> Any:
    """The fields of an API answer worth recording (ids and timestamps are not)."""
    try:
        body = response.json()
    except ValueError:
        return response.text
    if not isinstance(body, dict):
        return body
    if "detail" in body and len(body) == 1:
        return body
    return {k: body[k] for k in keys if k in body}


def twiml_lines(root: ET.Element) -> list[str]:
    """TwiML as lines a diff can point into: one element per line, indented by depth."""
    lines: list[str] = []

    def walk(element: ET.Element, depth: int) -> None:
        attrs = " ".join(f'{k}="{v}"' for k, v in element.attrib.items())
        head = f"{'  ' * depth}<{element.tag}{' ' + attrs if attrs else ''}>"
        text = (element.text or "").strip()
        lines.append(f"{head} {text}" if text else head)
        for child in element:
            walk(child, depth + 1)

    walk(root, 0)
    return lines


def _ids(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _ids(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_ids(v, key) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        if key == "id" or key.endswith("_id") or key == "held_by":
            return "<id>"
    if isinstance(value, str):
        return _TIME.sub("<time>", value)
    return value


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """Ids and timestamps out; case references numbered in order of first appearance."""
    text = json.dumps(_ids(record), ensure_ascii=False)
    numbers: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        ref = match.group(0)
        if ref.startswith("A M P, "):  # spelled: the same number as written
            written = "AMP-" + ref.removeprefix("A M P, ").replace(" ", "")
            return numbers.setdefault(written, f"AMP-{len(numbers) + 1}").replace("AMP-", "A M P, ")
        return numbers.setdefault(ref, f"AMP-{len(numbers) + 1}")

    return json.loads(_REF.sub(number, text))  # type: ignore[no-any-return]


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"
