"""The conversational core: one channel-neutral entry point, `Core.handle(message)`.

It understands the message, keeps the conversation's state in the store, fills the forms
declared in intents/domain.yml, files and updates cases, and returns the replies. It never
sees a provider, and never asks about immigration status.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import phonenumbers

from bot.cases import assess, route
from bot.forms import DECLINED, Form, Forms
from bot.nlu import ParseResult
from bot.registration import save_registrant
from bot.responses import ResponseBook
from bot.text import clean
from channels.messages import InboundMessage, Reply
from data.directory import City, Directory
from data.lexicon import Lexicon
from data.models import Case, Conversation, SafeCheckin, utcnow
from data.store import Store

log = logging.getLogger(__name__)

CASE_KINDS = ("distress", "missing_person", "assistance")
# The numbered menu, in the order of utter_menu's buttons.
MENU = ("distress", "missing_person", "assistance", "safe", "information", "human")
# Below this confidence a message outside a form gets the menu instead of a guess.
MIN_CONFIDENCE = 0.35
# Inside a form, the confidence a message needs to interrupt it (stop, human, distress).
FORM_INTERRUPT_CONFIDENCE = 0.5
# A message in another language this sure switches the conversation's language.
SWITCH_CONFIDENCE = 0.6
# Facts about the person, kept across reports so they are never asked twice.
PERSON_SLOTS = ("nationality", "place", "callback", "contact", "guided_country")
# Channels whose sender id is a phone number, when the adapter does not say otherwise.
PHONE_CHANNELS = ("sms", "whatsapp", "twilio_whatsapp")  # voice says so itself


class Interpreter(Protocol):
    """The NLU the core needs: the built-in one or Rasa behind a fallback."""

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        region: str | None = None,
    ) -> ParseResult: ...


ASKED = "asked:"


@dataclass
class Turn:
    """What one inbound message produced."""

    replies: list[Reply]
    conversation_id: int | None = None
    case: Case | None = None
    parse: ParseResult | None = None
    events: list[str] = field(default_factory=list)


Answer = Callable[[Conversation, ParseResult, str, Turn], bool]


class Core:
    """Amparo's dialogue manager."""

    def __init__(
        self,
        store: Store,
        nlu: Interpreter,
        responses: ResponseBook,
        forms: Forms,
        directory: Directory,
        lexicon: Lexicon,
        *,
        default_language: str = "es",
        default_host_country: str | None = None,
        max_message_chars: int = 4096,
    ) -> None:
        self.store = store
        self.nlu = nlu
        self.responses = responses
        self.forms = forms
        self.directory = directory
        self.lexicon = lexicon
        self.default_language = default_language
        self.default_host_country = default_host_country
        self.max_message_chars = max_message_chars
        # Questions other parts of Amparo put to a person (conv.pending = "asked:<topic>:<ref>",
        # e.g. "may we tell your family where you are?"): the handler gets the next message,
        # adds its replies to the turn and returns True if the message answered it.
        self.answers: dict[str, Answer] = {}
        # Called after every turn, in its transaction (family tracing records the people named).
        self.after_turn: list[Callable[[Conversation, Turn], None]] = []

    # entry point

    def handle(self, msg: InboundMessage, transcribe_replies: bool = True) -> Turn:
        """Handle one inbound message and return the replies to send, in order.

        A channel that words the replies its own way (the phone line) transcribes them itself.
        """
        cleaned = clean(msg.text, self.max_message_chars)
        conv = self.store.conversation(msg.channel, msg.sender)
        opted_out = self.store.is_opted_out(msg.channel, msg.sender)
        readable = not cleaned.unreadable or msg.location or msg.media
        # Understand before the first write: SQLite's one write lock, which the webhooks
        # need to store messages, is taken at the first write and held until the commit.
        parse = self._parse(conv, msg, cleaned.text) if readable else None
        conv.last_inbound_at = utcnow()
        turn = Turn(replies=[], conversation_id=conv.id)
        self.store.add_message(
            conv.id,
            "in",
            cleaned.text,
            intent=parse.intent if parse else None,
            language=parse.language if parse else None,
            media=[{"url": m.url, "content_type": m.content_type} for m in msg.media],
            location=_location_dict(msg),
            provider_message_id=msg.provider_message_id,
        )
        if parse is None:
            if not opted_out:
                language = conv.language or msg.language_hint or self.default_language
                turn.replies += [self._say("utter_unreadable", language), self._menu(language)]
            return self._finish(conv, turn, transcribe_replies)

        turn.parse = parse
        self._update_language(conv, parse)

        if opted_out:
            self._while_opted_out(conv, msg, parse, turn)
            return self._finish(conv, turn, transcribe_replies)
        stopping = parse.intent == "stop" and parse.confidence >= FORM_INTERRUPT_CONFIDENCE
        if conv.held_by is not None and not stopping:
            # An agent has taken over: the bot stays silent and the agent reads the message.
            turn.events.append("held")
            return self._finish(conv, turn, transcribe_replies)
        if cleaned.truncated:
            turn.replies.append(self._say("utter_truncated", conv.language))
        if conv.pending == "erase_confirm":
            conv.pending = None
            if parse.intent == "affirm":
                return self._erase(conv, msg, turn)
            if parse.intent == "deny":
                turn.replies.append(self._say("utter_erase_cancelled", conv.language))
                return self._finish(conv, turn, transcribe_replies)
        if conv.pending and conv.pending.startswith(ASKED):
            topic, _, ref = conv.pending.removeprefix(ASKED).partition(":")
            answer = self.answers.get(topic)
            if answer is not None and answer(conv, parse, ref, turn):
                conv.pending = None
                return self._finish(conv, turn, transcribe_replies)

        self._dispatch(conv, msg, parse, turn)
        return self._finish(conv, turn, transcribe_replies)

    # understanding

    def _parse(self, conv: Conversation, msg: InboundMessage, text: str) -> ParseResult:
        expected = None
        if conv.active_form and conv.requested_slot:
            expected = self.forms.expected_entity(conv.requested_slot, conv.active_form)
        prior = conv.language or msg.language_hint
        parse = self.nlu.parse(text, prior, expected, self._region(conv, msg))
        digit = text.strip().rstrip(".")
        if digit in {str(i + 1) for i in range(len(MENU))} and expected not in (
            "people_count",
            "age",
        ):
            parse.intent, parse.confidence = MENU[int(digit) - 1], 1.0
        return parse

    def _update_language(self, conv: Conversation, parse: ParseResult) -> None:
        if conv.language is None or parse.language_confidence >= SWITCH_CONFIDENCE:
            conv.language = parse.language

    def _region(self, conv: Conversation, msg: InboundMessage) -> str | None:
        """The host country the person is probably in, for local phone numbers and 911s."""
        city = self.directory.find_city(conv.slots.get("place"))
        if city:
            return city.country
        phone = _phone_of(msg)
        if phone:
            try:
                region = phonenumbers.region_code_for_number(phonenumbers.parse(phone))
                if self.directory.host_country(region):
                    return region
            except phonenumbers.NumberParseException:
                pass
        return self.default_host_country

    # routing of intents

    def _dispatch(
        self, conv: Conversation, msg: InboundMessage, parse: ParseResult, turn: Turn
    ) -> None:
        intent, language = parse.intent, conv.language or self.default_language
        form = self.forms.forms.get(conv.active_form or "")
        if form and self._answers_question(conv, form, parse):
            return self._absorb(conv, msg, parse, turn, form)
        # Inside a form a message must be surer of itself to change the subject.
        threshold = FORM_INTERRUPT_CONFIDENCE if form else MIN_CONFIDENCE

        if intent == "stop" and parse.confidence >= threshold:
            return self._stop(conv, msg, parse, turn)
        if intent == "human" and parse.confidence >= threshold:
            self.note_human_requested(conv)
            turn.events.append("human_requested")
            turn.replies.append(self._say("utter_human_flagged", language))
            if form and conv.requested_slot:
                turn.replies.append(self._ask(conv, conv.requested_slot))
            return None
        # Danger interrupts any other form at the ordinary threshold: a wrong switch costs a
        # question, a missed one could cost a life.
        if (
            intent == "distress"
            and parse.confidence >= MIN_CONFIDENCE
            and (not form or form.kind != "distress")
        ):
            return self._start_form(conv, msg, parse, turn, "distress")
        if form:
            if intent == "goodbye" and parse.confidence >= 0.8:
                conv.active_form = conv.requested_slot = None
                turn.replies.append(self._say("utter_goodbye", language))
                return None
            return self._absorb(conv, msg, parse, turn, form)

        if parse.confidence < MIN_CONFIDENCE or intent == "out_of_scope":
            turn.replies += [self._say("utter_fallback", language), self._menu(language)]
        elif intent in CASE_KINDS or intent == "information":
            self._start_form(conv, msg, parse, turn, intent)
        elif intent == "register":
            self._start_form(conv, msg, parse, turn, "registration")
        elif intent == "safe":
            self._record_safe(conv, parse, turn)
        elif intent == "greet":
            turn.replies += [self._say("utter_greet", language), self._menu(language)]
        elif intent == "goodbye":
            turn.replies.append(self._say("utter_goodbye", language))
        elif intent == "thanks":
            turn.replies.append(self._say("utter_thanks", language))
        else:  # affirm / deny with nothing pending
            turn.replies += [self._say("utter_anything_else", language), self._menu(language)]
        return None

    # forms

    def _answers_question(self, conv: Conversation, form: Form, parse: ParseResult) -> bool:
        """A phone number, a count or a place given when asked is an answer, whatever its intent."""
        if not conv.requested_slot:
            return False
        if not any(ch.isalpha() for ch in parse.text):
            return True
        expected = self.forms.expected_entity(conv.requested_slot, form.name)
        return expected is not None and parse.first(expected) is not None

    def _start_form(
        self, conv: Conversation, msg: InboundMessage, parse: ParseResult, turn: Turn, kind: str
    ) -> None:
        form = self.forms.form_for(kind)
        assert form is not None, f"domain.yml declares no {kind}_form"
        conv.slots = {k: v for k, v in conv.slots.items() if k in PERSON_SLOTS}
        conv.active_form, conv.requested_slot = form.name, None
        if kind in CASE_KINDS:
            conv.case_id = None
        if kind == "distress":
            # Safety first: the emergency number goes out before any question.
            turn.replies.append(self._guidance(conv, msg))
            if len(parse.text.split()) > 2:
                conv.slots["situation"] = parse.text
        self._absorb(conv, msg, parse, turn, form)

    def _absorb(
        self, conv: Conversation, msg: InboundMessage, parse: ParseResult, turn: Turn, form: Form
    ) -> None:
        """Take what this message says for the form, update the case, ask the next question."""
        requested = conv.requested_slot
        values = self.forms.fill(form, requested, parse)
        if requested:
            answer = self._answer(msg, parse, requested, values)
            if answer is None:
                values.pop(requested, None)
            else:
                values[requested] = answer
        # A slot already answered changes only when the person corrects it ("no, it's …"):
        # "2 children" in an answer about the injured is not a new head count.
        changed = {
            k
            for k, v in values.items()
            if k != requested and conv.slots.get(k) not in (None, DECLINED, v)
        }
        if parse.intent != "deny":
            values = {k: v for k, v in values.items() if k not in changed}
        corrections = [str(values[k]) for k in sorted(changed) if k in values]
        conv.slots = {**conv.slots, **values}
        if corrections:
            turn.replies.append(
                self._say("utter_corrected", conv.language, value=", ".join(corrections))
            )
        if msg.media or msg.location:
            self._attach(conv, msg)
        if any(
            e.entity == "age" and e.value.isdigit() and int(e.value) < 18 for e in parse.entities
        ):
            conv.slots["minor_mentioned"] = True  # "my son, 6 years old": a child is involved
        if form.kind == "distress" and "place" in values:
            turn.replies += self._local_emergency_numbers(conv)
        if form.kind in CASE_KINDS:
            self._file_or_update(conv, msg, form, turn, sorted(values))
        missing = [s for s in form.required_slots if s not in conv.slots]
        if missing:
            conv.requested_slot = missing[0]
            turn.replies.append(self._ask(conv, missing[0]))
            return
        conv.active_form = conv.requested_slot = None
        if form.kind == "information":
            turn.replies += self._information(conv)
        elif form.kind == "registration":
            turn.replies += self._register(conv, msg, turn)
        else:
            turn.replies += self._case_complete(conv, turn)

    def _answer(
        self, msg: InboundMessage, parse: ParseResult, slot: str, values: dict[str, Any]
    ) -> Any:
        """The answer to the question asked (None: unanswered), where mappings need help.

        A location pin answers "where", "this number" gives the sender's own number, and
        "I'd rather not say" (or a bare no) skips the question for good. A "no" that
        corrects another slot ("no, it's Tapachula") answers nothing.
        """
        answer = values.get(slot)
        # A number typed bare ("+13055550177") is an entity, not free text to decline.
        free_text = (
            answer is not None
            and answer == parse.text.strip()
            and not any(e.value == answer for e in parse.entities)
        )
        others = [k for k in values if k != slot]
        if parse.intent == "deny" and others and free_text:
            return None
        if slot in ("place", "last_seen_place") and msg.location and (answer is None or free_text):
            loc = msg.location
            return loc.label or f"{loc.latitude:.5f},{loc.longitude:.5f}"
        if slot in ("callback", "contact") and _phone_of(msg):
            if self.lexicon.has(self.lexicon.this_number, parse.text):
                return _phone_of(msg)
        declines = self.lexicon.declines(parse.text) or (parse.intent == "deny" and not others)
        if declines and (answer is None or free_text):
            return DECLINED
        return answer

    def _ask(self, conv: Conversation, slot: str) -> Reply:
        values = {k: v for k, v in conv.slots.items() if v != DECLINED}
        return self._say(f"utter_ask_{slot}", conv.language, **values)

    # cases

    def _file_or_update(
        self, conv: Conversation, msg: InboundMessage, form: Form, turn: Turn, changed: list[str]
    ) -> None:
        slots = {k: v for k, v in conv.slots.items() if k in form.required_slots}
        texts = [str(v) for v in slots.values()]
        if "attachments" in conv.slots:
            slots["attachments"] = conv.slots["attachments"]
        facts = {**slots, "minor_mentioned": conv.slots.get("minor_mentioned", False)}
        priority, reasons = assess(form.kind, facts, texts, self.lexicon)
        nationality_slot = "missing_nationality" if form.kind == "missing_person" else "nationality"
        nationality = _given(conv.slots.get(nationality_slot)) or _given(
            conv.slots.get("nationality")
        )
        nationality = nationality if self.directory.country(nationality) else None
        place = _given(
            conv.slots.get("last_seen_place" if form.kind == "missing_person" else "place")
        )
        city = self.directory.find_city(place) or self.directory.find_city(
            _given(conv.slots.get("place"))
        )
        consulate = route(self.directory, nationality, city)
        contact = _given(conv.slots.get("callback")) or _given(conv.slots.get("contact"))
        fields: dict[str, Any] = {
            "priority": priority,
            "priority_reasons": reasons,
            "language": conv.language or self.default_language,
            "nationality": nationality,
            "place": city.id if city else place,
            "consulate_id": consulate.id if consulate else None,
            "contact": contact,
        }
        case = self.store.case(conv.case_id) if conv.case_id else None
        if case is None:
            case = self.store.create_case(
                kind=form.kind,
                conversation_id=conv.id,
                channel=msg.channel,
                details=slots,
                **fields,
            )
            conv.case_id = case.id
            turn.events.append("case_filed")
            log.info("case filed id=%s kind=%s priority=%s", case.id, case.kind, priority)
        else:
            details = {**case.details, **slots}
            for name, value in fields.items():
                setattr(case, name, value)
            case.details = details
            self.store.update_case(case, "updated", {"slots": changed})
            turn.events.append("case_updated")
        turn.case = case

    def _attach(self, conv: Conversation, msg: InboundMessage) -> None:
        attachments = list(conv.slots.get("attachments", []))
        attachments += [{"url": m.url, "content_type": m.content_type} for m in msg.media]
        if msg.location:
            attachments.append({"location": _location_dict(msg)})
        conv.slots["attachments"] = attachments

    def note_human_requested(self, conv: Conversation) -> None:
        """The person asked for a person: flag the conversation and its case."""
        conv.human_requested = True
        self._note_on_case(conv, "human_requested")

    def _note_on_case(self, conv: Conversation, event: str) -> None:
        case = self.store.case(conv.case_id) if conv.case_id else None
        if case:
            self.store.update_case(case, event, {})

    def _case_complete(self, conv: Conversation, turn: Turn) -> list[Reply]:
        case = turn.case or (self.store.case(conv.case_id) if conv.case_id else None)
        if case is None:
            return []
        replies = [self._say("utter_case_filed", conv.language, case_ref=case.ref)]
        consulate = self.directory.consulate(case.consulate_id)
        if consulate:
            replies.append(self._consulate(conv.language, consulate))
        elif case.nationality:
            country = self.directory.country(case.nationality)
            city = self.directory.city(case.place)
            replies.append(
                self._say(
                    "utter_no_consulate",
                    conv.language,
                    nationality=country.name(conv.language or "en")
                    if country
                    else case.nationality,
                    place=city.name if city else case.place or "—",
                )
            )
        return replies

    def _register(self, conv: Conversation, msg: InboundMessage, turn: Turn) -> list[Reply]:
        """A registrant only after an explicit yes; otherwise nothing of it is kept."""
        language = conv.language or self.default_language
        person = save_registrant(self.store, self.directory, conv, _phone_of(msg), language)
        if person is None:
            return [self._say("utter_registration_declined", language)]
        turn.events.append("registered")
        return [self._say("utter_registered", language)]

    # information, safety, opt-out

    def _guidance(self, conv: Conversation, msg: InboundMessage) -> Reply:
        host = self.directory.host_country(self._region(conv, msg))
        if not host:
            return self._say("utter_emergency_generic", conv.language)
        conv.slots["guided_country"] = host.code
        return self._say(
            "utter_distress_guidance",
            conv.language,
            emergency_numbers=self._numbers(host.code, conv.language),
        )

    def _local_emergency_numbers(self, conv: Conversation) -> list[Reply]:
        """Once we know the country someone is in, its emergency numbers, once."""
        city = self.directory.find_city(_given(conv.slots.get("place")))
        if not city or conv.slots.get("guided_country") == city.country:
            return []
        conv.slots["guided_country"] = city.country
        return [self._emergency_numbers(city.country, conv.language)]

    def _emergency_numbers(self, country_code: str, language: str | None) -> Reply:
        country = self.directory.country(country_code)
        return self._say(
            "utter_emergency_numbers",
            language,
            country=country.name(language or "en") if country else country_code,
            emergency_numbers=self._numbers(country_code, language),
        )

    def _numbers(self, country_code: str, language: str | None) -> str:
        host = self.directory.host_country(country_code)
        if host is None:
            return ""
        if len(host.emergency) == 1:
            return host.emergency[0].number
        lang = language or "en"
        return ", ".join(
            f"{e.number} ({self.lexicon.services.get(e.service, {}).get(lang, e.service)})"
            for e in host.emergency
        )

    def _information(self, conv: Conversation) -> list[Reply]:
        language = conv.language or self.default_language
        city = self.directory.find_city(_given(conv.slots.get("place")))
        if city is None:
            places = ", ".join(c.name for c in self.directory.cities)
            return [self._say("utter_unknown_place", language, places=places)]
        replies = []
        consulate = self.directory.consulate_for(_given(conv.slots.get("nationality")), city.id)
        if consulate:
            replies.append(self._consulate(language, consulate))
        replies.append(self._emergency_numbers(city.country, language))
        shelters = self.directory.shelters_in(city.id)
        if shelters:
            listed = "; ".join(
                f"{s.name}, {s.address}" + (f", {s.phone}" if s.phone else "") for s in shelters
            )
            replies.append(self._say("utter_shelters", language, place=city.name, shelters=listed))
        else:
            replies.append(self._say("utter_no_shelters", language, place=city.name))
        return replies

    def _consulate(self, language: str | None, consulate: Any) -> Reply:
        return self._say(
            "utter_consulate_info",
            language,
            consulate_name=consulate.name,
            consulate_address=consulate.address,
            consulate_phone=consulate.phone,
            consulate_hours=consulate.hours,
        )

    def _record_safe(self, conv: Conversation, parse: ParseResult, turn: Turn) -> None:
        place = parse.first("place")
        nationality = parse.first("nationality")
        city: City | None = self.directory.find_city(place.value) if place else None
        self.store.add_checkin(
            SafeCheckin(
                conversation_id=conv.id,
                language=conv.language or self.default_language,
                place=city.id if city else (place.value if place else None),
                nationality=nationality.value
                if nationality
                else _given(conv.slots.get("nationality")),
                companions=[e.value for e in parse.entities if e.entity == "person_name"],
            )
        )
        self._note_on_case(conv, "reported_safe")
        turn.events.append("safe_checkin")
        turn.replies.append(self._say("utter_safe_recorded", conv.language))

    def _stop(
        self, conv: Conversation, msg: InboundMessage, parse: ParseResult, turn: Turn
    ) -> None:
        if self.lexicon.contains(self.lexicon.erase, parse.text):
            conv.pending = "erase_confirm"
            turn.replies.append(self._say("utter_erase_confirm", conv.language))
            return
        # The confirmation is the last message this person receives until they write START.
        turn.replies.append(self._say("utter_stop_confirmed", conv.language, after_opt_out=True))
        conv.active_form = conv.requested_slot = None
        self.store.opt_out(msg.channel, msg.sender)
        turn.events.append("opted_out")

    def _while_opted_out(
        self, conv: Conversation, msg: InboundMessage, parse: ParseResult, turn: Turn
    ) -> None:
        """Silence, except for the person's own request to restart or to erase their data."""
        if self.lexicon.has(self.lexicon.restart, parse.text):
            self.store.opt_in(msg.channel, msg.sender)
            turn.events.append("opted_in")
            turn.replies += [
                self._say("utter_resubscribed", conv.language),
                self._menu(conv.language),
            ]
        elif conv.pending == "erase_confirm" and parse.intent == "affirm":
            conv.pending = None
            self._erase(conv, msg, turn)
        elif self.lexicon.contains(self.lexicon.erase, parse.text):
            conv.pending = "erase_confirm"
            turn.replies.append(self._say("utter_erase_confirm", conv.language, after_opt_out=True))
        else:
            conv.pending = None

    def _erase(self, conv: Conversation, msg: InboundMessage, turn: Turn) -> Turn:
        reply = self._say("utter_erased", conv.language, after_opt_out=True)
        self.store.erase(conv.id)
        self.store.opt_out(msg.channel, msg.sender)
        turn.events.append("erased")
        turn.replies.append(reply)
        turn.conversation_id = None
        return turn  # nothing of the conversation is stored again, not even this reply

    # replies

    def _say(
        self, name: str, language: str | None, after_opt_out: bool = False, **values: object
    ) -> Reply:
        reply = self.responses.render(name, language or self.default_language, **values)
        return replace(reply, after_opt_out=True) if after_opt_out else reply

    def _menu(self, language: str | None) -> Reply:
        return self._say("utter_menu", language)

    def _finish(self, conv: Conversation, turn: Turn, transcribe_replies: bool = True) -> Turn:
        for hook in self.after_turn:
            hook(conv, turn)
        self.store.save_conversation(conv)
        for reply in turn.replies if transcribe_replies else ():
            self.store.add_message(conv.id, "out", reply.text, language=reply.language)
        return turn


def _given(value: Any) -> str | None:
    """A slot value the person actually gave (not skipped)."""
    return None if value in (None, DECLINED, "") else str(value)


def _phone_of(msg: InboundMessage) -> str | None:
    """The sender's phone number (E.164), where the channel reveals one."""
    if msg.sender_phone:
        return msg.sender_phone
    if msg.channel not in PHONE_CHANNELS:
        return None
    number = msg.sender.removeprefix("whatsapp:")  # WhatsApp numbers come without '+'
    return number if number.startswith("+") else "+" + number


def _location_dict(msg: InboundMessage) -> dict[str, Any] | None:
    if not msg.location:
        return None
    return {
        "latitude": msg.location.latitude,
        "longitude": msg.location.longitude,
        "label": msg.location.label,
    }
