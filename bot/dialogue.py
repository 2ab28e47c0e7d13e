"""The conversational core: `Core.read` understands a message, `Core.decide` answers it.

`decide` is a pure function of the dialogue state and the message read: it returns the new
state, the replies and the effects (file a case, record a check-in, opt out…) as values, and
never touches the store. The turn runner (amparo/runtime/turns.py) loads the state, calls both,
and carries the decision out in one transaction. The core never sees a provider, and never
asks about immigration status.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal, Protocol

import phonenumbers

from bot.cases import PEOPLE_AT_RISK, assess, route, vulnerability_reasons
from bot.effects import (
    AnswerConsent,
    AnswerSafety,
    Effect,
    Erase,
    FileCase,
    NoteOnCase,
    OptIn,
    OptOut,
    RecordCheckin,
    SaveRegistrant,
    UpdateCase,
    WithdrawCase,
)
from bot.entities import (
    BODY_WORDS,
    Entity,
    bare_name,
    closing_name,
    machine_stopped,
    not_a_name,
)
from bot.facts import (
    ADULT_AGE,
    HARMS,
    OUTAGE,
    RUNNING_OUT,
    SITUATION_REASONS,
    age_turning,
    ages,
    children_named,
    closing_in,
    company,
    count_here,
    cut_off,
    feared,
    harm_denied,
    head_count,
    implied_count,
    joining,
    kids_with_writer,
    last_seen,
    lists_everyone,
    ordered,
    put_out,
    reasons_in,
    recount,
    relation_said,
    writer_among,
)
from bot.forms import DECLINED, Form, Forms
from bot.names import fold as name_fold
from bot.names import names_listed
from bot.nlu import ParseResult
from bot.registration import FORM_ONLY, registrant_fields
from bot.responses import ResponseBook
from bot.state import PERSON_SLOTS, CaseFacts, DialogueState, Question, frozen
from bot.text import clean
from channels.messages import InboundMessage, Location, Reply
from data.directory import City, Directory
from data.lexicon import Lexicon
from data.words import fold

CASE_KINDS = ("distress", "missing_person", "assistance")
# What the person was told once, kept when the report becomes another kind: said once.
_TOLD = ("told_status", "nearest_told", "told_advice", "told_search")
# Below this confidence a message outside a form gets the menu instead of a guess.
MIN_CONFIDENCE = 0.35
# Inside a form, the confidence a message needs to interrupt it (stop, human, distress).
FORM_INTERRUPT_CONFIDENCE = 0.5
# Below MIN_CONFIDENCE, a distress reading that names a hazard still starts a report.
DANGER_NAMED_CONFIDENCE = 0.2
# A reading this sure is a request whatever came before it (a check-in does not absorb it).
SURE_CONFIDENCE = 0.8
# A plea this short ("porfa ayúdeme con algo", "me ajuda por favor") tells nothing but the plea.
_PLEA_ONLY_WORDS = 6
# Below this, a search where someone is ill and no one lost is read as the next intent.
_BARELY_A_SEARCH = 0.65
# A message in another language this sure switches the conversation's language; one word
# ("de": Creole two, or Portuguese "of"?) must be surer ("obrigada" is).
SWITCH_CONFIDENCE = 0.6
ONE_WORD_SWITCH_CONFIDENCE = 0.7
# Channels whose sender id is a phone number, when the adapter does not say otherwise.
PHONE_CHANNELS = ("sms", "whatsapp", "twilio_whatsapp")  # voice says so itself
CHAT_CHANNELS = ("telegram",)  # no number shown, but the chat itself reaches the person
# An alert's safety check: "1 I am safe / 2 I need help", in words too.
SAFE_WORDS = {"1", "1.", "uno", "one", "un", "um", "youn"}
HELP_WORDS = {"2", "2.", "dos", "two", "deux", "dois", "de"}


class Interpreter(Protocol):
    """The NLU the core needs: the built-in one or Rasa behind a fallback."""

    def parse(
        self,
        text: str,
        language_prior: str | None = None,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult: ...

    def language(self, text: str, prior: str | None = None) -> tuple[str, float]: ...

    def reread(
        self,
        parse: ParseResult,
        language: str,
        expected_entity: str | None = None,
        regions: tuple[str, ...] = (),
    ) -> ParseResult: ...

    def typed_name(self, text: str) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class Reading:
    """A message as the core understood it, before deciding anything. `parse` is None when
    there was nothing to read (an unreadable message with no pin and no media)."""

    text: str
    truncated: bool
    parse: ParseResult | None
    alert: str = ""  # the words of an alert the first message answers, cut from what was parsed


@dataclass(frozen=True)
class Decision:
    """What one message leads to. `state` is None when the conversation was erased."""

    state: DialogueState | None
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...]
    events: tuple[str, ...]
    reading: Reading


@dataclass
class _Draft:
    """The state being decided, mutable only inside `decide`."""

    state: DialogueState
    msg: InboundMessage
    new_ref: str
    language: str | None
    active_form: str | None
    requested_slot: str | None
    slots: dict[str, Any]
    pending: Question | None
    case: CaseFacts | None
    human_requested: bool
    opted_out: bool
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    erased: bool = False
    said: str = ""  # the whole message, when an alert it answers was cut from the reading
    harm_told: bool = False  # after a check-in, this message tells someone hurt or in danger

    @classmethod
    def of(cls, state: DialogueState, msg: InboundMessage, new_ref: str) -> "_Draft":
        return cls(
            state=state,
            msg=msg,
            new_ref=new_ref,
            language=state.language,
            active_form=state.active_form,
            requested_slot=state.requested_slot,
            slots=dict(state.slots),
            pending=state.pending,
            case=state.case,
            human_requested=state.human_requested,
            opted_out=state.opted_out,
        )

    def decision(self, reading: Reading) -> Decision:
        state = None
        if not self.erased:
            state = replace(
                self.state,
                language=self.language,
                active_form=self.active_form,
                requested_slot=self.requested_slot,
                slots=frozen(self.slots),
                pending=self.pending,
                case=self.case,
                human_requested=self.human_requested,
                opted_out=self.opted_out,
                choices=offered(self.replies),
            )
        # (the consulate's details asked for and given again as the case is filed): once
        replies = tuple(dict.fromkeys(self.replies))
        return Decision(state, replies, tuple(self.effects), tuple(self.events), reading)


def offered(replies: list[Reply]) -> tuple[str, ...]:
    """The payloads of the last numbered list among these replies: what a digit picks next."""
    listed = [reply for reply in replies if reply.buttons]
    return tuple(button.payload for button in listed[-1].buttons) if listed else ()


# "soy su mamá", "i'm his sister", "je suis sa mère", "sou a mãe dele", "mwen se sè li",
# "se mwen ki manman l": the writer's relation to the one they write about.
_I_AM_THEIR = re.compile(
    r"^\s*(?:(?:yo )?soy (?:su|la|el)|i'?m (?:his|her|their)|i am (?:his|her|their)|"
    r"je suis (?:sa|son|la|le)|(?:eu )?sou (?:a|o|sua|seu)|(?:mwen|m) se|se mwen ki)\s"
)
# Capitalised words after a first name already known: "Tomas Xicay", "Rosa Elvira Mejía".
_SURNAMES = re.compile(r"(?:\s+[A-ZÁÉÍÓÚÑÇ][\w'-]+)+")


class Core:
    """Amparo's dialogue manager: reads messages and decides the answers, storing nothing."""

    def __init__(
        self,
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
        self.nlu = nlu
        self.responses = responses
        self.forms = forms
        self.directory = directory
        self.lexicon = lexicon
        self.default_language = default_language
        self.default_host_country = default_host_country
        self.max_message_chars = max_message_chars
        self._reasons_read: dict[tuple[str, str, tuple[str, ...]], frozenset[str]] = {}
        # ("mi papá Juan… y mi mamá Marta…"): the words that may lead a name in a list of people
        self._name_leads = frozenset(
            name_fold(w) for w in lexicon.words(lexicon.kin) if " " not in w.strip()
        ) | {"mi", "mis", "my", "ma", "mon", "mes", "meu", "minha", "su", "her", "his", "sa", "son"}
        # "This number" phrases of two words or more also count inside a longer message.
        self._number_phrases = {
            lang: [w for w in words if " " in w.strip()]
            for lang, words in lexicon.this_number.items()
        }
        # The same phrases said when another question was asked ("text this number pls" asked
        # how many, "escríbame" asked the relation): only those that name a number, a phone or
        # writing, never "here" alone ("estamos aquí mismo"), nor Creole "sa a" ("kay sa a").
        self._callback_phrases = {
            lang: [
                w
                for w in [*lexicon.this_number.get(lang, []), *lexicon.write_here.get(lang, [])]
                if _WRITING.search(fold(w))
            ]
            for lang in {*lexicon.this_number, *lexicon.write_here}
        }

    # understanding

    def read(self, state: DialogueState, msg: InboundMessage) -> Reading:
        """Clean the message and run the NLU, with what the state says to expect."""
        cleaned = clean(msg.text, self.max_message_chars)
        readable = not cleaned.unreadable or msg.location or msg.media
        # "recibimos el aviso del huracán, …": the alert's words are not their news
        cut, alert = alert_cut(cleaned.text) if _untold(state) else (cleaned.text, "")
        parse = self._parse(state, msg, cut, cleaned.text) if readable else None
        return Reading(cleaned.text, cleaned.truncated, parse, alert)

    def _parse(
        self, state: DialogueState, msg: InboundMessage, text: str, whole: str
    ) -> ParseResult:
        """`text` as the NLU reads it; `whole`, the message as written, when an alert it
        answers was cut from `text`."""
        expected = None
        if state.active_form and state.requested_slot:
            expected = self.forms.expected_entity(state.requested_slot, state.active_form)
        prior = msg.language_hint if msg.language_chosen else state.language or msg.language_hint
        phone = phone_of(msg)
        regions = (self._region(state.slots, msg), phone_region(phone) if phone else None)
        if phone and _same_area(phone, text):
            regions = regions[::-1]  # "(323) 555-0166" from a +1 323 phone in Tijuana: American
        # "4877 0128" from a +509 phone; ("je suis en Haïti, mon numéro c'est le 3456 0120",
        # from Telegram): a number not the host country's is most likely from home
        home = given(state.slots.get("nationality"))
        local = tuple(r for r in dict.fromkeys((*regions, home)) if r)
        choice = None if state.pending else self._listed_choice(state, text)
        if choice is not None:  # "3" to "What do you need? 1 Documents … 3 Shelter"
            return self.nlu.parse(choice, prior, expected, local)
        parse = self.nlu.parse(text, prior, expected, local)
        if text != whole:  # (in the language of all they wrote, the alert's words too)
            language = self.nlu.language(whole, prior)[0]
            if language != parse.language:
                parse = self.nlu.reread(parse, language, expected, local)
        settled = prior if msg.language_chosen else state.language  # not a first guess
        if settled and parse.language != settled and not self._switches_language(settled, parse):
            parse = self.nlu.reread(parse, settled, expected, local)  # it stays in the language
        if text.strip().rstrip(".").isdigit():
            # A number no list offered: a count or an age if one was asked, never an intent
            # guessed from a digit ("1" after "anything else?" is not a distress report).
            parse.intent, parse.confidence = "out_of_scope", 0.0
        return parse

    def _listed_choice(self, state: DialogueState, text: str) -> str | None:
        """The payload of the numbered option the person picked from the list last offered;
        None when the message is not a number of that list (a pending question reads its
        own "1 yes / 2 no")."""
        digit = text.strip().rstrip(".")
        if not digit.isdigit():
            return None
        choices = state.choices
        if choices is None:  # stored before lists were kept: the list the state implies
            choices = self._implied_choices(state)
        number = int(digit)
        return choices[number - 1] if 1 <= number <= len(choices) else None

    def _implied_choices(self, state: DialogueState) -> tuple[str, ...]:
        language = state.language or self.default_language
        if state.active_form and state.requested_slot:  # the question, and its list if any
            return offered([self.responses.render(f"utter_ask_{state.requested_slot}", language)])
        return offered([self._menu(language)])

    def _region(self, slots: Any, msg: InboundMessage) -> str | None:
        """The host country the person is probably in, for local phone numbers and 911s."""
        # (for a missing person, where they were last seen: "(95) 99134-0178" is Boa Vista's)
        where = slots.get("place") or slots.get("last_seen_place")
        city = self.directory.find_city(where, phone_of(msg))
        if city:
            return city.country
        phone = phone_of(msg)
        region = phone_region(phone) if phone else None
        if region and self.directory.host_country(region):
            return region
        return self.default_host_country

    # deciding

    def decide(
        self, state: DialogueState, msg: InboundMessage, reading: Reading, new_ref: str
    ) -> Decision:
        """The new state, the replies and the effects of one message. `new_ref` is the
        reference a case filed in this turn gets."""
        d = _Draft.of(state, msg, new_ref)
        d.said = reading.text if reading.alert else ""
        parse = reading.parse
        if parse is None:
            if state.held_by is not None and not d.opted_out:
                d.events.append("held")  # the agent reads it; the bot does not talk over them
            elif not d.opted_out:
                self._unreadable(d)
            return d.decision(reading)
        if msg.language_chosen and msg.language_hint:
            d.language = msg.language_hint
        elif not any(ch.isalpha() for ch in parse.text):
            # "2", "🆘": no words, no language to read; a guess would pick one at random.
            d.language = d.language or msg.language_hint or self.default_language
        elif asked := self.lexicon.language_asked(parse.text):
            # "English please": the person's own word beats any guess.
            d.language = asked
            if not d.opted_out and state.held_by is None:
                form = self.forms.forms.get(d.active_form or "")
                last = self._ask(d, d.requested_slot) if form and d.requested_slot else None
                d.replies.append(last or self._menu(asked))
                return d.decision(reading)
        elif d.language is None and (keyword := self.lexicon.keyword_languages(parse.text)):
            # "STOP" first: a keyword (en and fr) says little of a language; the one it
            # belongs to alone, else the hint or the default, not a guess on one word.
            only = next(iter(keyword)) if len(keyword) == 1 else None
            d.language = only or msg.language_hint or self.default_language
        elif d.language is None:
            d.language = self._language_of(parse)
        elif parse.language != d.language and self._switches_language(d.language, parse):
            d.language = parse.language

        if d.opted_out:
            self._while_opted_out(d, parse)
            return d.decision(reading)
        # While an agent holds the conversation, only a stop or erase keyword reaches the bot.
        stopping = self.lexicon.has(self.lexicon.stop, parse.text) or (
            parse.intent == "stop" and self.lexicon.contains(self.lexicon.erase, parse.text)
        )
        if state.held_by is not None and not stopping:
            # An agent has taken over: the bot stays silent and the agent reads the message.
            d.events.append("held")
            return d.decision(reading)
        if reading.truncated:
            d.replies.append(self._say("utter_truncated", d.language))
        if d.pending == Question("erase_confirm"):
            d.pending = None
            if parse.intent == "affirm":
                self._erase(d)
                return d.decision(reading)
            if parse.intent == "deny":
                d.replies.append(self._say("utter_erase_cancelled", d.language))
                return d.decision(reading)
        if d.pending == Question("stop_confirm"):
            d.pending = None
            if self._yes(parse) and not (self._asks_instead(parse) or self._tells_instead(parse)):
                self._opt_out(d)
                return d.decision(reading)
            if self._no(parse):
                d.replies.append(self._say("utter_stop_cancelled", d.language))
                if d.active_form and d.requested_slot:
                    d.replies.append(self._ask(d, d.requested_slot))
                else:
                    d.replies.append(self._menu(d.language))
                return d.decision(reading)
        if d.pending is not None and d.pending.topic not in ("erase_confirm", "stop_confirm"):
            answered = (
                self._answer_safety(d, parse)
                if d.pending.topic == "safety"
                else self._answer_consent(d, parse)
            )
            if answered:
                d.pending = None
                return d.decision(reading)

        if reading.alert:
            d.slots["alert"] = reading.alert  # the alert answered: the danger it warned of
        self._dispatch(d, parse)
        current = self.forms.forms.get(d.active_form or "")
        if d.case is None and (current is None or current.kind == "information"):
            # ("je suis enceinte de 6 mois", greeted, then what happened; "the boss has not
            # paid us in 4 weeks" while asking where the consulate is): who is at risk, or held,
            # told before any report, is kept for the report that follows
            if not (d.opted_out or d.erased):
                self._keep_facts(d, parse)
        if not d.replies and not d.opted_out and not d.erased:
            self._never_silent(d)
        return d.decision(reading)

    def _keep_facts(self, d: _Draft, parse: ParseResult) -> None:
        """Who is at risk, or held or exploited, told in a message that started no report (or
        while asking a question), kept as told for the report that follows."""
        if d.slots.get("checked_in"):
            return  # (a check-in keeps its own)
        # ("mon petit frère qui est au mexique", then "24 ans": a younger brother, not a child)
        people = [
            r
            for r in self._reasons(parse)
            if (r in PEOPLE_AT_RISK and r != "children") or r in ("exploited", "detained")
        ]
        if people:
            d.slots["facts"] = ordered([*d.slots.get("facts", ()), *people])

    def _never_silent(self, d: _Draft) -> None:
        """A message nothing answered still gets the question it interrupted, or the menu: a
        person who hears nothing back thinks no one is there."""
        form = self.forms.forms.get(d.active_form or "")
        if form is not None and d.requested_slot:
            d.replies.append(self._ask(d, d.requested_slot))
        else:
            d.replies.append(self._menu(d.language))

    def _unreadable(self, d: _Draft) -> None:
        """Nothing to read ("🆘🆘🆘"): say so, and inside a report give the emergency number
        again and repeat its question, so a menu digit is not taken for the answer."""
        language = d.language or d.msg.language_hint or self.default_language
        d.replies.append(self._say("utter_unreadable", language))
        form = self.forms.forms.get(d.active_form or "")
        if form is None or not d.requested_slot:
            d.replies.append(self._menu(language))
            return
        if form.kind == "distress":
            d.replies.append(self._guidance(d))
        d.replies.append(self._ask(d, d.requested_slot))

    # routing of intents

    def _dispatch(self, d: _Draft, parse: ParseResult) -> None:
        # (read only once they said they are safe: it undoes the check-in)
        d.harm_told = bool(d.slots.get("checked_in")) and (
            self._hurt(parse) or self._in_danger(parse)
        )
        if not self._hurt(parse):  # ("ansent 9 mwa… tranche": labour, care needed now)
            parse = _without_pregnancy_need(parse)
        parse = _without_idle_needs(parse)
        if given(d.slots.get("need")) is None:  # (a need already filed stays as it is)
            parse = self._need_as_officer_reads(parse, d.slots.get("facts", []))
        form = self.forms.forms.get(d.active_form or "")
        if form is None or form.kind != "missing_person":
            parse = self._someone_missing(parse, opening=form is None)
        intent, language = parse.intent, d.language or self.default_language
        remembered = self._remember(d, parse) if form is None else False
        if form is not None and form.kind == "assistance" and self._only_asking(d, parse):
            # "el consulado presta plata pa volver?", then "es pa saber nomas": a question after
            # all; the request filed is closed with why, and the question is answered
            return self._to_question(d, parse, "request_then_only_asking")
        opening = d.state.case is None and not d.state.slots  # nothing told before
        alert = str(d.slots.get("alert") or "") if form is None and opening else ""
        if alert and _HELLO_ONLY.match(fold(self._without_places(parse))):
            # "hello received the flood message", "recebi o alerta… em Pacaraima", and nothing
            # else: are they safe? (where they are is remembered)
            d.replies.append(self._say("utter_alert_answered", language))
            return None
        if alert and (self.lexicon.hazard(alert) in ("storm", "flood") or _RAIN.search(alert)):
            d.slots["forecast"] = alert  # warned of water coming: no report till it is on them
        if form is None and opening and not alert and self._danger_named_alone(parse):
            # "inondation", "FUEGO", "temblor ayuda": a danger named in a word or two, by someone
            # with no battery or signal to say more, is a report; where they are comes next
            return self._start_form(d, parse, "distress")
        if form is not None and form.kind == "distress" and self._care_where(d, parse):
            # "ki kote nou ka al wè yon doktè?", "onde posso ir no médico?": where to take the
            # one who needs care, asked by people who can go, no disaster or attack on them: a
            # medical request, the same case
            # (the money they lack for the hospital is what the care needs, not another need)
            kept = [e for e in parse.entities if e.entity != "need"]
            cared = _with_need(replace(parse, entities=kept), "medical")
            if d.case is not None and d.case.open:
                return self._change_kind(d, cared, "assistance")
            return self._start_form(d, cared, "assistance")
        asked = self._asked_back(d, parse)
        searching = d.case is not None and d.case.open and d.case.kind == "missing_person"
        # ("im replying for my parents", read as a search, then "they're fine, both of them"):
        # no one was lost; those they wrote for are safe
        misread = searching and self._fine_before_named(d, parse)
        if searching and self._search_closed(d, parse):
            # "ya apareció", then "ya estamos juntos los 3, ya pueden cerrar el caso": the
            # search ends in a check-in, which the consulate closes
            d.active_form = d.requested_slot = None
            if d.slots.get("checked_in"):
                d.replies.append(self._say("utter_thanks", language))
                return None
            return self._record_safe(d, parse)
        if searching and (self._news_of_them(parse) or misread) and self._found(d, parse):
            return None  # "ya apareció… lo tienen en la estación siglo xxi"
        if searching and d.slots.get("found") and self._fine_after_found(parse):
            # "ya apareció!! estaba en un refugio", then "está bien, un poco deshidratado": the
            # search ends in a check-in
            d.active_form = d.requested_slot = None
            return self._record_safe(d, parse)
        if self._digits_fixed(d, parse):
            return None  # "perdón, termina en 0136 no en 0163", whatever was asked
        wondering = "?" in parse.text or intent == "information"
        wondering = wondering or _WHAT_TO_DO.search(fold(parse.text)) is not None
        warned = bool(d.slots.get("forecast")) and wondering and not self._danger_now(parse)
        if form is None and opening and (self._foretold(parse) or warned):
            # "if the hurricane hits tonight do we need to leave?", "dicen que el río va a
            # crecer", however read: not on them yet; their consulate, the emergency number
            # and the shelters, and what to do when they ask. No report is filed.
            self._start_form(d, parse, "information")
            d.slots["forecast"] = d.slots.get("forecast") or parse.text  # what they will ask about
            return None
        street = _ON_STREET.search(fold(parse.text)) is not None
        if (form is None or form.kind == "information") and street:
            d.slots["on_street"] = True  # "a gente dormiu na rua, embaixo do viaduto"
        asked_shelter = (need := parse.first("need")) is not None and need.value == "shelter"
        calm = parse.intent != "distress" and not self._in_danger(parse)
        # "nou nan lari ak 2 timoun depi lapli a kraze kay la": the storm is over, the house is
        # gone; a family in the street needs a roof, read unsure as danger
        # (after a check-in, "nou toujou nan abri a", "estamos en la calle porque sigue
        # temblando": where they wait it out, no request; people chased are in danger)
        roofed = (
            d.slots.get("checked_in")
            or self._hazard(parse) == "violence"
            or _JUST_ASKING.search(fold(parse.text)) is not None  # "just asking in case…"
            or _FINE.match(fold(parse.text)) is not None  # "nous allons bien, on est au foyer"
            or self._status_worry(parse)  # "if i go to a shelter do they call ICE?": a worry
        )
        homeless = street and parse.confidence < SURE_CONFIDENCE and not self._hurt(parse)
        # ("con la lluvia se cayó el techo… el dueño ya no nos deja entrar, estamos en la
        # calle"): put out of a home the disaster damaged, no one hurt; the roof that fell is
        # why they are out, not a danger they are in
        homeless = (homeless or (street and self._put_out(parse))) and not roofed
        # "our building got condemned after the storm, they gave us til tonight to get out":
        # a roof asked for, no one in danger, read without conviction as danger
        unsure = parse.intent == "distress" and parse.confidence < FORM_INTERRUPT_CONFIDENCE
        roofless = unsure and not self._in_danger(parse) and not roofed
        # ("on va bien", then "on dort dehors… par précaution"): outside by choice, no roof asked
        by_choice = self._by_choice(d, parse)
        if (
            (form is None or form.kind == "information")
            and asked_shelter
            and (calm or homeless or roofless)
            and not by_choice
            # ("fogo no abrigo da pintolandia, tem umas 30 pessoas aqui fora"): the shelter
            # named is where the danger is, not a roof asked for
            and not (form is None and self._shelter_hit(parse))
        ):
            if form is None and self._warned(d, parse) and not (d.case and d.case.open):
                # told a storm is coming, "¿hay algún albergue cerca?": where to go before it
                # comes, no request for a roof
                city = self.directory.find_city(given(d.slots.get("place")), phone_of(d.msg))
                if city is None:
                    return self._start_form(d, parse, "information")
                d.replies.append(self._shelters(city, language))
                return None
            if (d.slots.get("on_street") or roofless) and not (d.case and d.case.open):
                # "tem algum abrigo pra família?" from people sleeping in the street: a request
                return self._start_form(d, parse, "assistance")
        asking = form is not None and form.kind == "information"
        informed_only = form is None and bool(d.slots.get("informed"))
        informed_only = informed_only and not (d.case and d.case.open)
        if (asking or informed_only) and homeless and not by_choice:
            # "¿dónde hay un albergue?", then "es para hoy, el dueño nos sacó y estoy en la
            # calle con mis dos niñas": the roof asked about is needed tonight, a request
            return self._start_form(d, _with_need(parse, "shelter"), "assistance")
        if form is None and not d.case and self._shelter_hit(parse):
            # "je suis infirmier dans un refuge…, l'eau est entrée partout": the shelter they
            # are in is where the danger is, not what they ask for
            return self._start_form(d, parse, "distress")
        gone = street and _HOME_GONE.search(fold(parse.text)) is not None
        if form is None and not (d.case and d.case.open) and gone and not self._danger_now(parse):
            # "the roof of our house is gone…, me and my baby are sleeping in my car": the home
            # the disaster took, and nowhere to sleep; a roof is what they need
            return self._start_form(d, _with_need(parse, "shelter"), "assistance")
        if form is None and not (d.case and d.case.open) and self._after_the_danger(parse):
            # "ya bajó el agua pero ahora el problema es mi abuela", "notre maison a brûlé hier
            # soir, tout est parti": the danger is over; what they need now is a request
            return self._start_form(d, parse, "assistance")
        if (form is None or asking) and not (d.case and d.case.open) and self._home_lost(parse):
            # "the landlord put us out today", "our building got red-tagged, they told us to be
            # out by tonight": a home lost, no one hurt or in danger now; a roof, unless they
            # have one or name another need
            roof = parse.first("need") is None and not roofed
            put_out_of = _with_need(parse, "shelter") if roof else parse
            return self._start_form(d, put_out_of, "assistance")
        chosen = form is not None and d.slots.get("chosen") == form.kind
        # ("urgente porfa!!!", then asked what is happening, "¿dónde está el consulado?"): an
        # opener that told nothing, then words that say what they came for, with no danger
        blank = form is not None and form.kind == "distress" and d.requested_slot == "situation"
        blank = blank and not (d.slots.get("situation") or d.slots.get("facts"))
        blank = blank and not (self._in_danger(parse) or self._hurt(parse))
        other = self._said_otherwise(parse) if chosen or blank else None  # what words say
        if blank and not chosen and other == "information" and not asked:
            other = None  # ("ayuda", then "uracan"): a word read as a question asks nothing
        if asked and other == "information":
            # "3" from the menu, then "what time is the Guatemalan consulate open?": answered,
            # and that was all they came for; no request is filed
            d.active_form = d.requested_slot = None
            d.slots.pop("chosen", None)
            if d.case is not None and d.case.open and d.case.kind == "distress":
                # "1" filed an emergency at once; the words say it was a question: the case
                # is closed with why, never left to run its deadlines
                d.effects.append(
                    WithdrawCase("menu_digit_then_question" if chosen else "opener_then_question")
                )
                d.case = replace(d.case, status="closed")
            self._remember(d, parse)
            return None
        if asked and self._request_was_a_question(d, parse, form):
            # "hola una pregunta, mi primo acaba de llegar a boa vista", then "quiere saber
            # donde queda el consulado": the consulate told was the help asked for; no request
            # with no need is kept open; its case is closed with why
            if d.case is not None and d.case.open:
                d.effects.append(WithdrawCase("request_then_consulate_asked"))
                d.case = replace(d.case, status="closed")
            d.active_form = d.requested_slot = None
            self._remember(d, parse)
            return None
        # ("2", then "my dad, ICE picked him up": the words choose, as below)
        rechosen = form is not None and other is not None and other != form.kind
        if asked and not rechosen:
            answers = form is not None and self._answers_question(d, form, parse)
            if form is not None and d.requested_slot and not answers:
                # ("ajuda", then "a imigração levou meu marido… vão me deportar?"): answered,
                # and the plea was for a lawyer or care after all
                if form.kind == "distress" and self._care_after_a_plea(d, parse):
                    if self._rekind(d, parse, form):
                        return None
                said = {"nationality", "place", "phone", "people_count"}  # names: not in a question
                if form.kind == "assistance" and not given(d.slots.get("need")):
                    said.add("need")  # "¿hay algún albergue? ¿piden cédula?": asked for shelter
                # ("mi hermano va en silla de ruedas, ¿cómo lo bajamos?": who is at risk)
                # known from the report so far: "yes, my grandma", "a window cut my brother"
                answered = f"{d.slots.get('vulnerable') or ''}. {d.slots.get('situation') or ''}"
                known = {*d.slots.get("facts", []), *reasons_in(answered, None, self.lexicon)}
                new = set(self._reasons(parse)) - known
                # ("1", then "a mi esposo se lo llevó ICE": what is happening, asked, is told
                # by a danger or an arrest as much as by who is hurt)
                telling = d.requested_slot == "situation"
                # ("se llevaron a mi esposo", then "fue ice en la mañana": an arrest or a hold
                # told, not asked, is kept too)
                holds = new & {"detained", "exploited"} if "?" not in parse.text else set()
                told = form.kind in CASE_KINDS and bool(
                    new if telling else (new - set(SITUATION_REASONS)) | holds
                )
                if told or any(e.entity in said for e in parse.entities):
                    # "brasileiros. a imigração vai saber?": the facts said with the question
                    # are kept; the form then asks what it still lacks.
                    if (telling and told) or holds:
                        if self._rekind(d, parse, form):
                            return None  # "1", then an arrest told: a legal request after all
                    if not (telling and told):
                        d.requested_slot = None
                    return self._absorb(d, parse, form)
                open_report = form.kind == "distress" and d.case is not None and d.case.open
                if open_report and self._need_after_it(d, parse, self._roof_asked(parse)):
                    return self._change_kind(d, parse, "assistance")  # answered, then a request
                d.replies.append(self._ask(d, d.requested_slot))  # then back to the form
                return None
        # ("ICE arete papa m": "arete", "arrêté" also say stop) an arrest told is no stop word
        stopping = intent == "stop" and self.lexicon.has(self.lexicon.stop, parse.text)
        if (form is None or asking) and not stopping and self._detained_told(parse):
            # ("I'm a domestic helper in santa monica", then "my employer is keeping my
            # passport"): held, or papers held, is a request however the talk began
            if parse.first("need") is None:  # the need is legal unless another is named
                parse = _with_need(parse, "legal")
            return self._start_form(d, parse, "assistance")
        why = any(r.name == "utter_why_we_ask" for r in d.replies)
        if asked and form is None and why and parse.first("need") is None:
            return None  # "why do you need my zip?": told why, and nothing is filed
        if asked and form is None and searching and parse.first("need") is None:
            if not self._in_danger(parse):
                return None  # "como faço pra procurar ele daqui?": the search they filed
        if asked and form is None and not (d.case and d.case.open):
            need = parse.first("need")
            # ("tenho receio de ir lá e me perguntarem se tô legal": a worry, not a lawyer asked)
            worry = self._status_worry(parse)
            if need is not None and need.value == "legal" and not (self._how_to(parse) or worry):
                # "eske yo pral depòte m? ki kote m ka jwenn yon avoka gratis?": answered, and a
                # lawyer asked for is a request the consulate takes up
                return self._start_form(d, parse, "assistance")
        if asked:
            starts = (*CASE_KINDS, "information", "register", "stop")
            # ("my niece got lost at the immigration office": someone missing or hurt, told
            # with the fear, is a report however unsure the reading)
            reporting = self._hurt(parse) or self._lost_someone(parse)
            # ("…mi papá usa oxígeno y la máquina no funciona sin luz, qué hago": a life on a
            # machine with the power out is a report, however it ends)
            reporting = reporting or self._cut_off(parse)
            # ("e a ki lè li ouvè?" read as a search: no one is said to be missing)
            # ("mi esposo no ha regresado, hubo una redada": a search told, not asked)
            going_on = intent in starts and parse.confidence >= 0.5
            told_gone = "?" not in parse.text and self._lost_someone(parse)
            going_on = going_on and (intent != "missing_person" or told_gone)
            if form is None and not reporting and not going_on:
                return None  # the answer is the reply; a confident request still goes on
            advised = any(r.name == "utter_safety_advice" for r in d.replies)
            if form is None and not reporting and advised and d.slots.get("checked_in"):
                return None  # "should we sleep outside tonight?" after "we're ok": advice
            filed = form is None and d.case is not None and d.case.open
            if filed and advised and not reporting and parse.first("need") is None:
                # ("que hacemos? regresamos por las cosas o no?" after the report is filed):
                # advice given; no new request names anything
                return None
            errand = (need := parse.first("need")) is not None and need.value == "documents"
            if form is None and errand and self._consulate_told(d):
                return None  # "a ki lè li louvri? m bezwen fè yon papye": they go in; no case
        # Inside a form a message must be surer of itself to change the subject.
        threshold = FORM_INTERRUPT_CONFIDENCE if form else MIN_CONFIDENCE
        # "Quiero hablar con una persona" holds "una persona", and "estamos a salvo" answers no
        # question: asking for a person or saying all are safe is heard before any answer.
        worded = any(ch.isalpha() for ch in parse.text) and parse.first("phone") is None
        if form and d.requested_slot == "city_confirm":
            return self._confirm_city(d, parse, form)
        if form and form.kind in ("information", "assistance", "registration"):
            # Someone hurt or a threat to life, said while answering another question, is a
            # distress report now ("somos cuatro salvadoreños, uno tiene la cabeza abierta").
            # ("me bateram…", then "o nariz não para de sangrar": a request with no need yet
            # named, someone hurt is a rescue, however the message is read)
            unnamed = form.kind == "assistance" and not given(d.slots.get("need"))
            # ("…ici aussi l'eau rentre, on est 8": the danger where they are, no need named)
            endangered = self._hurt(parse) or "in_danger" in self._reasons(parse)
            if unnamed and endangered and not parse.first("need"):
                if d.case is not None and d.case.open:
                    return self._change_kind(d, parse, "distress")  # the same case, now a rescue
                return self._start_form(d, parse, "distress")
            care = form.kind == "assistance" and d.slots.get("need") == "medical"
            # (or food and water: "kote m ka jwenn dlo ak manje?", then "nou bloke anndan kay
            # la… nou pa ka soti")
            kept_in = care or (form.kind == "assistance" and d.slots.get("need") == "financial")
            if kept_in and d.case is not None and d.case.open and self._trapped(parse):
                # ("elle saigne un peu", then "la rue est inondée, on ne peut pas sortir"): the
                # one who needs care cannot be taken to it; the request becomes the rescue
                return self._change_kind(d, parse, "distress")
            if care and d.case is not None and d.case.open and self._hurt(parse):
                # "acabou a bombinha", then "a boca ta meio roxa": the care asked for is urgent
                # now; the same request, with the emergency number at once where the phone says
                d.replies += self._numbers_once(d, self.directory.city_of_phone(phone_of(d.msg)))
                return self._absorb(d, parse, form)
            reasons = self._reasons(parse)
            # a life at risk told, not feared, and not labour (a pregnancy's care answers it)
            at_risk = "life_at_risk" in reasons and "pregnancy" not in reasons
            at_risk = at_risk and not feared(parse.text)
            food = form.kind == "assistance" and given(d.slots.get("need")) in (None, "financial")
            if food and at_risk:
                # ("une distribution de nourriture?", then "le bébé… ses yeux sont partis en
                # haut"): the child's life is the case now
                if d.case is not None and d.case.open:
                    return self._change_kind(d, parse, "distress")
                return self._start_form(d, parse, "distress")
            # ("¿están repartiendo agua?", then "la bebé ya no llora ni moja el pañal"): a life
            # at risk told, however read, is a report now; not with a need named ("since the
            # quake i cant sleep… i freeze and cant breathe" asks for someone to talk to)
            unasked = parse.first("need") is None and "?" not in parse.text
            if form.kind == "information" and at_risk and unasked:
                return self._start_form(d, parse, "distress")
            if self._hurt(parse) and parse.intent == "distress":
                # ("kay la kraze…", then "bòpè m bloke anba yon mi, janm li kraze": the shelter
                # asked for is for this very disaster; the request becomes the rescue)
                if self._request_becomes_rescue(d, form):
                    return self._change_kind(d, parse, "distress")
                return self._start_form(d, parse, "distress")
        if form and other and other != form.kind:
            # "3" from the menu, then "what time is the Guatemalan consulate open?": the words
            # say what they came for, not the digit
            if other == "assistance" and "detained" in self._reasons(parse):
                # (the shelter he was taken outside is no need)
                kept = [e for e in parse.entities if e.entity != "need"]
                parse = _with_need(replace(parse, entities=kept), "legal")
            if d.case is not None and d.case.open:
                return self._change_kind(d, parse, other)
            return self._start_form(d, parse, other)
        if form and self._rekind(d, parse, form):
            return None
        if form and form.kind == "information" and self._papers_lost_told(parse):
            # "kijan pou m fè yon nouvo paspò?", then "tout papye m boule": a paper to replace,
            # not a routine one asked about
            return self._start_form(d, parse, "assistance")
        if form and form.kind == "information" and self._asks_for_help(parse):
            # "hi, not sure this is the right place", then "since the hurricane I can't sleep,
            # I keep having panic attacks": a request, made after all
            return self._start_form(d, parse, "assistance")
        if form and form.kind == "information" and intent in ("distress", "missing_person"):
            # ("vou levar meu filho de 12, ele é surdo", after the consulate's hours: who comes
            # to the visit; no one is said to be missing)
            # ("my brother works in Houston and nobody hear from him", asked where they are,
            # read unsure: someone told missing is the search, whatever the reading's doubt)
            told_lost = intent == "missing_person" and self._lost_someone(parse)
            sure = parse.confidence >= SURE_CONFIDENCE or told_lost
            if sure and not self._visit(parse):
                # asked where they are, "pitit fi m Nadège gen 16 an, li te travèse…": the
                # place is in a report of someone missing, not the answer to a question
                return self._start_form(d, parse, intent)
        # "hi, you messaged about my parents", then "they're fine, at my aunt's in Maipu"; "I'm
        # answering for my neighbours", read as danger, then "they're both fine": the news of
        # those asked about, after a question or a report that named no danger, is a check-in
        asked_about = form is not None and (
            (form.kind == "information" and not d.case)
            or (form.kind == "distress" and d.case is not None and self._no_danger_told(d, True))
        )
        if asked_about and self._others_fine(parse):
            d.active_form = d.requested_slot = None
            return self._record_safe(d, parse)
        if self._keyword_shouted(parse):
            return self._stop(d, parse)  # "ok thanks. STOP", whatever was asked: no answer
        answers = form is not None and self._answers_question(d, form, parse)
        if form and form.kind == "distress" and d.case and self._all_safe_now(parse):
            # "ok we made it to my cousins in downey, we're all ok", asked where they are: the
            # place is where they are safe; the report ends in a check-in
            if self._safe_but_in_need(parse):
                return self._now_a_request(d, parse)
            d.active_form = d.requested_slot = None
            return self._record_safe(d, parse)
        if form and form.kind == "distress" and d.case and self._roof_asked_after(d, parse):
            # "estamos debajo de un techito en el parque con 3 niños", then "¿hay algún
            # albergue para familias?": no danger on them, no one hurt; a roof is the request
            return self._now_a_request(d, _with_need(parse, "shelter"))
        if form and form.kind == "distress" and d.slots.pop("opened_unsure", None):
            # "o prédio que a gente morava pegou fogo", then "precisamos de um lugar pra dormir":
            # a report begun on an unsure reading, the next message a need said plainly and no
            # danger: it was the aftermath, and the request is what they came for
            need = parse.first("need")
            plain = intent == "assistance" and parse.confidence >= SURE_CONFIDENCE
            if plain and need is not None and not self._danger_said(parse):
                return self._now_a_request(d, parse)
        if form and self._only_this_number(d, form, parse) and self._reach_me_here(d, form, parse):
            return None  # "a este mismo", asked who is vulnerable: the callback, said early
        if form and form.kind == "information" and answers and self._danger_with_answer(d, parse):
            return self._start_form(d, parse, "distress")
        if (
            form
            and answers
            and not (worded and intent == "human" and parse.confidence >= threshold)
        ):
            return self._absorb(d, parse, form)
        if form and form.kind == "distress" and d.case and intent == "safe" and worded:
            # "Estamos a salvo" ends the report; "3 of us, no one hurt" only answers it.
            if parse.confidence >= SURE_CONFIDENCE or _FINE.match(fold(parse.text)):
                if self._unhurt_only(d, parse):
                    return self._absorb(d, parse, form)  # "both ok just scared, no hurt"
                if self._safe_but_in_need(parse):
                    return self._now_a_request(d, parse)
                d.active_form = d.requested_slot = None
                return self._record_safe(d, parse)

        if intent == "stop" and form and self._reach_me_here(d, form, parse):
            return None  # "solo mensajes a este mismo número": how to reach them, not a stop
        if not form and opening and self._question_coming(parse):
            # "c'est juste pour savoir", "hola una pregunta nomás", "m jis vle konnen yon
            # bagay": welcomed, and what they ask next is read as the question it is
            d.slots["only_asking"] = True
            d.replies += [self._say("utter_greet", language), self._menu(language)]
            return None
        folded = fold(parse.text)
        # "si hay otra réplica les aviso"; "c'est pour savoir, on a encore où dormir": they will
        # write if need be, or asked ahead of need; nothing to file
        ahead = (_JUST_ASKING.search(folded) or _ONLY_ASKING.search(folded)) is not None
        ahead = ahead and not self._in_danger(parse)
        later = "?" not in parse.text and (_WILL_TELL.search(folded) is not None or ahead)
        more = bool(_KEEP_SENDING.search(folded) and not _KEEP_REFUSED.search(folded))
        keep = (
            more
            or later
            or (
                # after a check-in, "message me on here if anything changes": where to write, said
                # without a "no", is no stop
                intent == "stop"
                and not (d.case is not None and d.case.open)
                and (
                    self.lexicon.contains(self._callback_phrases, parse.text)
                    or self._this_number(parse.text)  # "contactez-moi au même numéro"
                )
                and not self._messages_refused(folded)
            )
        )
        keyword = self.lexicon.has(self.lexicon.stop, parse.text)
        received = _GOT_MESSAGE.search(folded) if intent == "stop" else None
        got = (
            received is not None
            and not self._messages_refused(folded)
            and not _REFUSED_BEFORE.search(folded[: received.start()])
        )
        if form and intent == "stop" and (got or more) and not keyword:
            # ("please dont stop texting me i am scared", "recebi a mensagem"): more asked
            # for, or the alert received, in the middle of a report: no stop to confirm
            if d.requested_slot:
                d.replies.append(self._ask(d, d.requested_slot))
                return None
        keep = keep or got  # (read as "stop" only: with news after it, the news is read)
        if not form and keep and not keyword and not self._hurt(parse):
            # "pode continuar mandando os avisos", "no paren de mandar los avisos": thanks,
            # never a stop nor a report; "stop calling me, just text": written to, not called
            calls = self._calls_refused(folded)
            here = reply_address(d.msg) if self._write_here(parse.text) else None
            if d.slots.get("checked_in") and here:  # the check-in keeps where to write
                self._checkin_contact(d, here)
            d.replies.append(self._say("utter_write_only" if calls else "utter_thanks", language))
            return None
        typed = parse.first("phone") is not None and not keyword
        quiet = not form and not (d.case is not None and d.case.open)
        if intent == "stop" and quiet and not keyword and self._write_not_call(parse):
            # "no me llamen, no tengo saldo, mándeme mensaje a este": how to reach them
            d.replies.append(self._say("utter_write_only", language))
            return None
        open_case = not form and d.case is not None and d.case.open
        if intent == "stop" and open_case and not keyword and self._reach_me_late(d, parse):
            return None  # "não liga não, manda mensagem" after the report: its callback
        unsure = intent == "stop" or parse.confidence < SURE_CONFIDENCE
        if unsure and not (form or keyword) and self._called_back(parse):
            # "alo si eh me dejaron un mensaje de que llamara": a call or message returned,
            # read as "stop" for its words about messages; who we are and the menu
            d.replies += [self._say("utter_greet", language), self._menu(language)]
            return None
        # "ok ya entendi. ya no me escriban mas por favor, gracias": asked in so many words,
        # however unsure the reading (still asked to confirm, never silenced at once)
        asked_to_stop = _NO_MORE_MESSAGES.search(folded) is not None and not self._hurt(parse)
        # ("m rete pavas", "desamparados": a place, read as "stop" for its words, is where)
        placed = parse.first("place") is not None and not keyword and not asked_to_stop
        if (intent == "stop" and parse.confidence >= threshold or asked_to_stop) and not typed:
            if not placed:
                if self._safe_with_the_stop(d, parse):
                    # ("estamos bien todos… ya no me manden más mensajes"): the check-in is kept,
                    # then whether to stop is asked
                    d.active_form = d.requested_slot = None
                    self._record_safe(d, parse)
                return self._stop(d, parse)  # "mi número 346…" is how to reach them, never a stop
        # "we are 6 person all from nepal" is read as asking for a person: in a form, facts
        # that answer it say otherwise unless the reading is sure.
        # (after the report, "comuníquense mejor con ella, 832 555 0163" is its callback)
        answering = (
            (form is not None or (d.case is not None and d.case.open) or d.slots.get("checked_in"))
            and parse.confidence < SURE_CONFIDENCE
            and any(
                e.entity in ("nationality", "people_count", "place", "phone")
                for e in parse.entities
            )
        )
        talk = (need := parse.first("need")) is not None and need.value == "psychosocial"
        if intent == "human" and form and form.kind == "assistance" and talk:
            if not given(d.slots.get("need")):
                # "preciso falar com alguém, um psicólogo", the request's need still unsaid:
                # someone to talk to is the need, not a call-centre agent
                return self._absorb(d, parse, form)
        if intent == "human" and parse.confidence >= threshold and not answering:
            self._human_requested(d)
            d.events.append("human_requested")
            d.replies.append(self._say("utter_human_flagged", language))
            if (quiet or (not form and d.slots.get("checked_in"))) and self._asks_for_help(parse):
                # after an answer or "all fine", "is there someone I can talk to, a
                # counsellor?": a person joins, and the psychosocial request is filed too
                return self._start_form(d, parse, "assistance")
            reach = d.requested_slot in ("callback", "contact") and self._this_number(parse.text)
            if form and reach:  # "…je veux parler à quelqu'un. sur ce numéro": the callback too
                return self._absorb(d, parse, form)
            if form and d.requested_slot:
                d.replies.append(self._ask(d, d.requested_slot))
            return None
        if not form and not d.case and self._only_dont_call(parse):
            # "ne m'appelez pas svp, il regarde mon téléphone. écrivez seulement ici": how to
            # reach them safely, before anything else; no report yet
            here = reply_address(d.msg)
            if here and d.slots.get("checked_in"):
                # ("all good here", then "dont call, text is fine"): the check-in keeps it
                self._checkin_contact(d, here)
                d.replies.append(self._say("utter_write_only", language))
                return None
            if here:
                d.slots["callback"] = here  # the report that follows is answered here, never called
            d.replies += [self._say("utter_write_only", language), self._menu(language)]
            return None
        if not form and self._care_for_the_fragile(d, parse):
            # ("estamos bien", then "mi abuelo de 82 se quedó sin sus pastillas del corazón"):
            # care for someone fragile, after "all fine", is a request
            return self._start_form(d, parse, "assistance")
        if not form and self._checkin_news(d, parse) and self._amend_checkin(d, parse):
            return None
        if not form and d.case and d.case.open and self._late_facts(d, parse):
            return None  # "text me here pls" after the report: its callback, no new report
        if not form and d.case and d.case.open and self._contact_said_again(d, parse):
            return None  # "mi cel es este mismo", the report already has it: said back
        if not form and d.case and self._same_request(d, parse):
            # "qui paie le rapatriement du corps?" after the request for the body is filed:
            # the same request, which the consulate answers, not a second case
            d.replies.append(self._say("utter_asked_consulate", language, case_ref=d.case.ref))
            return None
        if not form and d.case is None and self._searched_for_me(parse):
            # "my mom says she reported me missing to you": the one searched for, writing; how
            # they are is asked, not guessed (a check-in lowers urgency)
            d.slots["searched_for_me"] = True
            d.replies.append(self._say("utter_searched_for_you", language))
            return None
        if not form and d.slots.get("searched_for_me") and not d.slots.get("checked_in"):
            # asked how they are: "soy Erick, estoy bien, perdí el teléfono en el río", "di l
            # mwen byen": fine said anywhere, the danger only why no one could reach them
            fine_now = _fine_anywhere(fold(parse.text)) or intent == "safe"
            if fine_now and not (self._hurt(parse) or self._asks_for_help(parse)):
                return self._record_safe(d, parse)
        said_where = parse.first("place") is not None or parse.first("nationality") is not None
        fine = intent == "safe" and parse.confidence >= MIN_CONFIDENCE
        if not form and (remembered or said_where) and not fine and self._only_where(parse):
            # "m ap viv South LA" read as danger: where they are, kept, leads to the consulate.
            return self._start_form(d, parse, "information")
        # ("nous allons bien, on est au foyer à Tijuana"): fine, and where they shelter, is no
        # roof asked for
        if not form and self._need_said(parse) and not self._fine_said(parse):
            return self._start_form(d, parse, "assistance")
        if not form and self._care_needed(parse):
            # "tô grávida de 6 meses e comecei a sangrar", "cut his foot 3 days ago, now it's
            # swollen": care for someone, no danger around them, is an urgent medical request
            self._start_form(d, _with_need(parse, "medical"), "assistance")
            host = self.directory.host_country(self._region(d.slots, d.msg))
            if host is not None and d.slots.get("guided_country") != host.code:
                d.slots["guided_country"] = host.code  # a doctor may not wait: the numbers first
                d.replies.insert(0, self._emergency_numbers(host.code, d.language))
            return None
        if not form and intent != "safe" and self._fine_said(parse):
            return self._record_safe(d, parse)  # "I'm okay, the storm passed", however read
        if quiet and parse.confidence < SURE_CONFIDENCE and self._others_fine(parse):
            return self._record_safe(d, parse)  # "por fin me pude comunicar con ellos, están bien"
        # "meu filho de 11 anos não voltou da escola, alagou tudo": someone who has not come
        # back, no one said to be hurt, is a missing person whatever the disaster around.
        gone = self._gone(parse)
        if not form and gone and intent == "distress" and parse.confidence < SURE_CONFIDENCE:
            return self._start_form(d, parse, "missing_person")
        if not form and intent == "distress" and self._medicine_running_out(parse):
            # ("se me está acabando la insulina y la farmacia se cayó con el temblor"): the
            # medicine running out is care to ask for; no one is hurt or in danger where they are
            return self._start_form(d, parse, "assistance")
        if form and form.kind == "missing_person" and intent == "distress":
            if self._rekind(d, parse, form):
                return None  # the one "missing" is in danger where he is: the same case
        # Danger interrupts any other form at the ordinary threshold: a wrong switch costs a
        # question, a missed one could cost a life.
        # ("el martes me mandó audio que el agua estaba subiendo y ya no supe más": how the
        # one missing was last heard of, not a new danger)
        # ("on a peur qu'on l'ait enlevé": a fear for the one missing, not a danger here)
        last_heard = (
            form is not None
            and form.kind == "missing_person"
            and "injured" not in self._reasons(parse)
            and (
                feared(parse.text)
                or (
                    not self._hurt(parse)
                    and parse.confidence < SURE_CONFIDENCE
                    and (gone or last_seen(parse.text) is not None)
                )
                # ("en tujunga, en la escuela donde nos mandaron por el incendio": where he
                # was lost, with the disaster that sent them there; no one in danger here now)
                or (
                    not self._hurt(parse)
                    and parse.first("place") is not None
                    and parse.confidence < SURE_CONFIDENCE
                    and _HERE_NOW.search(fold(parse.text)) is None
                )
                # ("ele saiu pra ajudar o tio na rua… e a água subiu muito": where he went and
                # what happened there, told of him; the writer says nothing of themselves)
                or (
                    not self._hurt(parse)
                    and _OF_HIM_GONE.search(fold(parse.text)) is not None
                    and not writer_among(parse.text)
                )
                # ("el martes me mandó un audio que había mucho humo y ya no supe nada"): the
                # danger in the last thing they sent, and nothing since
                or (_LAST_SENT.search(fold(parse.text)) is not None and self._lost_someone(parse))
            )
        )
        # ("es seguro ir a los albergues?…", then "el agua ya nos llega a las rodillas"): the
        # shelter asked for is for this very danger; the request becomes the rescue
        if (
            form is not None
            # ("es que se salió el río y ya entró el agua en el cuartito", however read)
            and (
                (intent == "distress" and parse.confidence >= MIN_CONFIDENCE)
                or "in_danger" in self._reasons(parse)
            )
            and self._request_becomes_rescue(d, form)
            and not self._adds_to_report(d, form, parse)
            and not self._where_without_danger(parse)
            and not self._why_the_roof(d, form, parse)
        ):
            return self._change_kind(d, parse, "distress")
        if not form and intent == "distress" and self._haunted_since(parse):
            # "desde o alagamento não consigo dormir, fico ouvindo a água": the disaster is
            # over, the sleepless nights are not; a request to talk to someone
            return self._start_form(d, parse, "assistance")
        informed = bool(d.slots.get("informed"))
        if not form and intent == "distress" and self._idle_question(parse, informed):
            # ("do they need an appointment", after the consulate's details): a question read
            # unsure as danger, with no danger in it, asks on
            return self._start_form(d, parse, "information")
        first = not form and d.state.case is None and not d.state.slots
        # (read as a request naming nothing, "12 días de nacido y está muy amarillo" too)
        needless = intent == "assistance" and parse.first("need") is None
        if (
            first
            and (intent in ("distress", "missing_person") or needless)
            and self._ill_only(parse)
        ):
            # "hola ayuda por favor mi bebe tiene fiebre", "meu bebê tá muito amarelinho": an
            # illness, with no disaster, no wound and no one lost, is care asked for (urgent for
            # a baby), not a rescue; the emergency number first, for a turn for the worse
            d.replies += self._numbers_once(d, self.directory.city_of_phone(phone_of(d.msg)))
            return self._start_form(d, _with_need(parse, "medical"), "assistance")
        if (
            intent == "distress"
            and parse.confidence >= MIN_CONFIDENCE
            and (not form or form.kind != "distress")
            and not last_heard
            and not self._adds_to_report(d, form, parse)
            # ("a que hora abre…", then "aqui en la ciudad, no tengo carro y quiero saber si
            # abren los sabados"): asking on, with no danger named, is no rescue
            and not (form is not None and form.kind == "information" and self._asks_on(parse))
            and not (form is None and d.state.slots and self._asks_whether(parse))
            # (told a danger was coming, then "estamos en unas casitas cerca del agua"): only a
            # danger on them now is a report
            and not (
                (form is None or form.kind == "information")
                and d.slots.get("forecast")
                and not self._danger_now(parse)
            )
            # ("é verdade que…", then "uma amiga mandou no grupo da igreja" read as danger):
            # after a question, only a danger said or a sure reading is a report
            and not (
                form is not None
                and form.kind == "information"
                and d.slots.get("questioned")
                and parse.confidence < SURE_CONFIDENCE
                and not self._danger_said(parse)
            )
            # ("soy de la iglesia y estoy ayudando a una señora… de guatemala", read as danger:
            # who writes and for whom; what they need comes next)
            and not (not form and parse.confidence < SURE_CONFIDENCE and self._helper(parse))
            # ("salam, je suis malien, je suis a tijuana dans la zone norte": who and where,
            # nothing else; their consulate is the answer)
            and not (not form and remembered and self._who_and_where(parse))
            # ("hi not an emergency"): said to be none, with no danger named
            and not (not form and self._not_urgent(parse) and self._hesitant(parse))
            # ("il y a eu un incendie au campement la semaine dernière, tout a brûlé"): a danger
            # past, no one in it
            and not (not form and self._past_only(parse))
            and not (not form and self._no_emergency(parse))
            and not (not form and self._made_light_after_checkin(d, parse))
            and not (
                form is not None and form.kind == "assistance" and self._where_without_danger(parse)
            )
            and not (form is not None and self._why_the_roof(d, form, parse))
            and not (form is not None and self._how_they_were_lost(d, form, parse))
            # ("mi hermano falleció el sábado", then "…se cayó de un techo"): how they died
            and not (
                form is not None
                and form.kind == "assistance"
                and d.slots.get("need") == "remains"
                and not self._in_danger(parse)
            )
            # ("sorry my spanish is bad, can we talk in english"): the language asked about
            and not (_LANGUAGE_TALK.search(fold(parse.text)) and not self._danger_said(parse))
        ):
            return self._start_form(d, parse, "distress")
        # Someone hurt, a threat to life, or a vulnerable person caught in a disaster is an
        # emergency whatever else an unsure reading makes of the message ("a enchente chegou e
        # minha avó é acamada" is no check-in).
        unsure = parse.confidence < FORM_INTERRUPT_CONFIDENCE and (
            intent != "distress" or parse.confidence < MIN_CONFIDENCE
        )
        # ("my grandma is running out of insulin since the storm": care asked for, no one
        # hurt or in danger now, is an urgent request, not a rescue)
        cared_for = parse.first("need") is not None and not self._hurt(parse)
        # ("the captain took our passports and wont let us off the boat": papers held by whoever
        # holds them, no paper asked for)
        need = parse.first("need")
        papers = need is not None and need.value == "documents"
        held = papers and "exploited" in self._reasons(parse)
        cared_for = cared_for and not held
        # ("mi tío murió ayer, le cayó un poste encima": the harm told is the death)
        cared_for = cared_for or (
            need is not None and need.value == "remains" and self._mourned(parse)
        )
        # ("yes we are ok", then "its me and my grandma, she is 79. we went to my aunts before
        # the storm"): who checked in, told with the storm, is no danger unless on them now
        # (or "the carport roof blew off but the house is ok": made light of)
        told_after = d.slots.get("checked_in") and (
            self._made_light(parse) or not (self._hurt(parse) or self._struck(parse))
        )
        if not form and unsure and self._in_danger(parse) and not (cared_for or gone or told_after):
            return self._start_form(d, parse, "distress")
        # "The fire is close and my dad is in a wheelchair" asks for no consular service: an
        # assistance reading with no need named, in danger, is a distress report.
        need = parse.first("need")
        # ("mon petit frère n'est pas rentré au foyer"): the shelter they did not come back to
        # is where they live, not a need
        back_to = need is not None and _BACK_TO.search(fold(parse.text[: need.start])[-30:])
        needless = intent == "assistance" and (need is None or back_to is not None)
        if not form and needless and self._lost_someone(parse):
            return self._start_form(d, parse, "missing_person")  # "my son didn't come home"
        if (
            not form
            and needless
            and (self._in_danger(parse) or "in_danger" in self._reasons(parse))
            # ("o fogo não chegou até aqui, só muita fumaça", after the check-in): news of it
            and not self._made_light_after_checkin(d, parse)
        ):
            return self._start_form(d, parse, "distress")
        # "hay balacera aqui en la colonia, … hay que evacuar", read as a question: a danger here
        # and now, not a question about one ("dicen q viene el huracan el martes?")
        here_now = _HERE_NOW.search(fold(parse.text)) is not None and "?" not in parse.text
        here_now = here_now and not self._forecast(parse)  # ("podría llegar para acá")
        if not form and intent == "information" and here_now and self._danger_said(parse):
            return self._start_form(d, parse, "distress")
        # "buenas el rio se salio": a greeting, then the danger ("bonjour, l'inondation a
        # tout pris": what it took, the aftermath, is no report of danger)
        lost = _TOOK_ALL.search(fold(parse.text)) is not None
        # ("bonjou paspò m pèdi nan siklòn nan": the papers it took, no one in danger)
        lost = lost or (self._papers_lost_told(parse) and not self._in_danger(parse))
        if not form and intent == "greet" and self._danger_said(parse) and not lost:
            if not self._calm(parse):
                return self._start_form(d, parse, "distress")
        # "Tembló bien fuerte y se cayó parte del edificio": danger named, read without
        # conviction, is still danger.
        if (
            not form
            and intent == "distress"
            and parse.confidence >= DANGER_NAMED_CONFIDENCE
            and self._hazard(parse) is not None
            # ("perdi meu filho na confusão… por causa da enchente": lost in it, a search; "mi
            # abuelito se perdió cuando nos sacaron por el incendio": lost as they got out)
            and not self._lost_on_the_way_out(parse, unsure)
            # (told it is coming, "¿salimos ya? todavía no entra el agua": not on them yet)
            and not (d.slots.get("forecast") and not self._danger_now(parse))
            # ("il y a eu un incendie au campement la semaine dernière, tout a brûlé": past)
            and not self._past_only(parse)
            and not self._made_light_after_checkin(d, parse)
        ):
            return self._start_form(d, parse, "distress")
        if not form and self._lost_on_the_way_out(parse, unsure):
            return self._start_form(d, parse, "missing_person")  # "mi hija no regresó"
        if form:
            if intent == "goodbye" and parse.confidence >= 0.8:
                d.active_form = d.requested_slot = None
                d.replies.append(self._say("utter_goodbye", language))
                return None
            return self._absorb(d, parse, form)

        if d.case and d.case.open and _CORRECTION.match(fold(parse.text)):
            if self._late_correction(d, parse):
                return None
        if d.case and d.case.open and _FORGOT.search(fold(parse.text)):
            if self._late_fact(d, parse):
                return None
        request = intent in (*CASE_KINDS, "information") and parse.confidence >= MIN_CONFIDENCE
        # ("on va bien", then "on dort dehors devant la maison par précaution"): where they
        # wait, by choice, is news of the check-in, no roof asked
        by_choice = self._by_choice(d, parse) and not self._in_danger(parse)
        # ("estamos bien", then "somos cinco, mi viejo, yo y los tres muchachos" read unsure
        # as danger): news of those who checked in, with no need, harm, danger or search
        # (or damage made light of, however unsure the reading: "the carport roof blew off but
        # the house is ok")
        newsy = request or self._made_light(parse)
        news = bool(d.slots.get("checked_in")) and newsy and self._only_news(parse)
        checkin_news = d.slots.get("checked_in") and (not request or by_choice or news)
        # ("hay algún albergue que nos reciba? mi número es 962…", read unsure): a roof or a
        # service asked for after "all fine" is a request, not a number for the check-in
        asking = "?" in folded or bool(_ASKING.search(folded) or _NEED_VERB.search(folded))
        checkin_news = checkin_news and not (asking and self._asks_for(parse, checked_in=True))
        if checkin_news and self._amend_checkin(d, parse):
            return None
        if news:  # ("galveston island, we stayed with friends"): heard, nothing to file
            d.replies.append(self._say("utter_checkin_updated", language))
            return None
        unread = parse.confidence < MIN_CONFIDENCE or intent == "out_of_scope"
        if d.msg.location and not any(ch.isalpha() for ch in parse.text):
            # A pin alone, often from someone in trouble: kept as where they are, for the
            # report that follows, and the menu asks what is happening.
            d.slots["place"] = self._answer(d.msg, parse, "place", {})
            d.replies += [self._say("utter_location_kept", language), self._menu(language)]
        elif d.case is None and _ABOUT_US.match(fold(parse.text)):
            # "who is this?", "is this the consulate?", "es gratis?", "quem fala?": who we are,
            # that no name or status is needed, and the menu; nothing asked of them yet
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif d.case is None and self._status_worry(parse):
            # "tenho medo de ir lá e me perguntarem se tô legal", "if i go to a shelter do they
            # call ICE?": the worry is answered (status is never asked) and nothing is filed; a
            # first message goes on as the question it is
            if not d.slots.get("informed"):
                self._start_form(d, parse, "information")
        elif d.slots.get("informed") and self._visit(parse):
            # after the consulate's details, "vou levar meu filho de 12, ele é surdo": who comes
            # along to the visit, however read; no one is said to be missing
            self._start_form(d, parse, "information")
        elif (unread or parse.confidence < FORM_INTERRUPT_CONFIDENCE) and self._fine_first(parse):
            # "oui ça va, on est 4 à la maison", "nous allons bien, nous sommes dans l'abri": a
            # check-in answered, however unsure the reading
            self._record_safe(d, parse)
        elif parse.first("need") and unread:
            # a need named is a request, however said; "quanto custa tirar a cédula?" asks the
            # way to a routine paper, which the consulate's details answer
            asking = self._how_to(parse) or self._more_about_the_question(d, parse)
            asking = asking or self._only_asking(d, parse)  # "…pra voltar? so perguntando"
            self._start_form(d, parse, "information" if asking else "assistance")
        elif unread and opening and self._danger_told(parse):
            # "notre maison est inondée", "kay la inonde", read without conviction: a danger
            # on them, with nothing calm, asked or lost in it, opening the conversation, is a
            # report, not the menu
            self._start_form(d, parse, "distress")
            d.slots["opened_unsure"] = True
        elif (
            opening
            and intent == "assistance"
            and parse.confidence < SURE_CONFIDENCE
            and parse.first("need") is None
            and self._hazard(parse) == "earthquake"
            and self._danger_told(parse)
            # ("they closed our residence", "dijeron que no podemos entrar"): out of it
            and not (_KEPT_OUT.search(fold(parse.text)) or put_out(fold(parse.text)))
        ):
            # "te a tranble fò anpil, mi kay la fann", "tremblement de terre, le mur de ma
            # maison est fissuré", read unsure as a request that names no need: a home the quake
            # cracked, with more to come, is the report ("o fogo queimou minha banca": over)
            self._start_form(d, parse, "distress")
            d.slots["opened_unsure"] = True
        elif (
            intent in ("distress", "missing_person")
            and self._past_only(parse)
            and not (self._lost_someone(parse) or self._gone(parse))
        ):
            # "il y a eu un incendie la semaine dernière, tout a brûlé": what it took (or who
            # died in it) is a request; anything else, a question to come
            folded = fold(parse.text)
            took = _TOOK_ALL.search(folded) is not None or parse.first("need") is not None
            self._start_form(d, parse, "assistance" if took or _a_death(folded) else "information")
        elif unread and opening and self._forecast(parse):
            # "theres a hurricane supposed to hit thursday": not on them yet; their consulate,
            # the emergency number and the shelters, and what to do when they ask
            self._start_form(d, parse, "information")
            d.slots["forecast"] = parse.text  # the danger their questions will be about
        elif remembered and unread:
            # "santiago", "colombian", "at home in pasadena tx": where they are and where they
            # are from lead to their consulate; what is missing of the two is asked.
            self._start_form(d, parse, "information")
        elif (unread or self._not_urgent(parse)) and self._hesitant(parse):
            # "hola no sé si esto es para esto", "quick question": welcomed, and the menu;
            # "hi not an emergency" too, however surely "emergency" reads as a danger
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif parse.confidence < MIN_CONFIDENCE or intent == "out_of_scope":
            d.replies += [self._say("utter_fallback", language), self._menu(language)]
            if len(parse.text.split()) > 2:
                d.slots["unplaced"] = parse.text  # for the report it may turn out to begin
        elif intent == "assistance" and (
            (not parse.first("need") and _INFORMATION.search(fold(parse.text)))
            or self._how_to(parse)
            or self._only_asking(d, parse)  # "ajuda com passagem pra voltar? so perguntando"
        ):
            # "m bezwen enfòmasyon", "what documents do I need for a passport?": the answer is
            # the consulate's details; no case to file
            self._start_form(d, parse, "information")
        elif intent == "assistance" and self._more_about_the_question(d, parse):
            # after the consulate's details, "I'm a student here, I live in providencia" or
            # "my passport runs out in March" says more of who asks; no case to file
            self._start_form(d, parse, "information")
        elif intent == "missing_person" and parse.first("need") and not self._searched(parse):
            # "manman m gen 72 an li pa gen medikaman tansyon li depi 4 jou": a need told of a
            # relative who is there, read as a search; no one is said to be missing
            self._start_form(d, parse, "assistance")
        elif (
            intent == "missing_person"
            and remembered
            and parse.confidence < FORM_INTERRUPT_CONFIDENCE
            and not (self._searched(parse) or self._lost_someone(parse) or self._danger_said(parse))
            # ("Moussa Diop devait quitter Tapachula il y a 10 jours, depuis c'est silence")
            and last_seen(parse.text) is None
            and (not self._someone_else(parse) or _BORN.search(fold(parse.text)) is not None)
        ):
            # "soy haitiana, mis dos hijos nacieron en chile", read unsure as a search: who
            # writes, with whom, from where; no one is said to be missing
            self._start_form(d, parse, "information")
        elif (
            intent == "missing_person"
            and remembered
            and not self._someone_named(parse)
            # ("mis papás están en houston y se les metió el agua a la casa": a danger told)
            and not self._danger_on_them(parse)
        ):
            # "I'm Jamaican, I live in San Jose, in Escazu" read unsure as a search: who asks
            # and where, for the consulate; no one is said to be missing
            self._start_form(d, parse, "information")
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and self._for_someone_there(parse)
            and not self._lost_someone(parse)
            and not self._hurt(parse)
        ):
            # "hi im writing for my mom, she lives in hialeah and lost her job": who the
            # request is for, not someone lost; "lost my passport when we evacuated": a paper
            self._start_form(d, parse, "assistance")
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and self._heard_of(parse, located=bool(d.slots.get("informed")))
            and not (self._lost_someone(parse) or _WHERE_UNKNOWN.search(fold(parse.text)))
        ):
            # "mi hija me mandó un audio, está encerrada", or after the consulate's details "my
            # brother is there in hialeah": heard from, or where they are; no one is lost. Their
            # danger is a report; anything else, what is asked next says
            self._start_form(d, parse, "distress" if self._danger_said(parse) else "information")
        elif intent == "distress" and parse.confidence < SURE_CONFIDENCE and self._helper(parse):
            self._start_form(d, parse, "information")  # someone helping another, no danger
        elif intent == "distress" and remembered and self._who_and_where(parse):
            # "salam, je suis malien, je suis a tijuana dans la zone norte", read unsure as
            # danger: who and where, nothing else; their consulate is the answer
            self._start_form(d, parse, "information")
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and _QUESTION_FOR.search(fold(parse.text))
            and not self._lost_someone(parse)
        ):
            self._start_form(d, parse, "information")  # "hi quick question for my mom, …"
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and _CANNOT_WRITE.search(fold(parse.text))
            and not self._lost_someone(parse)
        ):
            # "le escribo por mi tío, él no sabe leer ni escribir": written for someone who
            # cannot write, where they are known; what they need comes next
            self._start_form(d, parse, "information")
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and self._danger_said(parse)
            and not (self._lost_someone(parse) or self._gone(parse))
            and not _WHERE_UNKNOWN.search(fold(parse.text))
            and not self._someone_else(parse)
        ):
            # "el rio se salio y se llevo las carpas donde estabamos", read unsure as a search:
            # a danger told, no relative named, no one said to be missing ("el edificio donde
            # trabaja mi hermana se cayó" is a search)
            self._start_form(d, parse, "distress")
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and d.slots.get("informed")
            and _TRAVEL_PLAN.search(fold(parse.text))
            and not (self._lost_someone(parse) or self._danger_said(parse) or self._hurt(parse))
            and not _WHERE_UNKNOWN.search(fold(parse.text))
        ):
            # after the consulate's details, "se me vence en marzo y quiero viajar a ver a mi
            # mamá en lima": why they asked, and no one lost
            d.replies.append(self._say("utter_anything_else", language))
        elif (
            intent == "missing_person"
            and parse.confidence < SURE_CONFIDENCE
            and (_SAW_IT_LATE.search(fold(parse.text)) or self._called_back(parse))
            and not (self._someone_named(parse) or self._danger_said(parse) or self._hurt(parse))
        ):
            # "sorry just saw this msg, phone was off since tuesday", read unsure as a search:
            # a late answer to our message, no one named nor said to be missing
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif intent == "missing_person" and self._introduced(parse):
            # "hi, my name is Carlos": who writes, not who is lost
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif (
            intent == "assistance"
            and parse.first("need") is None
            and self.lexicon.hazard(str(d.slots.get("unplaced") or "")) is not None
        ):
            # "temblo otra vez y la pared se abrio mas" not understood, then where they are:
            # the danger told just before is the report
            self._start_form(d, parse, "distress")
        elif intent == "distress" and self._warned(d, parse):
            # told it is coming, then "¿salimos ya? todavía no entra el agua": what to do before
            # it comes, and no report until it is on them
            if not d.replies:
                d.replies.append(self._say("utter_advice_prepare", language))
        elif intent == "distress" and self._no_emergency(parse):
            # "todavía tengo algo ahorrado, no es urgente", read unsure as danger: no emergency,
            # said in so many words; a need named is a request, else a question goes on, or,
            # once answered, what else we can do
            if parse.first("need"):
                self._start_form(d, parse, "assistance")
            elif d.slots.get("informed"):
                d.replies.append(self._say("utter_anything_else", language))
            else:
                self._start_form(d, parse, "information")
        elif _LANGUAGE_TALK.search(fold(parse.text)) and not self._troubled(parse):
            # "sorry my spanish is bad, can we talk in english": who we are and the menu, in
            # the language they write
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif intent in CASE_KINDS or intent == "information":
            self._start_form(d, parse, intent)
        elif intent == "register":
            self._start_form(d, parse, "registration")
        elif intent == "safe" and not _FINE.match(fold(parse.text)) and self._not_fine(parse):
            # "no estoy bien, me lastimé la pierna", read as safe for its "bien": never told
            # they are safe
            self._start_form(d, parse, "distress")
        elif intent == "safe" and opening and self._danger_told(parse) and self._safe_unsaid(parse):
            # ("tembló bien fuerte y se cuarteó todo el edificio, estamos en iztapalapa", read
            # sure as safe): struck, and no word says they are fine
            self._start_form(d, parse, "distress")
        elif intent == "safe" and parse.confidence < SURE_CONFIDENCE and self._struck(parse):
            # "furacão aqui em pompano beach, a janela da sala estourou", read unsure as safe:
            # the storm is on them and no one says they are fine
            self._start_form(d, parse, "distress")
        elif intent == "safe" and self._danger_after_ok(parse):
            # ("ok grax. oiga y aqui el rio esta subiendo, ya se metio a la calle"): a danger
            # told after the thanks, read as fine, is a report
            self._start_form(d, parse, "distress")
        elif (
            intent == "safe"
            and (
                parse.confidence >= FORM_INTERRUPT_CONFIDENCE
                or _FINE.match(fold(parse.text))
                # the answer to a check-in (a second thanks records nothing new)
                or (_THANKS_FOR_ASKING.search(fold(parse.text)) and not d.slots.get("checked_in"))
                # ("não para de chover aqui em kissimmee mas estamos bem"): fine, said last
                or (_BUT_FINE.search(fold(parse.text)) is not None and not self._troubled(parse))
            )
            # ("we are belizean", read as safe after a request was filed: where they are from)
            and not (d.case is not None and d.case.open and self._only_where(parse))
        ):
            self._record_safe(d, parse)  # a check-in lowers urgency: never on a guess
        elif intent == "safe" and parse.first("need"):
            # "tembló, el edificio se cuarteó, estamos en la calle": a need, read unsure as safe
            self._start_form(d, parse, "assistance")
        elif intent == "safe" and _OK_FIRST.match(fold(parse.text)):
            # "ok got it", "ok thank you. no need to call me": heard, no check-in
            d.replies.append(self._say("utter_thanks", language))
        elif intent == "safe":
            d.replies += [self._say("utter_fallback", language), self._menu(language)]
        elif intent == "greet":
            d.replies += [self._say("utter_greet", language), self._menu(language)]
        elif intent == "goodbye":
            d.replies.append(self._say("utter_goodbye", language))
        elif intent == "thanks":
            d.replies.append(self._say("utter_thanks", language))
        else:  # affirm / deny with nothing pending
            d.replies += [self._say("utter_anything_else", language), self._menu(language)]
        return None

    def _danger_after_ok(self, parse: ParseResult) -> bool:
        """An "ok, thanks" sentence, then a danger told with nothing calm in it."""
        head = _OK_FIRST.match(fold(parse.text))
        end = parse.text.find(".", head.end()) if head else -1
        if head is None or end < 0:
            return False
        # (the opening sentence blanked, so the places found keep their offsets)
        return self._danger_told(replace(parse, text=" " * (end + 1) + parse.text[end + 1 :]))

    @staticmethod
    def _by_choice(d: _Draft, parse: ParseResult) -> bool:
        """Checked in, then outside "par précaution": where they wait by choice."""
        return bool(d.slots.get("checked_in")) and _PRECAUTION.search(fold(parse.text)) is not None

    @staticmethod
    def _not_urgent(parse: ParseResult) -> bool:
        """Whether a message says it is no emergency ("no es urgente", "pa ijan")."""
        return _NOT_URGENT.search(fold(parse.text)) is not None

    def _no_emergency(self, parse: ParseResult) -> bool:
        """ "todavía tengo algo ahorrado, no es urgente", read unsure as danger: no emergency,
        said in so many words, with no danger or harm told."""
        if parse.confidence >= SURE_CONFIDENCE or not self._not_urgent(parse):
            return False
        return not (self._danger_said(parse) or self._hurt(parse))

    def _hesitant(self, parse: ParseResult) -> bool:
        """An opening that only asks whether this is the right place, or says a question is
        coming, with no danger, harm or need told."""
        if _HESITANT.match(fold(parse.text)) is None or parse.first("need") is not None:
            return False
        return not self._reasons(parse) and self._hazard(parse) is None

    def _fine_first(self, parse: ParseResult) -> bool:
        """A message that opens by saying they are fine (not a bare "ok"), with no danger,
        harm, search, need or question after it."""
        folded = fold(parse.text)
        fine = _FINE.match(folded)
        if fine is None or not _FINE_WORD.search(fine.group()) or "?" in folded:
            return False
        if _WANT_TO_KNOW.search(folded):
            return False  # ("estamos bien, solo quiero saber dónde queda el consulado"): asked
        troubled = self._in_danger(parse) or self._hurt(parse) or self._lost_someone(parse)
        need = parse.first("need")
        # ("nous allons bien, nous sommes dans l'abri"): the shelter they are in is where
        sheltered = need is not None and need.value == "shelter" and _AT_SHELTER.search(folded)
        return not troubled and (need is None or bool(sheltered))

    @staticmethod
    def _calls_refused(folded: str) -> bool:
        """Calls refused in words: "no me llamen", "stop calling me at work", "pas d'appel"."""
        return bool(_DONT_CALL.search(folded) or _CALLS_REFUSED.search(folded))

    @staticmethod
    def _messages_refused(folded: str) -> bool:
        """Messages refused in words ("don't text me here", "borren este número"); calls refused
        ("stop calling me, just text", "pas d'appel") are how to reach them, not a stop."""
        rest = _KEEP_SENDING.sub(" ", _CALLS_REFUSED.sub(" ", _DONT_CALL.sub(" ", folded)))
        return bool(_NO_MORE_MESSAGES.search(folded) or _MESSAGES_REFUSED.search(rest))

    def _write_not_call(self, parse: ParseResult) -> bool:
        """ "Don't call, write to this one": no call, and where to write, no stop asked."""
        folded = fold(parse.text)
        return _DONT_CALL.search(folded) is not None and self._this_number(parse.text)

    def _who_and_where(self, parse: ParseResult) -> bool:
        """Only who and where, read unsure as danger: no danger, harm, plea, need or one
        missing told beside them."""
        if parse.confidence >= FORM_INTERRUPT_CONFIDENCE or parse.first("nationality") is None:
            return False  # ("a family stuck on their roof in Baytown": where, and a danger)
        folded = fold(parse.text)
        told = parse.first("need") or self._reasons(parse) or self._lost_someone(parse)
        told = told or self._someone_else(parse)  # ("mon mari, haïtien, travaille à…")
        plea = _PLEA.search(folded) or _ON_STREET.search(folded)
        return not (told or plea) and self._hazard(parse) is None

    def _helper(self, parse: ParseResult) -> bool:
        """Someone helping or writing for another, with no danger, harm or plea told."""
        folded = fold(parse.text)
        helping = _HELPING.search(folded) or _WRITING_FOR.search(folded)
        troubled = self._in_danger(parse) or self._hurt(parse) or _PLEA.search(folded)
        return bool(helping) and not troubled and self._hazard(parse) is None

    @staticmethod
    def _safe_unsaid(parse: ParseResult) -> bool:
        """No word of the message says anyone is fine, safe, alive or unhurt ("bien fuerte"
        is strong)."""
        folded = _VERY.sub(" ", fold(parse.text))
        fine = _FINE.match(folded) or _SAFE_WORD.search(folded) or _FINE_WORD.search(folded)
        return not (fine or _ALIVE.search(folded))

    def _struck(self, parse: ParseResult) -> bool:
        """A danger named and nothing said of being fine, of it being over or kept out."""
        here = _HERE_NOW.search(fold(parse.text)) is not None  # on them now, not an alert seen
        return here and self._hazard(parse) is not None and not self._calm(parse)

    def _danger_told(self, parse: ParseResult) -> bool:
        """A disaster or an attack named, with nothing calm, asked, lost to it or missing."""
        hazard = self._hazard(parse)
        if hazard in (None, "detention") or self._calm(parse):
            return False  # (a detention is a request for the consulate, not a rescue)
        folded = fold(parse.text)
        past = any(p.search(folded) for p in (_TOOK_ALL, _AFTER_IT, _WHILE_AGO))
        # ("con el temblor de anoche queria saber…"): a question begun, about the disaster
        asking = _WANT_TO_KNOW.search(folded) is not None and not self._in_danger(parse)
        return not (past or asking or self._lost_someone(parse) or self._forecast(parse))

    def _checkin_contact(self, d: _Draft, here: str) -> None:
        """The check-in made keeps where to write to them."""
        facts = tuple(d.slots.get("facts", ()))
        language = d.language or self.default_language
        d.effects.append(RecordCheckin(language, None, None, amend=True, facts=facts,
                                       contact=here))  # fmt: skip

    def _haunted_since(self, parse: ParseResult) -> bool:
        """Sleepless or afraid since a disaster ("since the quake I can't sleep"), read unsure
        as danger, with no one hurt or in danger now."""
        need = parse.first("need")
        if parse.confidence >= SURE_CONFIDENCE or need is None or need.value != "psychosocial":
            return False
        reasons = self._reasons(parse)
        calm = not (self._hurt(parse) or "in_danger" in reasons or "life_at_risk" in reasons)
        return calm and _SINCE_THE.search(fold(parse.text)) is not None

    def _past_only(self, parse: ParseResult) -> bool:
        """A disaster told as past (last week, everything it took), read without conviction as
        danger, no one hurt or caught in a danger now. ("Since yesterday" is no such word: the
        water may be in the house still.)"""
        if parse.confidence >= SURE_CONFIDENCE or self._hazard(parse) is None:
            return False
        if self._danger_now(parse):
            return False
        folded = fold(parse.text)
        return any(p.search(folded) for p in (_TOOK_ALL, _WHILE_AGO))

    def _only_news(self, parse: ParseResult) -> bool:
        """More news after a check-in: no need of theirs, no one hurt or missing, no danger on
        the writer now, and no conviction beyond a danger or a request with none named."""
        folded = fold(parse.text)
        if parse.first("need") is not None and not (
            _SPARED.search(folded) and not _NEED_VERB.search(folded)
        ):
            return False  # (a roof named of the neighbours' house, theirs spared, asks none)
        # a sure reading of danger stands when a danger or a plea is named; of a request, unless
        # said to be fine all the same ("no tenemos luz desde ayer pero todo bien")
        fine = parse.intent == "assistance" and _ALL_FINE_ANYWAY.search(folded) is not None
        if parse.confidence >= SURE_CONFIDENCE and (
            parse.intent not in ("distress", "assistance")
            or (parse.intent == "assistance" and not fine)
            or self._hazard(parse)
            or _PLEA.search(folded)
        ):
            return False
        if "?" in folded or _TOOK_ALL.search(folded) or _BUT_NOW.search(folded):
            return False  # "on peut dormir où ce soir?", "perdemos tudo": asked, or in need
        if self._lost_someone(parse):
            return False
        if self._made_light(parse):
            return True  # "solo se cuarteó la pared de la cocina", "the porch roof gone but the
            # house ok": damage made light of by those who said they are fine
        if {"in_danger", "life_at_risk"} & self._reasons(parse):
            return False
        if self._check_in_taken_back(parse):
            return False  # "non tann, m nan machin nan… dlo a rive nan pòt yo": on them now
        return not (self._in_danger(parse) or self._struck(parse))

    def _made_light_after_checkin(self, d: _Draft, parse: ParseResult) -> bool:
        """After a check-in, damage made light of ("nomás se cuarteó la pared del baño"): news
        of those who are fine, not a report."""
        if not d.slots.get("checked_in"):
            return False
        # ("the quake knocked stuff off the walls but nobody hurt"): no one hurt, said of it
        spared = harm_denied(parse.text, self.lexicon) and not self._in_danger(parse)
        spared = spared and not _PLEA.search(fold(parse.text))
        return self._made_light(parse) or (spared and not self._reasons(parse) & HARMS)

    def _made_light(self, parse: ParseResult) -> bool:
        """Damage made light of ("solo se cuarteó la pared", "rien de grave", "but the house is
        ok"), with no one hurt, no life at risk and no plea."""
        folded = fold(parse.text)
        if _MADE_LIGHT.search(folded) is None or _PLEA.search(folded):
            return False
        return not self._reasons(parse) & {"injured", "life_at_risk"}

    def _after_the_danger(self, parse: ParseResult) -> bool:
        """A flood, fire or storm said to be over, with a trouble left by it and no one hurt or
        in danger now ("the flood went down but now my baby has a high fever")."""
        folded = fold(parse.text)
        if not _DANGER_ENDED.search(folded):  # (the cheap test first: asked of every message)
            return False
        if self._hazard(parse) not in ("flood", "fire", "storm", "earthquake"):
            return False
        if self._hurt(parse):
            return False
        if {"in_danger", "life_at_risk"} & self._reasons(parse) or _FINE.match(folded):
            return False
        if any(p.search(folded) for p in (_SAFE_WORD, _THANKS_FOR_ASKING)):
            return False  # "ya pasó el huracán, estamos bien gracias a dios": a check-in
        left = _BUT_NOW.search(folded) or _TOOK_ALL.search(folded) or _ON_STREET.search(folded)
        return bool(left or parse.first("need")) or parse.intent == "assistance"

    def _forecast(self, parse: ParseResult) -> bool:
        """A storm, flood or fire said to be coming, not yet on them ("theres a hurricane
        supposed to hit thursday", "dicen que el incendio podría llegar para acá")."""
        coming = _FORECAST.search(fold(parse.text)) is not None
        return coming and self._hazard(parse) in ("storm", "flood", "fire")

    def _foretold(self, parse: ParseResult) -> bool:
        """Water or a storm said to be on its way, heard or feared ("they say the river will
        rise", "alerta de chuva forte pra hoje"), no one hurt or caught in it yet. (A fire
        said to be coming is on them: it runs faster than the question.)"""
        folded = fold(parse.text)
        coming = _HEARSAY.search(folded) is not None or _ARRIVES_LATER.search(folded) is not None
        water = self._hazard(parse) in ("storm", "flood") or _RAIN.search(folded) is not None
        now = _ALREADY.search(_NOT_YET.sub(" ", folded)) is not None
        return coming and water and not now and not self._danger_now(parse)

    def _warned(self, d: _Draft, parse: ParseResult) -> bool:
        """Water or a storm on its way, told now or before, and no one caught in it yet."""
        told = bool(d.slots.get("forecast")) or self._foretold(parse)
        return told and not self._danger_now(parse) and d.active_form != "distress_form"

    def _danger_now(self, parse: ParseResult) -> bool:
        """Someone hurt, or caught in the danger now ("el agua ya entró")."""
        return self._hurt(parse) or bool({"in_danger", "life_at_risk"} & self._reasons(parse))

    def _calm(self, parse: ParseResult) -> bool:
        """Something said of being fine, of a danger over or kept out, or a question asked."""
        folded = fold(parse.text)
        calm = any(
            p.search(folded) for p in (_SAFE_WORD, _OVER, _SPARED, _THANKS_FOR_ASKING)
        ) or _fine_anywhere(folded)  # "all good here", "she's pregnant but all good"
        return calm or "?" in folded or harm_denied(parse.text, self.lexicon)

    def _unhurt_only(self, d: _Draft, parse: ParseResult) -> bool:
        """ "Me and my cousin, both ok just scared, no hurt", in a report of a danger still on
        them: "ok" says no one is hurt, not that the danger is over; only safety or rescue said
        ends it. (Stones thrown a week ago are over: "todos bien, nadie salió golpeado" ends it.)"""
        folded = fold(parse.text)
        # ("we ok just wet and scared"): only frightened, so no one hurt
        if not (harm_denied(parse.text, self.lexicon) or _ONLY_SHAKEN.search(folded)):
            return False
        situation = fold(str(d.slots.get("situation") or ""))
        if any(p.search(situation) for p in (_WHILE_AGO, _AFTER_IT, _OVER)):
            return False
        if d.slots.get("out_of_it"):
            return False  # "ya salimos, estamos con mi tía", then "todos bien, solo asustados"
        return not any(p.search(folded) for p in (_RESCUED, _OVER, _OUT_OF_DANGER))

    def _all_safe_now(self, parse: ParseResult) -> bool:
        """ "Les pompiers nous ont sortis, on est chez ma soeur", "ok we made it to my cousins,
        we're all ok": out of the danger now, with no one hurt, left behind or asked for. ("somos
        6, todos bien, nomas mojados y con miedo" says no one is hurt: it answers the report.)"""
        folded = fold(parse.text)
        out = _RESCUED.search(folded) or (_ALL_SAFE.search(folded) and _OVER.search(folded))
        if not out or "?" in folded or _LEFT_BEHIND.search(folded):
            return False
        return not self._hurt(parse) and not _NEED_VERB.search(folded)

    def _safe_with_the_stop(self, d: _Draft, parse: ParseResult) -> bool:
        """A report still open, and a message that says they are all safe now as well as that
        no more messages are wanted."""
        if d.case is None or not d.case.open or d.slots.get("checked_in") or self._hurt(parse):
            return False
        folded = fold(parse.text)
        return bool(self._all_safe_now(parse) or _ALL_SAFE.search(folded) or _FINE.match(folded))

    def _care_needed(self, parse: ParseResult) -> bool:
        """A pregnancy in trouble, or a hurt days old, with no danger around and no life itself
        threatened (labour, not breathing): what they need is a doctor, not a rescue."""
        reasons = self._reasons(parse)
        if "injured" not in reasons or {"life_at_risk", "in_danger"} & reasons:
            return False
        # ("pandan tranblemanntè a yon blòk tonbe sou pye m, li anfle depi 3 jou"): a hurt
        # days old dates the disaster it came from, over
        folded = fold(parse.text)
        days_old = _DAYS_OLD.search(folded) is not None
        # (a wound of days that has gone dark, with fever: a life at risk, not a visit)
        past = days_old and _INFECTED.search(folded) is None
        if (self._hazard(parse) is not None and not past) or self._gone(parse):
            return False
        need = parse.first("need")
        pregnant = "pregnancy" in reasons and need is not None and need.value == "medical"
        return pregnant or days_old

    def _someone_missing(self, parse: ParseResult, opening: bool = False) -> ParseResult:
        """A missing-person reading that names a need and nobody missing is a request for that
        need: "my baby is 6 months and has fever 104", "pitit mwen gen lafyèv" ask for care
        for someone who is right there. (People say "missing" in too many ways for the
        missing words alone to decide: "2 days no news", "il est jamais revenu".)"""
        if opening and self._search_without_loss(parse):
            # "mon bébé a la diarrhée depuis 2 jours", "minha mãe mora sozinha em pompano
            # beach", read barely as a search: no one said lost, unreached or unseen since; the
            # reading next in line (a request, a danger) is what they ask
            second = parse.ranking[1][0] if len(parse.ranking) > 1 else "assistance"
            if _ON_THE_WAY.search(fold(parse.text)):
                second = "distress"  # ill out on the way, where no help is: a report
            if second in ("assistance", "distress"):
                parse = replace(parse, intent=second)
        mourning = parse.intent in ("distress", "missing_person") and not self._lost_someone(parse)
        sure_dead = parse.intent == "missing_person" and _KILLED.search(fold(parse.text))
        unsure = parse.confidence < SURE_CONFIDENCE or sure_dead
        if mourning and unsure and self._mourned(parse):
            # "mi primo falleció ayer limpiando escombros, le cayó un árbol encima": the harm
            # told is the death; no one to save, the body and the way home are the request
            named = any(e.entity == "need" and e.value == "remains" for e in parse.entities)
            # the doctor of a death told is its cause, not care asked
            cause = [e for e in parse.entities if not (e.entity == "need" and e.value == "medical")]
            parse = replace(parse, entities=cause)
            return replace(parse if named else _with_need(parse, "remains"), intent="assistance")
        if (
            parse.intent == "missing_person"
            and self._hurt(parse)
            and _FELL.search(fold(parse.text))
        ):
            # "zanmi m tonbe sou chantye a, li pa reponn, li frape tèt li": not answering after a
            # fall is someone unconscious, however sure a reading of a search
            return replace(parse, intent="distress")
        lost = self._lost_someone(parse)
        if parse.intent == "assistance" and lost and opening and parse.first("need") is None:
            # ("necesito ayuda para localizar a mi hermano", "mon oncle… n'est pas revenu"):
            # help asked to find someone, with no service named, is a search
            if parse.confidence < SURE_CONFIDENCE and not self._hurt(parse):
                return replace(parse, intent="missing_person")
        if parse.intent not in ("missing_person", "assistance") or lost:
            return parse
        pains = _PAINS.search(fold(parse.text)) is not None
        if parse.intent == "missing_person" and "pregnancy" in self._reasons(parse) and pains:
            # "madanm mwen ansent 7 mwa e vant li ap fè l mal": a pregnancy told is someone
            # right there, never a search; her pains are the emergency
            return replace(parse, intent="distress")
        if parse.intent == "missing_person" and _EXTORTION.search(fold(parse.text)):
            # "si no les deposito 2 mil dólares se llevan a mi hija": a threat, not a search
            return replace(parse, intent="distress")
        hurt = self._hurt(parse) or self._cut_off(parse)
        # ("perdeu os remédios na enchente, agora teve duas convulsões"): care named, and a life
        # at risk now, opening the talk, is the emergency before it is the medicine (a request
        # in hand keeps its course and gets the emergency numbers)
        at_risk = opening and "life_at_risk" in self._reasons(parse)
        unsure = parse.confidence < SURE_CONFIDENCE and (parse.first("need") is None or at_risk)
        if parse.intent == "missing_person" and unsure and hurt:
            # "meu tio tá tossindo sangue desde ontem", "mi tío usa oxígeno y se fue la luz":
            # someone right there, hurt or losing the care they live on, is no one missing
            return replace(parse, intent="distress")
        if parse.first("need") is None and _a_death(fold(parse.text)):
            # "mi hermano se ahogó cruzando el río": not missing, dead; the body is the request
            return replace(_with_need(parse, "remains"), intent="assistance")
        grief = parse.first("need")
        if grief and grief.value == "psychosocial" and _a_death(fold(parse.text)):
            # ("no puedo dormir, ayer encontraron a mi hermano ahogado"): the sleepless night is
            # the grief; the body found is what the consulate must act on
            others = [e for e in parse.entities if e.entity != "need" or e.value != "psychosocial"]
            mourned = _with_need(replace(parse, entities=others), "remains")
            return replace(mourned, intent="assistance")
        if parse.first("need") is None or parse.confidence >= SURE_CONFIDENCE:
            return parse
        if parse.intent == "missing_person" and _WHERE_UNKNOWN.search(fold(parse.text)):
            return parse  # "…they took him to hospital but we dont know which one": a search
        return replace(parse, intent="assistance")

    def _ill_only(self, parse: ParseResult) -> bool:
        """Someone ill now (fever, jaundice, not feeding, medicine run out), with no hazard
        named, no one hurt or in danger, nothing acute and no one lost."""
        folded = fold(parse.text)
        # ("mi hija tiene epilepsia y se le acabó la carbamazepina"): a long illness, its
        # treatment run out
        treated = _CHRONIC.search(folded) is not None and RUNNING_OUT.search(folded) is not None
        ill = _ILL_NOW.search(folded) or _ILL_SIGNS.search(folded) or treated
        # (on the way, "on marche vers la frontière, mon fils vomit"): ill where no help is
        if not ill or _ACUTE.search(folded) or _ON_THE_WAY.search(folded):
            return False
        if self._hazard(parse) is not None or self._lost_someone(parse):
            return False
        return not (HARMS & self._reasons(parse) or self._in_danger(parse))

    def _search_without_loss(self, parse: ParseResult) -> bool:
        """A search read with little conviction, where nothing says anyone is lost (no missing
        words, no name, nothing heard last) and someone is said to be ill: someone right there
        ("depuis 2 jours" is how long the illness lasts)."""
        folded = fold(parse.text)
        # ("nous marchons vers la frontière, ma fille de 6 ans vomit"): ill on the way, with the
        # one who writes, however sure the reading of a search
        on_the_way = _ON_THE_WAY.search(folded) is not None
        if parse.intent != "missing_person" or (
            parse.confidence >= _BARELY_A_SEARCH and not on_the_way
        ):
            return False
        if parse.first("need") is not None or not _ILL_NOW.search(folded):
            return False  # (care named: the request for it, read as such further on)
        told = self._lost_someone(parse) or parse.first("person_name") is not None
        return not (told or _LAST_SENT.search(folded) or _OF_HIM_GONE.search(folded))

    def _reasons(self, parse: ParseResult) -> frozenset[str]:
        """The facts a message states (bot.facts.reasons_in), read once per message: several
        rules of one turn ask."""
        ages = tuple(e.value for e in parse.entities if e.entity == "age")
        key = (parse.text, parse.language, ages)
        found = self._reasons_read.get(key)
        if found is None:
            if len(self._reasons_read) > 256:
                self._reasons_read.clear()
            found = self._reasons_read[key] = frozenset(reasons_in(parse.text, parse, self.lexicon))
        return found

    def _who(self, parse: ParseResult) -> frozenset[str]:
        """The facts of a message about who is there (a child, an old man), not what happens."""
        return self._reasons(parse) - frozenset(SITUATION_REASONS)

    @staticmethod
    def _own_nationality(parse: ParseResult) -> str | None:
        """The nationality the writer gives as their own ("soy hondureño", "im from el
        salvador", "nou se ayisyen"), when a message says only that one. ("ele é peruano, eu
        sou brasileira": a relative's, told by another, is the case's.)"""
        folded = fold(parse.text)
        # ("somos 4 cubanos, entramos por nicaragua y guatemala": the countries crossed)
        said = {
            e.value
            for e in parse.entities
            if e.entity == "nationality"
            and not _CROSSED.search(folded[max(0, e.start - 30) : e.start])
        }
        if len(said) != 1:
            return None
        return next(
            (
                e.value
                for e in parse.entities
                if e.entity == "nationality"
                and _I_AM.search(folded[max(0, e.start - 16) : e.start])
            ),
            None,
        )

    def _status_worry(self, parse: ParseResult) -> bool:
        """A worry about status, asked or feared ("will they ask for my papers at the clinic?"),
        with no danger, harm, hold, arrest, order or search told, no plea and no lawyer asked
        for: a question."""
        folded = fold(parse.text)
        if _LAWYER.search(folded) or _REMOVAL_ORDER.search(folded):
            return False  # "me dieron una orden de expulsión, ¿qué hago?": it has happened
        if "?" not in parse.text and not (feared(parse.text) or _WORRIED.search(folded)):
            return False
        told = (_PAPERS_ASKED, _AUTHORITIES_FEARED, _STATUS_CAME_UP, _CALLED_ON)
        if not any(p.search(folded) for p in told):
            return False
        if self._reasons(parse) & (HARMS | {"exploited", "detained"}) or _PLEA.search(folded):
            return False
        if self._papers_lost_told(parse):
            return False  # ("perdi meu passaporte na enchente… medo de me deportarem"): a request
        held = _HELD_NOW.search(folded) or _THEY_TOOK_THEM.search(folded)
        return not (held or self._in_danger(parse) or self._lost_someone(parse))

    def _visit(self, parse: ParseResult) -> bool:
        """ "Vou levar meu filho de 12", read as a search: who comes along to the consulate,
        no one said to be missing."""
        return (
            parse.intent in ("missing_person", "out_of_scope") or parse.confidence < MIN_CONFIDENCE
        ) and (_TO_THE_VISIT.search(fold(parse.text)) is not None and not self._searched(parse))

    def _searched(self, parse: ParseResult) -> bool:
        """Someone said to be missing, or hurt and where they are not known."""
        return (
            self._gone(parse) or self._hurt(parse) or bool(_WHERE_UNKNOWN.search(fold(parse.text)))
        )

    def _fine_before_named(self, d: _Draft, parse: ParseResult) -> bool:
        """Those a search was opened for said to be fine before any name or sign of them being
        lost was given ("they're fine, both of them", "ela e meu padrasto estão bem")."""
        if given(d.slots.get("missing_name")) or given(d.slots.get("last_seen_when")):
            return False
        folded = fold(parse.text)
        if not _THEY_ARE_FINE.search(folded) or "?" in folded:
            return False
        return not (self._lost_someone(parse) or self._hurt(parse) or self._in_danger(parse))

    def _news_of_them(self, parse: ParseResult) -> bool:
        """News of the one searched for: found, or said to be held ("dice que lo agarró la
        migra", "ICE picked her up"), told as fact, not wondered about."""
        folded = fold(parse.text)
        good_news = _GOOD_NEWS.search(folded) and _SAFE_WORD.search(folded) and "?" not in folded
        if _FOUND.search(folded) or _a_death(folded) or good_news:
            return True  # ("me acaban de decir que falleció": the worst news, told)
        # ("will you tell me if he is in hospital or in jail", "dicen que lo tienen y que
        # mande 2 mil dólares": asked, wondered, or a ransom, not news)
        # ("se la llevaron en ambulancia, pero no sabemos a qué hospital": still unknown)
        unsure = (_DOUBT, _EXTORTION, _RANSOM, _WHERE_UNKNOWN)
        if feared(parse.text) or any(p.search(folded) for p in unsure):
            return False
        # ("un compañero me dijo que se lo llevó ICE. ustedes lo pueden ayudar??"): the news is
        # told in a sentence that asks nothing; a question after it is what they ask of us
        told = " ".join(_sentences_told(folded))
        held = _HELD_NOW.search(told) or _THEY_TOOK_THEM.search(told)
        return bool(held or _IN_HOSPITAL.search(told))

    def _search_closed(self, d: _Draft, parse: ParseResult) -> bool:
        """The one searched for is back and the writer asks to close the case ("he is back now…
        you can close it", "nou ka fèmen dosye a"), no one hurt or in danger."""
        folded = fold(parse.text)
        if _CLOSE_ASKED.search(folded) is None or "?" in folded:
            return False
        back = d.slots.get("found") or d.slots.get("checked_in") or _turned_up(folded)
        return bool(back) and not (self._hurt(parse) or self._in_danger(parse))

    def _found(self, d: _Draft, parse: ParseResult) -> bool:
        """The one searched for has turned up ("ya apareció… lo tienen en la estación siglo
        xxi", "il est à l'hôpital général avec des brûlures", "ele acabou de ligar, tá num
        abrigo, tão bem"): held, the search becomes a request for legal help; in hospital, for
        care; safe, the search ends in a check-in. False when the message says none of these."""
        folded = fold(parse.text)
        reasons = self._reasons(parse)
        if _a_death(folded):
            need = "remains"  # the search ends; the body and the way home are the request
        elif "detained" in reasons or _HELD_NOW.search(folded):
            need = "legal"
        elif _HOSPITAL.search(folded):
            need = "medical"
        elif _SAFE_WORD.search(folded) and not self._hurt(parse):
            d.active_form = d.requested_slot = None
            if given(d.slots.get("missing_nationality")):  # the check-in is theirs
                d.slots.setdefault("nationality", d.slots["missing_nationality"])
            self._record_safe(d, parse)
            return True
        elif _turned_up(folded) and not reasons & (HARMS - {"in_danger"}) and d.case is not None:
            # ("ya apareció!!! estaba en un albergue en baytown"): turned up, no harm told; the
            # search is marked safe, and the shelter they were found in is no request of theirs
            # ("il est rentré!! il était coincé chez un collègue": the danger they were in, over)
            d.slots["found"] = True
            form = self.forms.form_for("missing_person")
            place = parse.first("place")
            if form is not None and place and not given(d.slots.get("last_seen_place")):
                d.slots["last_seen_place"] = place.value  # where they are now, if none known
                self._file_or_update(d, form, ["last_seen_place"])
            d.active_form = d.requested_slot = None  # no more questions about someone found
            d.effects.append(NoteOnCase("reported_safe"))
            d.replies.append(self._say("utter_case_updated", d.language, case_ref=d.case.ref))
            return True
        else:
            return False
        self._change_kind(d, _only_need(parse, need), "assistance")
        d.slots["found"] = True  # what is told of them next is no new search
        return True

    def _someone_named(self, parse: ParseResult) -> bool:
        """A search sure of itself, said in words ("no encuentro a…"), or naming someone (a
        relative, a name): not only who writes and where ("I'm Jamaican, I live in San Jose")."""
        sure = parse.confidence >= SURE_CONFIDENCE
        cue = self._lost_someone(parse)
        kin = self.lexicon.contains(self.lexicon.kin, parse.text)
        if cue or kin:
            return True
        named = parse.first("person_name")
        return (sure or named is not None) and not (named and _own_name(parse, named))

    def _lost_someone(self, parse: ParseResult) -> bool:
        """Words that say someone is missing, not a thing lost ("lost her job")."""
        folded = fold(parse.text)
        return any(
            not (_LOST_VERB.search(folded[start:end]) and _LOST_THING.match(folded, end))
            and not _A_THING.match(folded, end)  # "now i cant find it": the bag, no one
            # ("l'eau n'est pas rentrée": the water stayed out, no one is missing)
            and not _WATER_BEFORE.search(folded[max(0, start - 12) : start])
            for start, end in self.lexicon.spans(self.lexicon.missing_cues, parse.text)
        )

    def _only_unanswered(self, parse: ParseResult) -> bool:
        """Someone who does not answer the phone is all a message says of anyone missing."""
        folded = fold(parse.text)
        rest = _NO_ANSWER.sub(" ", folded)
        return rest != folded and not self._lost_someone(replace(parse, text=rest))

    def _for_someone_there(self, parse: ParseResult) -> bool:
        """A thing lost, or a need said while writing for a relative who is there."""
        writing_for = _WRITING_FOR.search(fold(parse.text)) is not None
        return self._thing_lost(parse) or (writing_for and parse.first("need") is not None)

    def _need_as_officer_reads(self, parse: ParseResult, told: list[str]) -> ParseResult:
        """The need an officer files: papers or pay held by an employer, said now or among the
        facts `told` before, is legal help ("el patrón no me devuelve el pasaporte", "pa peye
        nou depi 3 mwa"); the shelter someone is in is where they are, not what they ask, when
        another need is named ("she's in a church shelter and ran out of insulin")."""
        needs = [e for e in parse.entities if e.entity == "need"]
        if not needs and _NIGHTS_OUT.search(fold(parse.text)) and not self._in_danger(parse):
            return _with_need(parse, "shelter")  # "je suis dehors avec mon bébé depuis 2 nuits"
        if not needs:
            return parse
        held = "exploited" in told or "exploited" in self._reasons(parse)  # said now or before
        if needs[0].value in ("documents", "financial") and held:
            return replace(parse, entities=[_legal(needs[0]), *parse.entities])
        folded = fold(parse.text)
        if needs[0].value == "financial" and _FARE.search(folded) and _GOING_BACK.search(folded):
            # "quero voltar para Luanda mas não tenho dinheiro para a passagem": the way home
            home = Entity("need", "repatriation", needs[0].start, needs[0].end, 0.5, "officer")
            return replace(parse, entities=[home, *parse.entities])
        others = [e for e in needs if e.value != "shelter"]
        if others and len(others) < len(needs) and _AT_SHELTER.search(fold(parse.text)):
            kept = [e for e in parse.entities if e.entity != "need" or e.value != "shelter"]
            return replace(parse, entities=kept)
        return parse

    @staticmethod
    def _heard_of(parse: ParseResult, located: bool) -> bool:
        """A relative heard from; with `located` (after the consulate's details), also one
        said to be in a place now."""
        folded = fold(parse.text)
        heard = _HEARD_FROM.search(folded)
        # (in hospital is no place to be from: care, decided elsewhere)
        if heard or not located or _HOSPITAL.search(folded):
            return bool(heard)
        # "my boyfriend is there in kendall": a place named right after ("ta na mão dos
        # coiotes no méxico" is in no place)
        starts = {e.start for e in parse.entities if e.entity == "place"}
        return any(m.end() in starts for m in _LOCATED.finditer(folded))

    def _thing_lost(self, parse: ParseResult) -> bool:
        """ "Lost her job", "perdió la casa": a loss told that is no one missing."""
        folded = fold(parse.text)
        return any(_LOST_THING.match(folded, m.end()) for m in _LOST_VERB.finditer(folded))

    def _mourned(self, parse: ParseResult) -> bool:
        """A death told, and no harm beyond it: no one left to save ("mi tío murió ayer, le
        cayó un poste encima")."""
        folded = fold(parse.text)
        told = self._reasons(parse)
        # ("my uncle passed on sunday, heart attack"): the illness of a death days past is its
        # cause, no one to save now
        past = last_seen(parse.text) is not None and told <= {"injured", "life_at_risk", "medical"}
        return (
            _a_death(folded)
            and (told <= {"injured"} or past)
            and _LEFT_BEHIND.search(folded) is None
        )

    def _introduced(self, parse: ParseResult) -> bool:
        """Only the writer's own name, and no one else said to be missing."""
        named = parse.first("person_name")
        return named is not None and _own_name(parse, named) and not self._someone_named(parse)

    def _hazard(self, parse: ParseResult) -> str | None:
        """The danger a message names, outside the names of places: "Zona Río" and "Van Nuys"
        (Creole "van", wind) name a place, not a flood or a storm."""
        text = parse.text
        for e in parse.entities:
            inside = e.entity == "place" and 0 <= e.start < e.end <= len(text)
            # (a river named, "el río Coatán se salió", is where the water comes from; "Little
            # River", a part of Miami, is where they live)
            named = fold(text[e.start : e.end])
            river = _WATERCOURSE.search(named) and self.directory.find_city(named) is None
            if inside and not river:
                text = text[: e.start] + " " * (e.end - e.start) + text[e.end :]
        return self.lexicon.hazard(text)

    def _fine_after_found(self, parse: ParseResult) -> bool:
        """The one found said to be fine, unhurt, and nothing asked."""
        folded = fold(parse.text)
        fine = _SAFE_WORD.search(folded) or _fine_anywhere(folded)
        return bool(fine) and "?" not in folded and not self._hurt(parse)

    def _care_where(self, d: _Draft, parse: ParseResult) -> bool:
        """Where to go or take someone for a doctor, asked in a report whose words name no
        disaster and no attack still on them, and no one kept in."""
        folded = fold(parse.text)
        if _CARE_WHERE.search(folded) is None or _CARE_PLACE.search(folded) is None:
            return False
        # (hurt is why they ask; caught in it, or a life going, is still the rescue)
        caught = {"in_danger", "life_at_risk"}
        if self._trapped(parse) or caught & {*self._reasons(parse), *d.slots.get("facts", [])}:
            return False
        told = fold(f"{d.slots.get('situation') or ''} {parse.text}")
        hazard = self.lexicon.hazard(told)
        # ("teve briga no abrigo ontem e me cortaram a mão"): the attack is over
        over = hazard == "violence" and _DAY_BEFORE.search(told) is not None
        return hazard is None or over

    def _trapped(self, parse: ParseResult) -> bool:
        """A danger around them that keeps them in: a hazard named and no way out said."""
        folded = fold(parse.text)
        return (
            "in_danger" in self._reasons(parse)
            and self._hazard(parse) is not None
            and _NO_WAY_OUT.search(folded) is not None
        )

    def _hurt(self, parse: ParseResult) -> bool:
        """Whether a message says someone is hurt or a life is at risk."""
        return bool(self._reasons(parse) & HARMS)

    @staticmethod
    def _request_becomes_rescue(d: _Draft, form: Form) -> bool:
        """A request of this conversation, for a shelter or for nothing named yet, that a danger
        told next turns into the rescue (one case, as an officer keeps it)."""
        need = given(d.slots.get("need"))
        asking = form.kind == "assistance" and need in (None, "shelter")
        return asking and d.case is not None and d.case.open

    def _only_dont_call(self, parse: ParseResult) -> bool:
        """A first message that only asks not to be called: no danger, need, place or fact."""
        if not _DONT_CALL.search(fold(parse.text)) or self._danger_said(parse):
            return False
        said = {e.entity for e in parse.entities} & {"need", "place", "nationality", "phone"}
        return not said and not self._reasons(parse)

    def _danger_said(self, parse: ParseResult) -> bool:
        """A danger named in the message: a hazard, someone hurt, people caught in it."""
        if self._hazard(parse) is not None or self._hurt(parse):
            return True
        return bool({"in_danger", "life_at_risk"} & self._reasons(parse))

    def _danger_on_them(self, parse: ParseResult) -> bool:
        """A danger told as on someone now: not past, over, seen on the news, asked about or
        survived ("they got me out after 5 hours")."""
        folded = fold(parse.text)
        if _WANT_TO_KNOW.search(folded) or _RESCUED.search(folded) or _FROM_AFAR.search(folded):
            return False
        return self._danger_told(parse)

    def _where_without_danger(self, parse: ParseResult) -> bool:
        """Where they are, with no danger, harm, plea or one lost in the words ("estamos en
        ciudad hidalgo en la orilla del río", read surely as danger): the answer to a request's
        question, not a rescue."""
        if parse.first("place") is None or self._danger_said(parse) or self._reasons(parse):
            return False
        return _PLEA.search(fold(parse.text)) is None and not self._lost_someone(parse)

    def _danger_with_answer(self, d: _Draft, parse: ParseResult) -> bool:
        """Where they are, asked for a question's sake, told with a danger on them ("theres a
        fire 2 houses down and the smoke is coming inside… we're in highland park"): the
        danger is the report. Not a question, a danger foretold, or all that it took."""
        if self._danger_now(parse):
            return True
        if "?" in parse.text or self._forecast(parse) or d.slots.get("forecast"):
            return False
        if parse.intent != "distress" or parse.confidence < MIN_CONFIDENCE:
            return False
        # ("moro no glicério perto do rio": a landmark, not a danger) here and now, or surely
        folded = fold(parse.text)
        now = _HERE_NOW.search(folded) or parse.confidence >= FORM_INTERRUPT_CONFIDENCE
        return bool(now) and self._danger_said(parse) and _TOOK_ALL.search(folded) is None

    def _asks_on(self, parse: ParseResult) -> bool:
        """A question asked on ("…y quiero saber si abren los sabados"), no danger in it."""
        folded = fold(parse.text)
        asking = "?" in folded or _WANT_TO_KNOW.search(folded) is not None
        if self._asks_whether(parse):
            return True
        return asking and self._hazard(parse) is None and not self._reasons(parse)

    def _asks_whether(self, parse: ParseResult) -> bool:
        """ "Quero saber se eles tão ajudando quem perdeu a casa na enchente": whether help is
        given for the disaster, asked; a disaster named in the question is no danger on them."""
        folded = fold(parse.text)
        if not _ASKING_WHETHER.search(folded) or _PLEA.search(folded):
            return False
        return not self._reasons(parse) & (HARMS | {"detained", "exploited"})

    def _cut_off(self, parse: ParseResult) -> bool:
        """Someone who lives on a machine (oxygen, dialysis), with the power out or its supply
        running out: "se fue la luz y mi tío usa oxígeno"."""
        return cut_off(fold(parse.text))

    def _idle_question(self, parse: ParseResult, answered: bool = False) -> bool:
        """A question ("?" or its opening words), read without conviction (less still once a
        question was `answered`), that names no danger, no harm, no one at risk and no one
        missing."""
        folded = fold(parse.text).strip()
        # ("okay and are they open on saturday", after the answer): the question after its
        # "ok" and "and"
        opening = _FILLER.sub("", _OK_FIRST.sub("", folded).strip(" ,.!")).strip()
        asked = "?" in folded or _QUESTION_OPENER.match(opening) is not None
        calm = self._hazard(parse) is None and not self._reasons(parse)
        # (once answered, a question on when they open asks on, however it reads)
        hours = answered and _OPEN_WHEN.search(folded) is not None
        unsure = parse.confidence < (SURE_CONFIDENCE if hours else FORM_INTERRUPT_CONFIDENCE)
        return asked and calm and unsure and not self._lost_someone(parse)

    def _medicine_running_out(self, parse: ParseResult) -> bool:
        """Medicine running out, read unsure as danger, with no one hurt, no machine to live on
        and no danger here and now."""
        need = parse.first("need")
        if need is None or need.value != "medical" or parse.confidence >= SURE_CONFIDENCE:
            return False
        folded = fold(parse.text)
        calm = not (self._hurt(parse) or self._cut_off(parse) or _HERE_NOW.search(folded))
        return calm and RUNNING_OUT.search(folded) is not None

    def _gone(self, parse: ParseResult) -> bool:
        """Someone who did not come back or cannot be reached, not said to be hurt."""
        missing = self._lost_someone(parse)
        return missing and not self._hurt(parse)

    def _in_danger(self, parse: ParseResult) -> bool:
        if self._hurt(parse):
            return True
        return bool(self._who(parse)) and self._hazard(parse) is not None

    def _put_out(self, parse: ParseResult) -> bool:
        """Put out of their home, by its owner or the disaster ("el dueño nos sacó", "the
        landlord kicked us out", "mèt kay la mete nou deyò"), no one hurt, nothing on them now."""
        folded = fold(parse.text)
        if not put_out(folded) or self._reasons(parse) & {"injured", "life_at_risk"}:
            return False
        return not closing_in(folded)

    def _home_lost(self, parse: ParseResult) -> bool:
        """Put out of their home, told without a sure reading of danger, with no one lost, left
        behind or attacked: a request for what they need now."""
        if parse.intent == "distress" and parse.confidence >= SURE_CONFIDENCE:
            return False
        if not self._put_out(parse) or self._hazard(parse) == "violence":
            return False
        return not (self._lost_someone(parse) or _LEFT_BEHIND.search(fold(parse.text)))

    def _adds_to_report(self, d: _Draft, form: Form | None, parse: ParseResult) -> bool:
        """A message read as danger without conviction that only adds facts to the report in
        hand ("somos cinco, mi mamá de 72 y tres niños", "colombianos, estamos em boa vista")
        belongs to that report, not a new one; someone hurt, or a danger named with some
        conviction, starts a distress report."""
        if form is None or form.kind not in CASE_KINDS:
            return False
        if self.lexicon.contains(self._callback_phrases, parse.text):
            return True  # "no me manden audios, solo texto aquí": how to reach them
        hurt, hazard = self._hurt(parse), self._hazard(parse)
        if form.kind == "assistance" and d.slots.get("need") == "psychosocial" and not hurt:
            if not _PLEA.search(fold(parse.text)):
                return True  # "no puedo dejar de temblar cuando huelo humo": what haunts them
        if form.kind == "assistance" and d.slots.get("aftermath") and not hurt:
            if not self._in_danger(parse):
                return True  # "en la uruca, al lado del río": the danger told before is past
        if form.kind == "assistance" and parse.first("need") is not None:
            if hazard is None and not hurt:
                return True  # "estamos durmiendo en la plaza con los niños": the request again
        if form.kind == "assistance" and not hurt and _WHILE_AGO.search(fold(parse.text)):
            return True  # "some men attacked our shop last week": why they need it, past
        if form.kind == "assistance" and self._put_out(parse):
            return True  # "el cuarto se inundó y el dueño nos sacó": why they need the roof
        held = d.slots.get("need") == "legal" or "detained" in d.slots.get("facts", [])
        if form.kind == "assistance" and held and "detained" in self._reasons(parse) and not hurt:
            return True  # "lo agarró la policía en doral el jueves…": the arrest, told
        if form.kind == "missing_person" and not hurt and _TOLD_PAST.search(fold(parse.text)):
            # "te gen batay nan pak la… tout moun kouri", "hubo una balacera y todos
            # corrieron": how they lost them, told in the past, not a danger on the writer
            return True
        if form.kind == "missing_person" and _LAST_CONTACT.search(fold(parse.text)):
            # "the last time we spoke she said the water was rising", "los vecinos lo vieron
            # el domingo caminando en el agua": about them, however sure a reading of danger
            return True
        if parse.confidence >= SURE_CONFIDENCE:
            return False
        if hurt:
            return False
        if hazard is None and (form.kind == "missing_person" or not _PLEA.search(fold(parse.text))):
            # "he left around 6 this morning, grey sweater" about them; "estamos en san
            # quintín, en un campo de fresa": no danger named
            return True
        if parse.confidence >= FORM_INTERRUPT_CONFIDENCE and hazard is not None:
            return False
        counted = head_count(parse.text, self.lexicon, parse.language)
        about = any(e.entity in _REPORT_ENTITIES for e in parse.entities)
        reasons = self._reasons(parse)
        return bool(reasons or counted or about or self.forms.fill(form, d.requested_slot, parse))

    # questions put by other parts of Amparo

    def _answer_safety(self, d: _Draft, parse: ParseResult) -> bool:
        """'1' / yes: a safe check-in; '2' / no / help: a distress case, then its questions.
        Anything else is not an answer: the question lapses and the message goes on as usual."""
        assert d.pending is not None
        answer: Literal["safe", "need_help"]
        text = parse.text.strip().lower()
        fine = _FINE.match(fold(text)) is not None  # "I'm fine, thanks"
        if (
            text in SAFE_WORDS
            or fine
            or (text not in HELP_WORDS and parse.intent in ("affirm", "safe"))
        ):
            answer = "safe"
        elif text in HELP_WORDS or parse.intent in ("deny", "distress", "assistance", "human"):
            answer = "need_help"
        else:
            d.pending = None
            return False
        alert_id = d.pending.ref
        language = d.language or self.default_language
        known = d.state.registrant
        said = d.slots.get("nationality")
        nationality = (known.nationality if known else None) or (
            said if isinstance(said, str) and self.directory.country(said) else None
        )
        place = (known.place if known else None) or d.slots.get("place")
        city = self.directory.find_city(place if isinstance(place, str) else None, phone_of(d.msg))
        d.effects.append(AnswerSafety(alert_id, answer))
        if answer == "safe":
            d.effects.append(RecordCheckin(language, city.id if city else None, nationality))
            d.events.append("safe_checkin")
            d.replies.append(self._say("utter_safe_recorded", language))
            if d.active_form and d.requested_slot:  # back to the form's question
                d.replies.append(self._ask(d, d.requested_slot))
            return True
        consulate = route(self.directory, nationality, city)
        fields = {
            "priority": 2,
            "priority_reasons": ["safety_check_need_help"],
            "language": language,
            "nationality": nationality,
            "place": city.id if city else None,
            "consulate_id": consulate.id if consulate else None,
            "contact": (known.contact if known else None) or d.slots.get("contact"),
        }
        details = {"alert_id": alert_id, "answer": "needs help (safety check)"}
        self._file(d, "distress", fields, details)
        # The distress form goes on from here: what is happening, where, how many…
        d.slots = {k: v for k, v in d.slots.items() if k in PERSON_SLOTS}
        d.active_form, d.requested_slot = "distress_form", "situation"
        d.replies.append(self._say("utter_safety_help", language, case_ref=d.new_ref))
        d.replies.append(self._say("utter_ask_situation", language))
        return True

    def _answer_consent(self, d: _Draft, parse: ParseResult) -> bool:
        """The found person's answer to "may your family know?": yes, no, or not an answer
        (then the message is handled as usual and the question stays open)."""
        assert d.pending is not None and d.pending.ref is not None
        yes, no = self._yes(parse), self._no(parse)
        if not (yes or no):
            return False
        language = d.language or "es"
        d.effects.append(AnswerConsent(d.pending.ref, yes))
        name = "utter_tracing_consent_given" if yes else "utter_tracing_consent_refused"
        d.replies.append(self.responses.render(name, language))
        if d.active_form and d.requested_slot:  # back to the report's question
            d.replies.append(self._ask(d, d.requested_slot))
        return True

    # forms

    def _switches_language(self, current: str, parse: ParseResult) -> bool:
        """Whether a message in another language means the person now writes in it: read
        without its places, names and numbers ("nou Estación Central, Santiago" is Creole,
        "ok, tijuana by the canal near el chaparral" English), and sure of it."""
        needed = SWITCH_CONFIDENCE if len(parse.text.split()) > 1 else ONE_WORD_SWITCH_CONFIDENCE
        if parse.language_confidence < needed:
            return False
        # ("Maria Elena Castillo, 68, she's honduran": a full name, in capitals, is no Spanish)
        # ("we're from el salvador": a country's name is no Spanish either)
        text = _FULL_NAME.sub(" ", _without_names(parse, countries=True))
        if text == parse.text:
            return True
        language, confidence = self.nlu.language(text, current)
        return language == parse.language and confidence >= needed

    def _language_of(self, parse: ParseResult) -> str:
        """The language of a first message, read without its places and names where enough
        words remain: "does ecuador have a consulate in houston?" is English."""
        text = _without_names(parse, countries=True)
        if text == parse.text or len(text.split()) < 3:
            return parse.language
        return self.nlu.language(text)[0]

    def _answers_question(self, d: _Draft, form: Form, parse: ParseResult) -> bool:
        """A phone number, a count or a place given when asked is an answer, whatever its intent."""
        if not d.requested_slot:
            return False
        if not any(ch.isalpha() for ch in parse.text):
            return True
        if d.requested_slot in ("callback", "contact") and self._this_number(parse.text):
            return True
        expected = self.forms.expected_entity(d.requested_slot, form.name)
        return expected is not None and parse.first(expected) is not None

    def _said_otherwise(self, parse: ParseResult) -> str | None:
        """What a first message says the person came for, when the digit picked before it
        chose another thing: a question about a consulate, a service named, someone missing."""
        intent, sure = parse.intent, parse.confidence >= FORM_INTERRUPT_CONFIDENCE
        if "detained" in self._reasons(parse) and self._detained_told(parse):
            return "assistance"  # "2", then "ICE picked my dad up": held, not lost
        # ("m vle konnen ki lè konsila a ouvè", however unsure the reading: when it opens)
        folded = fold(parse.text)
        consulate = _WHERE_WHEN.search(folded) and _CONSULATE_WORD.search(folded)
        if intent == "information" and (sure or consulate) and parse.first("need") is None:
            return "information"
        if intent == "assistance" and sure and parse.first("need") is not None:
            return "assistance"
        cue = self._lost_someone(parse)
        if intent == "missing_person" and sure and cue:
            return "missing_person"
        return None

    def _rekind(self, d: _Draft, parse: ParseResult, form: Form) -> bool:
        """A report filed from an unsure first reading that the person's words show to be the
        other kind ("mi hija se me perdió cuando nos sacaron del albergue", then "se llama
        Yeimi, tiene 14 años"): the same case changes kind, keeps what it knows, and the other
        form goes on. Only before the first form has got far: a report well under way stays."""
        case = d.case
        other = _OTHER_KIND.get(form.kind)
        # ("since the flood I can't sleep": a hazard past, no one in danger now)
        calm = not self._in_danger(parse)
        lost = self._lost_someone(parse)  # (asked by several rules below)
        if form.kind == "distress" and calm and parse.first("need") and self._no_danger_told(d):
            other = "assistance"  # "hello, not sure this is the right place", then "since
            # the flood I can't sleep": a request, read at first as danger without any named
        holding = {"exploited", "detained"} & self._reasons(parse)
        if not holding and parse.first("need") is not None:
            # ("la señora me guardó el pasaporte", then "me quiero ir pero sin pasaporte no
            # puedo"): the hold told before, the request now
            holding = {"exploited", "detained"} & set(d.slots.get("facts", []))
        held = bool(holding) and form.kind == "distress" and calm
        arrest = held and "detained" in holding
        if held and self._no_danger_told(d, started=True):
            # "somos varios trabajando en una finca", then "el patrón nos quitó las
            # identificaciones": papers or pay held, no danger named, is a legal request
            other = "assistance"
            if parse.first("need") is None:
                parse = _with_need(parse, "legal")
            else:  # ("…but no passport": the one held, so legal help)
                parse = self._need_as_officer_reads(parse, list(d.slots.get("facts", [])))
        pleaded = form.kind == "distress" and self._care_after_a_plea(d, parse)
        if pleaded:
            # "ayúdeme con algo", then "con el huracán se mojó la insulina de mi abuela" or "a
            # mi esposo se lo llevó la migra": care or a lawyer for one of theirs is the request
            other = "assistance"
            if parse.first("need") is None:
                parse = _with_need(parse, "legal")
        if form.kind == "distress" and _OUT_OF_IT.search(fold(parse.text)):
            d.slots["out_of_it"] = True  # ("ya salimos, estamos en la iglesia"): kept for later
        if form.kind in ("assistance", "missing_person") and lost:
            d.slots["lost_told"] = True  # ("we havent talked to her since tuesday"): the same
        if form.kind == "distress" and self._search_begun(d, parse):
            other = "missing_person"  # "ya salimos…", then "mi esposo no contesta desde las 6"
        need = parse.first("need")
        # ("mi hermana está en iquique con sus 2 hijos…", read as a search, then "están
        # durmiendo en la plaza, no tienen pa donde ir"): where she is was said and no one is
        # lost; what she needs is the request
        found_need = form.kind == "missing_person" and need is not None and not lost
        found_need = found_need and not (
            given(d.slots.get("missing_name")) or "lost_told" in d.slots
        )
        # (nowhere to sleep, said: "del albergue del george brown" is where they were, and
        # "se llama José…, necesita su insulina" what the one searched for needs; or, when no
        # one was ever said to be lost, a need asked for in words: "Precisam de um abrigo")
        begged = need is not None and _NEED_VERB.search(fold(parse.text[: need.start])[-25:])
        found_need = found_need and parse.first("person_name") is None
        found_need = found_need and (self._nowhere(parse) or bool(begged))
        if found_need:
            other = "assistance"
        roof = form.kind == "distress" and self._need_after_it(d, parse)
        aftermath = form.kind == "distress" and self._aftermath_request(d, parse)
        if roof or aftermath:
            other = "assistance"
        died = _a_death(fold(str(d.slots.get("situation") or "")))
        body = form.kind == "distress" and calm and died and need and need.value == "remains"
        if body:
            # "lo encontraron ahogado", then "queremos traerlo" or "il est à la morgue", however
            # the words were read: the body
            other = "assistance"
        # ("on a peur qu'on l'ait enlevé": a fear for the one missing, no danger seen)
        stuck = not feared(parse.text) and (
            _LEFT_BEHIND.search(fold(parse.text)) is not None or self._hurt(parse)
        )
        danger = parse.intent == "distress" and (
            parse.confidence >= SURE_CONFIDENCE
            or (parse.confidence >= FORM_INTERRUPT_CONFIDENCE and stuck)
        )
        # ("…the ambulance took her sunday morning, nobody know which hospital"): hurt, and
        # where she is not known: still the search
        unknown = _WHERE_UNKNOWN.search(fold(parse.text)) is not None
        if form.kind == "missing_person" and danger and self._reasons(parse) and not unknown:
            # "mi papá vive en México y con el temblor se cuarteó el edificio", then "anda en
            # silla de ruedas y no puede bajar": not lost, in danger where he is
            other = "distress"
        # ("mi abuela vive en hialeah y se fue la luz", then "usa una máquina de oxígeno y sin
        # luz no le sirve"): a life on a machine cut off, however read, is where she is
        machine = form.kind == "missing_person" and self._cut_off(parse)
        if machine and not lost and "missing_name" not in d.slots:
            other = "distress"
        elif (
            other is None
            or case is None
            or not case.open
            or (parse.intent != other and not (roof or body or found_need or pleaded))
        ):
            return False
        if case is None or not case.open:
            return False
        if other == "missing_person":
            named = parse.first("person_name") is not None
            cue = lost
            # ("meu marido tá no trabalho, tô sozinha com minha filha": who is where, no one
            # lost) the words must say someone is missing or name them; a reading alone won't
            if not ((named or cue) and parse.confidence >= MIN_CONFIDENCE):
                return False
            # ("preciso de um lugar pra dormir", then "vim sozinho, minha tia não atende"): a
            # request with its need named stays one when all that is told is a relative who
            # does not answer, unless the search is sure or names someone
            asked = form.kind == "assistance" and given(d.slots.get("need")) is not None
            named = named or "named" in d.slots  # the name said in the request ("my father X")
            unsure = parse.confidence < SURE_CONFIDENCE and self._only_unanswered(parse)
            if asked and not named and unsure:
                return False
            # ("se le quemó el pasaporte", then "tiene 19 años, se llama Luis Angel"): who the
            # papers are for, named; only words of someone lost, or a sure reading, make it a
            # search
            papers = d.slots.get("need") == "documents" and not d.slots.get("lost_told")
            if papers and not cue and parse.confidence < SURE_CONFIDENCE:
                return False
        elif other == "assistance" and not (
            # (an arrest told is sure however the words were read)
            parse.first("need")
            and (
                parse.confidence >= SURE_CONFIDENCE
                or roof
                or body
                or arrest
                or found_need
                or pleaded
            )
        ):
            return False
        if any(given(d.slots.get(s)) for s in _UNDER_WAY.get(form.kind, ())):
            return False  # (a name asked twice and not given is no search under way)
        held = d.slots.get("need") in ("remains", "legal") or "detained" in d.slots.get("facts", [])
        if held and other == "missing_person":
            return False  # the one named is the one who died or is held: not missing
        if d.slots.get("found"):
            return False  # found in hospital, his name given after: the one cared for
        self._change_kind(d, parse, other)
        if aftermath:
            d.slots["aftermath"] = True  # the danger told is past: not a new one if named again
        return True

    def _lost_on_the_way_out(self, parse: ParseResult, unsure: bool) -> bool:
        """Someone lost, no one said hurt, read unsure or told as the writers got out of the
        danger ("se perdió cuando nos sacaron por el incendio"): a search."""
        if not self._lost_someone(parse) or self._hurt(parse):
            return False
        folded = fold(parse.text)
        return unsure or bool(_OUT_OF_IT.search(folded) or _RESCUED.search(folded))

    def _why_the_roof(self, d: _Draft, form: Form, parse: ParseResult) -> bool:
        """A shelter asked for, then the home the disaster took ("el derrumbe se llevó el
        cuartito donde vivíamos"), no one hurt or in danger now: why the roof is needed."""
        if form.kind != "assistance" or d.slots.get("need") != "shelter":
            return False
        if _HOME_GONE.search(fold(parse.text)) is None or self._reasons(parse) & HARMS:
            return False
        return not (self._danger_now(parse) or self._in_danger(parse))

    def _how_they_were_lost(self, d: _Draft, form: Form, parse: ParseResult) -> bool:
        """In a search under way, how the one searched for was lost ("estábamos en la orilla
        cuando subió el agua y se me soltó de la mano"), no one hurt or left inside: the
        search's story, not a new danger."""
        if form.kind != "missing_person" or d.case is None or not d.case.open:
            return False
        folded = fold(parse.text)
        if _TAKEN_UNKNOWN.search(folded) and _WHERE_UNKNOWN.search(folded):
            return True  # ("…she hurt her hip, the ambulance took her, nobody knows which
            # hospital"): hurt, taken away to a place unknown; still the search
        if not self._lost_someone(parse) or self._hurt(parse):
            return False
        return _LEFT_BEHIND.search(folded) is None

    def _care_after_a_plea(self, d: _Draft, parse: ParseResult) -> bool:
        """A plea for help that named nothing ("porfa ayúdeme con algo"), then, as its first
        answer, a medicine or treatment cut off or a relative taken by the police or
        immigration, with no one hurt, trapped, lost or in danger now."""
        situation = str(d.slots.get("situation") or "")
        if not _PLEA.search(fold(situation)) or self.lexicon.hazard(situation) is not None:
            return False
        if len(situation.split()) > _PLEA_ONLY_WORDS:
            return False  # ("i need help, the lady locks me in when she goes out"): told more
        if HARMS & set(d.slots.get("facts", [])) or {"place", "people_count"} & set(d.slots):
            return False  # (only the first answer: a report under way stays one)
        needs = {e.value for e in parse.entities if e.entity == "need"}
        reasons = self._reasons(parse)
        if not (needs & {"medical", "legal"} or "detained" in reasons):
            return False
        danger = bool(reasons & HARMS) or self._trapped(parse) or self._lost_someone(parse)
        return not (danger or closing_in(fold(parse.text)))

    def _search_begun(self, d: _Draft, parse: ParseResult) -> bool:
        """A report of danger whose writers are out of it ("ya salimos, estamos en la
        iglesia", "on va bien nous"), then one of theirs who does not answer, told surely:
        the report is a search now, not a rescue of those who wrote."""
        if parse.intent != "missing_person" or parse.confidence < FORM_INTERRUPT_CONFIDENCE:
            return False
        folded = fold(parse.text)
        if not self._lost_someone(parse) or _LEFT_BEHIND.search(folded):
            return False  # ("mi papá se quedó adentro": trapped where the danger is)
        situation = str(d.slots.get("situation") or "")
        # ("bom dia, por favor me ajuda", then "minha filha sumiu na enchente de ontem"): a plea
        # that named no danger, then the one lost: a search
        pleaded = self.lexicon.hazard(situation) is None and not HARMS & set(
            d.slots.get("facts", [])
        )
        if self._hurt(parse) or (self._in_danger(parse) and not pleaded):
            return False
        told = f"{fold(situation)} {folded}"
        out = d.slots.get("out_of_it") or _OUT_OF_IT.search(told) or _RESCUED.search(told)
        # ("estoy viendo en las noticias el terremoto", "ma fille vit au Brésil"): the writer
        # is far from it, the one who does not answer is there
        out = out or _FROM_AFAR.search(told)
        return bool(out or _FINE.search(folded) or pleaded)

    def _request_was_a_question(self, d: _Draft, parse: ParseResult, form: Form | None) -> bool:
        """A request with no need named yet, not chosen from the menu, where the person asked
        where or when their consulate is and was told, with no need, danger or harm in the
        words."""
        if form is None or form.kind != "assistance" or given(d.slots.get("need")):
            return False
        if d.slots.get("chosen") == "assistance":
            return False  # "3", then where the consulate is: asked as well as the request
        told = self._consulate_told(d)
        return told and parse.first("need") is None and not self._reasons(parse)

    @staticmethod
    def _consulate_told(d: _Draft) -> bool:
        """Whether this turn's replies give a consulate's address and hours."""
        return any(r.name in ("utter_consulate_info", "utter_nearest_consulate") for r in d.replies)

    @staticmethod
    def _in_care(parse: ParseResult) -> bool:
        """Whether the one hurt is said to be in hospital already ("mon mari est à l'hôpital,
        il est brûlé aux mains", "madanm mwen lopital"), not that one is needed."""
        folded = fold(parse.text)
        found = _HOSPITAL.search(folded)
        if found is None or "?" in folded:
            return False
        return not (_NEED_VERB.search(folded[: found.start()]) or _TAKE_TO.search(folded))

    def _need_after_it(self, d: _Draft, parse: ParseResult, asked: bool = False) -> bool:
        """A roof, a paper, money or a way home asked for after a disaster told as over ("our
        building burned down last night…", then "can you send me the address of a shelter" or
        "tous nos passeports ont brûlé"), no one hurt or in danger: the report was the
        aftermath, what they need is the request."""
        need = parse.first("need")
        if need is None or need.value not in _AFTERMATH_NEEDS or self._in_danger(parse):
            return False
        told = fold(str(d.slots.get("situation") or ""))
        # ("our building got red-tagged, they told us to be out by tonight"): put out of it
        over = _DANGER_ENDED.search(told) is not None or put_out(told)
        # ("el río se llevó el cuarto, estamos bajo un techito en el parque", then "¿hay algún
        # albergue?"): a roof asked for by those whose home is gone, or who sleep outside
        roofless = _HOME_GONE.search(told) or _ON_STREET.search(told) or d.slots.get("on_street")
        roofless = roofless or self._nowhere(parse)  # "nou pa gen kote pou n ale, kote n ka dòmi?"
        over = over or (asked and need.value == "shelter" and bool(roofless))
        harm = HARMS & set(d.slots.get("facts", []))
        if d.slots.get("hurt_in_care"):
            harm -= {"injured"}  # the one hurt is in hospital; the rest need a roof
        return over and not harm

    def _aftermath_request(self, d: _Draft, parse: ParseResult) -> bool:
        """A service asked for surely ("ya nos queremos regresar a guate", "we just need
        somewhere to sleep", "m bezwen refè paspò m") in a report where no one is hurt or in
        danger now: the disaster told was what led to the request, not an emergency. Care
        is left out: a body in need of it may be the emergency."""
        needs = {e.value for e in parse.entities if e.entity == "need"}
        if not needs or "medical" in needs or parse.intent != "assistance":
            return False  # ("no tengo plata pa llevarlo a un doctor": care, however paid)
        if parse.confidence < SURE_CONFIDENCE or self._in_danger(parse):
            return False
        # (held or exploited: the rules for those who cannot leave decide, above; unless the
        # lawyer is what they ask for: "el contratista no nos paga…", then "¿hay un abogado?")
        told = reasons_in(str(d.slots.get("situation") or ""), None, self.lexicon)
        facts = {*d.slots.get("facts", []), *told, *self._reasons(parse)}
        held = set() if _LAWYER.search(fold(parse.text)) else {"exploited", "detained"}
        return not (HARMS | held) & facts

    def _same_search(self, d: _Draft, parse: ParseResult) -> bool:
        """A message about the one already searched for: no other name, no other relative."""
        assert d.case is not None
        details = d.case.details
        named = parse.first("person_name")
        searched = fold(str(details.get("missing_name") or ""))
        if named is not None and fold(named.value) not in searched:
            return False
        relation = relation_said(parse.text, self.lexicon, parse.language)
        known = fold(str(details.get("relation") or ""))
        return relation is None or (bool(known) and fold(relation).split()[-1] in known)

    def _change_kind(
        self, d: _Draft, parse: ParseResult, other: str, still_asking: bool = False
    ) -> None:
        """The open case becomes the other kind, keeps what it knows, and that form goes on
        (with `still_asking`, from the question last asked, when that form asks it too)."""
        target = self.forms.form_for(other)
        assert target is not None
        kept = {k: v for k, v in d.slots.items() if k in (*PERSON_SLOTS, *_TOLD, "facts", "asked")}
        if other == "distress" and given(d.slots.get("people_count")):
            kept["people_count"] = d.slots["people_count"]  # "to sozinho", said before
        elif other == "distress" and d.slots.get("group_count"):
            kept["people_count"] = d.slots["group_count"]  # "my sister and her husband"
        if other != "missing_person" and "missing_nationality" in d.slots:
            kept.setdefault("nationality", d.slots["missing_nationality"])
        if other != "missing_person" and "last_seen_place" in d.slots:
            kept.setdefault("place", d.slots["last_seen_place"])  # found, or in danger, there
        if other == "missing_person":
            kept.update(_heard_of_them(d.slots))
        asked = d.requested_slot if still_asking else None
        asked = asked if asked in target.required_slots else None
        d.slots, d.active_form, d.requested_slot = kept, target.name, asked
        if other == "distress":
            d.slots["situation"] = self._told(d, parse)
            d.replies.append(self._guidance(d))
        if other == "missing_person":
            d.slots["told_search"] = True
            d.replies.append(self._say("utter_search_next_steps", d.language))
        self._absorb(d, parse, target)

    def _only_asking(self, d: _Draft, parse: ParseResult) -> bool:
        """The writer says it is only a question ("just asking", "es pa saber nomás", "se jis
        yon kesyon"), with no danger, harm or missing person told so far ("ajuda com passagem?
        so perguntando" asks what the consulate does, and pleads nothing)."""
        folded = fold(parse.text)
        # (or said just before: "una pregunta nomás", then "¿hay algún albergue en santiago?")
        said_before = bool(d.slots.get("only_asking")) and "?" in folded
        if _ONLY_ASKING.search(folded) is None and not said_before:
            return False
        if HARMS & set(d.slots.get("facts", [])):
            return False
        return not (self._in_danger(parse) or self._hurt(parse) or self._lost_someone(parse))

    def _question_coming(self, parse: ParseResult) -> bool:
        """A short opening that only says a question is coming ("c'est juste pour savoir",
        "una consulta nada más"), with no need, harm or danger in it."""
        folded = fold(parse.text)
        if _ONLY_ASKING.search(folded) is None or len(folded.split()) > 8 or "?" in folded:
            return False
        if parse.first("need") is not None or self._hazard(parse) is not None:
            return False
        return not self._reasons(parse) and not self._lost_someone(parse)

    def _to_question(self, d: _Draft, parse: ParseResult, why: str) -> None:
        """The request filed was a question: its case is closed with why, never left to run
        its deadlines, and the information form answers what was asked."""
        if d.case is not None and d.case.open:
            d.effects.append(WithdrawCase(why))
            d.case = replace(d.case, status="closed")
        # what it asked is still the question, so it is not asked a third time
        self._change_kind(d, parse, "information", still_asking=True)

    def _asks_for_help(self, parse: ParseResult) -> bool:
        """A sure request for a service beyond the consulate's address ("a counsellor", "a
        doctor", "somewhere to sleep"); a routine paper asked about stays a question."""
        need = parse.first("need")
        # ("im not hurt but i cant sleep, i cant stop crying"): suffering told is asked help
        suffering = need is not None and need.value == "psychosocial"
        # ("a cut that went red and swollen, a fever since yesterday"): a wound told with the
        # care it needs is asked help too
        # (or for someone fragile: "une paroissienne de 77 ans n'a plus ses médicaments")
        care = need is not None and need.value == "medical"
        wounded = care and bool(self._hurt(parse) or self._who(parse))
        bar = MIN_CONFIDENCE if suffering or wounded else SURE_CONFIDENCE
        # ("is there someone i can talk to? like a counselor in spanish", read as a person asked)
        asked = parse.intent == "assistance" or (
            parse.intent == "human" and need is not None and need.value == "psychosocial"
        )
        sure = asked and parse.confidence >= bar
        if sure and need is not None and need.value == "documents":
            # ("paspò m ak kat idantite m boule ladan l"): papers burned, lost or stolen are
            # papers to replace, asked for, not a routine paper asked about
            return _PAPERS_GONE.search(fold(parse.text)) is not None
        # ("queremos traerlo para enterrarlo aca": a body to bring home is no routine paper)
        return sure and need is not None and need.value not in _CALM_NEEDS - {"remains"}

    def _papers_lost_told(self, parse: ParseResult) -> bool:
        """Papers burned, lost or stolen told in one sentence ("roubaram minha bolsa ontem
        com o passaporte dentro"), with no danger now, however unsure the reading."""
        # ("el huracán me tumbó el techo y perdí la cédula": the papers, whatever else)
        papers = any(e.entity == "need" and e.value == "documents" for e in parse.entities)
        if not papers or self._in_danger(parse):
            return False
        folded = fold(parse.text)
        # ("quiero tener mis papeles listos por si acaso", "yo vle konnen ki lè li louvri"):
        # ready ahead of need, or only what is asked
        if _JUST_ASKING.search(folded) or _WANT_TO_KNOW.search(folded):
            return False
        parts = re.split(r"[.!?;]", folded)
        return any(_PAPER_WORD.search(part) and _GONE_WORD.search(part) for part in parts)

    def _shelter_hit(self, parse: ParseResult) -> bool:
        """A danger told of the shelter the writer is in, not one kept out or over."""
        folded = fold(parse.text)
        calm = _OVER.search(folded) or _SPARED.search(folded) or _SAFE_WORD.search(folded)
        at_shelter = _AT_SHELTER.search(folded) is not None
        # ("nos robaron todo en el albergue después del sismo": the danger is past, the theft is
        # the request)
        past = _AFTER_IT.search(folded) is not None
        # ("teve um incêndio no abrigo e queimou meus documentos"): the papers it took
        past = past or (self._papers_lost_told(parse) and not self._in_danger(parse))
        return at_shelter and self._hazard(parse) is not None and not (calm or past)

    @staticmethod
    def _safe_but_in_need(parse: ParseResult) -> bool:
        """ "estamos bien todos, pero se me quemó el pasaporte": safe now, and a need named,
        so the report becomes that request (a shelter named is where they are safe)."""
        need = parse.first("need")
        return need is not None and need.value != "shelter"

    def _roof_asked_after(self, d: _Draft, parse: ParseResult) -> bool:
        """A shelter asked for in words ("¿hay algún albergue?", "eske gen yon abri pou
        fanmi?") after a report of a home lost or a night outside, with no harm told."""
        need = parse.first("need")
        if not self._roof_asked(parse) or need is None:
            return False
        before = fold(parse.text[: need.start])
        return not _AT_A_SHELTER.search(before) and self._need_after_it(d, parse, asked=True)

    @staticmethod
    def _roof_asked(parse: ParseResult) -> bool:
        """A shelter asked for: in the question it stands in ("ki kote nou ka dòmi?"), or after
        a need verb; not a roof named after another question ("…polis? nou pa gen kote")."""
        need = parse.first("need")
        if need is None or need.value != "shelter":
            return False
        ends = re.search(r"[.!?]", parse.text[need.start :])
        asked = ends is not None and ends[0] == "?"
        return asked or _NEED_VERB.search(fold(parse.text[: need.start])[-25:]) is not None

    def _now_a_request(self, d: _Draft, parse: ParseResult) -> None:
        """The report of people now safe becomes the request they name; no danger is left."""
        d.slots["facts"] = [f for f in d.slots.get("facts", []) if f != "in_danger"]
        return self._change_kind(d, parse, "assistance")

    def _no_danger_told(self, d: _Draft, started: bool = False) -> bool:
        """A distress report that so far names no danger, no one hurt and no plea for help
        (and, unless `started` is allowed, has not got under way)."""
        situation = str(d.slots.get("situation") or "")
        harm = HARMS & set(d.slots.get("facts", []))
        # ("hello can you help me", "ayuda por favor"): a plea alone names no danger yet
        pleaded = _PLEA.search(fold(situation)) and len(situation.split()) > 6
        told = self.lexicon.hazard(situation) is not None or pleaded
        under_way = not started and ("place" in d.slots or "people_count" in d.slots)
        # ("URGENT!!", then asked what is happening): an opener that told nothing yet
        untold = not situation and d.requested_slot == "situation"
        return bool(situation or untold) and not (harm or told or under_way)

    def _start_form(self, d: _Draft, parse: ParseResult, kind: str) -> None:
        form = self.forms.form_for(kind)
        assert form is not None, f"domain.yml declares no {kind}_form"
        case = d.case
        if kind == "distress" and case and case.kind == "distress" and case.open and case.id:
            return self._new_danger(d, parse, form)
        searching = case is not None and case.kind == "missing_person" and case.open and case.id
        if kind == "missing_person" and searching and self._same_search(d, parse):
            # "can you look for her? her phone is off", the search just filed: answered, no
            # second search for the same person
            if not any(r.name == "utter_search_next_steps" for r in d.replies):
                d.replies.append(self._say("utter_search_next_steps", d.language))
            return None
        before = self.forms.forms.get(d.active_form or "")
        # Who is there, said while asking a question ("mi esposa y yo y mi suegro de 72"), or
        # in a request that danger interrupts ("yo, mi mamá y mis dos hermanitos", then the
        # wall falls), belongs to the report that follows; a search's are the one missing.
        # (or told after "all fine": "mi hija de 6 no quiere salir", then a psychologist asked)
        asking = (d.case is None or bool(d.slots.get("checked_in"))) and (
            before is None or before.kind not in CASE_KINDS
        )
        interrupted = before is not None and before.kind == "assistance" and kind == "distress"
        told = ("facts", "people_count", "minor_mentioned") if asking or interrupted else ()
        # A message not understood just before ("my husband fell, I think his hip is broken")
        # is part of the report it turns out to begin.
        earlier = str(d.slots.get("unplaced") or "") if kind in CASE_KINDS else ""
        # (a new report tells its own next steps and advice; status, once a chat)
        told = (*told, "told_status")
        heard = _heard_of_them(d.slots) if kind == "missing_person" else {}
        d.slots = {k: v for k, v in d.slots.items() if k in PERSON_SLOTS or k in told}
        d.slots.update(heard)  # the name and age said before the search began
        if earlier:
            stated = reasons_in(earlier, None, self.lexicon)
            d.slots["facts"] = ordered([*d.slots.get("facts", []), *stated])
            counted = head_count(earlier, self.lexicon, d.language)
            if counted and "people_count" in form.required_slots and "people_count" not in d.slots:
                d.slots["people_count"] = str(counted)  # "…nou 5 moun…", said before the report
        d.active_form, d.requested_slot = form.name, None
        if kind == "information" and parse.intent == "information":
            # a question asked in so many words, not a place or a country said alone
            d.slots["questioned"] = parse.confidence >= FORM_INTERRUPT_CONFIDENCE
        if kind in CASE_KINDS:
            d.case = None
        if kind == "information" and self._answer_without_form(d, parse):
            d.active_form = None
            return None
        if kind == "distress":
            # Safety first: the emergency number goes out before any question.
            d.replies.append(self._guidance(d))
            if len(parse.text.split()) > 2 or earlier:
                words = self._told(d, parse)
                d.slots["situation"] = f"{earlier} / {words}" if earlier else words
            if earlier:
                self._advise(d, parse, earlier)
        self._absorb(d, parse, form)

    def _answer_without_form(self, d: _Draft, parse: ParseResult) -> bool:
        """ "What's the emergency number in Chile?", "¿hay albergues en Tapachula?": the answer
        does not depend on who asks, so it comes at once, without asking a nationality."""
        folded = fold(parse.text)
        emergency = _EMERGENCY_QUESTION.search(folded) is not None
        need = parse.first("need")
        shelters = need is not None and need.value == "shelter"
        known = parse.first("nationality") is not None or given(d.slots.get("nationality"))
        if not (emergency or shelters) or known:
            return False  # a nationality known: the full answer names its consulate too
        place = parse.first("place")
        city = self.directory.find_city(place.value if place else None, phone_of(d.msg))
        named = self.directory.country_named(place.value) if place and not city else None
        country = city.country if city else (named.code if named else None)
        if country is None and place is None and emergency:
            country = self._region(d.slots, d.msg)  # "el número de emergencias aquí"
        if country is None or self.directory.host_country(country) is None:
            return False
        if city is not None:
            d.slots["place"] = place.value if place else city.name
        d.replies.append(self._emergency_numbers(country, d.language))
        if shelters and city is not None:
            d.replies.append(self._shelters(city, d.language or self.default_language))
        return True

    def _advise(self, d: _Draft, parse: ParseResult, before: str = "") -> None:
        """Once a report names its danger, what to do about it, unasked and once: a family on a
        roof should hear "stay on the highest place, not in the water" before any question."""
        if d.slots.get("told_advice") or any(r.name == "utter_safety_advice" for r in d.replies):
            return
        # named now (said earlier, it was told then), or in a message not understood just
        # before the report began
        hazard = self._hazard(parse) or (self.lexicon.hazard(before) if before else None)
        if hazard is None and _EXTORTION.search(fold(parse.text)):
            hazard = "violence"  # "si no les deposito… se llevan a mi hija": a threat
        hurt_before = bool(before) and "injured" in d.slots.get("facts", [])
        reasons = self._reasons(parse)
        if hazard == "detention" and "injured" in reasons and "detained" not in reasons:
            hazard = None  # "a perna ta presa": a leg caught, no one arrested
        if hazard in (None, "storm") and ("injured" in reasons or hurt_before):
            hazard = "injury"  # "se cortó la pierna", "the roof flew and glass cut him": first aid
        if hazard is not None:
            d.slots["told_advice"] = True
            d.replies.append(self._say(f"utter_advice_{hazard}", d.language))

    def _new_danger(self, d: _Draft, parse: ParseResult, form: Form) -> None:
        """ "Ayuda otra vez, ahora nos encontraron" with a distress report open: the same case
        hears it at once, with its facts, instead of a duplicate nobody is working."""
        assert d.case is not None
        d.replies.append(self._guidance(d))
        self._advise(d, parse)
        earlier = given(d.slots.get("situation")) or given(d.case.details.get("situation"))
        words = self._told(d, parse)
        d.slots["situation"] = f"{earlier} / {words}" if earlier else words
        self._facts(d, form, parse)
        self._file_or_update(d, form, ["situation"])
        d.replies.append(self._say("utter_case_updated", d.language, case_ref=d.case.ref))

    def _absorb(self, d: _Draft, parse: ParseResult, form: Form) -> None:
        """Take what this message says for the form, update the case, ask the next question."""
        if form.kind == "distress":
            self._advise(d, parse)
        msg = d.msg
        requested = d.requested_slot
        values = self.forms.fill(form, requested, parse)
        person = parse.first("person_name")
        if requested == "missing_name" and person is None and not_a_name(parse.text):
            values.pop("missing_name", None)  # "con el huracán encima": how, not who
        if form.kind == "missing_person" and person is not None and values.get("missing_name"):
            # "Mario Zelaya 74 and Gloria Zelaya 70", "Kevin de 9 y Brayan de 12, Lopez Chun":
            # all of them are searched for
            if (several := names_listed(parse.text, person.start, self._name_leads)) is not None:
                values["missing_name"] = several
        fuller = self._fuller_name(d, parse) if form.kind == "missing_person" else None
        if form.kind == "missing_person" and "missing_name" not in values:
            if fuller:
                values["missing_name"] = fuller  # "shanice", then "shanice arzu"
            elif not given(d.slots.get("missing_name")) and (name := self._bare_name(parse)):
                values["missing_name"] = name  # asked twice, then given: "Joseph Alcide Belizaire."
            elif not given(d.slots.get("missing_name")) and (name := self._closing_name(parse)):
                values["missing_name"] = name
            elif (
                not given(d.slots.get("missing_name"))
                and self._times(d, "missing_name")
                and (name := self._name_alone(parse))
            ):
                values["missing_name"] = name  # asked, then said alone later: "reinaldo perez"
                if requested and values.get(requested) == parse.text:
                    del values[requested]  # ("when was it?": the name, not the time)
        where = _WHERE_SLOT.get(form.kind, "place")
        if form.kind in CASE_KINDS and where in values and (theirs := _their_place(parse)):
            values[where] = theirs  # "yo estoy en houston, él está en hialeah": theirs, not mine
        gone = self._gone_elsewhere(parse)
        if form.kind in ("distress", "assistance") and where in values and gone:
            del values[where]  # "mi cuñado se fue ayer para la cdmx": where he went, not they
        counts = [e.value for e in parse.entities if e.entity == "people_count"]
        # ("just me and her. she's old, 80 something": an age, not a count)
        aged = "people_count" in values and values["people_count"] in {
            str(age) for age in ages(parse.text, self.lexicon, parse.language)
        }
        here = count_here(parse.text, self.lexicon, parse.language) if counts else None
        if "people_count" in values and here:
            values["people_count"] = str(here)  # "…6 dans la famille mais…, donc 5 ici"
        elif "people_count" in values and (len(counts) > 1 or aged):
            # "somos como 15 familias… aca conmigo estamos 5": the count the phrase gives;
            # "2 adults and 4 kids": the groups added up
            counted = head_count(parse.text, self.lexicon, parse.language)
            added = sum(int(c) for c in counts if c.isdigit())
            if counted is not None and (str(counted) in counts or aged or counted == added):
                values["people_count"] = str(counted)
            elif aged and counted is None and len(counts) <= 1:
                values.pop("people_count")  # ("shes from belize, 79"): her age, no count
        age = parse.first("age")
        if form.kind == "missing_person" and "missing_age" in values and age is not None:
            spans = [m.span() for m in _COMPANION_AGED.finditer(fold(parse.text))]
            if any(a <= age.start < b + 3 for a, b in spans):
                del values["missing_age"]  # "está com a mulher e a bebê de 5 meses": hers
        redone = _AGE_REDONE.match(fold(parse.text))
        if redone and "missing_age" in form.required_slots and given(d.slots.get("missing_age")):
            values["missing_age"] = redone.group(1)  # "perdón, 74, me equivoqué"
        turning = age_turning(parse.text)
        if turning is not None and "missing_age" in values:
            values["missing_age"] = str(turning)  # "cumple 15 el mes que viene": 14 now
        # "somos 4", then "no 5 se me olvidó contar a la bebé": the count, corrected
        kids = _I_HAVE_KIDS.match(fold(parse.text))
        if requested == "people_count" and kids and str(values.get("people_count")).isdigit():
            # asked how many, counting them: "tengo 2 niños" is the two and the one who writes
            values["people_count"] = str(int(values["people_count"]) + 1)
        counted_before = str(d.slots.get("people_count") or "")
        count_fixed = (
            recount(parse.text, self.lexicon, parse.language) if counted_before.isdigit() else None
        )
        if count_fixed is not None and str(count_fixed) != counted_before:
            values["people_count"] = str(count_fixed)
            if requested and values.get(requested) in ("none", DECLINED):
                values.pop(requested)  # the "no" corrects the count, it answers nothing else
        self._not_the_host_country(values, parse, msg)
        self._place_correction(d, form, values, parse)
        self._town_named(d, form, values, parse)
        needs = [e for e in parse.entities if e.entity == "need"]
        named = {e.value for e in needs}
        # ("my passport got ruined and i need to fly home": the passport is the service)
        if "need" in values and len(named) > 1 and named != {"documents", "repatriation"}:
            # "doesn't sleep because of the fever, he needs a doctor": the need asked for
            folded = fold(parse.text)
            asked = [e for e in needs if _NEED_VERB.search(folded[max(0, e.start - 25) : e.start])]
            # ("pegou fogo na barraca do abrigo e queimou meu passaporte"): the shelter is
            # where they are; the other need is the request
            housed = [
                e
                for e in needs
                if e.value != "shelter" or not _AT_A_SHELTER.search(folded[: e.start])
            ]
            if asked:
                values["need"] = asked[0].value
            elif len(housed) < len(needs) and housed:
                values["need"] = housed[0].value
            elif "remains" in named:
                values["need"] = "remains"  # "…fell off a roof doing storm repairs, he passed away"
        elif values.get("need") == "shelter" and needs:
            folded = fold(parse.text)
            if all(
                _SHELTER.search(folded[e.start : e.end]) and _AT_A_SHELTER.search(folded[: e.start])
                for e in needs
            ):
                values.pop("need")  # "no abrigo não tem": where they are, not what they ask
        fare = values.get("need") == "financial" and _FARE.search(fold(parse.text))
        if fare and d.slots.get("need") == "repatriation":
            values.pop("need")  # "não tenho como pagar a passagem": the way home, asked again
        filed = given(d.slots.get("need"))
        another = values.get("need") not in (None, filed) and requested != "need"
        sure = parse.intent == "assistance" and parse.confidence >= SURE_CONFIDENCE
        # ("lost my job", then "i just want to go back to belize"): money for the way home is
        # the way home
        homeward = filed == "financial" and values.get("need") == "repatriation"
        # ("the boss keeps our passports…", then "is there a shelter? I want to leave"): someone
        # getting away from whoever exploits them needs a roof first
        leaving = (
            any(e.value == "shelter" for e in needs)
            # asked for ("tem algum abrigo?"), not said ("they take money for 'housing'")
            and ("?" in parse.text or _NEED_VERB.search(fold(parse.text)) is not None)
            and filed in ("legal", "documents", "financial")
            and "exploited" in {*d.slots.get("facts", []), *self._reasons(parse)}
        )
        if leaving:
            values["need"] = "shelter"  # ("quero ir embora hoje, tem abrigo?"): away, to a roof
            another = True
        if (
            filed
            and another
            and not sure
            and filed not in ("remains", "documents")
            and not homeward
            and not leaving
        ):
            # ("i volunteer at a church… they have to be out tonight", then "I saw their IDs"):
            # a need named in passing, without conviction, leaves the request filed; one asked
            # for in words replaces it ("y necesito un abogado")
            folded = fold(parse.text)
            if not any(
                _NEED_VERB.search(folded[max(0, e.start - 25) : e.start])
                for e in needs
                if e.value == values["need"]
            ):
                values.pop("need")
        if values.get("need") == "documents" and "exploited" in self._reasons(parse):
            values["need"] = "legal"  # "el patrón me quitó el pasaporte": held, not lost
        if values.get("need") == "remains":
            # a death told is read as the body to bring home until they ask anything else;
            # the body, a burial or the way home named in words is the request for good
            d.slots["mourned"] = not _FOR_THE_BODY.search(fold(parse.text))
        callback = _callback_slot(form)
        reached = callback is not None and requested != callback
        reached = reached and self._reach_me_said(d, str(callback), parse)
        if callback is not None and reached:
            values[callback] = reply_address(msg)  # "ekri m sou nimewo sa a" asked the relation
        if requested:
            mine = reached and requested == "vulnerable"  # "este mismo": the number, no one at risk
            answer = None if mine else self._answer(msg, parse, requested, values)
            no_number = requested in ("callback", "contact") and phone_of(msg) is None
            folded = fold(parse.text)
            by_phone = _call_asked(folded) or _A_NUMBER.search(folded)
            if no_number and by_phone and self._this_number(parse.text):
                # "call me on this number" on Telegram, which shows us none: we write in the chat
                # and say how to get a call
                d.replies.append(self._say("utter_no_number_here", d.language))
            if answer is None:
                values.pop(requested, None)
            else:
                values[requested] = answer
            phone = parse.first("phone")
            if phone is not None and answer != phone.value and self._second_number(parse):
                values["other_contact"] = phone.value  # a second way to reach them
            late = _BARE_COUNT.fullmatch(parse.text) if requested == "vulnerable" else None
            if late and "people_count" in form.required_slots:
                # ("how many?", then a place; "anyone at risk?", then "7"): the count, late
                if not given(d.slots.get("people_count")) and 0 < int(late[1]) < 100:
                    values["people_count"] = late[1]
        own = self._own_nationality(parse)
        # A slot already answered changes only when the person corrects it ("no, it's …"):
        # "2 children" in an answer about the injured is not a new head count.
        changed = {
            k
            for k, v in values.items()
            if k != requested and d.slots.get(k) not in (None, DECLINED, v)
        }
        for slot in ("place", "last_seen_place"):
            # "por la airline y la little york", then "houston": a city the directory knows
            # sharpens words it could not place; no "no, …" is needed.
            old, new = given(d.slots.get(slot)), given(values.get(slot))
            if slot in changed and old and new and self._unplaced(old) and not self._unplaced(new):
                changed.discard(slot)
                values[slot] = f"{old}, {new}" if slot == "place" else new
        # "Necesito un abogado", said plainly after a passport or a shelter came up in passing:
        # a sure request names the need of the case.
        restated = parse.intent == "assistance" and parse.confidence >= SURE_CONFIDENCE
        if (need_named := parse.first("need")) is not None and parse.intent == "assistance":
            # ("8 months pregnant… her shelter burned down", then "she needs a bed tonight"):
            # the need asked for in words is the request's
            before = fold(parse.text[: need_named.start])[-25:]
            restated = restated or _NEED_VERB.search(before) is not None
        if d.slots.get("need") in _COSTLY_NEEDS and values.get("need") == "financial":
            restated = False  # "no money for the ticket": the cost of the request, not another
        if d.slots.get("need") == "repatriation" and values.get("need") == "documents":
            restated = False  # "el pasaporte me lo robaron": the paper for the way home
        if d.slots.get("need") == "documents" and values.get("need") == "repatriation":
            restated = False  # "passport stolen", then "I need to get home": the paper first
        if d.slots.get("need") == "remains" and values.get("need") != "remains":
            restated = False  # "ki papye nou bezwen?", "qu'on le rapatrie": for the body
            # ("my roommate died", then "is there someone I can talk to"): no body was asked
            # for; the grief is the request
            grief = values.get("need") == "psychosocial" and d.slots.get("mourned")
            restated = bool(grief and not _FOR_THE_BODY.search(fold(parse.text)))
        if d.slots.get("need") == "medical" and values.get("need") == "documents":
            restated = False  # "no tiene cédula de residente": why care is hard, not a paper asked
        if d.slots.get("need") == "financial" and values.get("need") in _COSTLY_NEEDS - {"medical"}:
            restated = True  # "no work since the quake", then "I want to go home": the way home
        held = "exploited" in d.slots.get("facts", [])
        if d.slots.get("need") == "legal" and values.get("need") == "documents" and held:
            restated = False  # "ayúdenme a recuperar mi pasaporte" from the boss: still legal
        restated = restated or leaving
        taken = "detained" in d.slots.get("facts", []) and d.slots.get("need") == "legal"
        if taken and values.get("need") == "medical":
            restated = False  # taken by ICE, "he needs his pills every day": the legal help's care
        # "non, à Tijuana pas Tapachula": a "no" before a place corrects where, whatever else
        corrects = _CORRECTION.match(fold(parse.text)) is not None or redone is not None
        # ("vengo en camión desde tapachula", then "acabo de llegar a la TAPO en el df"): where
        # they have come to now
        arrived = _ARRIVED.search(fold(parse.text)) is not None
        moved = where in changed and (corrects or arrived)
        if parse.intent != "deny":
            # ("no perdón, somos seis, se me olvidó mi cuñado": a count said again, corrected)
            values = {
                k: v
                for k, v in values.items()
                if k not in changed
                or (k == "need" and restated)
                or (k == where and moved)
                or (k in _RECOUNTABLE and corrects)
                # ("havent seen a doctor since guatemala", then "im honduran"): said of oneself
                or (k == "nationality" and own is not None)
                or (k == "people_count" and count_fixed is not None)
                or (k == "missing_name" and fuller is not None)
                or (k == callback and self._their_number(d, parse, str(d.slots.get(k))))
            }
        if where in values and where in changed:
            # "…à Tijuana pas Tapachula", "no en Tapachula, en Tijuana": the place not denied
            places = [p for p in parse.entities if p.entity == "place"]
            kept = [p for p in places if not _NEGATED.search(fold(parse.text[: p.start]))]
            # ("se pa Santyago, nou te rete Santyago anvan. kounye a nou Viña del Mar"): where
            # they are now, of the places not denied
            now = [
                p for p in kept if _NOW_AT.search(fold(parse.text[max(0, p.start - 30) : p.start]))
            ]
            kept = now or kept
            if kept:
                values[where] = _their_place(parse) or kept[0].value
        corrections = [
            str(values[k]) for k in sorted(changed) if k in values and k not in ("need", callback)
        ]
        d.slots = {**d.slots, **values}
        if corrections:
            d.replies.append(self._say("utter_corrected", d.language, value=", ".join(corrections)))
        if msg.media or msg.location:
            attachments = list(d.slots.get("attachments", []))
            attachments += [{"url": m.url, "content_type": m.content_type} for m in msg.media]
            if msg.location:
                attachments.append({"location": location_dict(msg.location)})
            d.slots["attachments"] = attachments
        if any(
            e.entity == "age" and e.value.isdigit() and int(e.value) < 18 for e in parse.entities
        ):
            d.slots["minor_mentioned"] = True  # "my son, 6 years old": a child is involved
        known = (d.slots.get("facts"), d.slots.get("people_count"), d.slots.get("missing_name"))
        if form.kind in (*CASE_KINDS, "information"):
            self._facts(d, form, parse)
        if requested == "vulnerable" and "vulnerable" in values and parse.intent == "affirm":
            # "yes" (the phone's key 1) to "is anyone hurt, a child…?": someone is, unsaid who
            stated = d.slots.get("facts", [])
            if not [fact for fact in stated if fact not in SITUATION_REASONS]:
                d.slots["facts"] = ordered([*stated, "vulnerable"])
        if form.kind == "distress" and "place" in values:
            d.replies += self._local_emergency_numbers(d)
        elif self._care_urgent(d, form):
            # Dialysis missed, a baby's fever, an old woman without her medicine: a doctor may
            # not wait for the consulate, so the emergency numbers come as soon as we know where.
            d.replies += self._local_emergency_numbers(d)
        need = parse.first("need")
        said = parse.text[need.start : need.end] if need is not None else ""
        if form.kind in CASE_KINDS and need is not None and need.value == "shelter":
            # "dans la rue avec mes enfants", "no tenemos donde dormir", whatever the form; a
            # bare "albergue" in a report may only say where it happens.
            d.slots["wants_shelter"] = d.slots.get("wants_shelter") or len(said.split()) > 1
        if d.slots.get("need") == "shelter" or d.slots.get("wants_shelter"):
            d.replies += self._shelters_once(d)
        # A digit picked from the menu says what the next message is about, but only the
        # words confirm it: a request or a search waits for them before its case is filed.
        typed = msg.text if isinstance(msg.text, str) else ""
        chosen = requested is None and typed.strip().rstrip(".").isdigit()
        d.slots.pop("chosen", None)
        if chosen:
            d.slots["chosen"] = form.kind
        # A message that changes nothing on the case leaves its timeline alone.
        news = d.case is None or d.case.kind != form.kind
        news = news or bool(values or msg.media or msg.location)
        waits = d.case is None and chosen and form.kind != "distress"
        filing = d.case is None and not waits
        # from the words, not asked
        read = (d.slots.get("facts"), d.slots.get("people_count"), d.slots.get("missing_name"))
        if form.kind in CASE_KINDS and (news or read != known) and not waits:
            recounted = ["people_count"] if read[1] != known[1] else []
            renamed = ["missing_name"] if read[2] != known[2] else []
            changed_slots = sorted({*values, *recounted, *renamed})
            self._file_or_update(d, form, changed_slots)
        if filing and form.kind == "missing_person" and not d.slots.get("told_search"):
            # What happens now, before the questions: a relative may not stay for all of them.
            d.slots["told_search"] = True
            d.replies.append(self._say("utter_search_next_steps", d.language))
        if requested in ("place", "last_seen_place") and self._propose_city(d, values, requested):
            return
        missing = [s for s in form.required_slots if s not in d.slots]
        # A photo, a voice note or a pin is no refusal to answer: only words count here.
        worded = any(ch.isalpha() for ch in parse.text)
        while worded and missing and self._asked_twice(d, missing[0]):
            # Asked twice without an answer: a third time helps nobody. Offer a person and go on.
            d.slots[missing[0]] = DECLINED
            d.replies.append(self._say("utter_offer_person", d.language))
            missing = missing[1:]
        if missing:
            if form.kind in CASE_KINDS:  # the report goes on: where they can turn, now
                d.replies += self._nearest_once(d, form)
            asked_before = self._times(d, missing[0]) if d.requested_slot == missing[0] else 0
            d.requested_slot = missing[0]
            d.slots["asked"] = {**d.slots.get("asked", {}), missing[0]: asked_before + worded}
            d.replies.append(self._ask(d, missing[0]))
            return
        d.active_form = d.requested_slot = None
        if form.kind == "information":
            d.replies += self._information(d)
            d.slots["informed"] = True
        elif form.kind == "registration":
            d.replies += self._register(d)
        else:
            d.replies += self._case_complete(d)

    def _reach_me_here(self, d: _Draft, form: Form, parse: ParseResult) -> bool:
        """ "No me llamen, solo mensajes a este mismo número", read as "stop" in the middle of a
        report: the callback is the number they write from, and the report goes on."""
        slot = _callback_slot(form)
        if (
            slot is None
            or reply_address(d.msg) is None
            or self.lexicon.has(self.lexicon.stop, parse.text)
        ):
            return False
        if not self._this_number(parse.text) and parse.first("phone") is None:
            return False
        asked = d.requested_slot
        if not (asked and asked != slot and self._reach_me_said(d, slot, parse)):
            d.requested_slot = slot  # else "es mi prima. escríbanme" answers the relation too
        self._absorb(d, parse, form)
        return True

    def _only_this_number(self, d: _Draft, form: Form, parse: ParseResult) -> bool:
        """The whole message says "this number" ("a este mismo", "on this one"), while another
        question than the callback is asked."""
        slot = _callback_slot(form)
        if slot is None or d.requested_slot in (None, slot):
            return False
        bare = _TO_THIS.sub("", fold(parse.text).strip(" .,!"))
        return self.lexicon.has(self.lexicon.this_number, bare)

    def _reach_me_late(self, d: _Draft, parse: ParseResult) -> bool:
        """How to reach them, read as a stop after the report: the open case's callback."""
        if not self._this_number(parse.text):
            return False  # ("pa fè apèl…, voye mesaj sou nimewo sa": no call, write here)
        return self._late_facts(d, parse) or self._contact_said_again(d, parse)

    def _contact_said_again(self, d: _Draft, parse: ParseResult) -> bool:
        """ "Escríbame a este número" when the open report already has this number: heard and
        said back, never asked about as a stop nor met with "I did not understand"."""
        assert d.case is not None
        form = self.forms.form_for(d.case.kind)
        slot = (_callback_slot(form) if form else None) or "contact"
        here = reply_address(d.msg)
        if here is None or d.case.details.get(slot) != here or parse.first("phone"):
            return False
        if "?" in parse.text or len(parse.text.split()) > 12 or not self._this_number(parse.text):
            return False
        folded = fold(parse.text)
        if parse.intent != "stop":
            # read as something else, it must name the number or the writing ("estan aqui los
            # bomberos" is no "write to me here"), and not be sure news of danger
            bare = _TO_THIS.sub("", folded.strip(" .,!"))
            named = self.lexicon.has(self.lexicon.this_number, bare)
            if not (named or _REACH.search(folded)):
                return False
            news = parse.intent in ("distress", "missing_person")
            if (news and parse.confidence >= FORM_INTERRUPT_CONFIDENCE) or _PLEA.search(folded):
                return False
        if self._in_danger(parse) or self._hazard(parse) or self._asks_for(parse):
            return False
        name = "utter_write_only" if self._calls_refused(folded) else "utter_contact_kept"
        d.replies.append(self._say(name, d.language, case_ref=d.case.ref))
        return True

    def _late_facts(self, d: _Draft, parse: ParseResult) -> bool:
        """After the report is complete, a message that only gives how to reach them ("text me
        here pls", "llámenme al 281 555 0163") or the city the report lacked ("houston")
        completes the open case instead of starting another."""
        assert d.case is not None
        form = self.forms.form_for(d.case.kind)
        reach = self._this_number(parse.text)  # "whatsapp a este numero", however read
        # "marquen al 818 555 0171, es de mi hermano": a number to call, however read
        dial = parse.first("phone") is not None and _call_asked(fold(parse.text))
        sure = parse.confidence >= SURE_CONFIDENCE and not reach and not dial
        sure = sure and not (form is not None and self._writer_is_their(parse))
        if form is None or sure or self._in_danger(parse):
            return False
        if self._hazard(parse) is not None or self._asks_for(parse):
            return False
        asked = parse.intent == "information" and parse.confidence >= FORM_INTERRUPT_CONFIDENCE
        if "?" in parse.text or (asked and not reach):
            # "where is the consulate in Houston?": a question to answer; a number said as
            # theirs with it ("…? mi número es 5521 0164") still reaches the report
            self._own_number(d, form, parse)
            return False
        contact = _callback_slot(form) or "contact"
        short = len(parse.text.split()) <= 12  # a few words about how or where, not a story
        values: dict[str, Any] = {}
        if "relation" in form.required_slots and self._writer_is_their(parse):
            values["relation"] = parse.text.strip()  # "mwen se sè li", said after all else
        phone = parse.first("phone")
        # "a este número o al de mi hermano 9 4410 0193": this one, the brother's if not
        fallback = reach and self._second_number(parse)
        if phone is not None and not fallback:
            values[contact] = phone.value
        elif (here := reply_address(d.msg)) and reach:  # "…me responde por aqui de noite"
            values[contact] = here
            if phone is not None:
                values["other_contact"] = phone.value  # a second way to reach them
        place = parse.first("place")
        # "houston" for a report that had only streets; "im in sharpstown now": where, sharper
        if place and short and self.directory.find_city(place.value, phone_of(d.msg)):
            values[_WHERE_SLOT.get(form.kind, "place")] = place.value
        nationality = parse.first("nationality")
        # "we're from belize", after a report filed without it: the case goes to their consulate
        unrouted = d.case.nationality is None and "nationality" in form.required_slots
        if nationality and short and unrouted:
            values["nationality"] = nationality.value
        # "3 niños, el más chiquito tiene 2 años, y mi abuela de 70": who is with them, after
        # a report or a request is filed, is that case's, never a search of its own
        told = PEOPLE_AT_RISK.intersection(self._reasons(parse)) - set(self._facts_known(d))
        if not values and told and d.case.kind in ("distress", "assistance"):
            return not self._lost_someone(parse) and self._late_fact(d, parse)
        return self._update_filed(d, form, values)

    def _writer_is_their(self, parse: ParseResult) -> bool:
        """ "Soy su mamá", "I'm her brother", "mwen se sè li": who the writer is to the one
        they write about, said in a few words."""
        lead = _I_AM_THEIR.match(fold(parse.text))
        rest = fold(parse.text[lead.end() :]) if lead else ""
        # Creole "sè li" (his sister) is read as the table's "sè m" (my sister)
        rest = re.sub(r"\s(?:li|l)[\s.!]*$", " m", rest)
        return (
            lead is not None
            and len(rest.split()) <= 4
            and self.lexicon.contains(self.lexicon.kin, rest)
        )

    def _update_filed(self, d: _Draft, form: Form, values: dict[str, Any]) -> bool:
        """Values said after the report is complete update the open case; False if none is
        new."""
        assert d.case is not None
        known = dict(d.case.details)  # the report as filed: other questions may have come since
        changed = sorted(k for k, v in values.items() if known.get(k) != v)
        if not changed:
            return False
        d.slots = {**d.slots, **known, **values}
        self._file_or_update(d, form, changed)
        d.replies.append(self._say("utter_case_updated", d.language, case_ref=d.case.ref))
        return True

    def _own_number(self, d: _Draft, form: Form, parse: ParseResult) -> None:
        """ "Mi número es 5521 0164", said with a question after the report: its contact."""
        phone = parse.first("phone")
        if phone is not None and _MY_NUMBER.search(fold(parse.text[: phone.start])):
            self._update_filed(d, form, {_callback_slot(form) or "contact": phone.value})

    def _same_request(self, d: _Draft, parse: ParseResult) -> bool:
        """Whether a message after an assistance request is filed asks about that same request
        (its need again, or what it costs), with no one in danger."""
        case = d.case
        if case is None or not case.open or case.kind != "assistance" or self._in_danger(parse):
            return False
        filed = case.details.get("need")
        named = {e.value for e in parse.entities if e.entity == "need"}
        if not named and _PRICE_ASKED.search(fold(parse.text)):
            return True  # "y cuánto sale? ahorita no tengo trabajo"
        needs = set(named)
        # "on n'a pas d'argent", "donde se la consigo? no tenemos dinero": the cost of the same
        # request
        needs.discard("financial")
        if filed == "legal" and "exploited" in case.details.get("facts", ()):
            needs.discard("documents")  # "can you help me get my passport back?": the one held
        return bool(named) and needs <= {filed}

    def _digits_fixed(self, d: _Draft, parse: ParseResult) -> bool:
        """ "Perdón, termina en 0136 no en 0163", "pardon, 0187 à la fin": the last digits of
        the number given corrected; the case keeps the corrected number."""
        slot = next((k for k in ("callback", "contact") if given(d.slots.get(k))), "")
        number = str(d.slots.get(slot) or "")
        fixed = _ENDS_IN.search(fold(parse.text))
        if not number.startswith("+") or fixed is None or parse.first("phone") is not None:
            return False
        digits = fixed.group(1) or fixed.group(2)
        if len(digits) >= len(number) - 4:
            return False
        corrected = number[: -len(digits)] + digits
        d.slots[slot] = corrected
        d.replies.append(self._say("utter_corrected", d.language, value=corrected))
        form = self.forms.form_for(d.case.kind) if d.case is not None and d.case.open else None
        if form is not None and slot in form.required_slots:
            self._file_or_update(d, form, [slot])
        active = self.forms.forms.get(d.active_form or "")
        if active is not None and d.requested_slot and d.requested_slot != slot:
            d.replies.append(self._ask(d, d.requested_slot))
        return True

    def _late_correction(self, d: _Draft, parse: ParseResult) -> bool:
        """ "No, somos 5" after the report is complete: the open case is corrected."""
        assert d.case is not None
        form = self.forms.form_for(d.case.kind)
        if form is None:
            return False
        values = self.forms.fill(form, None, parse)
        known = dict(d.case.details)  # the report as filed: other questions may have come since
        changed = sorted(k for k, v in values.items() if known.get(k, d.slots.get(k)) != v)
        if not changed:
            return False
        d.slots = {**d.slots, **known, **{k: values[k] for k in changed}}
        self._file_or_update(d, form, changed)
        value = ", ".join(str(values[k]) for k in changed)
        d.replies.append(self._say("utter_corrected", d.language, value=value))
        d.replies.append(self._say("utter_case_updated", d.language, case_ref=d.case.ref))
        return True

    def _late_fact(self, d: _Draft, parse: ParseResult) -> bool:
        """ "Se me olvidó decir que mi esposa está embarazada" after the report is complete: the
        fact is added to the open case, with no new report."""
        assert d.case is not None
        form = self.forms.form_for(d.case.kind)
        known = self._facts_known(d)
        told = self._reasons(parse) - set(known)
        if form is None or form.kind not in CASE_KINDS or not told:
            return False
        # (only the fact: "mi esposa" here is one of those already counted)
        d.slots["facts"] = ordered([*known, *told])
        people = [r for r in d.slots["facts"] if r not in SITUATION_REASONS]
        if people and d.slots.get("vulnerable") in (None, "none"):
            d.slots["vulnerable"] = ", ".join(people)  # the "no one" said before was not so
        self._file_or_update(d, form, ["facts"])
        d.replies.append(self._say("utter_case_updated", d.language, case_ref=d.case.ref))
        return True

    @staticmethod
    def _facts_known(d: _Draft) -> list[str]:
        """The facts of the open case and of the conversation: the slots may have been cleared
        by a question answered since the report was filed."""
        assert d.case is not None
        return ordered([*d.case.details.get("facts", ()), *d.slots.get("facts", [])])

    def _unplaced(self, place: str) -> bool:
        """Words of a place the directory finds no city for."""
        return self.directory.find_city(place) is None

    def _propose_city(self, d: _Draft, values: dict[str, Any], slot: str) -> bool:
        """A place the directory does not know ("cerca del walmart de la 45", "en el metro pino
        suárez"): the phone's area code proposes its city, to be confirmed with a yes or a no;
        the words are kept."""
        said = given(values.get(slot))
        phone = phone_of(d.msg)
        if not said or d.msg.location or self.directory.find_city(said, phone):
            return False
        city = self.directory.city_of_phone(phone)
        if city is None:
            return False
        d.slots["proposed_city"] = city.name
        d.slots["proposed_for"] = slot
        d.requested_slot = "city_confirm"
        d.replies.append(self._say("utter_ask_city_confirm", d.language, city=city.name))
        return True

    def _confirm_city(self, d: _Draft, parse: ParseResult, form: Form) -> None:
        """The answer to "is that in or near Houston?"; anything else is a new answer to where."""
        city = d.slots.pop("proposed_city", None)
        slot = str(d.slots.pop("proposed_for", "place"))
        if parse.first("place"):
            d.requested_slot = slot  # "no, en Katy": a new answer to where
            return self._absorb(d, parse, form)
        d.requested_slot = None  # neither yes nor no ("its me and my dad"): read on
        refused = parse.intent == "deny" or self.lexicon.declines(parse.text)
        # ("somos 6. no espere, 7…" to "is that in Mexico City?"): not denied, the phone's city
        # stands, marked as a guess, so the report reaches a consulate and not the central desk
        # ("3 of us" read as a yes: a count, not an answer to the question)
        yes = self._yes(parse) and not (parse.intent == "affirm" and parse.entities)
        guess = "" if yes else "?"
        # (not for a town of its own, "Chicago" from a Houston phone, nor a mere question)
        unknown = form.kind in CASE_KINDS and self.directory.town(str(d.slots.get(slot))) is None
        if city and (guess == "" or (unknown and not refused)):
            d.slots[slot] = f"{d.slots.get(slot)} ({city}{guess})"
            self._file_or_update(d, form, [slot])
            if form.kind == "distress":
                d.replies += self._local_emergency_numbers(d)
        self._absorb(d, parse, form)

    def _not_the_host_country(
        self, values: dict[str, Any], parse: ParseResult, msg: InboundMessage
    ) -> None:
        """ "Santiago, Chile": a country named beside a city of it is where the person is, not
        their nationality ("soy chileno" still is)."""
        if not ({"nationality", "missing_nationality"} & values.keys()):
            return  # most messages: nothing to check, no search through the text
        city = self.directory.find_city(parse.text, phone_of(msg))
        phone = phone_of(msg)
        home = phone_region(phone) if phone else None
        for slot in ("nationality", "missing_nationality"):
            code = values.get(slot)
            country = self.directory.country(code if isinstance(code, str) else None)
            if country is None:
                continue
            said = {fold(parse.text[e.start : e.end]) for e in parse.entities if e.value == code}
            names = {fold(n) for ns in country.names.values() for n in ns}
            demonyms = {fold(n) for ns in country.demonyms.values() for n in ns}
            beside_a_city = city is not None and code == city.country and said <= names
            # "we got evacuated from tujunga" from a US phone: a town of the country they
            # write from, said with no country name or demonym, is where they were; not for
            # a nationality with consulates ("soy de Guadalajara" on a +52 WhatsApp in Houston).
            unserved = not self.directory.has_consulates(code)
            a_town_here = code == home and unserved and not said & (names | demonyms)
            # "ils crient que les étrangers doivent partir du Chili": the country to leave is
            # the one they are in
            told_to_leave = any(
                e.value == code and _LEAVE.search(fold(parse.text[: e.start]))
                for e in parse.entities
            )
            # "the mexican authorities have his body", "la policía chilena": the state's, not theirs
            of_the_state = any(
                e.value == code
                and (
                    _STATE_AFTER.match(fold(parse.text[e.end :]))
                    or _STATE_BEFORE.search(fold(parse.text[: e.start]))
                    or _ISSUED_BEFORE.search(fold(parse.text[: e.start]))
                )
                for e in parse.entities
            )
            here = beside_a_city or a_town_here or told_to_leave or of_the_state
            if said and here and self.directory.host_country(code):
                values.pop(slot)
                # ("mon carnet chilien… je suis haïtien"): the other country said is theirs
                said_too = (e.value for e in parse.entities if e.entity == "nationality")
                if (other := next((v for v in said_too if v != code), None)) is not None:
                    values[slot] = other

    def _town_named(
        self, d: _Draft, form: Form, values: dict[str, Any], parse: ParseResult
    ) -> None:
        """ "estamos en san quintín baja california", "j'habite à Port Arthur, au Texas", said
        while another question was asked: a town outside every metro is where they are, kept
        in their words for the nearest consulate (a directory place is an entity already)."""
        slot = _WHERE_SLOT.get(form.kind, "place")
        if slot not in form.required_slots or slot in values or given(d.slots.get(slot)):
            return
        if d.requested_slot == slot or "?" in parse.text:
            return
        town = self.directory.town(_without_names(parse))
        if town is None or town.population < _TOWN_SIZED:
            return  # "en el segundo piso" is no El Segundo: a small town is too often a word
        name = re.escape(fold(town.name))
        folded = fold(parse.text)
        said = re.search(rf"(?<!\w)(?:{_AT})\s+(?:(?:la|el|le|the|o|a)\s+)?{name}(?!\w)", folded)
        if said is not None and not _NAMED_AFTER.match(folded, said.end()):
            # in their words, the clause that names it ("…he passed away at jackson memorial"
            # is a hospital named after a town, not the town)
            end = re.compile(r"[.,;!?]|$").search(folded, said.end())
            start = max(folded.rfind(c, 0, said.start()) for c in ".,;!?") + 1
            values[slot] = parse.text[start : end.start() if end else None].strip()

    def _place_correction(
        self, d: _Draft, form: Form, values: dict[str, Any], parse: ParseResult
    ) -> None:
        """ "No, es en Katy", "non, à Tijuana pas Tapachula": a "no" naming another known place
        corrects where, whatever was asked."""
        slot = "last_seen_place" if form.kind == "missing_person" else "place"
        if slot not in form.required_slots or slot in values or d.requested_slot == slot:
            return
        if not _CORRECTION.match(fold(parse.text)) or self._gone_elsewhere(parse):
            return
        city = self.directory.find_city(parse.text, phone_of(d.msg))
        known = self.directory.find_city(given(d.slots.get(slot)), phone_of(d.msg))
        if city is not None and city != known:
            values[slot] = _CORRECTION.sub("", parse.text, count=1).strip() or parse.text

    def _asked_back(self, d: _Draft, parse: ParseResult) -> bool:
        """Answer what the person asks back (is someone coming, what do I do now, can you
        search, will migration know), from the domain's responses; True if something was."""
        before = len(d.replies)
        found = [
            topic
            for topic, table in self.lexicon.asked_back.items()
            if self.lexicon.contains(table, parse.text)
        ]
        errand = (need := parse.first("need")) is not None and need.value in _CALM_NEEDS
        # ("i need a new one asap, what do i do?" of a passport asked for): the errand's way
        errand = errand or (
            d.case is not None
            and d.case.kind == "assistance"
            and given(d.slots.get("need")) in ("documents", "remains")
        )
        folded = fold(parse.text)
        in_danger = (
            d.active_form == "distress_form"
            or (d.case is not None and d.case.kind == "distress")
            or (parse.intent == "distress" and parse.confidence >= MIN_CONFIDENCE)
            or d.slots.get("need") == "medical"  # "¿a dónde lo llevo?" of a baby with fever
            # "he says he will call immigration on us… what can we do?": held by a boss
            or bool({"detained", "exploited"} & set(d.slots.get("facts", [])))
        )
        # (where to go, asked after a check-in, is the shelters' addresses, not advice)
        checked_in = bool(d.slots.get("checked_in")) and not _WHERE_TO.search(folded)
        # A relative asking for someone to go by is told no one is sent, as in danger.
        searched = d.active_form == "missing_person_form" or (
            d.case is not None and d.case.kind == "missing_person"
        )
        asking = "?" in parse.text
        # However worded: in danger, "should we go up?", "are they coming for us?"; anywhere,
        # "will they check our papers at the shelter?"; and once, wherever papers, the migra
        # or a refugee card come up, that status is never asked.
        worded = [
            # (or after a check-in: "should we sleep outside tonight? they say another one is
            # coming")
            # (or told a storm is coming: "if it hits tonight do we need to leave?")
            ("safety_advice", _WHAT_TO_DO, in_danger or checked_in or self._warned(d, parse)),
            ("no_dispatch", _SOMEONE_COMING, in_danger or searched),
            # ("can someone come pick us up?", "ustedes le pueden traer la insulina?"): asked
            # to fetch or bring, anywhere: no one is sent
            ("no_dispatch", _FETCH_ASKED, True),
            ("status_never_asked", _PAPERS_ASKED, True),
            ("status_never_asked", _AUTHORITIES_FEARED, True),
            ("status_never_asked", _PAPERS_IN_DOUBT, True),
            # (told once; asked again in so many words, told again)
            ("status_never_asked", _STATUS_CAME_UP, not d.slots.get("told_status") or asking),
            ("why_we_ask", _WHY_ASKED, True),
        ]
        for topic, pattern, ok in worded:
            if ok and topic not in found and pattern.search(folded):
                found.append(topic)
        if "no_dispatch" in found and _RESCUED.search(folded) and not asking:
            found.remove("no_dispatch")  # "ponpye yo vin pran nou": they came, told, not asked
        if "search_next_steps" in found and d.slots.get("told_search") and searched:
            # "can u guys find him??", the search's next steps told already: no one is sent
            found[found.index("search_next_steps")] = "no_dispatch"
            found = list(dict.fromkeys(found))
        calm = d.case is not None and d.case.kind in ("assistance", "information") and not searched
        if "no_dispatch" in found and calm and not in_danger and not _FETCH_ASKED.search(folded):
            found.remove("no_dispatch")  # "combien de temps ça prend?" of a request: no rescue
        if "safety_advice" in found and (_NOWHERE.search(folded) or errand):
            # "no tenemos a dónde ir" tells; "¿a dónde voy para sacar el pasaporte?" asks the way
            found.remove("safety_advice")
        told = [] if "nearest_consulate" in found else self._where_or_when_asked(d, parse)
        named = _A_NUMBER.search(folded) and _EMERGENCY_QUESTION.search(folded)
        in_report = d.active_form is not None or d.case is not None
        dialled = _DIALLED.search(folded[: folded.rfind("?")])  # asked, not "? 911 wont pick up"
        if in_report and "?" in parse.text and (named or dialled):
            # "ki nimewo pou m rele anbilans isit la? 911 pa mache", "lo reporto también al
            # 911?", "èske m dwe rele 193?": the local numbers, at once
            where = self.directory.host_country(self._region(d.slots, d.msg))
            if where is not None:
                told.append(self._emergency_numbers(where.code, d.language))
        d.replies += told
        if not found:
            return bool(told)
        host = self.directory.host_country(self._region(d.slots, d.msg))
        # Where the country is not known, the local emergency services by name, never a guess.
        general = self.lexicon.services.get("general", {})
        numbers = (
            self._numbers(host.code, d.language)
            if host
            else general.get(d.language or self.default_language, "emergency services")
        )
        for topic in found:
            if topic == "nearest_consulate":
                # (a nationality with no consulate anywhere: that, again, not silence)
                d.replies += self._nearest_asked(d, parse) or self._none_anywhere(d, parse)
                continue
            if topic == "search_next_steps":
                d.slots["told_search"] = True
            if topic == "status_never_asked":
                d.slots["told_status"] = True
            if topic == "safety_advice":
                d.slots["told_advice"] = True
            advice = self._advice(d, parse) if topic == "safety_advice" else ""
            reply = self._say(
                f"utter_{topic}", d.language, emergency_numbers=numbers, advice=advice
            )
            d.replies.append(reply)
        return len(d.replies) > before

    def _where_or_when_asked(self, d: _Draft, parse: ParseResult) -> list[Reply]:
        """ "¿Dónde queda el consulado?", "ki adrès li?", "tem abrigo? qual o endereço": asked
        in the middle of a report or after an answer, the address or the hours come at once,
        from the directory; with the nationality or the city not yet known, nothing yet (the
        report's end names the consulate)."""
        form = self.forms.forms.get(d.active_form or "")
        if form is not None and form.kind not in CASE_KINDS:
            return []  # the information form answers this itself
        if form is None and parse.intent == "information" and parse.confidence >= MIN_CONFIDENCE:
            return []  # a plain information request: the form that follows answers it
        folded = fold(parse.text)
        asked = "?" in parse.text or parse.intent == "information" or _SEND.search(folded)
        if not asked or self.lexicon.declines(parse.text):
            return []
        need = parse.first("need")
        shelter = (need is not None and need.value == "shelter") or _SHELTER.search(folded)
        # ("where do we go?? is there a shelter or something", in a report: the shelter asked
        # is the where; after a check-in it is the request that follows)
        # (a roof asked for after the danger, or a home lost, makes the report a request)
        reporting = shelter and "?" in parse.text and form is not None and form.kind == "distress"
        reporting = reporting and not (
            self._need_after_it(d, parse) or self._aftermath_request(d, parse)
        )
        if not (_WHERE_WHEN.search(folded) or reporting):
            return []
        if shelter:
            place = parse.first("place")
            city = self.directory.find_city(
                place.value if place else given(d.slots.get("place")), phone_of(d.msg)
            )
            return [self._shelters(city, d.language or self.default_language)] if city else []
        return self._nearest_asked(d, parse)

    def _nearest_asked(self, d: _Draft, parse: ParseResult) -> list[Reply]:
        """ "Where is the closest consulate?": theirs in the city, else the nearest one; with
        no nationality or place known yet, the question that leads there comes next."""
        code = self._nationality_told(d, parse)
        place = parse.first("place")
        phone = phone_of(d.msg)
        city = self.directory.find_city(
            place.value if place else given(d.slots.get("place")), phone
        ) or self.directory.city_of_phone(phone)
        if code is None:
            return []
        if city is None:  # "fort myers florida": a town outside every metro, still on the map
            nearest = self._nearest_to(code, place.value if place else d.slots.get("place"), d)
            return [self._nearest(d.language, nearest)] if nearest else []
        here = self.directory.consulate_for(code, city.id)
        if here is not None:
            return [self._consulate(d.language, here)]
        nearest = self.directory.nearest_consulate(code, city.id)
        return [self._nearest(d.language, nearest)] if nearest else []

    @staticmethod
    def _nationality_told(d: _Draft, parse: ParseResult) -> str | None:
        """The nationality this message says, else the one said before."""
        said = parse.first("nationality")
        return said.value if said else given(d.slots.get("nationality"))

    def _none_anywhere(self, d: _Draft, parse: ParseResult) -> list[Reply]:
        """That no consulate of theirs exists anywhere we know (and who helps instead), for a
        nationality known; nothing otherwise."""
        code = self._nationality_told(d, parse)
        if code is None or self.directory.has_consulates(code):
            return []
        d.slots["nearest_told"] = True  # (said now, not again as the case is filed)
        return [self._no_consulate(d.language, code, None)]

    def _nearest_to(self, code: str | None, place: Any, d: _Draft) -> Any:
        """The nearest consulate of a nationality to words of a place outside every directory
        metro (a host-country town, else the phone's city), if any."""
        where = self.directory.whereabouts(given(place), phone_of(d.msg))
        return self.directory.nearest_consulate_to(code, *where) if where and code else None

    def _advice(self, d: _Draft, parse: ParseResult) -> str:
        """Safety advice for the danger described: this message, else the report's situation."""
        situation = d.slots.get("situation") or (d.case.details.get("situation") if d.case else "")
        if self._warned(d, parse) and not situation:
            return self._say("utter_advice_prepare", d.language).text  # before it comes
        forecast = str(d.slots.get("forecast") or "")
        alert = str(d.slots.get("alert") or "")  # "nos llegó la alerta del huracán"
        hazard = self.lexicon.hazard(parse.text, str(situation or ""), forecast, alert) or "general"
        if "injured" in self._reasons(parse):  # "how do I stop the bleeding": first aid
            hazard = "injury"
        facts = d.slots.get("facts", [])
        if hazard == "general" and "exploited" in facts:
            hazard = "exploitation"  # "the boss has our passports… what can we do?"
        elif hazard == "general" and "detained" in facts:
            hazard = "detention"
        return self._say(f"utter_advice_{hazard}", d.language).text

    def _facts(self, d: _Draft, form: Form, parse: ParseResult) -> None:
        """Every message of a report is read for the facts an officer records; one already
        stated answers its question, which is then never asked."""
        told = self._reasons(parse)
        if form.kind == "missing_person" and feared(parse.text):
            told -= HARMS  # "on a peur qu'on l'ait enlevé": a fear for them, not a fact
        own_kids = form.kind == "missing_person" and kids_with_writer(parse.text)
        if own_kids:
            told -= {"children"}  # "yo estoy en la casa con los chiquitos": the writer's own
        stated = ordered([*d.slots.get("facts", []), *told])
        if stated:
            d.slots["facts"] = stated
            people = [r for r in stated if r not in SITUATION_REASONS]  # who, not what
            vulnerable = d.slots.get("vulnerable") in (None, "none")
            if people and "vulnerable" in form.required_slots and vulnerable:
                d.slots["vulnerable"] = ", ".join(people)
        if form.kind == "distress":  # who the report is about, for a count never said
            d.slots["company"] = company(
                parse.text, self.lexicon, parse.language, d.slots.get("company")
            )
        if "injured" in told and self._in_care(parse):
            d.slots["hurt_in_care"] = True  # "mon mari est à l'hôpital, il est brûlé aux mains"
        denied = harm_denied(parse.text, self.lexicon)
        if denied and "injured" not in told and not _ANYONE_ELSE.search(fold(parse.text)):
            # "ya se le cayó un cuarto a la vecina", then "nadie herido gracias a dios": the
            # person says plainly no one is hurt; a reading of the story is not an injury
            d.slots["unhurt"] = True
            d.slots["facts"] = [r for r in d.slots.get("facts", []) if r != "injured"]
            if d.slots.get("vulnerable") not in (None, "none", DECLINED):
                rest = [r for r in d.slots["facts"] if r not in SITUATION_REASONS]
                d.slots["vulnerable"] = ", ".join(rest) if rest else "none"
        elif "injured" in told:
            d.slots.pop("unhurt", None)
        unasked = "vulnerable" in form.required_slots and d.slots.get("vulnerable") is None
        if unasked and not told and denied:
            d.slots["vulnerable"] = "none"  # "somos mi compadre y yo, los dos bien, nadie golpeado"
        said = ages(parse.text, self.lexicon, parse.language)
        theirs = len(said) == 1 and _COMPANION_AGED.search(fold(parse.text)) is not None
        if "missing_age" in form.required_slots and "missing_age" not in d.slots and said:
            if not theirs:  # ("ele está com a mulher e a bebê de 5 meses": the baby's age)
                d.slots["missing_age"] = str(said[0])
        age = str(d.slots.get("missing_age", ""))
        if children_named(parse.text) and "children" in d.slots.get("facts", []) and not own_kids:
            d.slots["children_too"] = True  # "Yesenia Cruz, 34 años, los niños son Brayan de 9…"
        grown = age.isdigit() and int(age) >= ADULT_AGE and not d.slots.get("children_too")
        if grown and "children" in d.slots.get("facts", []):
            # "mon fils… vingt-quatre ans": a grown son is no child
            d.slots["facts"] = [r for r in d.slots["facts"] if r != "children"]
            if d.slots.get("vulnerable") not in (None, "none", DECLINED):
                rest = [r for r in d.slots["facts"] if r not in SITUATION_REASONS]
                d.slots["vulnerable"] = ", ".join(rest) if rest else "none"
        when = last_seen(parse.text) if "last_seen_when" in form.required_slots else None
        if when and d.slots.get("last_seen_when") in (None, DECLINED):
            d.slots["last_seen_when"] = when
        if when and _JUST_NOW.search(fold(when)):
            self._child_just_lost(d)
        # "mi hijo no llegó anoche": whose son is said, and never asked again; kept in any case,
        # with a name, for the search a request may turn out to be ("my father Emeka Obi is in
        # Tapachula waiting for his papers", then "we have not heard from him for 9 days")
        if form.kind in CASE_KINDS and d.slots.get("relation") is None:
            if (relation := relation_said(parse.text, self.lexicon, parse.language)) is not None:
                d.slots["relation"] = relation
        named = parse.first("person_name")
        if form.kind != "missing_person" and "named" not in d.slots:
            # ("se llama Yohandry Salazar, tiene como 30", asked where they are; "Mamadou Lamine
            # Diop, 24 ans"): who a search will be for, with the age said beside the name
            heard = named.value if named is not None and not _own_name(parse, named) else None
            if heard is None and said:
                heard = self._bare_name(parse) or self._closing_name(parse)
            if heard:
                d.slots["named"] = heard
                if said:
                    d.slots["named_age"] = str(said[0])
        known = d.slots.get("missing_name")
        if isinstance(known, str) and known != DECLINED:
            # "mr Tomas", then "Tomas Xicay, hes like 70": the whole name, said later
            whole = named.value if named is not None else None
            if whole is None and parse.text.startswith(known):
                surnames = _SURNAMES.match(parse.text, len(known))
                whole = parse.text[: surnames.end()] if surnames else None
            if whole and fold(whole).startswith(fold(known) + " "):
                d.slots["missing_name"] = whole
            elif (
                form.kind == "missing_person"
                and whole
                and _CORRECTION.match(fold(parse.text))
                and not (named is not None and _own_name(parse, named))
            ):
                # "Tonton Jo", then "non l se Joseph Etienne": the name, corrected
                d.slots["missing_name"] = whole
            elif (
                form.kind == "missing_person"
                and named is not None
                and whole
                and _NAMED_AS.search(fold(parse.text[: named.start]))
                and parse.text[named.start : named.start + 1].isupper()  # ("rele madanm m")
                and not _own_name(parse, named)
            ):
                # a name misheard ("son téléphone est éteint" asked the name), then "elle
                # s'appelle Naïka Charles": the name said as one
                d.slots["missing_name"] = whole
        if form.kind != "missing_person":
            # "con mis 3 hijos": 4 of them; "me, my sister and her 2 kids": 4, not 2. Kept for
            # an assistance request too: a shelter for one is not a shelter for five.
            counted = head_count(parse.text, self.lexicon, parse.language)
            current = d.slots.get("people_count")
            number = parse.first("people_count")
            if "people_count" not in form.required_slots and number and current is None:
                current = d.slots["people_count"] = number.value
            open_ = current in (None, "1") or (number is not None and current == number.value)
            known = int(current) if isinstance(current, str) and current.isdigit() else 0
            # "nou twa" said after "ak bebe a" was read as two, "mwen, mari m ak de pitit nou
            # yo" after "nou nan lari ak 2 timoun": the whole group in words beats a reading
            in_words = counted is not None and lists_everyone(
                parse.text, self.lexicon, parse.language
            )
            more = joining(parse.text, self.lexicon, parse.language) if known else None
            # ("so 5 of us", "correction… 4 adults": a bigger total said as a number of its own;
            # people add the ones they forgot, they do not invent them)
            total_said = number is not None and counted is not None and number.value == str(counted)
            # ("and the 2 kids from next door are with us": the number is of those joining)
            if more and (number is None or int(number.value) <= more):
                d.slots["people_count"] = str(known + more)  # "et mon oncle aussi"
            elif counted and (
                current in (None, DECLINED)
                or (counted > max(known, 1) and (open_ or in_words or total_said))
            ):  # (a count said after the question was left is still the count)
                d.slots["people_count"] = str(counted)
        elif "group_count" not in d.slots:
            # "my sister and her husband are in Tapachula": two, kept should the search turn
            # out to be a rescue where they are
            counted = head_count(parse.text, self.lexicon, parse.language)
            if counted and counted > 1:
                d.slots["group_count"] = str(counted)

    def _answer(
        self, msg: InboundMessage, parse: ParseResult, slot: str, values: dict[str, Any]
    ) -> Any:
        """The answer to the question asked (None: unanswered), where mappings need help.

        A location pin answers "where", "this number" gives the sender's own number, and
        "I'd rather not say" (or a bare no) skips the question for good. A "no" that
        corrects another slot ("no, it's Tapachula") answers nothing.
        """
        answer = values.get(slot)
        if slot == "vulnerable" and _BARE_COUNT.fullmatch(parse.text):
            return None  # "7" asked who is at risk: how many they are, late (see _absorb)
        if slot == "vulnerable" and answer is not None and parse.intent != "deny":
            other = any(
                e.entity in ("nationality", "phone", "place", "people_count")
                for e in parse.entities
            )
            asked_back = parse.text.rstrip().endswith("?") or _QUESTION.match(fold(parse.text))
            if (other or asked_back) and not self._reasons(parse):
                return None  # "nous sommes haïtiens" answers another question, not this one
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
            point = f"{loc.latitude:.5f},{loc.longitude:.5f}"  # the metro it falls in routes it
            return f"{loc.label} ({point})" if loc.label else point
        # "call 347 555 0189, this one is my job's": the number typed is the answer, unless it
        # is offered only in case this one fails ("este o al de mi cuñada +56 9…")
        typed = parse.first("phone") is not None and not self._second_number(parse)
        here = reply_address(msg)
        if slot in ("callback", "contact") and here and not typed and self._this_number(parse.text):
            return here
        if slot == "missing_name" and answer == parse.text.strip():
            if last_seen(parse.text) or ages(parse.text, self.lexicon, parse.language):
                return None  # "ayer en la tarde", "he's 14" asked the name: when, how old
            if len(parse.text.split()) > _LONGEST_NAME:
                return None  # "il y a eu une bagarre à la gare…": what happened, not who
            if self._reasons(parse) and not parse.first("person_name"):
                return None  # "tiene principios de alzheimer": what is wrong with him, not who
            if parse.intent == "thanks" and parse.confidence >= SURE_CONFIDENCE:
                return None  # "mèsi anpil": thanks, not a name
        reach = slot in ("last_seen_when", "relation") and free_text
        reach = reach and self._this_number(parse.text) and last_seen(parse.text) is None
        if reach and not self.lexicon.spans(self.lexicon.kin, parse.text):
            return None  # "pode me chamar aqui mesmo" asked when: how to reach them, not when
        if slot == "relation" and free_text and len(parse.text.split()) > _LONGEST_NAME:
            if not self.lexicon.spans(self.lexicon.kin, parse.text):
                return None  # "he walked out around 7 in a blue jacket": not who he is to them
        if slot in ("place", "last_seen_place") and free_text and not msg.location:
            bare = not any(ch.isalpha() for ch in parse.text)
            if bare or (parse.intent == "distress" and len(parse.text.split()) <= 2):
                return None  # "1", "SOS", "ayuda!" asked where: not a place
        if slot in ("place", "last_seen_place") and _THIS_CITY.search(fold(parse.text)):
            # "aqui en la ciudad", "here in town": the city of the number they write from
            city = self.directory.city_of_phone(phone_of(msg))
            if city is not None:
                return city.name
        if slot in ("place", "last_seen_place") and free_text and self._this_number(parse.text):
            return None  # "text me here please" asked where: how to reach them, not a place
        # (the name read from "escreve aqui por favor" is how to reach them, not a name)
        how = parse.text if free_text else str(answer or "") if slot == "missing_name" else ""
        if slot not in ("callback", "contact") and self.lexicon.contains(
            self._callback_phrases, how
        ):
            return None  # "ekri m sou nimewo sa a" asked the relation: how, not who
        where = slot in ("place", "last_seen_place")
        if where and free_text and not msg.location and not self._said_where(parse):
            return None  # "li pa reponn…", "can u guys look for him?": not where they are
        area = where and answer is not None and not others
        if area and not self.directory.is_city_name(str(answer)):
            # "south LA near vermont": the person's words, all kept; a name heard in two
            # pieces ("la car pio") as the name it is
            heard = parse.first("place")
            said = fold(parse.text[heard.start : heard.end]) if heard else ""
            if heard and said != fold(heard.value) and _joined(said) == _joined(heard.value):
                return (parse.text[: heard.start] + heard.value + parse.text[heard.end :]).strip()
            return parse.text.strip()
        # ("escondidos en una farmacia junto al parque central, somos cuatro": where, and how
        # many) the place said beside a count is kept in the person's words too
        beside = where and answer is None and "people_count" in others and not msg.location
        if beside and _PLACE_CUE.search(fold(parse.text)) and self._said_where(parse):
            return parse.text.strip()
        declines = self.lexicon.declines(parse.text) or (parse.intent == "deny" and not others)
        if declines and slot in ("place", "last_seen_place") and _ADDRESS.search(fold(parse.text)):
            return parse.text.strip()  # "idk the address": not a refusal; the words are kept
        if declines and slot == "people_count":
            counted = head_count(parse.text, self.lexicon, parse.language)
            if counted is not None:
                return str(counted)  # "nada más ella y yo": two, not "nothing"
        unknown = _WHERE_UNKNOWN.search(fold(parse.text)) is not None
        if (
            declines
            and slot in ("callback", "contact")
            and ("?" in parse.text or others or unknown)
        ):
            return None  # "não sei pra onde levaram ele, preciso de um advogado?": not a refusal
        # ("no tengo dinero para el doctor, ¿hay ayuda?" asked how many): a need or a question
        # told, not a refusal to answer; the question stays to be asked again
        told = parse.first("need") is not None or parse.text.rstrip().endswith("?")
        if declines and told and slot not in ("callback", "contact", "need"):
            return None
        if declines and (answer is None or free_text):
            return DECLINED
        return answer

    def _said_where(self, parse: ParseResult) -> bool:
        """Whether words given as where someone is can be a place: a question back, or a
        sentence about the people with nothing of a place in it, is not."""
        folded = fold(parse.text).strip()
        # ("where can we take him? they're still outside"): a question first, whatever follows
        if folded.endswith("?") or _ASKS_FIRST.match(folded):
            return False
        if parse.first("place") is not None:
            return True
        if self._hurt(parse):
            return False
        cue = _PLACE_CUE.search(folded) is not None
        if not cue and set(self._reasons(parse)) - set(SITUATION_REASONS):
            return False  # "she's 81 and on oxygen": who is there, the 81 no street number
        short = len(folded.split()) <= 4
        if short or cue or any(ch.isdigit() for ch in folded):
            return True
        return self.directory.town(parse.text) is not None  # "beaumont texas, by the refinery"

    @staticmethod
    def _times(d: _Draft, slot: str) -> int:
        asked = d.slots.get("asked", {})
        return int(asked.get(slot, 0)) if isinstance(asked, dict) else 0

    def _asked_twice(self, d: _Draft, slot: str) -> bool:
        return d.requested_slot == slot and self._times(d, slot) >= 2

    def _reach_me_said(self, d: _Draft, slot: str, parse: ParseResult) -> bool:
        """Whether a message answering another question says to reach them on this phone, the
        callback not yet given."""
        if given(d.slots.get(slot)) or reply_address(d.msg) is None or parse.first("phone"):
            return False
        # ("este mismo", asked who is vulnerable: no one is "este mismo"; the number is)
        mine = d.requested_slot == "vulnerable" and self.lexicon.has(
            self.lexicon.this_number, parse.text
        )
        # ("li fenk ekri m", "acabou de me mandar msg que…"): they wrote to the writer, who
        # relays it; no way to reach anyone is asked for
        said = _RELAYED.sub(lambda m: " " * len(m[0]), fold(parse.text))
        return mine or self.lexicon.contains(self._callback_phrases, said)

    def _this_number(self, text: str) -> bool:
        """'This number', 'text me here', 'manda msg nesse numero': the sender's own number."""
        lexicon = self.lexicon
        folded = fold(text)
        if _SOMEONE_COMING.search(folded) or _PAPERS_ASKED.search(folded):
            return False  # "vcs mandam alguém aqui?", "no tengo papeles de aquí": not a callback
        if self._messages_refused(folded):
            return False  # "no me escriban a este número, es de mi patrona"
        said = _HERE_WE_ARE.sub(" ", folded)  # "aqui estamos mi cuñada y yo": who, not how
        return (
            lexicon.has(lexicon.this_number, said)
            or lexicon.contains(lexicon.write_here, said)
            or lexicon.contains(self._number_phrases, said)  # "este mismo numero pero…"
        )

    @staticmethod
    def _without_places(parse: ParseResult) -> str:
        """The message without the places it names, nor the word that leads to them ("em
        Pacaraima")."""
        text = parse.text
        for e in sorted(parse.entities, key=lambda e: -e.start):
            if e.entity == "place" and 0 <= e.start < e.end <= len(text):
                text = text[: e.start] + text[e.end :]
        return _WHERE_WORD.sub(" ", text)

    @staticmethod
    def _told(d: _Draft, parse: ParseResult) -> str:
        """What they wrote, the alert they answered included ("recibimos la alerta y ya se nos
        metió el agua"), for the report's situation."""
        return d.said or parse.text

    def _write_here(self, text: str) -> bool:
        """ "you can keep messaging me here", "manda msg aqui": how to reach them, said as such
        (a bare "aquí" is where: "pero aquí adentro no entra el agua")."""
        if not self._this_number(text):
            return False
        folded = fold(text)
        said = [folded[a:b] for a, b in self.lexicon.spans(self.lexicon.write_here, folded)]
        bare = all(phrase in _BARE_HERE for phrase in said)
        return not bare or _MESSAGING.search(folded) is not None

    def _someone_else(self, parse: ParseResult) -> bool:
        """Another person named: a relative, a name, a coworker, a friend, a neighbour."""
        relative = relation_said(parse.text, self.lexicon, parse.language) is not None
        named = parse.first("person_name") is not None
        return relative or named or _OTHER_PERSON.search(fold(parse.text)) is not None

    @staticmethod
    def _fuller_name(d: _Draft, parse: ParseResult) -> str | None:
        """The one-word name given before, said again with its surname ("shanice", then
        "shanice arzu"), the message nothing else."""
        said = str(d.slots.get("missing_name") or "")
        words = parse.text.strip(" .!").split()
        if " " in said or not said or not 1 < len(words) <= 4 or fold(words[0]) != fold(said):
            return None
        plain = all(w.replace("-", "").isalpha() for w in words) and not not_a_name(parse.text)
        return parse.text.strip(" .!") if plain else None

    @staticmethod
    def _bare_name(parse: ParseResult) -> str | None:
        """A full name said alone at the start of a message, no place or country among it."""
        return _unclaimed(parse, bare_name(parse.text, aged=parse.first("age") is not None))

    def _closing_name(self, parse: ParseResult) -> str | None:
        """A full name closing a message ("…li gen 16 an, Jean Wesley Pierre"), no place,
        town or country among it ("…, Puerto Rico")."""
        return self._no_place(_unclaimed(parse, closing_name(parse.text)))

    def _name_alone(self, parse: ParseResult) -> str | None:
        """A message that is only a name, typed in any case, and no place ("reinaldo perez")."""
        return self._no_place(_unclaimed(parse, self.nlu.typed_name(parse.text)), whole=True)

    def _no_place(self, name: str | None, whole: bool = False) -> str | None:
        """The name, unless it holds a country, a city or a town ("…, Puerto Rico"); with
        `whole`, unless it is one ("boa vista"; "joão da cunha" is a name, Cunha a town)."""
        if name is None:
            return None
        place = self.directory.country_named(name) or self.directory.find_city(name)
        town = self.directory.town(name)
        if whole and town is not None and fold(town.name) != fold(name):
            town = None
        return None if place or town else name

    @staticmethod
    def _their_number(d: _Draft, parse: ParseResult, callback: str) -> bool:
        """Whether the number typed is the one written about's own ("o número dele é…"), and
        the callback held so far only the phone they write from, taken from "text me"."""
        phone = parse.first("phone")
        before = fold(parse.text[: phone.start]) if phone else ""
        return callback == reply_address(d.msg) and _THEIR_NUMBER.search(before) is not None

    def _danger_named_alone(self, parse: ParseResult) -> bool:
        """Whether a message is only a danger's name, with at most a plea ("inondasyon",
        "fuego ayuda", "SOCORRO incendio"): no question, nothing else said."""
        words = re.findall(r"[^\W\d_]+", fold(parse.text))
        if not 0 < len(words) <= 3 or "?" in parse.text or parse.entities:
            return False
        hazard = self._hazard(parse)
        return hazard not in (None, "detention") and all(
            self.lexicon.hazard(w) is not None or w in _PLEA_WORDS for w in words
        )

    @staticmethod
    def _gone_elsewhere(parse: ParseResult) -> bool:
        """Whether every place a message names is where someone else went ("mi cuñado se fue
        ayer para la cdmx", "my brother left for LA")."""
        places = [e for e in parse.entities if e.entity == "place"]
        folded = fold(parse.text)
        return bool(places) and all(_WENT_TO.search(folded[: e.start][-40:]) for e in places)

    def _second_number(self, parse: ParseResult) -> bool:
        """Whether the number typed is offered only in case this one fails: "este o al de mi
        cuñada +56 9…", "this phone at 9%, if it dies try my cousin 713…", "rele tonton m tou
        305…, men ekri m isit la an premye"."""
        phone = parse.first("phone")
        if phone is None or not self._this_number(parse.text):
            return False
        before, after = fold(parse.text[: phone.start]), fold(parse.text[phone.end :])
        return bool(_OR_ELSE.search(before) or _HERE_FIRST.search(after))

    def _ask(self, d: _Draft, slot: str) -> Reply:
        values = {k: v for k, v in d.slots.items() if v not in (DECLINED, None, "")}
        if "missing_name" not in values:  # "Which country is the person from?", never "—"
            values["missing_name"] = self._say("utter_the_person", d.language).text
        return self._say(f"utter_ask_{slot}", d.language, **values)

    # cases

    def _file_or_update(self, d: _Draft, form: Form, changed: list[str]) -> None:
        slots = {k: v for k, v in d.slots.items() if k in form.required_slots}
        # ("mon fils", kept as the relation: whose son, not how old; his age says that)
        texts = [str(v) for k, v in slots.items() if k != "relation"]
        if form.kind == "missing_person":  # ("…con mis dos niños": _facts kept the rest)
            texts = [t for t in texts if not kids_with_writer(t)]
        if "attachments" in d.slots:
            slots["attachments"] = d.slots["attachments"]
        facts = {
            **slots,
            "minor_mentioned": d.slots.get("minor_mentioned", False),
            "unhurt": d.slots.get("unhurt", False),
        }
        stated = list(d.slots.get("facts", []))
        if stated:  # what the person told us, whatever question it answered
            slots["facts"] = stated
        if given(d.slots.get("other_contact")):  # "…o al de mi cuñada": a second way
            slots["other_contact"] = d.slots["other_contact"]
        if given(d.slots.get("people_count")):
            slots["people_count"] = d.slots["people_count"]
        elif form.kind == "missing_person":
            slots["people_count"] = "1"  # the one person searched for, as a consul counts
        elif form.kind == "distress" and not self._count_refused(d):
            # A woman alone, "my parents": one, two, never said as a number. Withdrawn when
            # someone else is named ("aqui hay otras 2 muchachas").
            implied = implied_count(d.slots.get("company"))
            if implied or (d.case is not None and d.case.details.get("people_count")):
                slots["people_count"] = str(implied) if implied else None
        priority, reasons = assess(form.kind, facts, texts, self.lexicon, stated)
        nationality_slot = "missing_nationality" if form.kind == "missing_person" else "nationality"
        nationality = given(d.slots.get(nationality_slot)) or given(d.slots.get("nationality"))
        nationality = nationality if self.directory.country(nationality) else None
        place = given(d.slots.get("last_seen_place" if form.kind == "missing_person" else "place"))
        phone = phone_of(d.msg)
        city = self.directory.find_city(place, phone) or self.directory.find_city(
            given(d.slots.get("place")), phone
        )
        if city is None and not d.msg.location and not self._place_said(d):
            # No place said at all, and none refused: the city of the number they write from
            # routes the case, as it chose the nearest consulate they were told
            city = self.directory.city_of_phone(phone)
            if city is not None:
                slots["place_from_phone"] = city.name
        consulate = route(self.directory, nationality, city)
        fields: dict[str, Any] = {
            "priority": priority,
            "priority_reasons": reasons,
            "language": d.language or self.default_language,
            "nationality": nationality,
            "place": city.id if city else place,
            "consulate_id": consulate.id if consulate else None,
            "contact": self._contact(d),
        }
        if d.case is None:
            self._file(d, form.kind, fields, slots)
            return
        old = dict(d.case.details)
        if d.case.kind != form.kind:  # re-read as another kind (_rekind): the case follows
            fields["kind"] = form.kind
            changed = [*changed, "kind"]
            if "need" not in form.required_slots:
                old.pop("need", None)  # a search has no consular service as its need
        details = {**old, **slots}
        if "place_from_phone" not in slots:
            details.pop("place_from_phone", None)  # the place said since is the case's
        if details.get("people_count", "") is None:
            del details["people_count"]  # a count guessed, then withdrawn: none, not "None"
        d.effects.append(UpdateCase(frozen(fields), frozen(details), tuple(changed)))
        harm = HARMS & set(details.get("facts", ())) - set(old.get("facts", ()))
        if (harm or d.harm_told) and d.slots.pop("checked_in", None):
            # ("on est dans une école à Huixtla", then "ma femme saigne"): safe no more; the
            # case goes back among those in danger
            d.effects.append(NoteOnCase("danger_again"))
        d.case = _facts(d.case.id, d.case.ref, form.kind, fields, details, d.case.status)
        d.events.append("case_updated")

    def _count_refused(self, d: _Draft) -> bool:
        """Whether the person answered "how many?" with "I don't know" (not the question left
        after asking twice): nobody is then counted for them."""
        return d.slots.get("people_count") == DECLINED and self._times(d, "people_count") < 2

    @staticmethod
    def _contact(d: _Draft) -> str | None:
        """The number the consulate can call back: the one the person gave, else the one they
        write from, as an officer would note it; none once they declined to give one."""
        slots = d.slots
        given_number = given(slots.get("callback")) or given(slots.get("contact"))
        if given_number or DECLINED in (slots.get("callback"), slots.get("contact")):
            return given_number
        return phone_of(d.msg)

    def _file(self, d: _Draft, kind: str, fields: dict[str, Any], details: dict[str, Any]) -> None:
        d.effects.append(FileCase(kind, d.new_ref, frozen(fields), frozen(details)))
        d.case = _facts(None, d.new_ref, kind, fields, details)
        d.events.append("case_filed")

    def _human_requested(self, d: _Draft) -> None:
        """The person asked for a person: flag the conversation and its case."""
        d.human_requested = True
        if d.case is not None:
            d.effects.append(NoteOnCase("human_requested"))

    def _case_complete(self, d: _Draft) -> list[Reply]:
        case = d.case
        if case is None:
            return []
        replies = [self._say("utter_case_filed", d.language, case_ref=case.ref)]
        if case.kind == "missing_person" and not d.slots.get("told_search"):
            # A relative's first question is what happens now: who searches, how news comes.
            d.slots["told_search"] = True
            replies.append(self._say("utter_search_next_steps", d.language))
        consulate = self.directory.consulate(case.consulate_id)
        # Words the directory could not place ("por la little york") name no city: the phone's
        # does, for the nearest consulate; the case itself keeps the words.
        placed = self.directory.city(case.place)
        city = placed or self.directory.city_of_phone(phone_of(d.msg))
        nearest = None
        if case.nationality and not consulate:
            nearest = (
                self.directory.nearest_consulate(case.nationality, placed.id)
                if placed
                else self._nearest_to(case.nationality, case.place, d)
            )
        if consulate:
            replies.append(self._consulate(d.language, consulate))
        elif nearest:
            if not d.slots.get("nearest_told"):  # else said as soon as known (_nearest_once)
                replies.append(self._nearest(d.language, nearest))
        elif case.nationality and not d.slots.get("nearest_told"):
            replies.append(self._no_consulate(d.language, case.nationality, city))
        return replies

    def _no_consulate(self, language: str | None, nationality: str, city: City | None) -> Reply:
        """What someone whose nationality has no consulate in their city is told: that none
        exists anywhere we know (and who helps instead), or none there, or, with no city known,
        that the central team finds the office."""
        lang = language or self.default_language
        country = self.directory.country(nationality)
        name = country.name(lang) if country else nationality
        if not self.directory.has_consulates(nationality):
            return self._say("utter_no_consulate_anywhere", lang, nationality=name)
        if city is None:
            return self._say("utter_central_team", lang)
        return self._say("utter_no_consulate", lang, nationality=name, place=city.name)

    def _register(self, d: _Draft) -> list[Reply]:
        """A registrant only after an explicit yes; otherwise nothing of it is kept."""
        language = d.language or self.default_language
        fields = registrant_fields(self.directory, d.slots, phone_of(d.msg), language)
        d.slots = {k: v for k, v in d.slots.items() if k not in FORM_ONLY}
        if fields is None:
            return [self._say("utter_registration_declined", language)]
        d.effects.append(SaveRegistrant(frozen(fields)))
        d.events.append("registered")
        return [self._say("utter_registered", language)]

    # information, safety, opt-out

    def _guidance(self, d: _Draft) -> Reply:
        host = self.directory.host_country(self._region(d.slots, d.msg))
        if not host:
            return self._say("utter_emergency_generic", d.language)
        d.slots["guided_country"] = host.code
        return self._say(
            "utter_distress_guidance",
            d.language,
            emergency_numbers=self._numbers(host.code, d.language),
        )

    def _nearest_once(self, d: _Draft, form: Form) -> list[Reply]:
        """As soon as a report knows a nationality and a city where it has no consulate, the
        nearest one, with its city, once: a person may not stay for the report's end."""
        case = d.case
        if case is None or d.slots.get("nearest_told") or case.consulate_id:
            return []
        return self._nearest_to_them(d, case.nationality, case.place)

    def _nearest_to_them(self, d: _Draft, code: str | None, place: str | None) -> list[Reply]:
        """The nearest consulate of a nationality to a city where it has none, once (or that
        none of theirs exists anywhere, and who helps instead)."""
        city = self.directory.city(place)
        if code is None or (city is not None and code == city.country):
            return []
        if city is not None and self.directory.consulate_for(code, city.id):
            return []
        if city is not None:
            nearest = self.directory.nearest_consulate(code, city.id)
        else:  # "fort myers beach": a town outside every metro, on the map
            nearest = self._nearest_to(code, place, d) if given(place) else None
        anywhere = self.directory.has_consulates(code)
        if nearest is None and anywhere:
            return []  # where they are is not known yet
        d.slots["nearest_told"] = True
        if nearest is None:  # none of theirs anywhere: who helps instead
            return [self._no_consulate(d.language, code, city)]
        return [self._nearest(d.language, nearest)]

    def _care_urgent(self, d: _Draft, form: Form) -> bool:
        """A request for care for someone vulnerable (a medical need and a child, a pregnancy,
        old age, a disability or an injury said), or any request where someone is hurt or a life
        is at risk."""
        if form.kind != "assistance":
            return False
        facts = d.slots.get("facts", [])
        if HARMS.intersection(facts) and d.slots.get("need") != "remains":
            # contractions in the street after the quake: any request (a death told is past)
            return True
        return d.slots.get("need") == "medical" and bool(PEOPLE_AT_RISK.intersection(facts))

    def _local_emergency_numbers(self, d: _Draft) -> list[Reply]:
        """Once we know the country someone is in, its emergency numbers, once."""
        city = self.directory.find_city(given(d.slots.get("place")), phone_of(d.msg))
        return self._numbers_once(d, city)

    def _numbers_once(self, d: _Draft, city: City | None) -> list[Reply]:
        """The emergency numbers of the city's country, unless that country's were given."""
        if not city or d.slots.get("guided_country") == city.country:
            return []
        d.slots["guided_country"] = city.country
        return [self._emergency_numbers(city.country, d.language)]

    def _place_said(self, d: _Draft) -> bool:
        """Whether any place was said or refused (a question left after asking it twice is no
        refusal to say where)."""
        return any(
            d.slots.get(s) not in (None, "")
            and not (d.slots[s] == DECLINED and self._times(d, s) >= 2)
            for s in ("place", "last_seen_place")
        )

    def _child_just_lost(self, d: _Draft) -> None:
        """A child lost minutes or hours ago ("il y a 20 minutes", "sa fè mwatye èdtan"): the
        police can search now; the emergency number, once, where the search is."""
        age = str(d.slots.get("missing_age", ""))
        minor = "children" in d.slots.get("facts", []) or (age.isdigit() and int(age) < ADULT_AGE)
        if not minor or d.slots.get("guided_country"):
            return
        where = given(d.slots.get("last_seen_place")) or given(d.slots.get("place"))
        phone = phone_of(d.msg)
        city = self.directory.find_city(where, phone) or self.directory.city_of_phone(phone)
        d.replies += self._numbers_once(d, city)

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

    def _information(self, d: _Draft) -> list[Reply]:
        language = d.language or self.default_language
        city = self.directory.find_city(given(d.slots.get("place")), phone_of(d.msg))
        nationality = given(d.slots.get("nationality"))
        known = nationality is not None and self.directory.country(nationality) is not None
        if city is None and known and not self.directory.has_consulates(nationality):
            # "is there a Jamaican embassy in Costa Rica?", "moro em orlando… brasileiros": none
            # anywhere we know, wherever they are; who helps instead
            return [self._no_consulate(language, str(nationality), None)]
        country = self.directory.country_named(given(d.slots.get("place")))
        cities = [c for c in self.directory.cities if country and c.country == country.code]
        if city is None and len(cities) == 1:
            city = cities[0]  # "aquí en chile": the one city of that country we know
        if city is None:
            # "the closest honduran consulate to austin tx": a town on the map finds it (a
            # small one is too often another place's namesake: "Lima" is not Lima, Ohio)
            town = self.directory.town(given(d.slots.get("place")))
            sized = town is not None and town.population >= _TOWN_SIZED
            nearest = self._nearest_to(nationality, d.slots.get("place"), d) if sized else None
            told = any(r.name == "utter_nearest_consulate" for r in d.replies)
            if nearest is not None:
                return [] if told else [self._nearest(language, nearest)]
            places = ", ".join(c.name for c in self.directory.cities)
            return [self._say("utter_unknown_place", language, places=places)]
        replies = []
        consulate = self.directory.consulate_for(nationality, city.id)
        nearest = None if consulate else self.directory.nearest_consulate(nationality, city.id)
        if consulate:
            replies.append(self._consulate(language, consulate))
        elif nearest:
            replies.append(self._nearest(language, nearest))
        elif nationality and self.directory.country(nationality):
            # No consulate of theirs in this country: say so, never leave the question open.
            replies.append(self._no_consulate(language, nationality, city))
        replies.append(self._emergency_numbers(city.country, language))
        replies.append(self._shelters(city, language))
        return replies

    def _shelters_once(self, d: _Draft) -> list[Reply]:
        """Someone who needs a roof gets the shelters of their city as soon as it is known."""
        city = self.directory.find_city(given(d.slots.get("place")), phone_of(d.msg))
        if city is None or d.slots.get("shelters_given") == city.id:
            return []
        d.slots["shelters_given"] = city.id
        return [self._shelters(city, d.language or self.default_language)]

    def _shelters(self, city: City, language: str) -> Reply:
        shelters = self.directory.shelters_in(city.id)
        if not shelters:
            return self._say("utter_no_shelters", language, place=city.name)
        listed = "; ".join(
            f"{s.name}, {s.address}" + (f", {s.phone}" if s.phone else "") for s in shelters
        )
        return self._say("utter_shelters", language, place=city.name, shelters=listed)

    def _nearest(self, language: str | None, consulate: Any) -> Reply:
        city = self.directory.city(consulate.city)
        return self._say(
            "utter_nearest_consulate",
            language,
            place=city.name if city else consulate.city,
            consulate_name=consulate.name,
            consulate_address=consulate.address,
            consulate_phone=consulate.phone,
            consulate_hours=self.lexicon.hours(consulate.hours, language or self.default_language),
        )

    def _consulate(self, language: str | None, consulate: Any) -> Reply:
        return self._say(
            "utter_consulate_info",
            language,
            consulate_name=consulate.name,
            consulate_address=consulate.address,
            consulate_phone=consulate.phone,
            consulate_hours=self.lexicon.hours(consulate.hours, language or self.default_language),
        )

    def _record_safe(self, d: _Draft, parse: ParseResult) -> None:
        place = parse.first("place")
        nationality = self._nationality_told(d, parse)
        city: City | None = (
            self.directory.find_city(place.value, phone_of(d.msg)) if place else None
        )
        alone = 1 if _ONE_FINE.match(fold(parse.text)) else None  # "estoy bien": one person
        where = city.id if city else (place.value if place else None)
        if where is None and (known := given(d.slots.get("place"))):
            # "they're fine", asked where they are from: where the question was about
            found = self.directory.find_city(known, phone_of(d.msg))
            where = found.id if found else None
        people = self._people(parse) or alone
        # (not "estão bem", a name misread in "ela e meu padrasto estão bem")
        companions = tuple(
            e.value
            for e in parse.entities
            if e.entity == "person_name" and not _SAFE_WORD.search(fold(e.value))
        )
        # ("nou 3, ayisyen", then "lafimen an pa sispann men nou anfòm"): the same people fine
        # again, one check-in that keeps what it was told
        again = bool(d.slots.get("checked_in")) and not companions
        reached = None
        if d.case is not None and d.case.open:
            # ("ya apareció… pueden cerrar el caso"): the number the report gave still reaches them
            reached = given(d.slots.get("contact")) or given(d.slots.get("callback"))
            again = False
            # after a report ("smoke everywhere, it's me, my mom she's 68 and my son", then "we
            # made it to my cousins"): the check-in knows who they are, as the report did
            where = where or d.case.place
            nationality = nationality or d.case.nationality  # (of the one searched for too)
            counted = str(d.slots.get("people_count") or "")
            people = people or (int(counted) if counted.isdigit() else None)
            name = given(d.slots.get("missing_name"))
            if d.case.kind == "missing_person" and not (name and _AND.search(fold(name))):
                # ("il a appelé!! il va bien"): the one searched for is the one safe, named or
                # not, unless the message counts more; with the writer now ("nous sommes
                # ensemble maintenant", "ele tá aqui comigo"), two
                people = people or (2 if _TOGETHER_NOW.search(fold(parse.text)) else 1)
            self._report_facts(d)
        d.effects.append(
            RecordCheckin(
                language=d.language or self.default_language,
                place=where,
                nationality=nationality,
                companions=companions,
                people_count=self._checkin_people(d, people),
                amend=again,
                facts=self._checkin_facts(d, parse),
                contact=reached,
            )
        )
        if d.case is not None:
            d.effects.append(NoteOnCase("reported_safe"))
        d.events.append("safe_checkin")
        d.slots["checked_in"] = True  # where and where from, said next, complete it
        d.replies.append(self._say("utter_safe_recorded", d.language))
        d.replies += self._checkin_nearest(d, city, nationality)

    def _report_facts(self, d: _Draft) -> None:
        """Who among them is vulnerable, as the report told it, kept for the check-in."""
        details = d.case.details if d.case is not None else {}
        texts = [v for v in details.values() if isinstance(v, str)]
        told = vulnerability_reasons(texts, self.lexicon) + list(details.get("facts", ()))
        people = [r for r in [*d.slots.get("facts", ()), *told] if r in PEOPLE_AT_RISK]
        d.slots["facts"] = ordered(people)

    def _kin_there(self, parse: ParseResult, place: Entity) -> bool:
        """A place said of a relative ("mi mamá en Honduras", "my mom in santo domingo")."""
        folded = fold(parse.text)
        return any(
            _KIN_IN.fullmatch(folded[end : place.start])
            for _, end in self.lexicon.spans(self.lexicon.kin, parse.text)
            if end <= place.start
        )

    def _amend_checkin(self, d: _Draft, parse: ParseResult) -> bool:
        """ "Somos hondureños, en Houston" right after "estamos bien": the check-in learns
        where they are and where they are from; "no need to send anyone, all fine" is heard."""
        place, nationality = parse.first("place"), parse.first("nationality")
        people = self._people(parse)
        # "estamos bien", then "4" or "3, somos hondureños": how many they are, no list pending
        lead = _COUNT_FIRST.match(parse.text.strip(" .!"))
        if people is None and lead and 1 < int(lead[1]) <= 30 and not d.state.choices:
            people = int(lead[1])
        known = tuple(d.slots.get("facts", ()))
        told = self._checkin_facts(d, parse)
        # "si necesitan algo escriban al 786…, este es de mi patrón": where to reach them
        phone = parse.first("phone")
        # ("you can keep messaging me here"): the chat they write from
        here = reply_address(d.msg) if phone is None and self._write_here(parse.text) else None
        if not (place or nationality or people or phone or here or told != known):
            # "pa bezwen voye moun, tout bagay anfòm", "she's 4, her cough is gone": calm news
            # with nothing to record is still heard, never read as a new report.
            folded = fold(parse.text)
            if _THANKS_FOR_ASKING.search(folded) and "?" not in folded:
                d.replies.append(self._say("utter_thanks", d.language))  # "thank u for checking"
                return True
            calm = bool(
                _NO_NEED.search(folded)
                or _SAFE_WORD.search(folded)
                or harm_denied(parse.text, self.lexicon)  # "…pero nadie salió lastimado"
                or self._reasons(parse)
            )
            # ("se me está acabando la batería, luego les escribo"): the phone, not a danger
            calm = calm or _LOW_BATTERY.search(folded) is not None
            calm = calm or self._this_number(parse.text)  # "manda msg aqui", no chat to keep
            # "lapli a kanpe kounye a", "ya pasó la tormenta": the danger is over
            over = _OVER.search(folded) is not None or _SPARED.search(folded) is not None
            # "juste l'électricité coupée depuis la tempête": an outage, told as news
            over = over or OUTAGE.search(folded) is not None
            outside = _OUTSIDE_NOW.search(folded) is not None
            quiet = over or outside or self._hazard(parse) is None
            if (calm or over or outside) and "?" not in folded and quiet:
                d.replies.append(self._say("utter_checkin_updated", d.language))
                return True
            return False
        if place is not None and self._kin_there(parse, place):
            place = None  # "my mom in santo domingo is worried": where she is, not the writer
        city = self.directory.find_city(place.value, phone_of(d.msg)) if place else None
        mine = place is not None and _I_AM_IN.search(fold(parse.text[: place.start])) is not None
        if place is not None and city is None and not mine:
            # ("en katy", then "mi hermano se fue a dallas"): the city they said they are in
            # (before this message) stays; words of a place elsewhere may be anyone's ("im in
            # valparaiso" is theirs)
            city = self.directory.find_city(given(d.state.slots.get("place")), phone_of(d.msg))
        d.effects.append(
            RecordCheckin(
                language=d.language or self.default_language,
                place=city.id if city else (place.value if place else None),
                nationality=nationality.value if nationality else None,
                people_count=self._checkin_people(d, people),
                amend=True,
                facts=told,
                contact=phone.value if phone else here,
            )
        )
        d.replies.append(self._say("utter_checkin_updated", d.language))
        d.replies += self._checkin_nearest(d, city, nationality.value if nationality else None)
        return True

    def _checkin_nearest(
        self, d: _Draft, city: City | None, nationality: str | None
    ) -> list[Reply]:
        """Safe, but where no consulate of theirs is: the nearest one, once both where they are
        and where they are from are known."""
        if city is not None:
            d.slots["checkin_place"] = city.id
        if nationality:
            d.slots["checkin_nationality"] = nationality
        code, where = d.slots.get("checkin_nationality"), d.slots.get("checkin_place")
        if d.slots.get("nearest_told") or not (code and where):
            return []
        return self._nearest_to_them(d, code, where)

    def _checkin_people(self, d: _Draft, people: int | None) -> int | None:
        """How many are together, kept for a report that may follow ("mexican, 3 of us", then
        "the water is coming under the door")."""
        known = str(d.slots.get("people_count") or "")
        said = d.msg.text if isinstance(d.msg.text, str) else ""
        if (
            people
            and known.isdigit()
            and people < int(known)
            and not _COUNT_SAID.search(fold(said))
        ):
            return None  # ("somos 5…", then "mis abuelos tienen 80 y 79"): two of the five
        if people:
            d.slots["people_count"] = str(people)
        return people

    def _checkin_facts(self, d: _Draft, parse: ParseResult) -> tuple[str, ...]:
        """Who in a family that is safe is vulnerable, from every message of the check-in:
        "somos 4, con los 2 niños" records the children."""
        people = [r for r in self._reasons(parse) if r not in SITUATION_REASONS]
        told = ordered([*d.slots.get("facts", ()), *people])
        if told:
            d.slots["facts"] = told
        return tuple(told)

    def _people(self, parse: ParseResult) -> int | None:
        """How many people a message counts: a phrase ("yo, mi esposa y mis 2 hijos") or a
        number said as a count ("somos cuatro")."""
        counted = head_count(parse.text, self.lexicon, parse.language, safe=True)
        number = parse.first("people_count")
        if counted is None and number is not None and number.value.isdigit():
            counted = int(number.value)
        return counted

    def _detained_told(self, parse: ParseResult) -> bool:
        """ "A mi esposo se lo llevó ICE": someone held by the authorities is a request for the
        consulate's legal help (it must reach them), whatever else the message asks. Not for
        someone missing who might be held."""
        # (and papers or pay held by an employer: "el encargado nos recogió las identificaciones")
        reasons = self._reasons(parse)
        if not {"detained", "exploited"} & reasons or self._in_danger(parse):
            return False
        # ("mi mamá no regresó del trabajo y su jefe dice que se la llevó ICE": held, told as a
        # fact, is where she is)
        return "detained" in reasons or not self._lost_someone(parse)

    def _checkin_news(self, d: _Draft, parse: ParseResult) -> bool:
        """After "estamos bien", "somos cuatro, en Neza, nadie se lastimó" completes the
        check-in: only a sure request or a danger in the message itself starts a case."""
        if not d.slots.get("checked_in"):
            return False
        cue = self._lost_someone(parse)
        # ("somos cuatro, mi esposo, mi cuñado, mi hermana y yo": who is safe with them, however
        # sure a reading of a search; only words that say someone is missing start one)
        listed = parse.intent == "missing_person" and not cue
        # ("nou 5 nan kay la, 2 granmoun ak 3 timoun", read sure as danger: who is safe, counted)
        counted = self._people(parse) is not None and self._hazard(parse) is None
        listed = listed or (counted and not self._hurt(parse))
        folded = fold(parse.text)
        # ("haïtiens. pas besoin de rien pour le moment", read sure as a request: nothing asked)
        unneeded = _NO_NEED.search(folded) is not None and not self._in_danger(parse)
        # ("sigue lloviendo mucho pero aquí adentro no entra el agua", read sure as danger)
        kept_out = _SPARED.search(folded) is not None and not self._hurt(parse)
        # ("somos peruanos, estamos en la florida", read sure as danger: who and where, no more)
        placed = any(e.entity in ("nationality", "place") for e in parse.entities) and not (
            self._hurt(parse) or self._in_danger(parse) or self._hazard(parse)
        )
        if parse.confidence >= SURE_CONFIDENCE and not (listed or unneeded or kept_out or placed):
            return False
        # "gen bèlsè m ki ansent": who is there, told after "all fine", asks for nothing
        asking = _NEED_VERB.search(folded) or _ASKING.search(folded) or "?" in folded
        # ("mais mon passeport et mon carnet ont brûlé": papers to replace, asked or not)
        asking = bool(asking or _PAPERS_GONE.search(folded))
        # ("la terre arrête pas de trembler mais on est dehors dans le parc": the shaking goes
        # on, they are out of the building; still fine)
        outside = _OUTSIDE_NOW.search(folded) is not None and not self._hurt(parse)
        # ("el temblor nos agarró durmiendo pero no pasó nada", "a agua não entrou em casa",
        # "the smoke is bad but we stayed inside"): the danger told did not reach them
        spared = not self._hurt(parse) and bool(_OVER.search(folded) or _SPARED.search(folded))
        struck = self._in_danger(parse) or self._check_in_taken_back(parse)
        if (struck and not outside and not spared) or (
            self._asks_for(parse, checked_in=True) and asking
        ):
            return False
        # "mi abuelita se quedó en el 4to piso, anda en silla de ruedas": the others are out,
        # someone who cannot get out is still in the danger
        if _LEFT_BEHIND.search(folded) and self._who(parse):
            return False
        return not self._lost_someone(parse)

    def _care_for_the_fragile(self, d: _Draft, parse: ParseResult) -> bool:
        """After a check-in, medicine or care run out, and not had again, for an old person, a
        child, a pregnant woman or someone disabled; no one hurt and nothing open yet."""
        if not d.slots.get("checked_in") or (d.case is not None and d.case.open):
            return False
        need = parse.first("need")
        if need is None or need.value != "medical" or self._hurt(parse):
            return False
        folded = fold(parse.text)
        if _NO_NEED.search(folded) or not _WITHOUT_CARE.search(folded) or _CARE_HAD.search(folded):
            return False
        return bool(self._who(parse) & {"elderly", "children", "pregnancy", "disability"})

    def _check_in_taken_back(self, parse: ParseResult) -> bool:
        """ "Non tann, m nan machin nan ak pitit gason m, dlo a rive nan pòt yo": "no, wait",
        then a danger on them, read as danger; the check-in before no longer holds."""
        folded = fold(parse.text)
        if _TAKEN_BACK.match(folded) and "?" not in folded:
            # ("well actually not really. power's out and my dad's oxygen machine…", "quer
            # dizer, … a escada desabou e a gente não consegue descer"): fine, unsaid
            harmed = self._reasons(parse) & HARMS or _NO_WAY_OUT.search(folded)
            return bool(harmed or self._cut_off(parse) or self._danger_told(parse))
        wait = _WAIT_NO.match(folded) is not None
        return wait and parse.intent == "distress" and self._danger_told(parse)

    @staticmethod
    def _asks_for(parse: ParseResult, checked_in: bool = False) -> bool:
        """Whether a message names a need, not counting a shelter that is only where people
        who say they are safe are ("we're at the shelter in Katy, safe inside"; after a
        check-in, "estamos en el albergue, mi hija y yo" says as much)."""
        need = parse.first("need")
        if need is None:
            return False
        folded = fold(parse.text)
        if need.value == "medical" and _BETTER.search(folded) and not _ASKING.search(folded):
            return False  # "ya se le quitó la fiebre": news, not a request
        sheltered = need.value == "shelter" and _AT_SHELTER.search(folded) is not None
        safe = checked_in or _SAFE_WORD.search(folded) is not None
        return not (sheltered and safe and not _ASKING.search(folded))

    def _remember(self, d: _Draft, parse: ParseResult) -> bool:
        """Where the person is (a known city) and where they are from, said outside any form,
        kept for what follows: an officer does not ask twice. True if something new was."""
        values: dict[str, Any] = {}
        place = parse.first("place")
        if place is not None and self.directory.find_city(place.value, phone_of(d.msg)):
            values["place"] = place.value
        nationality = parse.first("nationality")
        if nationality is not None and self.directory.country(nationality.value):
            values["nationality"] = nationality.value
            self._not_the_host_country(values, parse, d.msg)  # "Santiago, Chile"
        new = {k: v for k, v in values.items() if d.slots.get(k) != v}
        d.slots = {**d.slots, **new}
        return bool(new)

    def _others_fine(self, parse: ParseResult) -> bool:
        """ "They're fine", "ya me hablaron, están bien": others said to be safe, with no
        danger, harm, need or one missing told beside it."""
        folded = fold(parse.text)
        if not (_THEY_FINE.search(folded) or _KIN_FINE.search(folded)):
            return False
        troubled = self._in_danger(parse) or self._hurt(parse) or self._lost_someone(parse)
        return not troubled and not self._asks_for(parse, checked_in=True)

    def _not_fine(self, parse: ParseResult) -> bool:
        """Someone hurt, or not fine in so many words ("we are not ok", "m pa byen")."""
        return self._hurt(parse) or _NOT_FINE.search(fold(parse.text)) is not None

    def _searched_for_me(self, parse: ParseResult) -> bool:
        """The writer is the one reported missing ("me reportó como desaparecido", "ma famille
        m'a signalé disparu"), or the one family is looking for ("manman m ap chèche m"); a
        search for them by anyone else ("me están buscando" of those who attacked) is danger."""
        folded = fold(parse.text)
        if self._danger_said(parse):
            return False
        if _REPORTED_ME.search(folded):
            return True
        return bool(_LOOKING_FOR_ME.search(folded)) and self.lexicon.contains(
            self.lexicon.kin, parse.text
        )

    @staticmethod
    def _nowhere(parse: ParseResult) -> bool:
        """Nowhere to sleep or go, said ("no tienen pa donde ir", "dormimos en la banqueta")."""
        folded = fold(parse.text)
        return bool(_NOWHERE.search(folded) or _ON_STREET.search(folded))

    def _troubled(self, parse: ParseResult) -> bool:
        """Someone hurt or in danger, something asked for, or someone lost."""
        if self._in_danger(parse) or self._asks_for(parse, checked_in=True):
            return True
        return self._lost_someone(parse)

    def _fine_said(self, parse: ParseResult) -> bool:
        """A message that opens with "I'm fine / estamos bien" and names no danger, need or
        missing person, unless the reading is sure it is something else."""
        folded = fold(parse.text)
        fine = _FINE.match(folded)
        # ("yes we're ok", read sure as a yes: a yes that says they are fine)
        sure = parse.confidence >= SURE_CONFIDENCE and parse.intent not in ("affirm", "thanks")
        if sure or not fine or _ACK.match(folded):
            return False
        rest = folded[fine.end() :]
        bare_ok = re.fullmatch(r"\s*(?:ok|okay)[\s,.!]*", fine.group()) is not None
        # "ok y q llevo?", "ok which one is the nearest then": an "ok" that asks on is no check-in
        if bare_ok and ("?" in rest or (parse.intent != "safe" and len(rest.split()) >= 2)):
            return False
        if bare_ok and _THANKS_ONLY.fullmatch(rest.strip(" .!")):
            return False  # "ok grax", after an answer: thanks, not a check-in
        if _WANT_TO_KNOW.search(rest):
            return False  # ("estamos bien, solo quiero saber dónde queda el consulado"): asked
        return not self._troubled(parse)

    def _more_about_the_question(self, d: _Draft, parse: ParseResult) -> bool:
        """Once a question was answered, a message read without conviction as a request, with
        no need beyond a routine paper, no danger and no one missing, goes on with the
        question."""
        need = parse.first("need")
        if self._papers_lost_told(parse):
            return False  # ("a enchente levou meus documentos"): a paper to replace, a request
        # "my mom needs her passport done again": a routine paper, however asked, is what the
        # consulate's details just given answer
        paper = need is not None and need.value == "documents"
        unsure = (
            parse.confidence < SURE_CONFIDENCE
            and (need is None or need.value in _CALM_NEEDS)
            and not _NEED_VERB.search(fold(parse.text))  # "necesito ayuda": a request
        )
        # ("c'est pour faire une procuration", "m bezwen pran randevou?"): why they go, or how,
        # names no service beyond the consulate's details, however sure a request it reads
        unsure = unsure or need is None
        return (
            bool(d.slots.get("informed"))
            and (paper or unsure)
            and not self._in_danger(parse)
            and not self._lost_someone(parse)
            and not _PLEA.search(fold(parse.text))
        )

    def _only_where(self, parse: ParseResult) -> bool:
        """A short message that only says where someone is or is from, read without conviction
        as a request: no danger, need or missing person in it."""
        if any(e.entity not in ("place", "nationality") for e in parse.entities):
            return False
        # the words besides the places and nationalities: "m se ayisyen, m rete North Miami"
        rest = "".join(
            ch
            for i, ch in enumerate(parse.text)
            if not any(e.start <= i < e.end for e in parse.entities)
        )
        if parse.confidence >= SURE_CONFIDENCE or len(rest.split()) > 6:
            return False
        if _SAFE_WORD.search(fold(rest)):
            return False  # "I'm safe, I'm Honduran and I'm in Tijuana": a check-in
        if self._reasons(parse) or self._hazard(parse) is not None:
            return False
        return not self._lost_someone(parse)

    @staticmethod
    def _how_to(parse: ParseResult) -> bool:
        """A question about what a routine paper takes ("¿qué papeles necesito para renovar el
        pasaporte?", "ki dokiman m bezwen pou paspò?"), with nothing lost, burnt or taken."""
        need = parse.first("need")
        folded = fold(parse.text)
        if _PREDICAMENT.search(folded) is not None:
            return False
        if need is None or need.value == "documents":  # "ocupo sacar una constancia"
            return _ROUTINE.search(folded) is not None or (
                need is not None and _HOW_TO.search(folded) is not None
            )
        # ("how do I do a power of attorney at the consulate?": a notarial act, not a lawyer)
        return need.value == "legal" and _PROXY.search(folded) is not None

    def _need_said(self, parse: ParseResult) -> bool:
        """ "Mi hermano murió en el terremoto", "meu marido morreu no deslizamento": a need
        named (the body brought home) with no danger now, read without conviction as danger or
        a search, is a request for consular help."""
        unsure = parse.intent in ("distress", "missing_person") and (
            parse.confidence < SURE_CONFIDENCE
        )
        need = parse.first("need")
        calm = need is not None and need.value in _CALM_NEEDS
        # "on nous a chassés du logement, je suis dans la rue avec mes enfants": a roof, with
        # no flood, fire or attack named, is a request (urgent with children), not a rescue
        roofless = need is not None and need.value == "shelter"
        quiet = self._hazard(parse) is None and not _PLEA.search(fold(parse.text))
        calm = calm or (roofless and quiet)
        if need is not None and need.value != "remains" and parse.intent == "missing_person":
            # "my father wandered off from the shelter": someone missing, the shelter a place
            calm = calm and not self._lost_someone(parse)
        return unsure and calm and not self._in_danger(parse)

    def _stop(self, d: _Draft, parse: ParseResult) -> None:
        """A stop keyword alone opts out at once; anything else that reads as "stop" is asked
        about first ("write to me here" must never silence a person in danger)."""
        if self.lexicon.contains(self.lexicon.erase, parse.text):
            d.pending = Question("erase_confirm")
            d.replies.append(self._say("utter_erase_confirm", d.language))
            return
        if self.lexicon.has(self.lexicon.stop, parse.text) or self._keyword_shouted(parse):
            self._opt_out(d)
            return
        d.pending = Question("stop_confirm")
        d.replies.append(self._say("utter_stop_question", d.language))

    def _asks_instead(self, parse: ParseResult) -> bool:
        """Asked "shall we stop writing?", an "ok" that goes on to ask something else ("ok so
        where is the closest one"): no consent to silence; the question is answered."""
        folded = fold(parse.text)
        if self.lexicon.contains(self.lexicon.stop, parse.text) or self._messages_refused(folded):
            return False  # "ok, stop", "sí, ya no me escriban": the stop, said again
        rest = _FILLER.sub("", _YES_FIRST.sub("", _OK_FIRST.sub("", folded).strip(" ,.!")))
        return "?" in parse.text or _QUESTION_OPENER.match(rest.strip(" ,.!")) is not None

    def _called_back(self, parse: ParseResult) -> bool:
        """ "Me dejaron un mensaje de que llamara", "returning your call": our call or message
        answered, with no refusal of messages and no trouble in it."""
        folded = fold(parse.text)
        return _CALLED_BACK.search(folded) is not None and not (
            self._messages_refused(folded) or self._troubled(parse)
        )

    def _tells_instead(self, parse: ParseResult) -> bool:
        """Asked "shall we stop writing?", a "sí" that goes on to tell how they are ("si si
        estamos bien todos gracias a dios", "yes we're ok but the water is rising"): news, not
        consent to silence; the message is read as what it tells."""
        folded = fold(parse.text)
        # (a stop word inside the news is no stop: "sim mas minha mãe não consegue sair")
        if self.lexicon.has(self.lexicon.stop, parse.text) or self._messages_refused(folded):
            return False
        rest = _YES_FIRST.sub("", _YES_FIRST.sub("", folded).strip(" ,.!")).strip(" ,.!")
        words = [w for w in re.findall(r"[a-z']+", rest) if w not in _COURTESY]
        telling = parse.intent in (*CASE_KINDS, "safe") or self._hurt(parse)
        return len(words) >= 3 and (telling or self._in_danger(parse))

    def _keyword_shouted(self, parse: ParseResult) -> bool:
        """ "ok merci. STOP, ne m'envoyez plus de messages", "ya no me escriban. BAJA": the
        carrier's keyword, written in capitals among the person's own words, is that keyword
        (a message all in capitals shouts every word: "AYUDA PARA MI HIJO" is no stop)."""
        if parse.text.upper() == parse.text or self._hurt(parse) or self._in_danger(parse):
            return False
        words = re.findall(r"[^\W\d_]{3,}", parse.text)
        return any(w.isupper() and fold(w) in _KEYWORDS_SHOUTED for w in words)

    def _opt_out(self, d: _Draft) -> None:
        # The confirmation is the last message this person receives until they write START.
        d.replies.append(self._say("utter_stop_confirmed", d.language, after_opt_out=True))
        d.active_form = d.requested_slot = None
        d.opted_out = True
        d.effects.append(OptOut())
        d.events.append("opted_out")

    @staticmethod
    def _yes(parse: ParseResult) -> bool:
        text = parse.text.strip().rstrip(".").strip()
        said = _YES_FIRST.match(fold(text)) is not None  # "sí, díganle que estoy bien"
        return text == "1" or said or (parse.intent == "affirm" and text != "2")

    @staticmethod
    def _no(parse: ParseResult) -> bool:
        text = parse.text.strip().rstrip(".").strip()
        said = _NO_FIRST.match(fold(text)) is not None
        return text == "2" or said or (parse.intent == "deny" and text != "1")

    def _while_opted_out(self, d: _Draft, parse: ParseResult) -> None:
        """Silence, except for the person's own request to restart or to erase their data."""
        if self.lexicon.has(self.lexicon.restart, parse.text):
            d.opted_out = False
            d.effects.append(OptIn())
            d.events.append("opted_in")
            d.replies += [self._say("utter_resubscribed", d.language), self._menu(d.language)]
        elif d.pending == Question("erase_confirm") and parse.intent == "affirm":
            d.pending = None
            self._erase(d)
        elif self.lexicon.contains(self.lexicon.erase, parse.text):
            d.pending = Question("erase_confirm")
            d.replies.append(self._say("utter_erase_confirm", d.language, after_opt_out=True))
        else:
            d.pending = None

    def _erase(self, d: _Draft) -> None:
        # Nothing of the conversation is stored again, not even this reply. Someone who had
        # opted out stays so, and is told how to come back.
        name = "utter_erased_opted_out" if d.opted_out else "utter_erased"
        d.replies.append(self._say(name, d.language, after_opt_out=True))
        d.effects.append(Erase())
        d.events.append("erased")
        d.erased = True

    # replies

    def _say(
        self, name: str, language: str | None, after_opt_out: bool = False, **values: object
    ) -> Reply:
        reply = self.responses.render(name, language or self.default_language, None, **values)
        return replace(reply, after_opt_out=True) if after_opt_out else reply

    def _menu(self, language: str | None) -> Reply:
        return self._say("utter_menu", language)


def _facts(
    case_id: int | None,
    ref: str,
    kind: str,
    fields: dict[str, Any],
    details: dict[str, Any],
    status: str = "new",
) -> CaseFacts:
    return CaseFacts(
        id=case_id,
        ref=ref,
        kind=kind,
        priority=int(fields["priority"]),
        nationality=fields.get("nationality"),
        place=fields.get("place"),
        consulate_id=fields.get("consulate_id"),
        details=frozen(details),
        language=fields.get("language"),
        status=status,
    )


# "I'm fine", "estamos bien", "on va bien", "tô bem", "nou byen": safe, whatever follows.
# "ok thx", "ok gracias", "okay merci": an answer heard, not news of being safe.
_ACK = re.compile(
    r"^(?:ok|okay|k|kk|oki|okey)(?:[\s,.!]+(?:ya|listo|vale|dale|bueno|entendido|cool|great|"
    r"perfect|perfecto|d'accord|entendi|beleza|dako))*[\s,.!]*"
    r"(?:thx|thanks|thank you|ty|gracias|merci|obrigad[oa]|"
    r"mesi|valeu)?[\s.!]*$"
)
# "ele saiu pra…", "he went out to…", "elle est partie…", "salió a…", "li soti pou": the one
# missing left, told in the third person.
_OF_HIM_GONE = re.compile(
    r"(?<!\w)(?:(?:ele|ela) (?:saiu|foi)|(?:he|she) (?:went|left)|(?:el|ella) (?:salio|se fue)|"
    r"salio a|salio para|(?:il|elle) (?:est parti|est partie|est sorti|est sortie)|"
    r"li (?:soti|ale|te soti|te ale))"
    r"(?!\w)"
)
# "we dont know which one", "no sabemos en cuál", "on ne sait pas où", "não sabemos qual": where
# someone was taken is not known.
_WHERE_UNKNOWN = re.compile(
    r"(?<!\w)(?:(?:we )?(?:dont|don't|do not) know (?:which|where|what)|no sabemos (?:en )?"
    r"(?:cual|donde|que|q|a cual|a donde|a que|a q)|no se (?:en )?(?:cual|donde)|"
    r"(?:nobody|no one|noone) knows? (?:which|where)|nadie sabe (?:a )?(?:cual|donde|que|q)|"
    r"on ne sait pas (?:ou|dans quel|quel)|je ne sais pas (?:ou|dans quel|quel)|"
    r"nao sabemos (?:qual|onde|em qual)|nao sei (?:qual|onde)|nou pa konnen ki|m pa konnen ki|"
    # "m pa konn kote yo mennen l", "no sé a dónde se lo llevaron", "idk where they took him"
    r"m pa konn(?:en)? kote|nou pa konn(?:en)? kote|no se a ?donde|no sabemos a ?donde|"
    r"nao sei (?:pra|para) onde|i (?:dont|don'?t|do not) know where|idk where|"
    r"je (?:ne )?sais pas ou|on (?:ne )?sait pas ou)"
    r"(?!\w)"
)
# "but we're outside", "pero estamos afuera", "mais on est dehors", "mas estamos fora".
# ("everyone is sitting out in the courtyard for now", after a check-in: the same, said first)
_OUTSIDE_NOW = re.compile(
    r"(?:(?<!\w)(?:but|pero|mais|mas|men)\s+|^\s*)(?:we'?re|we are|everyone is|everybody is|"
    r"estamos|todos estan|on est|nous sommes|tout le monde est|a gente ta|todo mundo ta|nou|"
    r"tout moun)\s+(?:all\s+|todos\s+|tous\s+)?(?:sitting\s+|waiting\s+|staying\s+)?"
    r"(?:outside|out(?! of)|afuera|fuera|dehors|fora|deyo|deyò|in the (?:court)?yard|"
    r"en el patio|dans la cour|no patio|nan lakou)(?!\w)"
)
# "tonbe", "fell", "se cayó", "est tombé", "caiu": a fall.
_FELL = re.compile(
    r"(?<!\w)(?:tonbe|fell|fallen|se cayo|se callo|cayo de|est tombe|est tombee|caiu|"
    r"levou um tombo)(?!\w)"
)
# "ne m'appelez pas", "pa rele m", "não liga", "don't call": never a phone call.
_DONT_CALL = re.compile(
    r"(?<!\w)(?:no me llames|no me llamen|no llamen|no me marquen|don'?t call|dont call|"
    r"do not call|ne m'appelez pas|n'appelez pas|ne pas appeler|pas d'appel|pas d appel|"
    r"ne m appelez pas|n appelez pas|nao liga|nao me liga|nao ligue|nao me ligue|pa rele|"
    r"pinga rele m|pa fe apel|pinga nou rele|no llamadas|no calls|"
    r"nao me liguem|sem ligacao|sem ligacoes)(?!\w)"
)
# "quero saber se…", "es para preguntar si…", "I wanted to ask if…", "m vle konnen si…":
# whether something is so, asked
_ASKING_WHETHER = re.compile(
    r"(?<!\w)(?:quiero saber|quisiera saber|queria saber|(?:es|era) (?:para|pa) preguntar|"
    r"want(?:ed)? to (?:know|ask)|(?:je )?(?:voudrais|veux|voulais) (?:savoir|demander)|"
    r"c'est pour demander|quero saber|gostaria de saber|(?:e|era) (?:pra|para) "
    r"perguntar|m (?:ta )?vle konnen|mwen vle konnen)\s+(?:si|se|if|whether)(?!\w)"
)
_WANT_TO_KNOW = re.compile(
    r"(?<!\w)(?:quiero saber|quisiera saber|queria saber|want to know|wanted to know|i wonder|"
    r"je voudrais savoir|je veux savoir|je voulais savoir|quero saber|gostaria de saber|"
    r"m ta renmen konnen|"
    r"m vle konnen|(?:yo|li|nou) vle konnen|they want to know|quieren saber|querem saber|"
    r"veulent savoir)(?!\w)"
)
# "aquí en la ciudad", "here in the city", "ici en ville", "aqui na cidade", "isit nan vil la".
_THIS_CITY = re.compile(
    r"(?<!\w)(?:aqui en la ciudad|aca en la ciudad|here in (?:the )?(?:city|town)|in this city|"
    r"ici en ville|ici dans la ville|aqui na cidade|nessa cidade|nesta cidade|isit nan vil la|"
    r"en esta ciudad|en la misma ciudad)(?!\w)"
)
# "aquí", "here", "ici", "isit", "right now", "ahorita": where and when the writer is.
_HERE_NOW = re.compile(
    r"(?<!\w)(?:aqui|aca|here|ici|isit|la a|right now|ahorita|ahora mismo|en ce moment|agora|"
    r"aqui mesmo|kounye a)(?!\w)"
    # "el fuego está a unas cuadras, ya dieron orden de evacuar": close, and told to leave
    r"|(?<!\w)(?:(?:unas|dos|tres|pocas|\d+) cuadras|blocks? away|a few blocks|quelques rues|"
    r"poucas quadras|orden de evacuar|evacuation order|ordered to evacuate|"
    r"ordre d'evacuation|ordem de evacuar|ordem de evacuacao|lod pou evakye)(?!\w)"
)
# The carriers' one-word keywords that mean nothing else when written in capitals ("PARA" and
# "ALTO" are everyday words too).
_KEYWORDS_SHOUTED = frozenset({
    "stop", "stopall", "unsubscribe", "baja", "parar", "arret", "sair", "sispann", "sispan",
    "cancelar", "desabonner",
})  # fmt: skip
_FINE = re.compile(
    # "oui bonjour, nous allons bien", "si gracias a Dios estamos bien", "yeah we're ok": a
    # greeting, a yes or a thanks first
    r"^(?:(?:oui|si|yes|yeah|yea|yep|yup|sim|wi|ok|okay|bonjour|bonsoir|hola|hi|hello|buenas|"
    r"bonjou|bonswa|good (?:morning|evening|afternoon|day)|salut|"
    r"ola|oi|gracias a dios|thank god|gracas a deus|dieu merci|mesi bondye|merci|mesi|"
    r"gracias|thanks|"
    # "oh the hotline. yeah we're fine", "ah ok, estamos bien": told who we are, then fine
    r"(?:oh|ah|ahh)(?: (?:ok|okay|the hotline|i see|bueno|ya|d'accord|bon|ta))?|"
    # "oi, recebi a mensagem. to bem sim": the alert answered
    r"(?:recebi|recebemos) (?:a|sua) (?:mensagem|alerta)|(?:recibi|recibimos) (?:el|su|la) "
    r"(?:mensaje|alerta)|(?:(?:we|i) )?(?:got|received) (?:your|ur|the) (?:message|msg|text|"
    r"alert)|(?:j'ai|nous avons|on a) (?:bien )?recu (?:le|votre|l') ?(?:message|alerte)|"
    r"(?:m|mwen|nou) resevwa (?:mesaj|alet) (?:la|nou an|ou a)|"
    # "just letting u know im safe", "juste pour dire que nous sommes sains et saufs"
    r"just letting (?:u|you) know(?: that)?|just to let (?:u|you) know(?: that)?|"
    r"juste pour (?:vous )?dire que|solo para (?:decirles|decir|avisar|avisarles) que|"
    r"so (?:pra|para) avisar que|jis pou di nou)[\s,.!]+)*"
    r"(?:"
    # "we're all fine", "estamos todos bien", "on va tous bien", "nou tout byen": all of us
    r"(?:(?:i'?m|i am|im|we'?re|we are|we r|we|all)\s*(?:all\s+)?(?:fine|ok|okay|safe|good|"
    r"alright|all right)|(?:fine|safe|good|alright|all right)"
    # ("ok nou rele 911", "ok, we called"): "ok" alone says it was heard, unless it is all
    r"|(?:ok|okay)(?=[\s,.!]*(?:(?:gracias|thanks|thank you|merci|mesi|obrigad[oa])[\s,.!]*)?$))"
    r"(?:[\s,.!]|$)(?!\s*(?:morning|evening|afternoon|night|day)\b)"  # not "good evening"
    r"|(?:estoy|estamos|toy|tamos)\s+(?:todos\s+|todas\s+)?(?:bien|a salvo|ok)(?:[\s,.!]|$)"
    r"|(?:todo bien|all good|tout va bien|tudo bem|tudo certo|ta tudo certo|ta tudo bem|"
    r"esta tudo bem|esta tudo certo)(?:[\s,.!]|$)"
    r"|(?:je vais|on va|nous allons|ca va)\s+(?:tous\s+)?bien(?:[\s,.!]|$)"
    r"|(?:ca va\s+)?(?:on est|nous sommes|je suis)\s+(?:tous\s+)?bien(?:[\s,.!]|$)"
    r"|ca va(?:[\s,.!]+(?:merci|mesi|gracias)?)?\s*$"  # "oui ça va, merci": the whole answer
    r"|ca va[,.!]"  # "oui ça va, on est 4 à la maison" (not "ça va pas", "ça va monter")
    r"|(?:je suis|on est|nous sommes)\s+(?:tous\s+)?en securite"
    r"|(?:nous sommes|on est|estamos todos|estamos|we are|we're|somos)?\s*"
    r"(?:sains et saufs|saines et sauves|sanos y salvos|sanas y salvas|sao?s e salvos|"
    r"safe and sound)"
    r"|(?:estou|estamos|to|tamo|tamos|ta tudo)\s+(?:todos\s+)?(?:bem|seguro|segura|seguros)"
    r"(?:[\s,.!]|$)"
    r"|(?:m|mwen|nou)\s+(?:tout\s+)?(?:byen|an sekirite|anfom)(?:[\s,.!]|$)"
    # Nigerian and Ghanaian English "we dey fine o, no wahala"; Quebec "on est corrects"
    r"|(?:we|i|una)\s+dey\s+(?:fine|ok|okay|alright|good|safe)(?:[\s,.!]|$)|no wahala(?:[\s,.!]|$)"
    r"|(?:on est|je suis|nous sommes)\s+(?:tous\s+)?corrects?(?:[\s,.!]|$))"
)
# "…but we're fine", "…mas estamos bem", "…pero estamos bien", "…men nou byen": fine, said last
_BUT_FINE = re.compile(
    r"(?<!\w)(?:but|pero|mas|mais|men)\s+(?:\w+\s+){0,2}?(?:estamos|we'?re|we are|on est|on va|"
    r"nous allons|nous sommes|nou|tamo|tamos|estou|to|i'?m|im|i am|je vais|je suis|estoy)\s+"
    r"(?:(?:todos|all|tous|tout|bien|muito)\s+)?(?:bien|bem|fine|ok|okay|safe|byen|good|alright)"
    r"\s*[.!]*$"
)
# Fine said in words, not only "ok" (which may only acknowledge)
_FINE_WORD = re.compile(
    r"(?<!\w)(?:bien|fine|safe|good|alright|all right|bem|certo|byen|anfom|ca va|salvo|"
    r"securite|sekirite|seguros?|seguras?)(?!\w)"
)
# "they're fine", "están bien", "ils vont bien", "eles estão bem", "yo byen": others safe.
_THEY_FINE = re.compile(
    r"(?<!\w)(?:they'?re|they are|theyre|both are|estan|ils vont|elles vont|ils sont|"
    r"elles sont|eles estao|elas estao|eles tao|elas tao|yo|vont|estao)\s+"
    r"(?:all\s+|both\s+|todos\s+|"
    r"tous\s+|toutes\s+|tout\s+|bien\s+)?(?:fine|ok|okay|safe|bien|bem|a salvo|byen|"
    r"en securite|an sekirite|seguros|sanos y salvos|sains et saufs)(?:[\s,.!]|$)"
)
# "my parents are ok", "mis papás están bien", "mes parents vont bien", "meus pais estão bem",
# "manman m byen": those of theirs asked about, said to be fine.
_KIN_FINE = re.compile(
    r"(?<!\w)(?:(?:my|our|mi|mis|nuestros|nuestra|nuestro|mes|ma|mon|nos|notre|meus|minha|meu|"
    r"minhas|nossa|nosso)\s+(?:\w+\s+)?(?:parents|papas|padres|pais|family|familia|famille|"
    r"mom|mum|mother|dad|father|mama|madre|padre|mae|pai|mere|pere|sisters?|brothers?|hermanas?|"
    r"hermanos?|irmas?|irmaos?|soeurs?|freres?|kids|children|hijos|hijas|ninos|enfants|filhos|"
    r"filhas|criancas|sons?|daughters?|hijo|hija|fils|filles?|filho|filha|grandparents|abuelos|"
    r"abuelas?|avos|grands-parents|tios|tias|uncles?|aunts?|cousins?|primos|primas|"
    r"husband|wife|esposo|esposa|marido|mari|femme|neighbou?rs|vecinos|voisins|vizinhos|"
    r"relatives|parientes|folks)\s+(?:\w+\s+)?(?:is|are|esta|estan|va|vont|est|sont|estao|ta|"
    r"tao)|"
    r"(?:manman|papa|fanmi|paran|pitit|fre|se|granmoun|grann)\s+(?:m|mwen|nou|li)(?:\s+yo)?)"
    r"\s+(?:all\s+|both\s+|todos\s+|tous\s+|bien\s+)?(?:fine|ok|okay|safe|bien|bem|a salvo|"
    r"byen|anfom|en securite|an sekirite|sanos y salvos|sains et saufs)(?:[\s,.!]|$)"
)
# "I'm fine", "estoy bien", "je vais bien", "estou bem", "m byen": one person safe.
_ONE_FINE = re.compile(
    r"^(?:i'?m|i am|im|estoy|toy|je vais|je suis|estou|to|m|mwen)\s+(?:fine|ok|okay|safe|good|"
    r"alright|bien|a salvo|bem|seguro|segura|en securite|byen|an sekirite)(?:[\s,.!]|$)"
)
# "What is the emergency number", "número de emergencia", "nimewo ijans", "ambulance".
_EMERGENCY_QUESTION = re.compile(
    r"(?<!\w)(?:emergency|emergencias?|urgences?|emergencias?|emergencia|ijans|ambulanc\w*|"
    r"anbilans|911|bomberos|pompiers|bombeiros|ponpye)(?!\w)"
)
# "I need information", "m bezwen enfòmasyon": a question, not a need to file.
_INFORMATION = re.compile(
    r"(?<!\w)(?:informacion|information|informations|informacao|enfomasyon)(?!\w)"
)
# "partir du Chili", "get out of Mexico", "salir de Chile", "sair do Brasil", "kite Chili":
# the country someone is told to leave.
_STATE = (
    r"authorities|police|government|army|military|navy|soldiers|officials|immigration|border|"
    r"autoridades|policia|gobierno|ejercito|militares|migracion|carabineros|marinos|soldados|"
    r"autorites|gouvernement|armee|militaires|governo|exercito|otorite|lapolis|"
    r"gouvenman|leta|lame"
)
_STATE_AFTER = re.compile(rf"^\s+(?:{_STATE})(?!\w)")  # "the mexican authorities"
# "mon carnet chilien", "mi cédula tica", "carteira de trabalho brasileira": a card the country
# they live in issued, not where they are from (a passport still is)
_ISSUED_BEFORE = re.compile(
    r"(?<!\w)(?:carnet|cedula|rut|curp|dni|carteira|rg|cpf|licencia|license|licence|permiso|"
    r"permis|visa|visto|residencia|residence|tarjeta|titre de sejour|kat)"
    r"(?:\s+(?:de|d'|of)\s*(?:identidad|identite|identidade|idantite|residente|residence|"
    r"trabajo|trabalho|travail|conducir|manejar|extranjeria|extranjero|estrangeiro))?\s+$"
)
_STATE_BEFORE = re.compile(  # "las autoridades mexicanas", "la police chilienne"
    rf"(?<!\w)(?:{_STATE})(?:\s+(?:de|del|da|do|du))?\s+(?:la\s+)?$"
)
_LEAVE = re.compile(
    r"(?<!\w)(?:partir|quitter|sortir|rentrer chez eux|leave|get out|salir|irse|largarse|"
    r"sair|ir embora|kite|soti|fueramos|fueran|vayan|vayamos|larguen|vayanse|larguense|"
    r"partent|partiez|vao embora|saiam|go back|get out of)\s+"
    r"(?:du|de|d'|del|of|do|da|nan)?\s*(?:la |le |el |the |o )?$"
)
# "will they call ICE on me", "me van a echar a la migra", "yo ap rele imigrasyon": the
# authorities called on the writer, asked or feared
_CALLED_ON = re.compile(
    r"(?<!\w)(?:call|calls|calling|llamar|llaman|llamen|llama|llamarian|chamar|chamam|chamem|"
    r"appeler|appellent|rele|echar|echan)\s+(?:\w+\s+){0,2}(?:a\s+|la\s+|l'|a\s+la\s+)?"
    r"(?:ice|migra|migracion|inmigracion|immigration|imigracao|imigrasyon|la migra)(?!\w)"
)
_LAWYER = re.compile(
    r"(?<!\w)(?:abogad[oa]s?|lawyers?|attorneys?|avocats?|advogad[oa]s?|avoka|defensor\w*|"
    r"legal aid|asesoria legal|asesor legal)(?!\w)"
)
# "resolución de expulsión", "deportation order", "ordem de deportação": an order served
_REMOVAL_ORDER = re.compile(
    r"(?<!\w)(?:(?:resolucion|orden|aviso|notificacion|carta|lettre|ordre|ordem|notificacao|"
    r"papel|papier) (?:de |d'|of )?(?:expulsion|deportacion|deportation|expulsao|deportacao|"
    r"deportasyon)|(?:deportation|removal|expulsion) (?:order|notice|papers?))(?!\w)"
)
_WORRIED = re.compile(
    r"(?<!\w)(?:miedo|medo|receio|scared|afraid|peur|pe|preocupad[oa]s?|preocupe|nervous|"
    r"inquiet[oa]?|inquiete)(?!\w)"
)
# "no queremos llamar a carabineros, tenemos miedo", "afraid to call the police", "peur
# d'appeler la police", "medo de chamar a polícia", "m pè rele lapolis": the fear behind it
# is being reported; the answer is that status is never asked or reported.
_AUTHORITIES_FEARED = re.compile(
    r"(?<!\w)(?:no queremos|no quiero|miedo (?:de|a)|afraid to|scared to|don'?t want to|dont want "
    r"to|peur d'|peur de|pas envie d'|medo de|nao quero|nao queremos|pe|pa vle)(?: |(?<='))"
    r"(?:\w+ ){0,3}(?:policia|carabineros|la migra|migracion|police|cops|ice|immigration|"
    r"policiais|imigracao|lapolis|imigrasyon|911|190|133)(?!\w)"
)
# "what documents do I need", "¿cuánto cuesta?", "quels papiers faut-il", "quais documentos
# preciso", "ki dokiman m bezwen": how a routine paper is done.
_HOW_TO = re.compile(
    r"(?<!\w)(?:what (?:documents|papers|do i need|do we need|does it cost|are the requirements)|"
    r"how much (?:is|does|for)|how (?:do|can) (?:i|we) (?:get|renew|apply|make)|"
    r"que (?:papeles|documentos|requisitos|necesito|se necesita|necesitamos|hay que llevar)|"
    r"cuanto (?:cuesta|sale|cobran|vale)|como (?:saco|sacar|renuevo|renovar|tramito|tramitar)|"
    r"quels? (?:papiers|documents|pieces)|combien (?:coute|ca coute)|comment (?:faire|obtenir|"
    r"renouveler|avoir)|quais (?:documentos|papeis)|o que (?:preciso|precisa)|quanto (?:custa|e)|"
    r"como (?:tiro|tirar|renovo|faco pra)|ki (?:dokiman|papye)|konbyen (?:sa|li) koute|"
    r"kisa m bezwen pou|kijan pou m (?:fe|jwenn|renouvle)|"
    # "¿a dónde voy para sacar el pasaporte?", "where do I go to renew it?"
    r"(?:a )?donde (?:voy|vamos|tengo que ir|hay que ir|se va|saco|puedo sacar|tramito|renuevo)|"
    r"where (?:do|can) (?:i|we) (?:get|renew)|ou (?:puis-je|je peux) (?:obtenir|renouveler)|"
    r"onde (?:eu )?(?:tiro|posso tirar|renovo)|ki kote m ka (?:fe|jwenn|renouvle)|"
    r"where (?:do|can|should) (?:i|we) go|"
    r"ou (?:dois-je|est-ce que je dois|je dois|on doit) aller|"
    r"onde (?:eu )?(?:vou|devo ir|tenho que ir)|"
    r"ki kote (?:pou )?m (?:ka )?ale|"
    # "m bezwen renouvle paspò m, li ekspire", "necesito renovar el pasaporte": a renewal
    r"renew|renovar|renouveler|renouvle|renovacao|renovacion|expired|vencido|vencio|expire|"
    r"ekspire)"
)
# A routine paper or an appointment, or papers kept up to date: "a letter for my job",
# "ocupo sacar una constancia, ¿hay que sacar cita?", "deixar meu passaporte em dia".
# A power of attorney, done at the consulate: "poder notarial", "procuração", "procuration"
_PROXY_WORDS = (
    r"(?<!\w)(?:power of attorney|poder notarial|carta poder|un poder|procuracion|procuracao|"
    r"procuration|pwokirasyon)(?!\w)"
)
_PROXY = re.compile(_PROXY_WORDS)
_ROUTINE = re.compile(
    r"(?<!\w)(?:(?:a|an|una|un|uma|yon|the|la|el)\s+)?(?:letter|constancia|carta consular|"
    r"certificado|certificate|attestation|atestado|declaracion|cita|appointment|"
    r"rendez-vous|agendamento|agendar|randevou|matricula consular)(?!\w)"
    r"|(?<!\w)(?:em dia|al dia|a jour|up to date|a jou)(?!\w)"
    # a birth to register at the consulate: "déclarer la naissance", "register the baby"
    r"|(?<!\w)(?:declarer la naissance|registrar el nacimiento|registrar al bebe|"
    r"inscribir al bebe|register (?:the|her|his|my) (?:birth|baby|son|daughter)|"
    r"register her|register him|registrar o nascimento|registrar o bebe|acta de nacimiento|"
    r"birth certificate|certidao de nascimento|acte de naissance|anrejistre)(?!\w)"
    r"|" + _PROXY_WORDS
)
# A paper lost, stolen, burnt, soaked or held: a predicament, not a routine question.
_PREDICAMENT = re.compile(
    r"(?<!\w)(?:perd\w*|lost|robar\w*|roba\w*|stolen|stole|quem\w*|burn\w*|brul\w*|moj\w*|"
    r"wet|soaked|mouill\w*|molh\w*|vol[eé]\w*|pedi|vole|boule|mouye|retien\w*|retuv\w*|"
    r"quit\w*|took|taken|pran|garde|guard\w*|keeps|confisc\w*|destroy\w*|destrui\w*|"
    r"kraze|se (?:me )?(?:cayo|fue)|ruin\w*|flood|inund\w*|enchente|inondation|inondasyon)"
)
# "ok so…", "y…", "et…", "e…": what opens the rest of a sentence
_FILLER = re.compile(
    r"^\W*(?:so|and|then|but|y|pero|entonces|et|mais|alors|e|mas|entao|epi|men)\s+"
)
# A yes or a no said first, then more words: "sí, díganle que estoy bien", "non merci".
_YES_FIRST = re.compile(r"^(?:si|yes|yeah|oui|sim|wi|claro|ok|okay|dale)(?:[\s,.!]|$)")
# Courtesy around a yes ("sí, gracias, por favor", "yes thank you so much"): no news in it.
_COURTESY = frozenset(
    "gracias muchas por favor porfa please pls thanks thank you so much merci beaucoup svp "
    "obrigado obrigada muito mesi anpil tanpri de acuerdo dale bueno ok okay claro sure si yes "
    "oui sim wi bye adios chao tchau orevwa god bless dios le bendiga".split()
)
_NO_FIRST = re.compile(r"^(?:no|non|nao|nope|pa vle|mwen pa vle)(?:[\s,.!]|$)")
# "no, es en Katy", "non, c'est à Tijuana", "não, em SP": a correction of what was said.
# "perdón 74, me equivoqué", "sorry, 17 not 71", "pardon, 8 ans": an age said again, corrected
_AGE_REDONE = re.compile(
    r"^\s*(?:perdon|sorry|perdao|desculpa|desculpe|pardon|desole|eskize|oops|correction|"
    r"me equivoque|my bad|i meant|quise decir)[\s,.!:;-]*"
    # ("sorry she is 78 not 87", "perdón, tiene 74", "pardon, elle a 78 ans")
    r"(?:(?:she|he|she'?s|he'?s|ella|el|elle|il|ele|ela|li)\s+)?(?:(?:is|tiene|a|tem|gen)\s+)?"
    r"(\d{1,3})(?!\d)(?!\s*(?:personas|people|personnes|pessoas|moun|de nosotros|of us))"
)
_CORRECTION = re.compile(
    # ("sorry no, tijuana", "ops, desculpa, já estamos em são paulo"): said sorry, then where
    r"^\s*(?:(?:(?:sorry|perdon|disculpa|disculpe|desculpa|desculpe|pardon|ops|oops|opa|padon)"
    r"[\s,.!:;-]+)+(?:ja|ya|actually|en realidad|en fait|na verdade)?\b|"
    r"(?:no|non|nao|not|nope|pa)\b"
    # ("no tenemos a nadie aquí, mi tía vive en fresno": a "no" of its verb, correcting nothing)
    r"(?!\s+(?:tenemos|tengo|tiene|hay|sabemos|se|quiero|puedo|podemos|me|nos|le|lo|la|tem|"
    r"temos|tenho|sei|consigo|gen|konn|ka|one|sure|yet|have|know|can)\b))"
    r"[\s,.!:;-]*",
    re.IGNORECASE,
)
_LONGEST_NAME = 6  # words in a full name ("José Luis de la Cruz Pérez")
# Requests whose cost is part of them: money for the ticket, the coffin or the doctor is no new
# need.
_COSTLY_NEEDS = frozenset({"repatriation", "remains", "medical"})
# "cuánto cuesta", "how much is it", "combien ça coûte", "quanto custa", "konbyen li koute"
_PRICE_ASKED = re.compile(
    r"(?<!\w)(?:cuanto (?:cuesta|sale|cobran|vale)|how much|combien (?:ca|ça|il|c'est|coute)|"
    r"quanto (?:custa|sai|cobram|e)|konbyen (?:li |sa )?(?:koute|kob))(?!\w)"
)
# "na barraca do abrigo", "en el albergue de", "at the shelter": a shelter where one is.
_AT_A_SHELTER = re.compile(
    r"(?<!\w)(?:do|da|no|na|del|de la|en el|en la|al|at the|in the|from the|du|au|dans l'|"
    r"nan|lan)\s+(?:\w+\s+)?$"
)
_TOWN_SIZED = 50_000
# "jackson memorial", "jackson heights": a place named after a town, not the town
_NAMED_AFTER = re.compile(
    r"\s+(?:memorial|hospital|clinic|street|st|avenue|ave|park|heights|blvd|boulevard|road|rd|"
    r"center|centre|mall|station|airport|high|school|church|market|hotel|motel|bridge)(?!\w)"
)
# "en", "near", "toupre", "perto de": the words before a town someone is in.
_AT = (
    r"en|in|a|em|no|na|nan|near|by|around|cerca de|por|perto de|pres de|toupre|bo|at|"
    r"outside|afuera de|pas lwen|to|closest to|nearest to|cerca a|proche de|pi pre"
)
# Slots a "no, …" at the start of a message corrects, besides where.
_RECOUNTABLE = frozenset({"people_count", "missing_age", "callback", "contact"})
# Which slot says where, by form.
_WHERE_SLOT = {"missing_person": "last_seen_place"}
# "…pas", "no en", "not", "não", "pa": the word before a place that denies it.
_NEGATED = re.compile(r"(?<!\w)(?:pas|no|not|nao|pa|ni)(?:\s+(?:en|a|in|em|nan|à))?\s*$")
# "ahora estamos en", "kounye a nou", "now we're at": where they are now, said after a correction
_NOW_AT = re.compile(
    r"(?<!\w)(?:ahora|now|right now|agora|maintenant|kounye a|konnya|kounya)(?!\w)[^.!?;]{0,20}$"
)
# A report filed as one kind that turns out to be the other, and the slots that show it is
# well under way as what it was filed (then it stays).
_OTHER_KIND = {"assistance": "missing_person", "missing_person": "assistance"}
# "entramos por nicaragua y", "came through guatemala", "since guatemala": a route, not a home
_CROSSED = re.compile(
    r"(?<!\w)(?:por|through|thru|via|par|pela|pelo|since|desde|pase nan|travese|crossed|cruzamos|"
    r"pasamos|passamos)\s+(?:\w+\s+(?:y|and|et|e|ak)\s+)?(?:el |la |le |o |a |the )?$"
)
# "perdimos todo", "we lost everything", "a tout pris", "levou tudo", "pèdi tout": the loss
_TOOK_ALL = re.compile(
    r"(?<!\w)(?:perd\w*|lost|pedi|took|tomo|pris|levou|llevo|se llevo|emporte)\s+"
    r"(?:\w+\s+)?(?:todo|tudo|tout|everything|all|tout bagay)(?!\w)"
    r"|(?<!\w)(?:todo|tudo|tout|everything)\s+(?:\w+\s+)?(?:perdido|lost|perdu|pris)(?!\w)"
    # "tout a brûlé", "se quemó todo", "everything burned", "queimou tudo": burned with it
    r"|(?<!\w)(?:todo|tudo|tout|everything|tout bagay)\s+(?:\w+\s+)?(?:se quemo|quemado|burned|"
    r"burnt|brule|queimou|queimado|boule)(?!\w)"
    r"|(?<!\w)(?:se quemo|burned|brule|queimou|boule)\s+(?:\w+\s+)?(?:todo|tudo|tout|everything)"
    r"(?!\w)"
)
# Not kin, but someone: "my coworker", "mi compañero", "mon collègue", "meu colega", "zanmi m"
_OTHER_PERSON = re.compile(
    r"(?<!\w)(?:coworkers?|co-workers?|workmates?|colleagues?|collegues?|colegas?|companeros?|"
    r"companeras?|compas?|amigos?|amigas?|friends?|amis?|amies?|zanmi|roommates?|vecinos?|"
    r"vecinas?|neighbou?rs?|voisins?|voisines?|vizinh[oa]s?|vwazen|patron|patrao|boss|jefe|"
    r"konpayon|konpatriyot|paisanos?)(?!\w)"
)
# "nacieron en chile", "born here", "nés au Chili", "nasceram no", "fèt": children described
_BORN = re.compile(r"(?<!\w)(?:naci\w*|born|nes|nee|nasce\w*|fet)(?!\w)")
# "soy", "i'm from", "we are", "je suis", "nou se": what follows is said of the writer
_I_AM = re.compile(
    r"(?<!\w)(?:soy|somos|i'?m|im|i am|we are|we'?re|je suis|nous sommes|on est|sou|"
    r"mwen se|nou se|m se)\s+(?:\d{1,2}\s+|todos\s+|all\s+|tous\s+)?"
    r"(?:from\s+|de\s+|originaire de\s+|d')?(?:la\s+|el\s+|the\s+)?$"
)
# "vou levar meu filho", "I have to bring my baby", "m gen pou m mennen pitit mwen": who comes
# along to the consulate
_TO_THE_VISIT = re.compile(
    r"(?<!\w)(?:levar|llevar|bring|take|mennen|amener|emmener|ir con|go with|venir avec|"
    r"vir com|ir com|vem com|vient avec|come with)(?!\w)"
)
# "what do you mean", "por qué", "c'est quoi", "kisa sa ye": a question, with or without "?".
_QUESTION_WORDS = r"what|why|how|huh|por que|quoi|pourquoi|comment|c'est quoi|kisa|poukisa|kijan"
_QUESTION = re.compile(rf"^\s*(?:{_QUESTION_WORDS})\b")
# In danger, a question about what to do or whether to go or stay, however worded: "what do
# we do with grandma", "should we go up", "¿qué hacemos?", "on fait quoi", "devemos sair",
# "èske nou dwe rete".
_WHAT_TO_DO = re.compile(
    r"(?<!\w)(?:what (?:do|should|can|must|shall) (?:i|we)\b"
    r"|que (?:\w+ ){0,2}(?:hago|hacemos|hacer)\b|(?:on|je|nous) (?:fait|fais|faisons) quoi"
    r"|(?:o que|oque|o q|oq) (?:\w+ ){0,3}(?:faco|fazemos|faz|fazer)\b"
    r"|(?:kisa|sa) (?:pou )?(?:m|n|mwen|moin|nou) fe"
    # "on peut rentrer prendre des couvertures?", "can we go back in?", "eske nou ka al nan
    # yon abri?": whether it is safe to go somewhere
    r"|(?:on peut|je peux|nous pouvons|can we|can i|podemos|puedo|posso|a gente pode|"
    r"(?:eske )?(?:nou|m|mwen) ka) (?:\w+ ){0,1}(?:rentrer|entrer|retourner|sortir|aller|"
    r"go back|go in|go out|go to|leave|volver|regresar|entrar|salir|ir|voltar|sair|entrar|"
    r"tounen|antre|soti|al|ale)\b[^.!]*\?"
    # "eu saio agora ou espero eles chegarem?", "¿salgo o me quedo?": going or staying
    r"|(?:saio|saimos|salgo|salimos|me voy|nos vamos|je sors|on sort|je pars|on part|i leave|"
    r"we leave|m soti|nou soti)\b[^.!?]{0,40}(?:\bou\b|\bo\b|\bor\b|\boswa\b)[^.!?]{0,40}\?"
    r"|(?:should|shall|can|do) (?:i|we) (?:go|stay|leave|move|get out|run|wait|hide|sleep)"
    # "do we need to leave?", "on doit partir ?", "devemos sair?", "eske nou dwe soti?"
    r"|(?:do|will) (?:i|we) (?:need|have) to (?:leave|go|evacuate|get out)"
    r"|(?:on doit|faut-il|il faut) (?:partir|evacuer|sortir)\b[^.!]*\?"
    r"|(?:devemos|precisamos|temos que|tem que|temos q|tem q) sair|sai(?:mos)? agora"
    r"|(?:eske )?(?:nou|m|mwen) (?:dwe|bezwen) (?:soti|kite)"
    # "je l'amène moi-même à l'hôpital?", "¿lo llevo yo al hospital?", "do I take her in?"
    r"|(?:je|on) l'(?:amene|emmene)\b[^.!]*\?|(?:lo|la) (?:llevo|llevamos)\b[^.!]*\?"
    r"|(?:should|do) (?:i|we) take (?:him|her|them)\b"
    r"|(?:eu )?(?:levo|levamos) (?:ele|ela)\b[^.!]*\?"
    r"|m (?:mennen|pote) l\b[^.!]*\?"
    r"|(?:debo|debemos|deberiamos|tenemos que|hay que) (?:salir|quedarnos|irnos|subir|esperar|"
    r"dormir)"
    r"|(?:dois-je|devons-nous|doit-on|on doit|faut-il) (?:sortir|rester|partir|monter|attendre|"
    r"dormir)"
    r"|(?:devo|devemos|a gente deve|tem que) (?:sair|ficar|subir|esperar|ir|dormir)"
    r"|(?:eske )?(?:m|mwen|nou|n) dwe (?:soti|rete|ale|monte|tann|kouri|domi)"
    r"|what (?:are |am |r )?(?:i|we) (?:supposed to|gonna|going to|should|to) do"
    r"|what (?:i|we) (?:do|doing) now|what now\b|what do (?:i|we) do"
    # "how do I stop the bleeding", "¿cómo le paro la sangre?", "kijan m ka fè san an rete"
    r"|how (?:do |can |should |to |i go |we go )?(?:i |we )?(?:stop|help|treat|close)\b"
    r"|como (?:se |le |la |lo |se la |se lo |eu |a gente )?(?:paro|paramos|detengo|detenemos|"
    r"curo|estanco|faco|fazemos)\b"
    r"|como (?:parar|detener|estancar|parar o|parar a) (?:la |el |o |a )?(?:sangre|sangrado|"
    r"sangue|hemorragia)"
    r"|comment (?:\w+ ){0,2}(?:arreter|stopper|soigner|faire)\b"
    r"|(?:on|je|nous) (?:reste|restons|sort|sortons)\b[^?]{0,20} ou (?:on|je|nous) "
    r"(?:reste|sort|part)"
    r"|(?:kisa|sa|kijan|kouman) (?:pou |ka |pou m ka )?(?:m|n|mwen|nou) (?:ka |dwe )?fe"
    # "¿nos quedamos aquí o salimos?", "on essaie de descendre ou on attend?", "a gente tenta
    # tirar ela ou espera?": staying or going, asked
    r"|(?:nos quedamos|nos vamos|salimos|esperamos|do we stay|do we go|should we|stay or|"
    r"on reste|on sort|on attend|on essaie|ficamos|saimos|a gente tenta|a gente espera|"
    r"nou rete|nou soti)\b[^.!?]{0,50}\?"
    # "¿lo jalamos o lo dejamos así?", "a gente tira ele ou deixa?"
    r"|(?:lo|la|le) (?:jalamos|sacamos|movemos|dejamos|bajamos|subimos|cargamos)\b[^.!]*\?"
    r"|(?:tira|tiramos|mexe|mexemos|deixa|deixamos) (?:ele|ela)\b[^.!]*\?"
    # "¿lo llevo al hospital o espero a los bomberos?", "como la saco?", "how do I get her
    # out?": whether to wait for help, or how to get someone out
    r"|\b(?:o|ou|or|oswa) (?:espero|esperamos|espera|j'attends|on attend|attendre|i wait|we wait|"
    r"wait|m tann|nou tann)\b[^.!]*\?"
    r"|como (?:la|lo|los|las|nos) (?:saco|sacamos|salimos)\b"
    # "go outside or stay inna di closet?", "¿a dónde lo llevo?", "la police peut nous
    # protéger?": where to go, or whether the police protects
    r"|(?:go|stay|leave|get out|hide|run)\s[^.!?]{0,30}\bor\s+(?:stay|go|wait|leave|hide|run)\b"
    r"|(?:a )?donde (?:lo|la|los) llevo|where (?:do|should) i take (?:him|her|them)|"
    r"ou (?:je|dois-je) l'emmener|onde (?:eu )?(?:levo|devo levar)|kote pou m mennen"
    r"|(?:police|policia|polis|lapolis|carabineros) (?:\w+ ){0,2}(?:protect|proteger|proteger|"
    r"protege|pwoteje)"
    r"|how (?:do|can) (?:i|we) get (?:her|him|them|us|out)\b)"
)
# Someone asked to come, fetch, bring or take them: "can someone come pick us up?", "someone
# has to go get her", "vocês podem me levar pra consulta?", "manda os bombeiros".
_FETCH_ASKED = re.compile(
    r"(?<!\w)(?:(?:can|could|will) (?:someone|somebody|anyone|anybody|you|u|you guys)"
    r"(?: \w+){0,3}? "
    r"(?:come|pick (?:us|me|her|him|them) up|go get|go and|go knock|knock on|bring|"
    r"take (?:us|me|her|him|them))"
    r"|(?:someone|somebody|anyone) (?:has to|needs to|must|should|have to|gotta) (?:go|come|get)"
    r"|(?:ustedes|alguien) (?:le |les |me |nos |lo |la |los )?(?:pueden|puede|podrian|podria) "
    r"(?:traer|llevar|mandar|venir)"
    r"|(?:pueden|podrian) mandar (?:gente|a alguien|alguien|personas|una persona)"
    r"|(?:voces|vcs|vc|voce) (?:me |nos |a gente )?(?:podem|pode|poderiam|tem como) "
    r"(?:me |nos |a gente )?(?:levar|buscar|tirar|mandar|trazer)"
    r"|(?:manda|mande|mandem|envia|envie) (?:os |o |as |a |los |las )?(?:bombeiros|bomberos|"
    r"policia|ambulancia|resgate|rescate|samu)"
    r"|(?:alguem|alguien|someone|somebody|quelqu'?un|yon moun) (?:\w+ ){0,2}(?:pra|para|to|pour|"
    r"pou) (?:mandar|enviar|send|envoyer|voye)"
    r"|(?:vienen|viene|van a venir|va a venir) a (?:sacarnos|sacarlos|sacarla|sacarlo|buscarnos|"
    r"rescatarnos|buscarlo|buscarla)"
    r"|(?:vous pouvez|pouvez-vous|pouvez vous|quelqu'un peut) (?:nous |me |lui |leur )?"
    r"(?:chercher|emmener|amener|apporter|venir)"
    r"|konsila a (?:ka|kapab) (?:vin|voye|pote|mennen))(?!\w)"
)
# A head count said as one ("somos 2", "we are 3 now"): it may correct a count given before.
_COUNT_SAID = re.compile(
    r"(?<!\w)(?:somos|we are|we're|were|nous sommes|on est|nou|estamos|en total|in total|total)"
    r"\s+\d"
)
# In danger, asking whether anyone comes or is sent, however worded: "are they coming for
# us", "¿va a venir la ayuda?", "quelqu'un va venir?", "alguém vem?", "moun ap vini?".
_SOMEONE_COMING = re.compile(
    r"(?<!\w)(?:(?:is|are|will) (?:anyone|anybody|someone|somebody|help|they|you|rescue|the "
    r"(?:ambulance|police|cops|firefighters|fire department|coast guard|rescue|army)) "
    r"(?:coming|come|gonna come|going to come)"
    r"|(?:anyone|anybody|someone|somebody) (?:a |is |gonna |going to )?(?:come|coming)"
    # "is anyone going to go get them?", "will someone go check on her?"
    r"|(?:is|are|will) (?:anyone|anybody|someone|somebody|you) (?:going to |gonna )?"
    r"(?:go|get|pick|check on|help them|help her|help him)"
    # "can somebody go and check the warehouse?", "alguien puede ir a ver?"
    r"|(?:can|could|will) (?:anyone|anybody|someone|somebody|you|u) (?:go|drop by|stop by|pass by)"
    r"|(?:alguien|ustedes) (?:lo |la |los |nos )?(?:puede|pueden|podria|podrian) (?:ir|pasar)"
    # "vous pouvez appeler les pompiers pour nous?", "pueden llamar a los bomberos?"
    r"|(?:pouvez|pourriez|pueden|podrian|can you|could you|podem|poderiam|nou ka) (?:vous )?"
    r"(?:appeler|llamar|call|chamar|ligar|rele) (?:a |pro |pros |the |les |los |o |os )?"
    r"(?:pompiers|bomberos|fire department|firefighters|bombeiros|ambulance|ambulancia|911|190|193|"
    r"police|policia|ponpye|anbilans)"
    r"|(?:quelqu'un|vous) (?:peut|pourrait|pouvez|pourriez) (?:aller|passer)"
    r"|(?:alguem|voces) (?:pode|podem|poderia) (?:ir|passar)"
    r"|(?:yon moun|nou) (?:ka|kapab) (?:al|ale|pase)"
    r"|(?:va|vont|allez) venir (?:quelqu'un|nous chercher|les secours|nous aider)"
    r"|(?:send|sending|mandar|mandan|manden|mande|mandaran|enviar|envien|envie|envoyer|envoyez|"
    r"enviem|mandem|mandam|manda|envia|enviam|voye|call) (?:\w+ )?"
    r"(?:someone|somebody|anyone|help|alguien|ayuda|quelqu'un|de l'aide|alguem|"
    r"ajuda|moun|ed|sekou)"
    r"|(?:viene|vienen|va a venir|van a venir|llega|llegan) "
    r"(?:alguien|la ayuda|ustedes|por nosotros)"
    r"|(?:quelqu'?\s?un|les secours|vous) (?:vient|viennent|va venir|allez venir|arrivent)"
    # "ustedes mandan la ambulancia?", "do you send the police?"
    r"|(?:mandan|manden|envian|send|envoyez|mandam|enviam|voye) (?:la |una |an |the |une |a |"
    r"o |yon )?(?:ambulancia|ambulance|policia|police|bomberos|pompiers|bombeiros?|anbilans|"
    r"lapolis|rescate|resgate|secours)"
    # "la police va venir ou bien?", "is the ambulance coming?"
    r"|(?:la |the |a |o )?(?:police|policia|ambulancia|ambulance|bomberos|pompiers|bombeiros|"
    r"anbilans|lapolis) (?:\w+ ){0,1}(?:va venir|va a venir|vai vir|is coming|coming|vient|"
    r"viene|vem|ap vini)\b[^.!]*\?"
    # "alguien nos puede venir a sacar?", "quelqu'un peut passer chez lui?", "can someone
    # go by his place?": someone sent, asked
    r"|(?:alguien|someone|somebody|anyone|anybody|alguem|quelqu'?\s?un|qqn|qq1|yon moun|"
    r"pesonn|moun (?:k|ki)) "
    r"(?:\w+ ){0,2}(?:venir|come|vir|vini|passer|pasar|passar|go by|check on|ir a ver|ir ver|"
    r"aller voir|al gade)\b[^.!]*\?"
    r"|(?:alguem|a ajuda|voces|o resgate) (?:vem|vai vir|vao vir|chega)"
    r"|(?:gen moun|yon moun|ed|sekou|nou) (?:k ap|kap|ap) vin"
    # "est-ce qu'une ambulance peut venir?", "¿puede venir la policía?"
    r"|(?:ambulance|ambulancia|police|policia|pompiers|bomberos|bombeiros|firefighters|rescue|"
    r"secours|rescate|resgate|anbilans|lapolis) (?:\w+ ){0,2}(?:peut venir|peuvent venir|"
    r"puede venir|pueden venir|pode vir|podem vir|can come|could come|will come|ka vini))"
)
# Being asked for papers or status, however worded: "will they check our papers", "me van a
# pedir los papeles", "ils vont demander nos papiers", "vão pedir meus documentos", "yo mande
# papye".
_PAPERS_ASKED = re.compile(
    r"(?<!\w)(?:ask|asks|asking|check|checks|checking|want|pedir|piden|pediran|revisan|revisar|"
    r"demander|demandent|demandera|controlent|controler|pedem|vao pedir|olham|mande|"
    r"tcheke|chache|pidan|pida|pide|pidieran|pede|pediram|exigem|exigen|need|require|demande|"
    r"controle|controla|controlan|checa|checan|perguntam|perguntar|pregunta|preguntan|"
    r"precisa|precisa de|necesita|besoin) "
    r"(?:\w+ ){0,3}(?:papers|papeles|papiers|papeis|papye|status|estatus|statut|cedula|"
    r"carnet|dni|rut|curp|visa|visto|residencia|residence|titre de sejour|documento|documentos|"
    r"documents|id)(?!\w)"
    # "police will send us to migration office?", "no lo vayan a reportar a migración"
    r"|(?:send|mandar|mandan|envoyer|mandam|voye|reportar|reporten|report|denunciar|signaler|"
    r"dekonse|entregar|hand) (?:\w+ ){0,2}(?:to |a |al |à |pra |para |nan )?(?:the |la )?"
    r"(?:migration|immigration|migracion|migra|imigracao|imigrasyon|ice)(?!\w)"
    r"|(?:no lo|no la|no me|no nos|don'?t) (?:vayan a |vaya a )?(?:reportar|reporten|report|"
    r"denuncien|entreguen)"
    # "will they lock me up?", "¿me pueden sacar del país?", "arrêté pour les papiers?"
    r"|(?:will they|they gonna|are they gonna|van a|me van a|nos van a|me pueden|nos pueden|"
    r"vont-ils|ils vont|vao|yo pral|yo ka) (?:\w+ ){0,2}(?:lock|arrest|deport|detain|detener|"
    r"deportar|arrestar|encerrar|sacar del pais|expulser|arreter|deporter|prender|arete|depote)"
    # "eles me mandam de volta?", "¿nos mandan de regreso?", "will they send us back?"
    r"|(?:me|nos|us|nous|m|nou|a gente) (?:mandam|mandan|envian|send|renvoient|renvoyer|voye) "
    r"(?:\w+ )?(?:de volta|de regreso|back|chez nous|tounen|embora|del pais|out of the country|"
    r"hors du pays)"
    r"|(?:pour|por|for|pou) (?:les |los |falta de |no tener |not having )?(?:papiers|papeles|"
    r"papers|papye|documentos|documents)\b[^.!]*\?"
    # "can we go to the hospital without papers?", "posso ir sem documento?"
    r"|(?:sin|without|sans|sem|san) (?:\w+ ){0,1}(?:papers|papeles|papiers|papeis|papye|"
    r"documento|documentos|documents|id|rut|curp|ssn|cpf|cartao)\b[^.!]*\?"
    # "no tengo papeles", "a gente não tem documento", "m pa gen papye": the worry is there
    r"|(?:no tengo|no tenemos|no tiene|no tienen|nao tenho|nao tem|nao temos|don'?t have|"
    r"do not have|doesn'?t have|has no|have no|n'ai pas de|n'avons pas de|n'a pas de|pa gen) "
    r"(?:\w+ ){0,4}(?:papeles|papers|papiers|papeis|papye|documentos?)"
)
# "se ahogó", "murió", "he drowned", "il est mort", "morreu", "li mouri": someone died.
_DIED = re.compile(
    r"(?<!\w)(?:se ahogo|murio|fallecio|lo mataron|la mataron|(?:he|she) died|died|drowned|"
    r"passed away|passed on(?! (?:the|a|an|my|his|her|this|that|it|message|info|news))|"
    r"(?:he|she) passed(?! (?:by|through|out|on|the|a|an|it|me|us|him|her))|was killed|"
    r"got killed|est mort|est morte|est decede|s'est noye|s'est noyee|"
    r"morreu|faleceu|se afogou|afogou|foi morto|foi morta|mouri|neye|yo touye|"
    r"a ete tue|a ete tuee|ont tue|lo asesinaron|la asesinaron|asesinado|asesinada|"
    r"assassinado|assassinada|was murdered|got shot and died|"
    # "lo encontraron ahogado", "found dead", "retrouvé mort", "achado morto"
    r"ahogado|ahogada|(?:encontraron|hallaron|esta|estaba) (?:muerto|muerta)|found dead|"
    r"(?:he'?s|she'?s|is|was) dead|retrouve mort|retrouvee morte|afogado|afogada|"
    r"(?:encontrado|encontrada|achado|achada|esta|estava) (?:morto|morta)|li mo|"
    # "ils ont trouvé son corps", "found his body", "encontraron su cuerpo"
    r"(?:trouve|found|encontraron|hallaron|encontraram|acharam) (?:son|his|her|su|o) "
    r"(?:corps|body|cuerpo|corpo)|jwenn kadav|"
    # "encontraram ele… já sem vida", "lo sacaron sin vida", "retrouvé sans vie": lifeless
    r"(?:ja |ya |deja )?(?:sem vida|sin vida|sans vie|san lavi)|"
    r"(?:no|not|didn'?t|pa) (?:sobrevivio|survive|sobreviveu|siviv))(?!\w)"
)


def _joined(words: str) -> str:
    return fold(words).replace(" ", "")


def _a_death(folded: str) -> bool:
    """A death told of someone ("my car died" is none)."""
    return any(not machine_stopped(folded, m.start(), m.end()) for m in _DIED.finditer(folded))


# "aqui estamos mi cuñada y yo", "here we are", "ici on est 4": who is where, no callback
_HERE_WE_ARE = re.compile(
    r"(?<!\w)(?:aqui|aca|here|ici|aki|isit)\s+(?:estamos|estoy|tamos|vivimos|vivo|we are|we'?re|"
    r"i am|i'?m|on est|nous sommes|je suis|estou|nou ye|nou la)(?!\w)"
)
# "call me on this one", "llámame a este", "rele m sou li": a call asked for. The words
# before it are checked for "don't call, text me" ("no me llamen", "pas d'appel", "pa rele m").
_CALL_ME = re.compile(
    r"(?<!\w)(?:llamenme|llamame|llameme|llamen|llamar|marquen|marcame|call|appelez|appeler|"
    r"rappelez|rappeler|ligue|liga|ligar|rele)(?!\w)"
)
_A_NUMBER = re.compile(r"(?<!\w)(?:numero|number|nimewo)(?!\w)")
# "3 days ago", "hace tres días", "faz 3 dias", "depuis 3 jours", "depi 3 jou": a hurt that is
# days old.
_DAYS_OLD = re.compile(
    r"(?<!\w)(?:hace|faz|depi|depuis|il y a|ha)\s+(?:\d+|dos|tres|cuatro|dois|quatro|deux|"
    r"trois|quatre|de|twa|kat|unos|uns|quelques)\s+(?:dias|jours|jou|semanas|semaines|semen)(?!\w)"
    r"|(?<!\w)(?:\d+|two|three|four|a few|few|couple of|couple)\s+(?:days|weeks)\s+ago(?!\w)"
    r"|(?<!\w)(?:since|for)\s+(?:\d+|two|three|four|a few)\s+days(?!\w)"
    # "tosiendo sangre desde anoche": since yesterday, an illness that goes on
    r"|(?<!\w)(?:desde (?:anoche|ayer|antier)|since (?:yesterday|last night)|depuis hier|"
    r"desde ontem|desde anteontem|depi ye|depi aye)(?!\w)"
)
# An emergency number itself, asked about: "should I call 911?", "il faut appeler le 193 ?"
_DIALLED = re.compile(r"(?<!\d)(?:911|112|131|132|133|190|192|193)(?!\d)")
_NO_CALL = re.compile(
    r"(?<!\w)(?:no|not|don'?t|dont|pas d'|pa|pinga|nao|sans|sin|than|que|of|por)(?:\s+\w+)?\s*$"
)


# Papers burned, lost, stolen or soaked: "se me quemaron los papeles", "lost my passport in
# the flood", "on m'a volé mon passeport", "meus documentos molharam", "paspò m boule".
_PAPERS = (
    r"(?:pasaportes?|passports?|passeports?|passaportes?|paspo|documentos?|documents?|papeles|"
    r"papiers|papeis|papye|dokiman|cedulas?|identidad|idantite|dni|rut|carteira|actas?)"
)
_GONE = (
    r"(?:quem\w*|burn\w*|brul\w*|queim\w*|boule|perd\w*|lost|pedi|robad\w*|robaron|stolen|"
    r"vole\w*|roubad\w*|roubaram|mojad\w*|mojaron|wet|mouye|molhad\w*|molharam|destru\w*|"
    r"detrui\w*|kraze|se llevo|washed|emporte\w*|levou|pran)"
)
# a paper named, and a word of its loss, anywhere in one sentence
_PAPER_WORD = re.compile(rf"(?<!\w){_PAPERS}(?!\w)")
_GONE_WORD = re.compile(rf"(?<!\w){_GONE}(?!\w)")
_PAPERS_GONE = re.compile(
    rf"(?<!\w){_PAPERS}(?:\s+\w+){{0,6}}?\s+{_GONE}(?!\w)"
    rf"|(?<!\w){_GONE}(?:\s+\w+){{0,4}}?\s+{_PAPERS}(?!\w)"
)
# "lost her job", "perdió la casa", "a perdu son travail": a thing lost, no one.
_LOST_THING = re.compile(
    r"\s+(?:\w+\s+)?(?:job|jobs|house|home|apartment|passport|papers|car|everything|trabajo|"
    r"empleo|chamba|casa|cuarto|pasaporte|papeles|todo|travail|emploi|maison|passeport|papiers|"
    r"tout|trabalho|emprego|passaporte|documentos|tudo|travay|kay|paspo|papye|tout bagay|papel|"
    r"paper|papier|document|documento|dokiman|bag|bolsa|mochila|sac|phone|telefono|celular|cel|"
    r"wallet|cartera|carteira|portefeuille)(?!\w)"
)
# "mi tía no contesta", "minha tia não atende", "she doesn't pick up": unanswered, no more.
_NO_ANSWER = re.compile(
    r"(?<!\w)(?:no (?:me )?contesta|no (?:me )?responde|nao (?:me )?atende|nao (?:me )?responde|"
    r"doesn'?t (?:answer|pick up)|does not (?:answer|pick up)|isn'?t answering|not answering|"
    r"ne (?:me )?repond pas|pa (?:janm )?reponn)(?!\w)"
)
_BARE_HERE = frozenset("here aqui aca ici isit la".split())
# "messaging me here", "manda msg aqui": here, as where to write ("no paren de mandar los
# avisos, aquí nadie…" is not)
_MESSAGING = re.compile(
    r"(?<!\w)(?:messag\w*|text\w*|writ\w*|escrib\w*|mand\w*|msg|mensaje\w*|mensage\w*|"
    r"ecri\w*|ekri|voye|whats\w*|sms)(?:\s+\w+){0,2}\s+(?:here|aqui|aca|ici|isit|la)(?!\w)"
)
# "recibimos el aviso del río", "received the flood message", "mi vecina me enseñó el mensaje
# de ustedes del huracán", "m resevwa alèt inondasyon an": an alert answered, up to the end of
# its clause. An alert, or a message that is ours ("your message"), never "a text from my
# sister saying the water is rising".
_SEEN = (
    r"received|recieved|got|get|saw|seen|forwarded|shared|showed me|recibi|recibimos|recibio|"
    r"me llego|nos llego|le llego|vi|vimos|me enseno|me mostro|me paso|me reenvio|reenvio|"
    r"(?:j'ai|nous avons|on a|il a|elle a)(?: bien)? (?:recu|vu)|recu|recebi|recebemos|chegou|"
    r"me mostrou|(?:m|mwen|nou) (?:resevwa|we)|resevwa"
)
_OURS = (
    r"(?:your|ur|su|sus|votre|vos|sua|seu|suas|seus|vcs|ou a|nou an)\s+"
    r"(?:\w+\s+){0,2}?(?:message|messages|msg|text|texts|mensaje|mensajes|msj|mensagem|"
    r"mensagens|mesaj)|(?:message|msg|text|mensaje|msj|mensagem|mesaj)\s+"
    r"(?:de ustedes|de vcs|de voces|from (?:you|u)(?: guys)?|del consulado|du consulat|"
    r"do consulado|from the consulate)|mesaj (?:ou a|nou an|ou yo|nou yo)"
)
# (a message about the danger: "the flood message", "a mensagem do furacão", "el msj de las
# lluvias")
_TOPIC = (
    r"huracan|furacao|hurricane|ouragan|siklon|cyclone|tormenta|storm|tempete|tempestade|"
    r"inundacion|inundaciones|flood|flooding|inondation|inondations|enchente|inondasyon|lluvias?|"
    r"rain|pluies?|chuvas?|lapli|incendios?|fires?|incendies?|dife|terremoto|earthquake|quake|"
    r"seisme|tremblement de terre|tranbleman te|temblor|sismo|evacuation|evacuacion|disturbios|"
    r"protests?|riots?|manifestations|emeutes|violence|violencia|crecida"
)
_ABOUT = (
    rf"(?:{_TOPIC})\s+(?:message|msg|text|alert)|(?:message|msg|text|mensaje|msj|mensagem|mesaj|"
    r"sms)\s+(?:about|on|of|for|del|de la|de las|de los|de|sobre|do|da|das|dos|du|des|sur|pour|"
    rf"pou|sou)\s+(?:(?:the|la|el|las|los|o|a|os|as|le|les)\s+|l')?(?:{_TOPIC})"
)
_ALERT_SEEN = re.compile(
    # (with who got it: "we got the alert, we r ok" leaves "we r ok")
    r"(?<!\w)(?:(?:we|i|nosotros|yo|nous|eu|nos|a gente|ya|already|just|also|tambien|ja)\s+){0,2}"
    rf"(?:{_SEEN})\s+(?:\S+\s+){{0,3}}?(?:(?:alerts?|alertas?|avisos?|alertes?|alet)(?!\w)"
    rf"|{_OURS}|{_ABOUT})"
    # (to the end of its clause, or where: "sobre os conflitos em Pacaraima" leaves the town)
    r"[^.,!?;\n]{0,60}?(?=\s+(?:and|but|y|pero|et|mais|e|mas|ak|men|en|in|em|no|na|nan|at|dans|"
    r"au)\s|[.,!?;\n]|$)"
)
_WHERE_WORD = re.compile(r"(?<!\w)(?:en|in|em|no|na|nan|at|a|à|au|dans|aqui|here|aca)(?!\w)", re.I)
# "hello", "buenas noches", "oi": a greeting, nothing told
_HELLO_ONLY = re.compile(
    r"^(?:\s*(?:hello|hi|hey|hola|buenas|buenos dias|buenas noches|buenas tardes|bonjour|bonsoir|"
    r"salut|ola|oi|bom dia|boa tarde|boa noite|bonjou|bonswa|allo|alo|good (?:morning|evening|"
    r"afternoon)|yes|si|oui|sim|wi|ok|okay|thanks|gracias|merci|obrigad[oa]|mesi)[\s,.!]*)*\s*$"
)


def _untold(state: DialogueState) -> bool:
    """A conversation with nothing told yet: no case, no answer, no form, no question pending."""
    return not (state.case or state.slots or state.active_form or state.pending)


def alert_cut(text: str) -> tuple[str, str]:
    """The text without an alert it answers, and the alert's words: "hola, recibimos el aviso
    del río, estamos bien" reads as "hola, estamos bien"."""
    folded = fold(text)
    seen = list(_ALERT_SEEN.finditer(folded)) if len(folded) == len(text) else []
    if not seen:
        return text, ""
    alert = seen[0][0]
    for found in reversed(seen):
        text = text[: found.start()] + text[found.end() :]
    text = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", " ".join(text.split()))  # "hola, , estamos"
    text = re.sub(r"\s+([,;.])", r"\1", text)  # "yes , we r ok"
    return text.lstrip(" ,;:.!") or text.strip(), alert


# "3, somos hondureños", "4": a count said first, the rest after a comma
_COUNT_FIRST = re.compile(r"(\d{1,2})(?:\s*,|$)")
_LOW_BATTERY = re.compile(
    r"(?<!\w)(?:bateria|battery|batterie|batri|pila|carga|charge)(?!\w)"
    r"|(?<!\w)(?:phone|cel|celular|telephone|telefone|telefon)\s+(?:is\s+)?(?:dying|dead|se muere|"
    r"se apaga|va mourir|vai desligar|pral mouri)"
)
_A_THING = re.compile(r"\s+(?:it|them anywhere|it anywhere)(?!\w)")
_WATER_BEFORE = re.compile(
    r"(?<!\w)(?:l'?\s?eau|el agua|a agua|the water|dlo a)(?:\s+n'?\s?est|\s+n'?|\s+est)?\s*$"
)
_LOST_VERB = re.compile(
    r"(?<!\w)(?:lost|lose|perdi\w*|perdeu|perdemos|perdu|pedi)(?:\s+(?:her|his|my|their))?"
)
# "lo mataron", "il a été tué", "foi morto": no one to search for, however sure the reading
_KILLED = re.compile(
    r"(?<!\w)(?:lo mataron|la mataron|lo asesinaron|la asesinaron|a ete tue|a ete tuee|"
    r"was killed|got killed|was murdered|foi morto|foi morta|foi assassinad[oa]|yo touye l)(?!\w)"
)
# "I'm writing for my mom", "le escribo por mi papá", "j'écris pour ma mère", "escrevo pela
# minha mãe", "m ap ekri pou manman m": on behalf of someone who is there.
# "quick question for my mom", "una pregunta para mi papá": asking, for someone there
_QUESTION_FOR = re.compile(
    r"(?<!\w)(?:(?:question|pregunta|pergunta|kesyon) (?:for|about|para|sobre|pour|pou)|"
    r"asking (?:for|on behalf of)|pregunto para|je demande pour|pergunto para) "
    r"(?:my|mi|ma|mon|minha|meu)?\s*\w+"
)
# "estoy ayudando a una señora", "I'm helping a family", "j'aide une dame", "m ap ede yon fanm"
_HELPING = re.compile(
    r"(?<!\w)(?:estoy ayudando a|ayudo a|i'?m helping|i am helping|j'aide|je suis en train d'aider|"
    r"estou ajudando|to ajudando|m ap ede|mwen ap ede|"
    # "sou pastor de uma igreja", "I am the pastor of a small church": who writes for others
    r"(?:soy|sou|i'?m|im|i am|je suis|mwen se|m se)\s+(?:el |la |the |le |o |a )?"
    r"(?:pastor|pasteur|paste|pastora|padre|priest|pretre|pret|social worker|trabajadora social|"
    r"assistante sociale|assistente social))(?!\w)"
)
# "se le acabaron las pastillas", "ran out of her insulin", "n'a plus ses médicaments", "acabou
# o remédio", "fini medikaman": medicine or care run out
_WITHOUT_CARE = re.compile(
    r"(?<!\w)(?:se (?:le|me|nos|les) (?:acabaron|acabo|termino|terminaron)|ran out|run out|"
    r"running out|out of (?:his|her|my|their|our) |(?:no|sin) (?:tiene|tengo|tenemos|hay) "
    r"(?:su |sus |mas )?(?:medicina|medicamento|pastilla|insulina|oxigeno)|"
    r"n'a plus|n'ont plus|plus de (?:medicament|insuline|oxygene)|acabou|acabaram|ficou sem|"
    r"ficaram sem|sem (?:o |os |a |as )?(?:remedio|insulina|oxigenio)|fini|pa gen medikaman)"
)
# "but got them at the clinic", "ya tiene su medicina", "ça va mieux": the care had
_CARE_HAD = re.compile(
    r"(?<!\w)(?:got (?:them|it|more|some)|ya (?:tiene|tenemos|le dimos|consiguio|consiguimos)|"
    r"(?:va|vai|esta|is) (?:mieux|melhor|mejor|better)|ja (?:tem|conseguiu|conseguimos)|"
    r"li jwenn|nou jwenn|todo bien|tudo bem)(?!\w)"
)
# "no sabe leer ni escribir", "she can't text", "ne sait pas écrire", "não sabe escrever",
# "li pa konn li": someone who cannot write for themselves
_CANNOT_WRITE = re.compile(
    r"(?<!\w)(?:(?:no sabe|no puede|can'?t|cannot|doesn'?t know how to|does not know how to|"
    r"ne sait pas|ne peut pas|nao sabe|nao consegue|pa konn|pa ka)\s+(?:\w+\s+)?"
    r"(?:leer|escribir|read|write|text|lire|ecrire|ler|escrever|ekri)"
    # (Creole "li" is also "him": only right after "pa konn", never "pa ka jwenn li")
    r"|pa (?:konn|ka) li)(?!\w)"
)
_WRITING_FOR = re.compile(
    r"(?<!\w)(?:(?:i'?m |im |i am )?writing|(?:le |les )?escribo|j'ecris|je vous ecris|escrevo|"
    r"m ap ekri|mwen ap ekri)"
    # ("escribo desde canada por mi prima", "writing from toronto about my sister")
    r"\s+(?:(?:desde|from|depuis|de|soti)\s+\w+(?:\s+\w+)?\s+)?"
    r"(?:for|on behalf of|about|por|para|pour|au sujet de|pela|pelo|sobre|pou)"
    r"\s+(?:my|mi|mis|ma|mon|mes|minha|meu|la|el|a|o)?\s*\w+"
)
# "my boyfriend is there in kendall", "ella vive en el bras", "li nan santiago": where the one
# written about is now
# "im in…", "estamos en…", "je suis à…", right before a place: where the writer is.
_I_AM_IN = re.compile(
    r"(?<!\w)(?:i'?m|i am|we'?re|we are|estoy|estamos|je suis|on est|nous sommes|estou|m|"
    r"mwen|nou)\s+(?:now\s+|ahora\s+|agora\s+)?(?:in|at|en|a|au|em|no|na|nan)\s+$"
)
_LOCATED = re.compile(
    r"(?<!\w)(?:is|hes|shes|lives|esta|vive|est|habite|vit|ta|mora|li rete|li ye)\s+"
    r"(?:(?:there|here|staying|alla|aca|la|la-bas|aqui|ali|la a)\s+)?"
    r"(?:in|at|en|a|au|chez|em|no|na|nan)\s+"
)
# "mi hija me mandó un audio", "j'ai eu des nouvelles", "she texted me", "falei com ela": the
# one written about has been heard from
_HEARD_FROM = re.compile(
    r"(?<!\w)(?:me mando (?:un |una )?(?:audio|mensaje|msj|whats|nota de voz)|me escribio|"
    r"hable con (?:el|ella)|j'ai eu (?:des |de ses |de leurs )?nouvelles|"
    r"(?:il|elle) m'a (?:ecrit|appele|envoye)|(?:he|she) (?:texted|called|messaged) me|"
    r"i (?:talked|spoke) (?:to|with) (?:him|her)|heard from (?:him|her|them)|"
    r"(?:ele|ela) me (?:mandou|ligou|escreveu)|falei com (?:ele|ela)|"
    r"li voye (?:yon )?(?:mesaj|odyo|vokal) ban m|m pale ak li|m gen nouvel)(?!\w)"
)
# "my name is", "me llamo", "je m'appelle", "meu nome é", "mwen rele": the writer's own name
_OWN_NAME = re.compile(
    r"(?:\bmy name is|\bmy name's|\bi am|\bi'?m|\bthis is|\bme llamo|\bmi nombre es|\bsoy|"
    r"\bje m'?appelle|\bmon nom (?:est|c'est)|\bje suis|\bmeu nome (?:e|eh)|\bme chamo|"
    r"\bsou (?:a|o)?|\bmwen rele|\bm rele|\bnon m (?:se|rele)|\bmwen se)\W*$"
)


def _heard_of_them(slots: dict[str, Any]) -> dict[str, Any]:
    """Who a search turns out to be for, as said before it began: the name, the age said
    with it, the relation."""
    pairs = (("missing_name", "named"), ("missing_age", "named_age"), ("relation", "relation"))
    return {slot: slots[was] for slot, was in pairs if was in slots}


def _own_name(parse: ParseResult, name: Entity) -> bool:
    """Whether a name is the writer's own, said as who writes ("hi, my name is Luis")."""
    return bool(_OWN_NAME.search(fold(parse.text[: name.start]).rstrip()))


# "…with his wife and the baby of 5 months", "con su hijo de 3": an age that belongs to whoever
# is with the one written about, in the same clause
_COMPANION_AGED = re.compile(
    r"(?<!\w)(?:with|con|com|avec|ak)\s+(?:[^\s,.;:!?\d]+\s+){1,5}"
    r"(?:de|of|d'|who is|que tiene|qui a|que tem|ki gen)\s*\d"
)


def _their_place(parse: ParseResult) -> str | None:
    """Where the people written about are, when the writer says both where they are and where
    the others are ("no, yo estoy en houston. él está en miami, en hialeah"): the others' place
    and the places said after it; None unless the writer's own comes first."""
    places = [e for e in parse.entities if e.entity == "place"]
    folded = [fold(parse.text[: e.start]) for e in places]
    if len(places) < 2 or _I_AM_IN.search(folded[0]) is None:
        return None
    for i in range(1, len(places)):
        if _LOCATED.search(folded[i][-30:]) and not _I_AM_IN.search(folded[i]):
            return ", ".join(dict.fromkeys(x.value for x in places[i:]))
    return None


def _unclaimed(parse: ParseResult, span: tuple[int, int] | None) -> str | None:
    """The words at `span`, unless another entity (a place, a country) claims any of them."""
    if span is None or any(e.start < span[1] and span[0] < e.end for e in parse.entities):
        return None
    return parse.text[span[0] : span[1]]


def _without_pregnancy_need(parse: ParseResult) -> ParseResult:
    """The message without a medical need read from a pregnancy alone ("una senhora grávida",
    "im 8 months pregnant"): who is there, not care asked for (a doctor, a hospital, or a need
    said, still are)."""
    folded = fold(parse.text)
    drop = [
        e
        for e in parse.entities
        if e.entity == "need"
        and e.value == "medical"
        and _PREGNANT_WORD.fullmatch(folded[e.start : e.end])
        and not _NEED_VERB.search(folded[max(0, e.start - 25) : e.start])
    ]
    if not drop:
        return parse
    return replace(parse, entities=[e for e in parse.entities if e not in drop])


# The body, its burial or its way home, asked for in words: "repatriar el cuerpo", "bury him
# at home", "rapatrier", "antere l lakay".
_FOR_THE_BODY = re.compile(
    rf"(?<!\w)(?:{BODY_WORDS}"
    r"|repatri\w*|rapatri\w*|traslad\w*|enterr\w*|sepult\w*|bury|buried|burial|funeral\w*|"
    r"funerari\w*|entierro|enterro|velorio|wake|cremat\w*|cremac\w*|incinera\w*|antere|"
    r"anteman|bring (?:him|her|them) (?:home|back)|traerlo|traerla|ramener|trazer)(?!\w)"
)


def _legal(need: Entity) -> Entity:
    """Legal help, in place of the paper or the pay named."""
    return Entity("need", "legal", need.start, need.end, need.confidence, "officer")


# Pains of a pregnancy: "vant li ap fè l mal", "dor forte", "dolores", "cramps", "ap senyen".
_PAINS = re.compile(
    r"(?<!\w)(?:fe (?:l|m|li|mwen) mal|doule|dor|dores|dolor|dolores|pains?|cramps?|douleurs?"
    r"|contract\w*|contracc\w*|contrac[oa]\w*|sangr\w*|bleed\w*|saign\w*|senyen|kontraksyon)(?!\w)"
)
_NOT_FINE = re.compile(
    r"(?<!\w)(?:(?:no|nao)\s+(?:(?:estoy|estamos|esta|estan|estou|ta|to|tamo)\s+)?"
    r"(?:bien|bem|a salvo|seguros?|seguras?)"
    r"|(?:i'?m|im|we'?re|we are|we r|i am|they'?re|they are) not (?:ok|okay|fine|safe|good|alright)"
    r"|(?:je ne vais|on ne va|nous n'allons|ca ne va|ca va) pas(?: bien)?"
    r"|(?:m|mwen|nou|yo|li) pa (?:byen|an sekirite|anfom))(?!\w)"
)
_NEGATED_BEFORE = re.compile(r"(?:^|\W)(?:no|not|pa|pas|nao|nem|ni)\W*$")


def _fine_anywhere(folded: str) -> bool:
    """Fine said at the start of any word ("soy Erick, estoy bien"), not after a no."""
    return any(
        _FINE.match(folded[word.start() :]) and not _NEGATED_BEFORE.search(folded[: word.start()])
        for word in re.finditer(r"(?<!\w)\w", folded)
    )


# The writer is the one reported missing: "reported me missing", "me reportaron como
# desaparecido", "m'a signalé disparue", "dizendo que eu tava desaparecido", "rapòte m disparèt".
_REPORTED_ME = re.compile(
    r"(?<!\w)(?:reported me (?:as )?missing|reported me (?:to|with) (?:you|u|y'all)"
    r"|filed a missing (?:person )?report (?:on|for|about) me"
    r"|me report\w*(?: con ustedes)?(?: como)? desaparecid\w*"
    r"|me (?:dieron|daban|dan|dio) por desaparecid\w*|que yo (?:estaba|andaba) desaparecid\w*"
    r"|m'(?:a|ont) (?:signale|declare)e? (?:comme )?disparu\w*|que j'(?:etais|ai) disparu\w*"
    r"|que eu (?:tava|estava|to|estou) desaparecid\w*|que eu (?:tinha )?sumi(?:do|da)?"
    r"|me (?:deu|deram|dando) como desaparecid\w*"
    r"|me reportou (?:como desaparecid\w*|pra voces|para voces|a voces)"
    r"|rapote m disparet|di m disparet)(?!\w)"
)
# Looked for: "(my mom) is looking for me", "me anda buscando", "me cherche", "está me
# procurando", "ap chèche m"; the writer's, only with kin said (a gang looking for them is danger).
_LOOKING_FOR_ME = re.compile(
    r"(?<!\w)(?:(?:looking|searching) for me|me (?:esta|estan|anda|andan) buscando"
    r"|(?:esta|estan|anda|andan) buscandome|me (?:cherche|cherchent|recherche|recherchent)"
    r"|(?:esta|estao|ta|tao|tava) me procurando|(?:ap|te) ch[ae]ch(?:e|i) (?:m|mwen))(?!\w)"
)
# "ok got it", "d'accord", "beleza": a message heard, first of all.
_OK_FIRST = re.compile(r"^\W*(?:ok|okay|oki|vale|dale|d'accord|beleza|ta bom|dako)(?!\w)")
# "me mandó un audio", "sent me a voice note", "m'a envoyé un vocal": the last thing they sent.
_LAST_SENT = re.compile(
    r"(?<!\w)(?:me mando (?:un |una )?(?:audio|mensaje|msj|foto|video|nota de voz)|sent me (?:a )?"
    r"(?:voice|message|text|video|photo)|m'a envoye (?:un |une )?(?:vocal|message|audio)|"
    r"me mandou (?:um |uma )?(?:audio|mensagem|foto|video)|voye (?:yon )?(?:vokal|mesaj) ban m)"
)
# "a quitté le", "salió del", "left the", "saiu do", "kite": the shelter someone left.
_LEFT_FROM = re.compile(
    r"(?<!\w)(?:a quitte|est sorti(?:e)? d[eu]|est parti(?:e)? d[eu]|left|walked out of|"
    r"salio del|salio de la|se fue del|se salio del|dejo el|saiu do|saiu da|deixou o|kite|"
    r"soti nan)\s+(?:le |la |l'|the |el |o |a |his |her |su |seu |sua )?$"
)
# "anndan", "adentro", "inside": where they cannot sleep, said right after.
_INSIDE = re.compile(
    r"^\W*(?:anndan|andan|adentro|dentro|inside|indoors|dedans|a l'interieur|lakay|en la casa|"
    r"na casa|in the house)(?!\w)"
)
# "just wet and scared", "solo asustados", "juste choqués", "só assustados", "jis pè": frightened,
# not hurt.
_ONLY_SHAKEN = re.compile(
    r"(?<!\w)(?:just|only|solo|nomas|nada mas|juste|seulement|so|apenas|selman|jis)\s+"
    r"(?:\w+\s+(?:and|y|et|e|ak)\s+)?(?:scared|wet|cold|shaken|frightened|asustad[oa]s?|"
    r"mojad[oa]s?|con miedo|el susto|choque(?:e|s|es)?|mouille(?:e|s|es)?|assustad[oa]s?|"
    r"molhad[oa]s?|com medo|pe|mouye)(?!\w)"
)
# "well actually not really", "quer dizer", "en fait non", "bueno, en realidad no", "an
# reyalite": what was just said, taken back
_TAKEN_BACK = re.compile(
    r"^\W*(?:(?:well|bueno|bon|bom|enfin|ok)\W+)?(?:actually|not really|i mean|quer dizer|"
    r"na verdade|en fait|en realidad|la verdad|pa vreman|an reyalite|mentira|correction)(?!\w)"
)
# "te gen batay…", "hubo una balacera", "there was a fight", "il y a eu", "houve um tiroteio":
# a danger told as past
_TOLD_PAST = re.compile(
    r"(?<!\w)(?:te gen|te genyen|hubo|habia|there was|there were|il y a eu|y a eu|houve|"
    r"teve um|teve uma|everyone ran|todos corrieron|tout moun kouri|tout le monde a couru|"
    r"todo mundo correu)(?!\w)"
)
# "no wait", "non tann", "no, espera", "attendez", "peraí": what was just said is taken back.
_WAIT_NO = re.compile(
    r"^\W*(?:(?:no|non|nao|not)\W+)?(?:wait|espera|esperen|esperate|attends|attendez|tann|"
    r"pera|perai|espere)(?!\w)"
)
# "where", "dónde", "où", "onde", "kote": where to go, asked.
_WHERE_TO = re.compile(r"(?<!\w)(?:where|donde|adonde|ou|onde|aonde|kote|ki kote)(?!\w)")
# The fare home: "la passagem", "el pasaje", "le billet", "the ticket", "tikè a".
# "quiero regresar a", "I want to go back to", "rentrer au", "voltar para": going home
_GOING_BACK = re.compile(
    r"(?<!\w)(?:volver|regresar|regresarme|regresarnos|voltar|go back|get back|return|rentrer|"
    r"retourner|tounen|retounen)\s+(?:a|al|para|pra|to|en|au|a la|nan|an|home|a casa|lakay)(?!\w)"
)
_FARE = re.compile(
    r"(?<!\w)(?:passagem|passagens|pasajes?|boletos?|billets?|tickets?|tike|bilhetes?)(?!\w)"
)
# "tengo mi", "i have my", "j'ai mon", "m gen": a paper held (unless "no tengo…")
_HAVE_IT = re.compile(
    r"(?<!\w)(?:tengo|tenemos|i have|i got|we have|j'ai|on a|nous avons|tenho|temos|m gen|"
    r"mwen gen|nou gen)\s+(?:(?:mi|mis|su|my|our|mon|ma|mes|meu|minha|nossos?)\s+)?$"
)
# "the passport i still have", "el pasaporte lo tengo", "the passport is fine"
_STILL_HAVE = re.compile(
    r"\s*(?:,\s*)?(?:(?:i|we) (?:still )?(?:have|got)|(?:lo|la|los|las) (?:tengo|tenemos)|"
    r"(?:je|on) l'ai|(?:eu )?(?:ainda )?tenho|m (?:gen|genyen) l|is (?:fine|ok|safe))(?!\w)"
)
# "número de pasaporte", "numéro de l'ancien passeport": its number asked about, no paper
_ITS_NUMBER = re.compile(r"(?:numero|number|nimewo)\s+(?:de|du|of|do|da)\s+(?:\S+\s+)?$")
_DENIED_BEFORE = re.compile(r"(?<!\w)(?:no|not|sin|sem|nao|pas|pa|ni|without|never)(?!\w)")
# The illness itself, which a "no" denies (medicine or a doctor without one is a need).
_ILLNESS = re.compile(
    r"enferm[oa]s?|sick|ill|malade|malad|doente|saude|salud|sante|problema de saude|"
    r"health(?: problem)?s?"
)


# Ill now: "a la diarrhée", "tiene fiebre", "is vomiting", "ta com febre", "gen lafyèv"
_ILL_NOW = re.compile(
    r"(?<!\w)(?:diarrh?e\w*|diarreia|dyare|vomit\w*|vomissement\w*|vomi|fiebre|fievre|febre|"
    r"fever|lafyev|fyev|calentura|deshidrat\w*|dehydrat\w*|deshydrat\w*|desidrat\w*|"
    r"ne garde rien|no retiene|keep anything down|convuls\w*|tousse|tos|cough\w*|"
    r"no puede respirar|can'?t breathe|respire mal|dificuldade para respirar)(?!\w)"
)
# Signs of illness a parent tells ("tá muito amarelinho", "no quiere agarrar pecho", "his
# insulin ran out"): care needed, not a rescue
_ILL_SIGNS = re.compile(
    r"(?<!\w)(?:amarill\w*|amarel\w*|jaune|jaundice|ictericia|icteric\w*|no quiere (?:mamar|"
    r"comer|agarrar (?:el )?pecho)|nao quer mamar|won'?t (?:feed|eat|nurse)|infectad\w*|infect\w*|"
    r"sin (?:su |sus )?(?:insulina|medicina|medicinas|medicamentos?|pastillas)|"
    r"(?:insulin|insulina|medicine|medication|remedio|remedios|medicaments?) (?:ran out|se acabo|"
    r"acabou|se le acabo|is finished))(?!\w)"
)
# "can we talk in english", "mi español es malo", "je parle pas bien espagnol", "m pa pale
# panyòl": the language of the talk, asked or excused
_LANGUAGE_TALK = re.compile(
    r"(?<!\w)(?:talk|speak|habla\w*|parl\w*|fala\w*|pale|my|mi|mon|meu)\s+(?:\w+\s+){0,2}?"
    r"(?:in\s+|en\s+|em\s+|an\s+)?(?:english|ingles|anglais|angle|spanish|espanol|espagnol|"
    r"espanhol|panyol|french|frances|francais|franse|portuguese|portugues|kreyol|creole|criollo|"
    r"crioulo)(?!\w)"
)
# When a place is open: "are they open on saturday", "abren el domingo", "à quelle heure ça
# ouvre", "que horas abre", "ki lè li ouvri"
_OPEN_WHEN = re.compile(
    r"(?<!\w)(?:open|opens|abren|abre|abierto|horario|hours|ouvert|ouvre|horaire|aberto|"
    r"louvri|ouvri)(?!\w)"
)
# "we're alive", "nobody hurt", "estamos vivos", "personne n'est blessé", "got out"
_ALIVE = re.compile(
    r"(?<!\w)(?:alive|vivos|vivas|vivants?|vivantes|vivo|viva|an vi|nobody|no one|nadie|"
    r"personne|ninguem|pesonn|got out|salimos|sortis|saimos|nou soti)(?!\w)"
)
# "bien fuerte", "bien feo": "bien" as "very"
_VERY = re.compile(
    r"(?<!\w)bien (?:fuerte|feo|fea|cerca|grande|duro|dura|alto|alta|mal|rapido|hondo|honda|"
    r"horrible|bravo|brava|feito|fuertisimo)(?!\w)"
)
# On the way, out where no help is: walking, on the road, in the desert, at a border
_ON_THE_WAY = re.compile(
    r"(?<!\w)(?:on marche|nous marchons|marchant|caminando|caminamos|walking|andando|caminhando|"
    r"nap mache|n ap mache|sur la route|en el camino|en la carretera|on the road|na estrada|"
    r"desiert\w*|desert\w*|selva|jungle|la jungla|frontera|frontiere|border|fronteira|fwontye|"
    r"darien|trocha)(?!\w)"
)
# A long illness that lives on its treatment: "epilepsia", "diabetic", "VIH", "asthme"
_CHRONIC = re.compile(
    r"(?<!\w)(?:epilep\w*|diabet\w*|dyabet|asma|asthma\w*|asthme|opresyon|hipertens\w*|"
    r"hypertens\w*|tansyon|vih|hiv|sida|aids|dialisis|dialysis|dialyse|hemodialise|"
    r"insulin\w*|ensilin|cancer|kansè|kanse|corazon|heart|coeur|coracao|keu)(?!\w)"
)
# Acute: breath, consciousness, blood, the heart, a seizure; an emergency whatever else is said
_ACUTE = re.compile(
    r"(?<!\w)(?:respir\w*|breath\w*|convuls\w*|inconscien\w*|unconscious|desmay\w*|"
    r"no reacciona|not responding|dolor (?:en el|de) pecho|chest|infarto|heart attack|sangr\w*|"
    r"bleed\w*|saign\w*|senyen|ataque|seizure|crise|kriz|envenen\w*|poison\w*)(?!\w)"
)
# "tengo 2 niños", "i have 3 kids", "j'ai deux enfants", "m gen 2 pitit": theirs, with them
_I_HAVE_KIDS = re.compile(
    r"^\s*(?:(?:solo|just|only|seulement|so)\s+)?(?:tengo|i have|i got|j'ai|tenho|m gen|mwen gen)"
    r"\s+\w+\s+(?:hijos|hijas|ninos|ninas|chamacos|kids|children|enfants|filhos|filhas|"
    r"criancas|pitit|timoun|ti moun)(?!\w)"
)
# "desde o alagamento", "since the hurricane", "depuis le séisme", "depi tranbleman an"
_SINCE_THE = re.compile(
    r"(?<!\w)(?:desde (?:el|la|o|a|que)|since the|ever since|depuis (?:le|la|l')|depi)\s+"
    r"(?:\w+\s+)?(?:alagamento|enchente|inundacao|inundacion|terremoto|temblor|sismo|huracan|"
    r"incendio|fuego|tormenta|flood|hurricane|earthquake|quake|fire|storm|shooting|attack|"
    r"inondation|seisme|tremblement|ouragan|incendie|tranbleman|siklon|inondasyon|dife|"
    r"tempestade|furacao|ataque|tiroteo|tiroteio)"
)
_NOTHING_BEFORE = re.compile(r"(?:nothing|none of it|nothing got|nothing was|no one|nobody)\s*$")
# "(broke) some plates", "(broke) the window", "(broke) our door": a thing broken, not money.
_THINGS_BROKEN = re.compile(r"\s+(?:some|the|a|an|our|my|his|her|their|all|every|down)(?!\w)")


def _without_idle_needs(parse: ParseResult) -> ParseResult:
    """Needs named but not asked for: a paper they still have or whose number is asked about
    ("the passport i still have", "m gen paspò m", "necesitan su número de pasaporte?"), an
    illness denied ("sem problema de saúde", "no estoy enferma", "je ne suis pas malade")."""
    if parse.first("need") is None:
        return parse  # (asked of every message: most name no need, and are left as they are)
    folded = fold(parse.text)

    def idle(e: Entity) -> bool:
        before, after = folded[max(0, e.start - 30) : e.start], folded[e.end : e.end + 25]
        if e.value == "documents":
            held = _HAVE_IT.search(before) and not _DENIED_BEFORE.search(before)
            return bool(held or _STILL_HAVE.match(after) or _ITS_NUMBER.search(before))
        if e.value == "medical" and _HOSPITAL.fullmatch(folded[e.start : e.end]):
            # "mi bebé nació en un hospital de pasadena", "my wife gave birth at a hospital",
            # "juste le papier de l'hôpital": where a birth was, or its paper; no care asked
            paper = _PAPER_FROM.search(before)
            if (_BIRTH_TOLD.search(folded) or paper) and not _NEED_VERB.search(before):
                return True
        if e.value == "medical":
            return _ILLNESS.fullmatch(folded[e.start : e.end]) is not None and bool(
                _DENIED_BEFORE.search(before[-20:])
            )
        if e.value == "shelter" and _LEFT_FROM.search(before):
            return True  # "a quitté le refuge ce matin", "salió del albergue": where he was
        if e.value == "psychosocial" and _INSIDE.match(after):
            # ("nou pa ka dòmi anndan", "no podemos dormir adentro"): afraid of the building
            return True
        if e.value == "financial" and folded[e.start : e.end] == "broke":
            # "broke some plates": no money asked; "nothing broke", "nada se rompió": nothing lost
            return bool(_THINGS_BROKEN.match(after) or _NOTHING_BEFORE.search(before))
        return False

    kept = [e for e in parse.entities if e.entity != "need" or not idle(e)]
    return parse if len(kept) == len(parse.entities) else replace(parse, entities=kept)


def _with_need(parse: ParseResult, need: str) -> ParseResult:
    """The message with the need an officer reads in it though no word names it (papers held:
    legal; a death told: remains)."""
    return replace(parse, entities=[*parse.entities, Entity("need", need, 0, 0, 0.5, "officer")])


def _only_need(parse: ParseResult, need: str) -> ParseResult:
    """The message with the one need an officer reads in it, whatever else it names ("arrêté…
    il n'a pas de papiers": the one held needs a lawyer first)."""
    kept = [e for e in parse.entities if e.entity != "need"]
    return _with_need(replace(parse, entities=kept), need)


def _call_asked(folded: str) -> bool:
    """ "Call me on this one", not "no me llamen, escríbanme aquí" nor "mensaje que llamada"."""
    return any(
        not _NO_CALL.search(folded[max(0, m.start() - 16) : m.start()])
        for m in _CALL_ME.finditer(folded)
    )


# "… o al de mi hermano", "or my wife's", "ou celui de ma soeur", "ou no do meu irmão": a
# number offered in case the first fails.
_OR_ELSE = re.compile(
    r"(?<!\w)(?:o\s+(?:al|el)\s+de|o\s+a\s+(?:mi|su)|or\s+(?:my|the one|at)|"
    r"ou\s+(?:celui|au|no|na|o|a)\s+d|oswa|si no|if not|sinon|senao|if (?:it|this one) dies|"
    r"si se (?:apaga|muere|descarga)|se (?:descarregar|desligar|acabar a bateria))\b[^.!?]{0,45}$"
)
# Extortion: "si no les pago…", "if we don't pay", "sinon ils…", "cobro de piso".
_EXTORTION = re.compile(
    r"(?<!\w)(?:(?:si no|if (?:we|i) (?:don'?t|dont)|se (?:nao|eu nao|a gente nao)|si m pa|"
    r"si nou pa|si on ne|si je ne) (?:\w+ ){0,3}(?:pag\w*|deposit\w*|pay\w*|paie\w*|paye\w*|"
    r"peye)|cobro de piso|extorsi\w*|extortion\w*|racket\w*|ranson"
    # held for money by a smuggler or kidnappers: "being held by the guy who was supposed to
    # cross her, he wants 4000 more", "secuestrados por el coyote", "preso com os coiotes"
    r"|secuestrad\w*|sequestrad\w*|kidnapp\w*|enleve\w*|kidnape|pran (?:l|yo|li) an otaj"
    r"|(?:being |is |are )?held by|(?:preso|presa|presos) com"
    r"|(?:tienen|tiene) (?:retenid|encerrad)\w*"
    r"|(?:wants?|piden|pidiendo|querem|quer|veulent|demandent|mande) (?:\$\s?)?\d[\d,.]*"
    r"(?: mil| thousand)?(?: dolares| dollars| reais)? (?:mas|more|de plus|a mais|anko)"
    r"|(?:piden|pidiendo|querem|wants?|veulent|mande) mais (?:\d|mil))"
)
# "li fenk ekri m", "acabou de me mandar msg", "me acaba de escribir": a message they got
_RELAYED = re.compile(
    r"(?<!\w)(?:(?:fenk|te|sot|sot fenk|vin) (?:ekri m|voye (?:yon )?mesaj(?: ban m(?:wen)?)?)"
    r"|(?:acabou de|acaba de|acaban de) me (?:mandar|escrever|escribir|mandar un|enviar)"
    r"(?: (?:msg|mensagem|mensaje|um audio|un audio|audio))?)(?!\w)"
)
# "son numéro c'est…", "o número dele é…", "her number is…", "nimewo li se…": the number of
# the one written about, who is the one to reach
_THEIR_NUMBER = re.compile(
    r"(?<!\w)(?:(?:su|el) (?:numero|cel|celular|telefono|whatsapp)(?: de (?:ella|el))?"
    r"|(?:numero|cel|celular|telefono) de (?:ella|el|mi \w+)"
    r"|(?:son|leur) (?:numero|portable|telephone|tel|whatsapp)"
    r"|(?:numero|portable|telephone) (?:de (?:ma|mon) \w+)"
    r"|(?:numero|celular|cel|telefone|zap|whatsapp) "
    r"(?:dele|dela|deles|delas|d[oa] (?:meu|minha) \w+)"
    r"|(?:his|her|their) (?:number|phone|cell|whatsapp)|(?:number|phone|cell) of (?:my \w+|her|him)"
    r"|my \w+'?s (?:number|phone|cell)|nimewo (?:li|yo|telefon li)|nimewo \w+ (?:m|mwen) )"
    r"\W+(?:\w+\W+){0,3}$"
)
# "mi número es", "my number is", "mon numéro c'est", "meu número é", "nimewo m se": theirs
_MY_NUMBER = re.compile(
    r"(?:mi (?:numero|cel|celular|telefono)|my (?:number|cell|phone)|mon (?:numero|portable)|"
    r"meu (?:numero|celular|telefone|zap)|nimewo (?:m|mwen))\W+(?:\w+\W+){0,2}$"
)
# "… but write me here first", "pero primero escríbanme aquí": the number before is the second
_HERE_FIRST = re.compile(
    r"(?<!\w)(?:ekri|write|text|escrib\w*|ecri\w*|escrev\w*)\s[^.!?]{0,25}(?<!\w)"
    r"(?:first|primero|primeiro|d'abord|en premier|an premye)(?!\w)"
)
# "keep sending the alerts", "no paren de mandar los avisos", "continuez à m'écrire".
_KEEP_SENDING = re.compile(
    r"(?<!\w)(?:keep|continue|pode continuar|podem continuar|continuem|continua|sigan|siga|"
    r"sigue|no paren de|no dejen de|nao parem de|nao pare de|nao para de|nao deixem de|"
    r"don'?t stop|dont stop|continuez (?:a|de)|n'arretez pas de|"
    r"kontinye|pa sispann)\s+(?:(?:a|de|me|nos|m|nou|nous|us)\s+)?(?:sending|texting|mandando|"
    r"mandar|enviando|enviar|envoyer|m'ecrire|ecrire|voye|ekri|writing|escribiendo|escrevendo|"
    r"checking|messaging|escribir|escribirme|escribirnos)"
)
# "recebi a mensagem sim", "si recibí el mensaje", "wi nou resevwa mesaj la": the alert
# received, read as "stop" for the word "message"
_GOT_MESSAGE = re.compile(
    r"(?<!\w)(?:(?:recebi|recebemos|recibi|recibimos|received|got|j'ai recu|on a recu|"
    r"nous avons recu)\s+(?:(?:a|o|el|la|the|your|le|vo|su|sua|tu|seu)\s+)?"
    r"(?:mensagem|mensaje|message|msg|alerta|alert|alerte|aviso)|resevwa (?:mesaj|alet) (?:la|an))"
    r"(?!\w)"
)
# "m pa vle resevwa mesaj", "i don't want to get messages": a refusal before it
_REFUSED_BEFORE = re.compile(
    r"(?<!\w)(?:pa|no|not|don'?t|dont|nao|ne|plus|never|nunca)\W+(?:\w+\W+){0,2}$"
)
# "stop calling me at work", "não precisa ligar", "no me manden audios": calls and voice notes
# refused, not messages ("só mensagem", "solo texto" follow)
_CALLS_REFUSED = re.compile(
    r"(?<!\w)(?:stop call\w*|(?:pare|parem|para) de (?:me )?ligar|nao precisa (?:me )?ligar|"
    r"no (?:hace falta|es necesario|necesitan?|necesita) (?:que )?(?:me )?llam\w*|"
    r"(?:arretez|arrete) de (?:m'|m )?appeler|pa bezwen rele(?: m)?|"
    r"(?:no|don'?t|dont|pas|nao|pa)\s+(?:\w+\s+){0,3}(?:audios?|notas? de voz|voice\w*|vocal\w*|"
    r"odyo))(?!\w)"
)
# "don't text me on this number", "no me escriban a este número", "take me off the list":
# messages refused, whatever else the message says about how to reach them
_MESSAGES_REFUSED = re.compile(
    r"(?<!\w)(?:(?:(?:no|not|don'?t|dont|never|nunca|jamais|ne|nao|nem|pas|pinga|stop|quit|"
    r"(?:pare|parem|para|parar|paren|chega|deja|dejar|dejen|arrete|arretez) de|sispann)\s+"
    # only small words between ("no me escriban mas", "don't you text me"): "no tengo saldo
    # pa llamar, escríbame" refuses nothing
    r"(?:(?:me|nos|us|te|le|les|m|mwen|nou|ban|ba|mais|plus|mas|more|any|ya|to|the|this|ce|a|de|"
    r"por|favor|porfa|please|pls|tanpri|souple|svp|vous|nous|you|u|guys|ustedes|voces|vcs)\s+)"
    r"{0,3}(?:m'|l')?|pa\s+)(?:text\w*|messag\w*|msg|sms|writ\w*|send\w*|escrib\w*|mand\w*|"
    r"envi\w*|ecri\w*|envoy\w*|voye|ekri|mensag\w*|escrev\w*)|unsubscribe|desinscri\w*|"
    r"(?:remove|take (?:me|us)|quit\w*|borr\w*|saqu\w*|sac\w*|elimin\w*|delete|tir\w*|retir\w*)\s+"
    r"(?:\w+\s+){0,3}(?:list|lista|liste|lis)|remove (?:me|this|my)|quitenme|borrenme|saquenme)"
    r"(?!\w)"
)
# "no quiero q me sigan escribiendo", "i don't want you to keep texting": keeping on, refused
# "ya no me escriban mas", "stop texting me", "ne m'envoyez plus de messages", "parem de me
# mandar mensagem", "pa voye mesaj ban m ankò": no more messages, asked in words.
_NO_MORE_MESSAGES = re.compile(
    # (a stop phrase said with "no" before it is its opposite: "não parem de mandar")
    r"(?<!\w)(?<!no )(?<!nao )(?<!dont )(?<!don't )(?<!pa )"
    r"(?:(?:ya )?no (?:me |nos )?(?:escriban|manden|envien|mande|escriba|sigan escribiendo)"
    r"(?: \w+)? mas|ya no me (?:escriban|manden|envien)|dejen de (?:escribirme|mandarme|enviarme)|"
    r"no quiero (?:recibir )?mas mensajes|(?:stop|quit) (?:texting|messaging|sending|writing)|"
    r"(?:don'?t|do not) (?:text|message|write|send) (?:me|us)(?: \w+)? (?:anymore|any more|again)|"
    r"no more (?:messages|texts)|(?:arretez|arrete) de (?:m'|nous )?(?:envoyer|ecrire)|"
    r"ne (?:m'|nous )?(?:envoyez|ecrivez) plus|(?:parem|pare|para) de (?:me )?(?:mandar|enviar)|"
    r"nao (?:me )?(?:mandem|mande|enviem) mais|nao quero (?:receber )?mais mensage|"
    r"pa (?:voye|ekri) (?:mesaj )?(?:ban|pou|ba) (?:m|mwen) anko|sispann voye|"
    # "não precisa mais mandar mensagem", "no need to text me anymore", "pa bezwen ekri m ankò"
    r"nao precisa(?:m)? mais (?:me )?(?:mandar|enviar|escrever)|no need to (?:text|message|"
    r"write)(?: me)? (?:anymore|any more|again)|no (?:hace falta|es necesario) (?:que )?(?:me )?"
    r"(?:escriban|manden|escribir|mandar)(?: \w+)? mas|(?:plus )?(?:pas )?besoin de (?:m'|nous )?"
    r"(?:ecrire|envoyer) (?:plus|encore)|pa bezwen (?:ekri|voye mesaj ban) (?:m|mwen) anko)(?!\w)"
)
# "nadie más herido", "no one else is hurt": the others, not everyone
_ANYONE_ELSE = re.compile(r"(?<!\w)(?:mas|else|other|otro|otra|autre|autres|outro|outra|lot)(?!\w)")
_KEEP_REFUSED = re.compile(
    r"(?<!\w)(?:no quiero|ya no|don'?t want|do not want|je ne veux (?:pas|plus)|je veux plus|"
    r"nao quero|m pa vle)\s+(?:\w+\s+){0,3}(?:sigan|siga|sigue|keep|continue|continuez|"
    r"continuem|continuar|kontinye)(?!\w)"
)
# "si hay otra réplica les aviso", "I'll let you know", "je vous tiens au courant": they will
# write again if something happens; nothing to answer but thanks
_WILL_TELL = re.compile(
    r"(?<!\w)(?:les? aviso|te aviso|les vuelvo a escribir|"
    r"si [^.!?]{0,40}(?:les|le) escribo(?=\s*(?:$|[.,;!]))|"
    r"(?:i'?ll|i will|will) (?:let you know|"
    r"text you back)|je vous (?:tiens au courant|previens)|eu aviso|aviso (?:voces|vcs)|"
    r"m ap fe nou konnen|m a fe nou konnen|"
    # the answer, passed on by who asked for someone else: "yo los llamo y les digo", "I'll
    # tell her", "je lui dirai", "vou passar pra eles", "m ap pase l enfòmasyon an"
    # (at the end of what is said: "le cuento lo que pasó" tells us, passes nothing on)
    r"(?:yo )?(?:les|le) (?:digo|aviso)(?=\s*(?:$|[.,;!]|y |gracias))|"
    r"se (?:lo|la|los|las) (?:paso|digo)(?=\s*(?:$|[.,;!]|y |gracias))|"
    r"(?:les|le) paso (?:la|el|los) (?:info|informacion|dato|datos|mensaje|direccion)|"
    r"(?:i'?ll|i will|ill) (?:tell|pass (?:it|this|that) on to|let) (?:her|him|them)|"
    r"(?:i'?ll|i will|ill) pass (?:it|this|that) on|"
    r"je (?:lui|leur) (?:dirai|dis|transmets|transmettrai|passe)|je vais (?:lui|leur) "
    r"(?:dire|transmettre|passer)|"
    r"vou (?:passar|falar|avisar|repassar) (?:pra|para|pros|com) (?:ele|ela|eles|elas)|"
    r"m (?:ap|a|pral) (?:di|pase) (?:l|li|yo|sa))(?!\w)"
)
# "solo para saber", "c'est pour savoir", "just asking", "por ahora tenemos dónde dormir":
# a question asked ahead of need
_JUST_ASKING = re.compile(
    r"(?<!\w)(?:(?:c'est |juste |seulement )?pour savoir|(?:solo|nomas|nada mas) (?:para|pa) saber|"
    r"just (?:asking|wondering|to know)|(?:so|somente) (?:pra|para) saber|pou m konnen selman|"
    r"por si acaso|just in case|au cas ou|(?:por ahora|por el momento|for now|pour l'instant|"
    r"por enquanto|pou kounye a) (?:(?:we|on|nous|nou|i|je|eu|a gente) )?(?:(?:still|todavia|aun|"
    r"encore|ainda|toujours) )?(?:tenemos|tengo|have|got|avons|a|ai|temos|tenho|gen|estamos bien|"
    r"we're ok|we are ok|are fine|ca va|estamos bem))(?!\w)"
)
# "just asking", "es pa saber nomás", "só perguntando", "c'est juste une question", "se jis yon
# kesyon": the writer says it is a question, not a request ("yo nomás pregunto por mí" is not)
_ONLY_ASKING = re.compile(
    r"(?<!\w)(?:just asking|only asking|just a question|just wondering|solo (?:estoy )?preguntando|"
    r"solo pregunto|una pregunta (?:nada mas|nomas|no mas|solamente)|(?:es|era) (?:solo )?"
    r"(?:para|pa) saber|(?:solo|nomas|nada mas) (?:para|pa) saber|(?:para|pa) saber nomas|"
    r"solo queria saber|(?:so|somente) (?:pra|para) saber|so (?:estou |to )?perguntando|"
    r"so uma duvida|so queria saber|juste (?:une )?question|(?:c'est )?juste pour savoir|"
    r"je demande juste|se (?:jis )?yon kesyon|m jis (?:vle )?konnen|pou m konnen selman|"
    r"una consulta (?:nada mas|nomas|no mas|solamente)|"
    # "je voulais juste savoir si…", "solo quiero saber si…": whether a service exists
    r"(?:voulais|veux|voudrais) juste savoir si|just want(?:ed)? to know (?:if|whether)|"
    r"solo (?:quiero|queria|quisiera) saber si|so (?:quero|queria) saber se|"
    # "c'est juste une information", "se yon enfòmasyon m bezwen": a question, not a need
    r"c'est juste (?:pour )?une info(?:rmation)?|se yon enfomasyon (?:m|mwen) bezwen|"
    r"es (?:solo |nomas )?una informacion|so uma informacao|"
    r"just (?:need )?(?:some )?info(?:rmation)?|"
    # "no es para ahorita", "non pas maintenant", "se pa pou kounye a": for later, not now
    r"no es para (?:ahorita|ahora)|not for (?:right )?now|(?:non )?pas (?:pour )?maintenant|"
    r"nao e (?:pra|para) agora|se pa (?:pou )?kounye a)(?!\w)"
)
# "se me olvidó decir", "I forgot to say", "j'ai oublié de dire", "esqueci de falar", "m te bliye
# di": a fact added to the report already made
_FORGOT = re.compile(
    r"(?<!\w)(?:se me olvido|me olvide de|olvide decir|forgot to (?:say|tell|mention)|"
    r"j'ai oublie de|esqueci de|m te bliye|m bliye di)(?!\w)"
)
# A wound turning bad: fever, gone dark or black, pus ("se puso negro", "li vin nwa").
_INFECTED = re.compile(
    r"(?<!\w)(?:fever|fiebre|calentura|fievre|febre|lafyev|gone (?:dark|black)|turn(?:ed|ing) "
    r"(?:dark|black)|se (?:puso|esta poniendo) negr\w*|noirci\w*|ficou pret\w*|vin nwa|pus)(?!\w)"
)
# "why do you need my zip?", "por que voces precisam saber onde eu moro?", "poukisa nou
# bezwen konnen sa?": why we ask, asked.
_WHY_ASKED = re.compile(
    r"^\W*(?:(?:but|and|y|pero|mais|et|mas|e|ok|bueno|ta)\W+)?(?:why|how come|por que|porque|"
    r"pra que|para que|pourquoi|poukisa|pou ki sa)\b[^.!]*?\b(?:you|u|ustedes|usted|vous|"
    r"voces|voce|vc|nou|ou)\b[^.!]*?\b(?:need|want|ask|asking|know|necesitan|necesita|quieren|"
    r"preguntan|saber|besoin|voulez|demandez|savoir|precisam|precisa|querem|perguntam|bezwen|"
    r"vle|mande|konnen)\b"
)
# Where the migra, deportation, asylum or a refugee's papers come up, the person is told once
# that status is never asked nor reported (a passport lost alone is not this, nor is "un avis
# d'expulsion", an eviction).
_STATUS_CAME_UP = re.compile(
    r"(?<!\w)(?:migracion|inmigracion|la migra|migra|immigration|imigracao|imigrasyon|"
    r"migrasyon|ice|deport\w*|migration station|estacion migratoria|estacao migratoria|"
    # "if we complain we get sent home", "me preguntan si estoy legal": status, however said
    r"(?:get|gets|be|being|got) (?:sent|shipped) (?:home|back)|"
    r"(?:estoy|estamos|to|tamo|estou|estamos|i'?m|im|we'?re|am|je suis|on est|sou|mwen|nou) "
    r"(?:\w+ )?(?:legal|ilegal|illegal|illegale|irregular|irreguliere?|en regle|legalmente)|"
    # "come back with papers", "ni tenemos nuestros papeles": papers as a condition or a lack
    r"(?:come back|vuelva|volver|regrese|regresar|revenir|revenez|voltar|volte|tounen|bring|"
    r"traer|traiga)\s+(?:\w+\s+){0,2}(?:with|con|avec|com|ak)\s+(?:\w+\s+)?"
    r"(?:papers|papeles|papiers|papeis|papye)|"
    r"(?:no|ni|tampoco) (?:tengo|tenemos|tiene|tienen) (?:\w+ ){0,2}papeles|"
    # "meu visto venceu", "my visa expired", "mis papeles no están al día": a stay run out
    r"(?:visto|visa) (?:venceu|vencido|vencida|vencio|expired|expirou|expiro|expire)|overstay\w*|"
    r"papeles (?:no estan al dia|vencidos|vencieron)|"
    # "if i dont have status", "cause of my status", "sin estatus", "sans statut"
    r"(?:dont|don't|do not|doesnt|doesn't|no|without|sin|sem|sans) (?:have |tengo |tenho )?"
    r"(?:legal )?(?:status|estatus|statut)|"
    r"(?:because of|cause of|cuz of|por|por causa do|a cause de|du a) (?:my|mi|meu|mon) "
    r"(?:status|estatus|statut)|"
    # afraid, beside papers or status: "tem medo de ir no posto por causa de documento"
    r"(?:medo|miedo|afraid|scared|peur|pe)(?: \w+){0,10} (?:documento|documentos|papeles|papers|"
    r"papiers|papeis|papye|status|estatus|statut)|"
    # "resolución de expulsión", "la police fédérale… nous faire expulser": sent out of the country
    r"(?:resolucion|orden|aviso|notificacion|carta|lettre) de (?:expulsion|deportacion)|"
    r"(?:police|policia|pf|pdi|federale|federal)(?:\W+\w+){0,8}\W+(?:expulser|expulsar|expulsion|"
    r"expulse|expulsee|expulses|expulsado|expulsada|expulsados)|"
    # (spelled as heard: "inmigrasion", "imigrasion")
    r"inmigrasion|imigrasion|migrasion|"
    r"depote|expuls\w* (?:du pays|del pais|do pais|du territoire)|asylum|asilo|asile|azil|"
    r"refugee (?:card|status|papers)|"
    r"carnet de refugi\w*|protocolo de refugi\w*|protocole de refug\w*|rnm|comar|"
    r"indocumentad\w*|undocumented|sans[- ]papiers|sin papeles|sem documentos?|sem papeis|"
    r"san papye)(?!\w)"
)
# "le preguntan a uno si tiene papeles?", "me atienden aunque no tenga papeles?", "paske m
# poko gen papye", "à cause de mes papiers": whether they have papers, asked about or feared;
# answered, whatever else the message is
_PAPERS_IN_DOUBT = re.compile(
    r"(?<!\w)(?:(?:si|if|se|whether|aunque no|even if|even though|meme si|mesmo sem|mesmo que nao) "
    r"(?:\w+ )?(?:tiene|tengo|tenemos|tenga|tengamos|have|has|tenho|temos|tenha|ai|a|avons|gen) "
    r"(?:no |any |pas de |de |(?:mis|my|mes|meus|nuestros|our) )?(?:papers|papeles|papiers|papeis|"
    r"papye|documentos|status|estatus)|"
    r"poko gen papye|papye (?:m|mwen|nou|li) pa an lod|"
    # ("tengo miedo que ellos pide papel", "vão pedir meus papel?"; not "un papel", a form)
    r"(?:pide|piden|pidan|pedir|pedem|pede) (?:meus |mis |nuestros |los |o |el )?papel|"
    r"(?:a cause de|pour) (?:mes|nos|ses) papiers|"
    r"(?:mes|nos) papiers (?:ne sont )?pas en regle)(?!\w)"
)
# "need a doctor", "necesito un abogado", "besoin d'un abri", "preciso de", "bezwen": a need
# asked for, among others merely mentioned.
_NEED_VERB = re.compile(
    r"(?<!\w)(?:need|needs|necesit\w*|besoin|precis\w*|bezwen|quiero|want|veux|voudrais|quero|"
    r"vle|busco|looking for|cherche|procuro)(?!\w)"
)
# Words of a phrase about reaching someone by phone or message, not about a place.
_WRITING = re.compile(
    r"num|nimewo|\bcel|phone|fone|whatsapp|zap|msg|mensa|messag|text|ekri|escri|escrev|ecri|sms|mesaj"
    r"|repond|respond|contact|contat|kontakte|avis|telegram|chama"
)
# ... or of calling: how to reach someone, said in any words ("joignable ici", "reply here")
_REACH = re.compile(rf"{_WRITING.pattern}|reply|reach|joignable|llam|liga|ligu|rele|appel|call")
# "Río Coatán", "Buffalo Bayou", "rivyè Masak": a river, not a town or a neighbourhood
_WATERCOURSE = re.compile(
    r"^\W*(?:rio|river|arroyo|riviere|rivye|lago|lake|canal|presa)(?!\w)|(?<!\w)(?:river|creek|"
    r"bayou)\W*$"
)
_UNDER_WAY = {"assistance": ("contact",), "missing_person": ("missing_name", "missing_age")}
# What a report is made of: a message that only gives these adds to it.
_REPORT_ENTITIES = frozenset(
    {"nationality", "place", "phone", "people_count", "person_name", "age", "relation"}
)
# Needs that are no emergency in themselves (a shelter or a doctor may be one).
_CALM_NEEDS = frozenset({"remains", "documents", "legal"})
# What a disaster over leaves people needing (care is left out: a body in need of it may be
# the emergency)
_AFTERMATH_NEEDS = frozenset({"shelter", "documents", "financial", "repatriation", "psychosocial"})
# Words that say where in a longer answer: "near the walmart", "frente a la iglesia", "bò
# lekòl la", "rua 7", "perto do mercado".
_PLACE_CUE = re.compile(
    r"(?<!\w)(?:en|in|at|near|by the|cerca|frente|junto|detras|calle|avenida|av|colonia|col|barrio|"
    r"street|st|avenue|ave|road|rd|behind|next to|downtown|centro|center|au|aux|dans|chez|pres|"
    r"rue|quartier|em|perto|rua|bairro|nan|bo|lari|katye|zone|zona|area|parque|park|shelter|"
    r"albergue|refugio|abri|abrigo|hospital|hopital|lopital|iglesia|church|eglise|igreja|"
    r"legliz|mercado|market|marche|mache)(?!\w)"
)
# "at the shelter", "en el albergue", "no abrigo", "au refuge", "nan abri a": where one is.
_AT_SHELTER = re.compile(
    r"(?<!\w)(?:(?:at|in) (?:the|a) (?:\w+ )?shelter|(?:en|desde) (?:el|un) (?:albergue|refugio)|"
    r"(?:no|num|na) abrigo|(?:au|dans (?:le|un|l')) ?(?:refuge|centre|abri|foyer)|"
    r"nan (?:yon )?abri)"
)
# "después del sismo", "since the hurricane", "depuis l'ouragan": a danger told as past.
_AFTER_IT = re.compile(
    r"(?<!\w)(?:despues del?|desde el|after the|since the|depuis l[ea']|apres l[ea']|"
    r"depois d[oa]|desde o|desde a|apre)\s*\w+"
    # "lost his insulin in the flood", "perdió sus papeles en el incendio": what it took
    r"|(?<!\w)(?:lost|perdio|perdi|perdimos|perdieron|perdeu|perdemos|a perdu|ai perdu|"
    r"avons perdu|pedi|pèdi)(?!\w)[^.!?]{0,40}?(?<!\w)(?:in the|en la|en el|na|no|dans l[ea']|"
    r"nan)\s*\w+"
)
# A danger forecast, announced or feared to come: "supposed to hit thursday", "podría llegar
# para acá", "on annonce", "vai chegar amanhã", "siklòn nan ap vini".
_FORECAST = re.compile(
    r"(?<!\w)(?:supposed to (?:hit|come|arrive|make landfall)|is coming|are coming|will hit|"
    r"gonna hit|going to hit|expected to|could (?:reach|hit|get here|come)|might (?:reach|hit|"
    r"get here|come)|may (?:reach|hit)|on the news|in the news|forecast|approaching|headed our way|"
    r"heading (?:our way|this way)|viene (?:un|el|una|la)|vienen|va a (?:llegar|pegar|entrar)|"
    r"podria (?:llegar|pegar|entrar)|puede (?:llegar|pegar)|dicen que (?:viene|va a|podria)|"
    r"en las noticias|en la tele|en el noticiero|pronostic\w*|se acerca|alerta de|va arriver|"
    r"pourrait (?:arriver|atteindre|toucher|venir)|doit (?:arriver|toucher|frapper)|on annonce|"
    r"annoncent|a la tele|aux infos|vai chegar|pode chegar|deve chegar|previsao|dizem que vai|"
    r"no jornal|ap vini|pral (?:frape|rive|vini|pase)|ka rive|yo anonse|nan nouvel)(?!\w)"
)
# Asked before it comes, as hearsay or a condition: "if the hurricane hits tonight", "they say
# the river will rise", "dicen que el río va a crecer", "yo di larivyè a pral monte".
_HEARSAY = re.compile(
    r"(?<!\w)(?:if (?:the|a|it|this) (?:\w+ )?(?:hits|comes|gets here|floods|rises)|"
    r"si (?:llega|pega|entra) (?:el|la)|si (?:el|la) \w+ (?:llega|pega|entra|sube|crece)|"
    r"si siklon|alerta de chuva|alerta de lluvia|"
    r"(?:they say|they said|dicen que|dicen q|dijeron que|dizem que|disseram que|ils disent que|"
    r"on dit que|yo di) (?:\S+ ){0,4}(?:will|is going to|gonna|va a|viene|puede|podria|vai|"
    r"pode|va|vont|peut|pral|ka))(?!\w)"
)
# "supposed to hit tmrw night", "el huracán entra mañana en la noche", "l'ouragan arrive
# demain soir", "siklòn nan ap rive demen": it comes tomorrow ("esta mañana" is this morning)
_ARRIVES_LATER = re.compile(
    r"(?<!\w)(?:hit|hits|come|comes|coming|arrive|arrives|arriving|land|lands|entra|llega|pega|"
    r"viene|touche|frappe|chega|bate|rive|vini|frape|pase|passa|passar|pasa|pasar|passe)\s+"
    r"(?:(?!esta\s|la\s|this\s)\w+\s+){0,2}?(?:tomorrow|tmrw|tmr|2morrow|manana|demain|amanha|demen|"
    # ("there's a hurricane coming thursday", "siklòn nan ap rive vandredi"): a day to come
    r"(?:on |el |le |na |no )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|"
    r"martes|miercoles|jueves|viernes|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche|segunda|terca|quarta|quinta|sexta|lendi|madi|mekredi|jedi|vandredi|"
    r"samdi|dimanch)|this weekend|este fin de semana|ce week-end|ce weekend|nesse fim de semana|"
    r"next week|la semana que viene|la proxima semana|la semaine prochaine|semana que vem|"
    r"semen pwochen)(?!\w)"
)
# "not yet", "todavía no", "pas encore": said of the danger, it is not on them
_NOT_YET = re.compile(
    r"(?<!\w)(?:not yet|not here yet|todavia no|aun no|ainda nao|pas encore|poko)(?!\w)"
)
# "l'eau est déjà entrée", "ya llegó", "it's here now": on them, whatever was foretold
_ALREADY = re.compile(r"(?<!\w)(?:already|now|ya|deja|ja|agora|maintenant|kounye a|ahorita)(?!\w)")
# Heavy rain announced: a storm for what to do, though no hazard word is in it.
_RAIN = re.compile(
    r"(?<!\w)(?:heavy rain|lluvias? fuertes?|fuertes lluvias|aguacero|chuva forte|chuvas fortes|"
    r"temporal|fortes pluies|forte pluie|gwo lapli)(?!\w)"
)
# A flood, fire or storm told as over: "ya bajó el agua", "the flood went down", "dlo a
# desann", "ya apagaron el fuego", "anoche se quemó", "a brûlé hier soir", "queimou ontem".
_DANGER_ENDED = re.compile(
    r"(?<!\w)(?:ya bajo|bajo el agua|ya paso|ya apagaron|apagaron el fuego|se apago el fuego|"
    r"went down|gone down|receded|fire is out|fire was out|put (?:out the fire|the fire out)|"
    r"a baisse|est redescendue|est eteint|ont eteint|ja baixou|baixou|apagaram o fogo|"
    r"fogo apagou|dlo a desann|dlo a bese|dlo a seche|dife a etenn|etenn dife|"
    # "the water finally going down", "l'eau descend enfin", "a água tá baixando": receding
    r"(?:water|eau|agua|dlo)(?: \w+){0,3} (?:is |s )?(?:going down|receding|descend|baisse|"
    r"baixando|bajando|esta bajando|ap desann|ap bese))(?!\w)"
    r"|(?<!\w)(?:se quemo|se incendio|se inundo|burn(?:ed|t)(?: down)?|flooded|a brule|"
    r"brule|inonde|queimou|pegou fogo|alagou|boule|dife (?:a )?te pran|te pran dife)"
    r"\s+(?:\w+\s+){0,4}?"
    r"(?:anoche|ayer|last night|yesterday|hier|ontem|ye|yeswa|ye swa|antier|anteayer|"
    r"la nuit derniere|cette nuit|la semana pasada|semana pasada|last week|"
    r"la semaine derniere|semana passada|semen pase|the other night|l'autre nuit)(?!\w)"
    r"|(?<!\w)(?:anoche|ayer|last night|yesterday|hier soir|hier|ontem|ye swa)\s+(?:\w+\s+){0,4}?"
    r"(?:se quemo|se incendio|se nos quemo|se inundo|burn(?:ed|t)|a brule|queimou|pegou fogo|"
    r"boule)(?!\w)"
)
# "pero ahora", "but now", "mais maintenant", "mas agora", "men kounye a": what is left now.
_BUT_NOW = re.compile(
    r"(?<!\w)(?:pero ahora|but now|mais maintenant|mas agora|mais agora|men kounye a|"
    r"ahora el problema|now the problem|now my|ahora mi|agora (?:o|a|meu|minha)|"
    r"nos quedamos sin|we have nothing|on n'a plus rien|ficamos sem|nou pa gen anyen|"
    r"tout est parti|kounye a,? men)(?!\w)"
)
# "termina en 0136", "ends in 4412", "finit par 87", "termina com 0190", "fini ak 45", or
# "pardon, 0187 à la fin": the last digits of a number, corrected.
_ENDS_IN = re.compile(
    r"(?<!\w)(?:termina en|terminado en|termina con|ends in|ending in|ends with|finit par|"
    r"se termine par|termine par|termina com|termina em|no final e|fini ak|fini pa|last digits "
    r"(?:are|is))\s*:?\s*(\d{2,4})(?!\d)"
    r"|(?<!\w)(\d{2,4})\s+(?:a la fin|al final|at the end|no final|nan fen)(?!\w)"
)
# A message that opens with a question ("where can we take him? they're still outside")
_ASKS_FIRST = re.compile(
    rf"(?:{_QUESTION_WORDS}|where|can|donde|a donde|que|como|puede|pueden|onde|o que|pode|"
    r"podem|ou|est-ce|ki kote|eske)\b[^.!?]*\?"
)
# "where can we go / take him", asked of a doctor or a hospital (_CARE_PLACE)
_CARE_WHERE = re.compile(
    r"(?<!\w)(?:ki kote|kote) (?:\w+ ){0,2}(?:ka|kapab|dwe|pou) (?:\w+ )?(?:al|ale|mennen|pote)\b"
    r"|(?<!\w)(?:onde|pra onde|para onde|aonde) (?:\w+ ){0,2}(?:posso|podemos|levo|leva|vou|"
    r"vamos|ir|levar)\b"
    r"|(?<!\w)(?:a ?donde|donde) (?:\w+ ){0,2}(?:llevo|llevamos|voy|vamos|ir|llevar|puedo)\b"
    r"|(?<!\w)where (?:can|do|should|could) (?:i|we) (?:\w+ )?(?:take|go|bring)\b"
    r"|(?<!\w)ou (?:est-ce qu'?|est ce qu'?)?(?:je|on|nous) (?:\w+ )?(?:peux|peut|pouvons|dois|"
    r"doit|vais|va) (?:\w+ )?(?:aller|emmener|amener|l'emmener|l'amener)\b"
    r"|(?<!\w)(?:ki|quel|qual|que|which|a que) (?:lopital|hopital|hospital|clinique|clinica|"
    r"klinik|clinic|doct\w*|medec\w*|medic\w*)(?!\w)"
)
_CARE_PLACE = re.compile(
    r"(?<!\w)(?:lopital|hopital|hospital|clinique|clinica|klinik|clinic|doct\w*|dokte|medec\w*|"
    r"medic\w*|posto|emergencia|urgences)(?!\w)"
)
# the day before or earlier: "ontem", "ayer", "yesterday", "hier", last night ("yè" folds
# to "ye", "is")
_DAY_BEFORE = re.compile(r"(?<!\w)(?:ontem|ayer|anoche|yesterday|last night|hier|lot jou)(?!\w)")
# "hace una semana", "faz 3 dias", "il y a deux jours", "days ago": told of a while back.
_WHILE_AGO = re.compile(
    r"(?<!\w)(?:hace|faz|il y a|gen)\s+(?:\w+\s+)?(?:dias|semanas?|meses|jours|semaines|mois|"
    r"jou|semenn|mwa)(?!\w)|(?<!\w)(?:days|weeks|months) ago(?!\w)"
    # "last week", "la semana pasada", "la semaine dernière", "semana passada", "semèn pase"
    r"|(?<!\w)(?:last (?:week|month)|la semana pasada|el mes pasado|la semaine derniere|"
    r"le mois dernier|semana passada|mes passado|semen pase|semenn pase)(?!\w)"
)
# "¿dónde hay otro?", "where else can we go", "we need": a shelter named while asking for one.
_ASKING = re.compile(
    r"\?|(?<!\w)(?:necesit|need|besoin|precis|bezwen|busc|look(?:ing)? for|cherch|procur|"
    r"where (?:else|can)|donde (?:hay|podemos)|ou (?:peut|aller)|onde (?:tem|posso)|ki kote)"
)
# "pa bezwen voye moun", "no necesitamos nada", "we don't need anything": a need denied.
_NO_NEED = re.compile(
    r"(?<!\w)(?:pa bezwen|no (?:necesit\w*|hace falta)|(?:do ?n'?t|dont) need|no need|"
    r"pas (?:besoin|la peine)|n'?a(?:vons|i) pas besoin|nao (?:precis\w*)|sem necessidade)"
)
# "gracias por preguntar", "thanks for checking": the answer to a safety check.
# "no es emergencia", "not an emergency", "c'est pas urgent", "não é urgente", "se pa ijans"
_NOT_URGENT_WORDS = (
    r"(?:no es|not|it'?s not|its not|ce n'est pas|c'est pas|pas|nao e|nao|se pa|pa)\s+"
    r"(?:(?:una?|an?|une?|uma?|yon|nada|tan|so|muy|tres)\s+)?"
    r"(?:emergencia|emergency|urgence|urgente|urgent|ijans|ijan|grave|serious)"
)
_NOT_URGENT = re.compile(rf"(?<!\w){_NOT_URGENT_WORDS}(?!\w)")
# A first message that only asks about the service: who writes, is it the consulate, is it
# free or safe, does it work, is anyone there.
_ABOUT_US = re.compile(
    r"^(?:(?:hola|hello|hi|hey|buenas|bonjour|bonsoir|oi|ola|bonswa|bonjou|alo|allo|ok)[\s,.!]+)*"
    r"(?:who is this|who'?s this|who are you|is this (?:really )?the (?:\w+ )?consulate|"
    r"is this (?:safe|free|real|legit)|do you (?:guys )?speak english|does this work|"
    r"is anyone there|anyone there|testing|test|"
    r"quien es|quien habla|quien eres|quienes son|es (?:el|del) consulado(?: \w+)?|es gratis|"
    r"es seguro|esto funciona|funciona|hay alguien|alguien ahi|probando|prueba|"
    r"qui est-ce|c'est qui|qui parle|qui etes-vous|c'est le consulat(?: \w+)?|c'est gratuit|"
    r"ca marche|il y a quelqu'un|"
    r"quem fala|quem e|e o consulado(?: \w+)?|e gratis|e de graca|testando|tem alguem ai|"
    r"kiyes sa|kiyes ki la|ki moun sa|se konsila a|eske se konsila a|eske se sevis gouvenman|"
    r"se sevis gouvenman|eske l gratis|gen moun la)[\s?!.]*$"
)
# "no sé si esto es para esto", "idk if this is the right place", "je ne sais pas si c'est le
# bon endroit", "quick question", "perdón que escriba tan tarde": an opening, nothing told yet.
_HESITANT = re.compile(
    r"^(?:(?:hola|hello|hi|hey|buenas|buenas noches|buenas tardes|buenos dias|buen dia|bonjour|"
    r"bonsoir|salut|oi|ola|boa noite|boa tarde|bom dia|bonswa|bonjou|alo|sorry|perdon|disculpe|"
    r"desculpa|"
    r"ok|y)[\s,.!]+)*"
    r"(?:no se si|i don'?t know if|i dont know if|idk if|not sure if|je ne sais pas si|"
    r"je sais pas si|nao sei se|m pa konnen si|"
    r"(?:una|a|une|uma|yon) (?:pregunta|question|pergunta|kesyon|consulta)"
    r"(?: nomas| nada mas| rapida| rapide)?|"
    r"quick question|(?:sorry|perdon|disculpe)?\s*(?:its|it's|que|q) (?:late|escriba tan tarde)|"
    + _NOT_URGENT_WORDS
    + r")[^?]{0,60}$"
)
# Between a relative and a place: "in", "en", "à", "em", "nan", "que vive en", "who lives in".
_KIN_IN = re.compile(
    r"\s+(?:(?:who|que|qui|ki)\s+(?:lives?|vive|vit|mora|rete)\s+)?"
    r"(?:in|en|a|em|no|na|nan|at|from|de|do|da|back in|alla en|la bas a)\s+"
)
_THANKS_FOR_ASKING = re.compile(
    r"(?<!\w)(?:gracias por (?:preguntar|el mensaje|escribir)|"
    r"(?:thanks?|thank (?:u|you)|thx|ty) (?:for|4) (?:asking|checking|"
    r"the message)|merci (?:de|pour) (?:demander|le message|votre message)|obrigad[oa] por "
    r"(?:perguntar|a mensagem)|mesi (?:pou mesaj la|paske nou mande)|"
    r"merci de prendre (?:de nos|des) nouvelles)(?!\w)"
)
# "the rain stopped", "ya pasó", "la pluie s'est arrêtée", "a chuva parou", "lapli a kanpe":
# a hazard that is over.
_OVER = re.compile(
    r"(?<!\w)(?:stopped|has stopped|is over|passed|calmed down|ya paro|ya paso|ya se calmo|"
    r"se calmo|"
    r"ya termino|ya bajo el agua|s'est arrete|s'est arretee|a cesse|est passe|est fini|parou|"
    r"passou|acalmou|ja baixou|kanpe|fini|pase|bese)(?!\w)"
    # "ya está bajando", "the water is going down", "a água tá baixando": the flood recedes
    r"|(?<!\w)(?:(?:el )?agua (?:ya )?(?:esta |ta )?bajando|ya (?:esta|ta) bajando|"
    r"(?:the )?water(?:'s| is)? (?:going|went|gone) down|(?:the )?water is receding|"
    r"(?:a )?agua (?:ja )?(?:esta |ta |tá )?baixando|l'eau (?:baisse|descend|redescend)|"
    r"dlo a (?:ap )?desann)(?!\w)"
    # "il pleut sans arrêt mais l'eau n'est pas entrée", "the water didn't get in": it did
    # not reach them
    r"|(?<!\w)(?:n'?\s?est pas (?:entree|entre|arrivee|arrive)|"
    r"(?:didn'?t|did not|hasn'?t|has not) (?:come|get|got) in|no (?:ha )?entr(?:o|ado)|"
    r"no (?:nos )?(?:ha )?llegado|nao (?:entrou|chegou)|pa (?:t |te )?(?:antre|rive))(?!\w)"
)
_PREGNANT_WORD = re.compile(
    r"embarazadas?|embarasadas?|encinta|enceintes?|gravidas?|pregnant|ansent|gwos vant|gwos"
)
# A hospital named: "hospital", "hôpital", "lopital", "clínica", "jackson memorial"
_HOSPITALS = r"hospital|hopital|lopital|clinica|clinique|memorial|santa casa|uti|uci|icu"
# "ya apareció", "we found him", "apareceu", "on l'a retrouvé", "nou jwenn li": found, not
# only heard from (a call may be the last contact: "she called me friday from the crossing").
_TURNED_UP_WORDS = (
    r"ya aparecio|aparecio|lo encontramos|la encontramos|lo encontraron|la encontraron|"
    r"(?:we|they) found (?:him|her)|showed up|turned up|came home|ya llego|apareceu|"
    r"achamos (?:ele|ela)|encontramos (?:ele|ela)|(?:ele|ela) chegou|on l'a retrouvee?|"
    r"(?:il|elle) est rentree?|li rantre|nou jwenn li|yo jwenn li|li paret|"
    # "achei ele, tá comigo", "he just walked in", "ya está conmigo", "il est revenu"
    r"achei (?:ele|ela)|(?:ta|esta) comigo|(?:ya )?esta conmigo|(?:just )?walked in|"
    r"(?:he|she)(?:'s| is) back|(?:il|elle) est revenue?|li tounen lakay|ele voltou|ela voltou"
)
# "ya pueden cerrar el caso", "you can close it", "vous pouvez fermer le dossier", "pode
# fechar", "nou ka fèmen dosye a": the writer asks for the case to be closed
_CLOSE_ASKED = re.compile(
    r"(?<!\w)(?:(?:pueden|puede|podeis|pode|podem|you can|u can|can|vous pouvez|tu peux|nou ka|"
    r"ou ka|nou kapab|ou kapab)\s+(?:ya\s+)?(?:cerrar|close|fechar|encerrar|fermer|cloturer|"
    r"femen)|(?:cierren|fechem|encerrem|fermez|close)\s+(?:el|the|o|le|this|it|ka|dosye)|"
    r"(?:cerrar|close|fechar|fermer|femen) (?:el caso|the case|o caso|le dossier|dosye a|ka a))"
    r"(?!\w)"
)
# "nació", "gave birth", "est née", "nasceu", "li fèt": a birth told, done
_BIRTH_TOLD = re.compile(
    r"(?<!\w)(?:naci(?:o|eron|do|da)|was born|were born|gave birth|dio a luz|di a luz|"
    r"(?:est|sont|suis) nee?s?|a accouche|j'ai accouche|nasceu|nasceram|nascid[oa]|deu a luz|"
    r"dei a luz|(?:li|te) fet|te akouche)(?!\w)"
)
# "juste le papier de l'hôpital", "el papel del hospital": the paper a hospital gave
_PAPER_FROM = re.compile(
    r"(?<!\w)(?:papier|papiers|papel|papeles|paper|papers|papeis|papye|certificat|"
    r"certificado|constancia)\s+(?:\w+\s+|\w'){0,3}$"
)
# "quiero viajar a ver a mi mamá", "I want to go see my dad", "je veux aller voir ma mère":
# a visit planned
_TRAVEL_PLAN = re.compile(
    r"(?<!\w)(?:viajar|travel|voyager|vwayaje|visitar|visit|rendre visite|ir a ver|go see|"
    r"aller voir|ir ver|al we|ir a visitar|ir visitar)(?!\w)"
)
# "nous sommes ensemble maintenant", "ele tá aqui comigo agora", "we are both here", "ya está
# conmigo", "li avè m kounye a": the one found is with the writer
_TOGETHER_NOW = re.compile(
    r"(?<!\w)(?:ensemble|together|juntos|juntas|junto a mi|comigo|conmigo|avec moi|with me|"
    r"both here|ansanm|ave m|avek mwen)(?!\w)"
)
# "just saw this msg", "acabo de ver el mensaje", "je viens de voir votre message": a late
# answer to a message of ours
_SAW_IT_LATE = re.compile(
    r"(?<!\w)(?:just saw|only saw|acabo de ver|apenas vi|recien vi|je viens de voir|acabei de ver|"
    r"so vi agora|m fenk we|m fek we)\s+(?:\w+\s+)?(?:msg|message|messages|mensaje|mensajes|"
    r"mensagem|mensagens|mesaj|text|texto)(?!\w)"
)
# "me dejaron un mensaje de que llamara", "you left me a message", "vous m'avez appelé",
# "vocês me ligaram", "nou te kite yon mesaj": our call or message, answered
_CALLED_BACK = re.compile(
    r"(?<!\w)(?:me (?:dejaron|dejaste|dejo|mandaron|enviaron) (?:un |una )?(?:mensaje|recado|msj|"
    r"llamada perdida|audio)|devolviendo (?:la|su|tu) llamada|(?:ustedes )?me (?:llamaron|marcaron|"
    r"escribieron) (?:de|desde) (?:aqui|este numero|ustedes|amparo)|(?:you|u) (?:guys )?(?:called|"
    r"texted|messaged) me|left me a (?:message|voicemail|msg|text)|returning (?:your|a|the) call|"
    r"(?:vous m'avez|on m'a) (?:laisse un message|appele|ecrit)|je vous rappelle|"
    r"(?:voces|vcs|vc|voce) me (?:ligaram|ligou|mandaram|mandou)|(?:deixaram|deixou) (?:um |uma )?"
    r"(?:recado|mensagem)|retornando a ligacao|(?:nou|yo|ou) te (?:rele m|kite yon mesaj|ekri m))"
)
# "mi cuñado se fue ayer para la cdmx", "my brother left for LA last week", "il est parti à
# Tijuana", "ele foi pra SP", "li ale Miami": someone else gone there
_WENT_TO = re.compile(
    r"(?<!\w)(?:(?:el|ella|ellos|he|she|they|il|elle|ils|ele|ela|eles|li|yo)\s+|(?:mi|my|mon|ma|"
    r"meu|minha)\s+\w+\s+)(?:se fue|se fueron|se regreso|left|went|moved|est parti\w*|est "
    r"alle\w*|sont partis|foi|foram|voltou|ale|te ale|pati)\s+(?:\w+\s+){0,3}?(?:a|para|pa|pal|"
    r"to|for|back to|a la|al|pour|en|au|pra|para a|pro|nan|lan|ayer para|hoy para)\s+"
    r"(?:la\s+|el\s+)?$"
)
# "7", "12.": a number alone
_BARE_COUNT = re.compile(r"\s*(\d{1,2})\s*[.!]?\s*")
# "n'est pas rentré au foyer", "no volvió al albergue", "didn't come back to the shelter"
_BACK_TO = re.compile(
    r"(?<!\w)(?:rentree?s?|revenue?s?|retourne\w*|volvio|regreso|llego|returned|come back|came "
    r"back|come home|voltou|voltaram|chegou|tounen|rantre)\s+(?:\w+\s+){0,2}$"
)
_TURNED_UP = re.compile(rf"(?<!\w)(?:{_TURNED_UP_WORDS})(?!\w)")
# ("me acaba de llamar", "he just called", "ele acabou de ligar", "li rele m") or heard from
_FOUND = re.compile(
    rf"(?<!\w)(?:{_TURNED_UP_WORDS}|"
    r"me acaba de llamar|acaba de llamar|just called|called me|found (?:him|her)|"
    r"(?:il|elle) vient de m'appeler|vient d'appeler|on l'a retrouve|retrouvee?|sa copine vient|"
    r"acabou de ligar|ligou agora|acharam (?:ele|ela)|encontraram (?:ele|ela)|achei|acharam|"
    r"encontrei (?:ele|ela)|(?:le|la|l') retrouver|(?:lo|la) (?:encontre|ubicamos|localizamos)|"
    r"chegou agora|li rele m|li fenk rele|li fek rele|li parèt|"
    # "he called this morning he's fine", "il est là!!! la Croix-Rouge l'a ramené", "ele
    # acabou de me mandar msg", "just texted me": heard from, or brought back
    r"(?:he|she) called|just texted me|texted me (?:just now|this morning)|me acaba de escribir|"
    r"(?:il|elle) est la(?=\s*[!.,]|\s*$)|l'(?:a|ont) ramenee?|brought (?:him|her) back|"
    r"(?:lo|la) trajeron|"
    r"trouxeram (?:ele|ela)|acabou de (?:me )?mandar (?:msg|mensagem|mensaje|audio)|"
    r"vient de m'ecrire|li fenk ekri m)(?!\w)"
)
# "on ne peut pas sortir", "we can't get out", "no podemos salir", "nou pa ka soti": kept in
_NO_WAY_OUT = re.compile(
    r"(?<!\w)(?:(?:ne )?(?:peut|peux|pouvons|peuvent) pas (?:sortir|descendre)|"
    r"can'?t (?:get )?(?:out|down)|cannot (?:get )?(?:out|down)|can'?t leave|no way out|"
    r"no (?:podemos|puedo|puede|pueden) (?:salir|bajar)|"
    r"nao (?:podemos|consigo|conseguimos|consegue|conseguem|da pra) (?:sair|descer)|"
    r"pa ka (?:soti|desann)|trapped|atrapad[oa]s?|coinces?|coincees?|ilhad[oa]s?|"
    r"presos em casa|bloke)(?!\w)"
)
# "good news he's ok!!", "buenas noticias, está bien": news of them, told
_GOOD_NEWS = re.compile(
    r"(?<!\w)(?:good news|great news|buenas noticias|buena noticia|bonnes? nouvelles?|"
    r"boa noticia|boas noticias|otima noticia|bon nouvel)(?!\w)"
)
_NOT_BEFORE = re.compile(
    r"(?<!\w)(?:no|not|never|nunca|nao|pa|jamais|hasn'?t|didn'?t|ainda|todavia|aun)(?!\w)"
)


def _sentences_told(folded: str) -> list[str]:
    """The sentences of a message that are not questions."""
    return [part for part in re.findall(r"[^.!?]+[.!?]*", folded) if "?" not in part]


def _turned_up(folded: str) -> bool:
    """Found, told as news: not asked ("…pou nou jwenn li?") nor denied ("never came home",
    "não apareceu")."""
    found = _TURNED_UP.search(folded)
    if found is None or "?" in folded:
        return False
    return _NOT_BEFORE.search(folded, max(0, found.start() - 20), found.start()) is None


# "on vient de me dire qu'il est à l'hôpital", "he is at jackson memorial", "li lopital": where
# the one searched for is now, told by whoever found them
_IN_HOSPITAL = re.compile(
    r"(?<!\w)(?:(?:il|elle) est|qu'(?:il|elle) est|(?:he|she)(?: i|')s|ta|esta|está|li)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:{_HOSPITALS})(?!\w)"
)
# "lo agarró la migra", "ICE picked her up", "la migration l'a pris", "yo arete l": that one
# person taken, not "se llevaron a varios"
_THEY_TOOK_THEM = re.compile(
    r"(?<!\w)(?:(?:lo|la) (?:agarr|detuv|arrest|llev|deport|encerr)\w*|"
    r"(?:picked|took|arrested|detained|grabbed|got) (?:him|her)|"
    r"l'? ?(?:a|ont) (?:pris|arrete|emmene|embarque|enferme)\w*|"
    r"(?:il|elle) est (?:enferme|detenu|arrete|retenu)\w*|"
    r"(?:levaram|prenderam|pegaram|detiveram|pegou|levou) (?:ele|ela)|"
    r"(?:arete|pran|kenbe|fenmen|depote) (?:l|li)|"
    # ("he was picked up by ICE", "il a été arrêté par la police", "fue detenido por migración",
    # "foi preso pela federal", "fue ICE, llegaron al trabajo"): taken, said in the passive
    r"(?:he|she) (?:was|got) (?:picked up|arrested|detained|taken) by|"
    r"(?:il|elle) a ete (?:arrete|detenu|interpelle|emmene)e? par|"
    r"fue (?:detenid|arrestad|agarrad|llevad)[oa] por|(?:foi|ta) (?:pres|detid|peg)[oa] pel[oa]|"
    r"^fue (?:ice|la migra|migracion))(?!\w)"
)
# "que mande 2 mil dólares": a ransom asked, not a detention
_RANSOM = re.compile(
    r"(?<!\w)(?:dolares|dollars|dinero|plata|money|ransom|rescate|rancon|lajan|reais|pesos)(?!\w)"
)
# "no sé si lo agarró la migra", "i think ICE took him", "if he is in jail": a doubt or a
# condition, not news (fears and guesses are `feared`'s)
_DOUBT = re.compile(
    r"(?<!\w)(?:quiza|perhaps|i think|peut etre|je pense|pode ser que|acho que|creo que|pet et|"
    r"m panse|no se si|don'?t know if|dont know if|not sure if|(?:je )?(?:ne )?sais pas si|"
    r"nao sei se|pa konnen si|pa konn si|if (?:he|she)|si (?:el|ella|il|elle)|se (?:ele|ela)|"
    r"si li|(?:sabe|sabemos|know|knows|sait|savons|sabem|konnen) (?:pas )?(?:si|if|se)|"
    r"j'ai peur|tengo miedo|tenho medo|si esta|s'il est|se (?:esta|ta)|"
    # "mi mamá dice que seguro lo agarró migración", "maybe ICE got him": a guess
    r"seguro que|seguro (?:lo|la)|a lo mejor|tal vez|talvez|capaz que|puede que|maybe|probably|"
    r"must have|might have|provavelmente|deve ter|sans doute|peut-etre|petet|sanble)(?!\w)"
)
# "lo tienen en la estación", "está detenido", "il est en détention": held now.
_HELD_NOW = re.compile(
    r"(?<!\w)(?:lo tienen|la tienen|esta detenid[oa]|detenid[oa]|en detencion|en detention|"
    r"est detenue?|ta preso|ta presa|esta pres[oa]|nan prizon|yo kenbe l|"
    r"(?:ta|esta|foi) detid[oa]|(?:ta|esta) (?:na|no) (?:estacao migratoria|cadeia|delegacia)"
    r")(?!\w)"
)
# "the ambulance took her", "se lo llevó la ambulancia", "levaram ele", "yo mennen l": taken away
_TAKEN_UNKNOWN = re.compile(
    r"(?<!\w)(?:ambulanc\w*|ambilans|samu|(?:se )?(?:lo|la) llevaron|took (?:him|her)|"
    r"l'ont emmenee?|levaram (?:ele|ela)|yo mennen (?:l|li))(?!\w)"
)
_HOSPITAL = re.compile(rf"(?<!\w)(?:{_HOSPITALS}|urgencias|er)(?!\w)")
# "dormimos en la calle", "sleeping outside on the curb", "on dort dehors", "a gente dormiu na
# rua", "n ap dòmi nan lari a": people with nowhere to sleep.
_ON_STREET = re.compile(
    r"(?<!\w)(?:(?:dormimos|dormiendo|durmiendo|dormir|estamos) (?:en la calle|afuera|en la plaza|"
    r"en la banqueta|en la acera|en la vereda|en una banca|en la banca|en el parque)|"
    # ("se não achar lugar vamos dormir aqui mesmo", at the bus station): no roof tonight
    r"(?:dormir|dormimos|dormindo|dormiu) (?:aqui mismo|aqui mesmo|na rodoviaria|na praca|"
    r"en la terminal|en la central|no chao)|"
    r"en la calle con|sleeping (?:outside|in the street|on the street)|"
    r"slept (?:outside|in the car)|"
    r"on the curb|in the street with|(?:on dort|dormir|dormi) (?:dehors|dans la rue)|"
    r"dans la rue avec|(?:dormiu|dormimos|dormindo|dormir) na rua|na rua com|"
    # ("chegamos hoje e estamos na rua", "we're on the street since monday"): outside, not an
    # address ("estamos en la calle Hidalgo" names one)
    r"(?:estamos|estoy|tamos|estou|to|ficamos|we are|we'?re|i'?m|on est|nous sommes|je suis|nou|"
    r"m) (?:en la calle|na rua|in the street|on the street|dans la rue|nan lari)"
    r"(?=\s*(?:$|[,.!;]|con |com |with |avec |ak |sin |sem |sans |desde |since |depuis |hoy|hoje|"
    r"today|aujourd)|\s+(?:y|e|and|et)\s)|"
    # ("estamos durmiendo en la rodoviaria", "sleeping at the bus station"): no roof tonight
    r"(?:durmiendo|dormimos|dormindo|sleeping|dormons|on dort|n ap domi) (?:\w+ ){0,2}"
    r"(?:rodoviaria|terminal|bus station|gare routiere|estacion de autobuses|estasyon)|"
    r"(?:can ?not|can'?t) sleep (?:here|there|in the house|at home)|no podemos dormir (?:aqui|ahi|"
    r"en la casa)|nao da (?:pra|para) dormir (?:aqui|em casa)|on ne peut pas dormir (?:ici|la)|"
    r"nou pa ka domi (?:la|lakay)|"
    r"(?:dorment|dormons|dormez) dehors|"
    # ("estamos debajo de un techito en el parque", "n ap domi nan pak la"): a park for a roof
    r"(?:estamos|dormimos|durmiendo|we are|we'?re|sleeping|on est|on dort|nous sommes|tamos|"
    r"to|ficamos|dormindo|domi|nou) (?:\w+ ){0,4}(?:en el parque|en la plaza|in the park|"
    r"dans le parc|no parque|na praca|nan pak|nan plas)|"
    # ("ya no tienen donde vivir", "nowhere to sleep tonight", "pa gen kote pou yo domi"): no
    # roof left to them, however they lost it
    r"no (?:tienen|tenemos|tiene|tengo) (?:donde|adonde|a donde) (?:vivir|dormir|quedar\w*)|"
    r"nowhere to (?:sleep|stay|live)|(?:can ?not|can'?t) go back (?:in|inside|home)(?! to)|"
    r"(?:n'ont|n'avons|n'a|on n'a) (?:plus )?(?:nulle part|pas d'endroit|plus d'endroit) ou "
    r"(?:dormir|loger|vivre)|"
    r"(?:nao|sem) (?:tem|temos|tenho|tenemos)? ?(?:onde|lugar pra|lugar para) (?:dormir|morar)|"
    r"(?:pa|pa gen|pa genyen) kote pou (?:yo|nou|m|mwen) domi|"
    r"embaixo do viaduto|debajo del puente|(?:domi|dòmi) nan lari|nan lari (?:a )?ak|"
    # ("está durmiendo en el carro desde el martes"): a car for a bed
    r"(?:durmiendo|duerme|dormimos|dormir|sleeping|sleeps|dort|dormons|dormindo|dorme|domi) "
    r"(?:en el |en un |in the |in a |in (?:my|his|her|our|their) |dans (?:la|sa|notre|une) |"
    r"no |num |nan )(?:carro|coche|auto|car|truck|voiture|machin))(?!\w)"
)
# "acabo de llegar a…", "we just got to…", "cheguei em…": where they are now, after a trip.
_ARRIVED = re.compile(
    r"(?<!\w)(?:acabo de llegar|acabamos de llegar|ya llegamos|ya llegue|just arrived|"
    r"we just got to|i just got to|just got here|je viens d'arriver|on vient d'arriver|nous "
    r"venons d'arriver|acabei de chegar|acabamos de chegar|cheguei agora|chegamos agora|"
    r"nou fek rive|m fek rive|mwen fek rive)(?!\w)"
)
# When someone was last seen, said as minutes or hours ago, or today.
_JUST_NOW = re.compile(
    r"(?<!\w)(?:minutos?|minutes?|mins?|minit|horas?|hours?|heures?|edtan|media hora|"
    r"half an hour|demi-heure|meia hora|this morning|esta manana|ce matin|hoje|today|hoy|"
    r"jodi a)(?!\w)"
)
# Nights spent with no roof: "je suis dehors avec mon bébé depuis 2 nuits", "llevamos 3 noches
# en la calle", "we been outside for two nights".
_NIGHTS_OUT = re.compile(
    r"(?<!\w)(?:dehors|dans la rue|outside|on the street|in the street|en la calle|afuera|"
    r"na rua|nan lari)\W+(?:\w+\W+){0,4}?(?:depuis|desde|for|faz|ha|depi|hace) (?:\d|deux|trois|"
    r"two|three|dos|tres|duas|dois|de|2) ?(?:\w+ )?"
    r"(?:nuits|noches|nights|noites|nwit|lannwit)(?!\w)|"
    r"(?<!\w)(?:\d|dos|tres|two|three|deux|trois|duas) (?:nuits|noches|nights|noites) "
    r"(?:dehors|dans la rue|outside|on the street|en la calle|afuera|na rua)(?!\w)"
)
# "llévalo al hospital", "take her to the hospital", "amener à l'hôpital": care still to reach
_TAKE_TO = re.compile(
    r"(?<!\w)(?:llev\w*|take|taking|bring|amener|emmener|levar|leva|mennen|pote)\s+(?:\w+\s+){0,3}?"
    rf"(?:al|to the|to|a l'|a|ao|pro|pra|nan)\s+(?:{_HOSPITALS})"
)
# The home the disaster took: "the roof of our house is gone", "the flood destroyed our
# apartment", "perdimos la casa", "la casa se cuarteó toda", "a casa caiu", "kay la kraze"
_HOME_GONE = re.compile(
    r"(?<!\w)(?:(?:roof|house|home|apartment|trailer)(?: of our house)? (?:is|was) (?:gone|"
    r"destroyed)|(?:destroyed|lost|wrecked) (?:our|my) (?:house|home|apartment|trailer|place)|"
    r"(?:perdimos|perdi) (?:la|nuestra|mi) casa|(?:la|nuestra|mi) casa se (?:cayo|cuarteo|"
    r"derrumbo|quemo)|se (?:nos|me) cayo la casa|"
    r"se (?:nos |me )?llevo (?:el|la|nuestro|nuestra|mi) (?:cuartito|cuarto|casa|casita|rancho)|"
    r"(?:nous avons|on a|j'ai) perdu (?:notre|la|ma) "
    r"(?:maison|appartement)|(?:notre|la|ma) maison (?:est|a ete) (?:detruite|tombee)|"
    r"(?:a|nossa|minha) casa (?:caiu|desabou|foi destruida)|perdemos a casa|"
    # ("notre maison a brûlé à quilicura", "our apartment burned down"): burned
    r"(?:notre|la|ma) maison a brule|(?:our|my|the) (?:house|home|apartment|trailer) burn(?:ed|t)|"
    r"(?:nossa|minha|a) casa (?:pegou fogo|queimou)|(?:la|nuestra|mi) casa se incendio|"
    r"kay (?:la|nou|mwen|m) (?:kraze|tonbe)|nou pedi kay)"
)
_THANKS_ONLY = re.compile(
    r"(?:grax|gracias|graxias|thanks|thx|ty|merci|obrigad[oa]|valeu|mesi|mèsi)(?:\s+\w+)?"
)
# "no pasó nada", "nothing happened", "we stayed inside": a danger that spared them.
_SPARED = re.compile(
    # "le feu est loin de chez nous", "the fire is far from us": it did not reach them
    r"(?<!\w)(?:(?:esta|is|est|ta|esta bem|li)\s+(?:\w+\s+)?(?:lejos|far|loin|longe|lwen)"
    r"(?:\s+(?:de|from|d)\b)?|"
    r"no (?:nos )?paso nada|no le paso nada|nothing happened|"
    # "el agua no llegó hasta acá", "no smoke here": it did not reach them
    r"(?:el )?agua no (?:nos )?(?:llego|entro)|no llego (?:hasta )?(?:aca|aqui)|"
    r"no (?:smoke|water|fire) (?:here|over here)|"
    # "el techo del vecino se cayó pero a nosotros nada": someone else's trouble, not theirs
    r"(?:pero|but|mais|mas|men) (?:a nosotros|not us|pas (?:a|chez) nous|nao com a gente|"
    r"pa (?:nou|lakay nou))(?: (?:nada|no|nothing|rien|nada nao|anyen))?(?!\w)|"
    r"(?:il )?(?:ne )?s'est rien passe|rien de grave|nao aconteceu nada|nao foi nada|"
    r"anyen pa rive|anyen pa t rive|"
    # "strong shaking but nothing broke", "no se rompió nada", "rien de cassé": no damage
    r"nothing (?:broke|broken|got broken|damaged)|no damage|no se rompio nada|nada se rompio|"
    r"rien (?:de )?casse|nada quebrou|nao quebrou nada|anyen pa kraze|"
    r"we stayed inside|stayed indoors|(?:we'?re|we are) staying (?:inside|in)|nos quedamos adentro|"
    r"nos estamos quedando adentro|on est restes? (?:a l'interieur|dedans)|"
    r"ficamos (?:dentro|em casa)|nou rete anndan|"
    # "we've been staying inside since the raids", "no hemos salido desde el martes", "on
    # reste à la maison depuis les attaques": kept in, out of the danger
    r"(?:we'?ve|we have) been staying (?:inside|in|home)|no hemos salido|no salimos de la casa|"
    r"on reste (?:a la maison|chez nous|enferme\w*)|a gente nao (?:sai|tem saido)|"
    r"nou pa soti|nou rete lakay|"
    # "sigue lloviendo pero aquí adentro no se moja", "no water got in here", "ici l'eau ne
    # rentre pas", "aqui não entra água", "dlo a pa antre la": the danger kept out
    r"(?:aqui|aca|adentro) no (?:entra|llega|se moja|nos moja|paso)|no (?:entra|llega|se mete) "
    r"(?:el )?agua|no water (?:got|came|comes|is coming) in|(?:we'?re|we are|we stay) dry|"
    r"(?:l'eau )?ne (?:rentre|rentrait|vient) pas|l'eau (?:rentre|entre|vient) pas|on est au sec|"
    r"n'? ?(?:est|a) pas (?:rentree|entree|arrivee|montee)|"
    r"(?:aqui|aca) (?:nao|não) (?:entra|entrou|chegou)|a agua (?:nao|não) (?:entra|entrou|chegou)|"
    r"dlo (?:a )?pa (?:antre|rive)|"
    # "dlo a desann kounye a, pa gen pwoblèm", "the water went down, no problem"
    r"pa gen pwoblem|no problem|sin problema|pas de probleme|sem problema|dlo a desann|"
    r"(?:the )?water (?:went|is going) down|el agua (?:ya )?bajo|l'eau a (?:baisse|descendu)|"
    r"a agua (?:ja )?baixou|"
    # "house is still standing", "la casa sigue en pie", "la maison tient toujours": it held
    r"(?:house|home|building) (?:is )?still standing|(?:la casa|el edificio) (?:sigue|esta) "
    r"(?:en pie|de pie|parada)|(?:a casa|o predio) (?:ainda )?(?:esta|ta) de pe|"
    r"(?:la maison|l'immeuble) (?:tient|est) (?:toujours|encore) (?:debout|la)|kay la kanpe toujou)"
    r"(?!\w)"
    # "solo se cayeron unas cosas… y hay una grieta": only damage, told as such
    r"|^(?:solo|nomas|juste|seulement|so|apenas)\s+(?:se\s+)?(?:cayeron|cayo|rompieron|rompio|"
    r"quebraron|hay|tem|caiu|cairam|quebrou|y a|il y a|unas|unos|algunas|quelques|umas|alguns)\s"
)
# "se quedó en el cuarto piso", "she's still inside", "il est resté en haut", "ficou lá
# dentro", "li rete anwo a": someone left behind where the danger is.
_LEFT_BEHIND = re.compile(
    r"(?<!\w)(?:se quedo (?:adentro|arriba|en el|en la|atrapad\w*)|sigue adentro|sigue arriba|"
    r"no puede (?:salir|bajar)|still (?:inside|in there|upstairs|in the)|stuck (?:inside|upstairs|"
    r"in)|can'?t get (?:out|down)|est reste\w* (?:en haut|dedans|a l'interieur|a l'etage)|"
    r"ne peut pas (?:sortir|descendre)|ficou (?:la dentro|dentro|em cima|no|na)|"
    r"nao consegue (?:sair|descer)|rete (?:anwo|anndan)|pa ka (?:soti|desann))(?!\w)"
)
# "ya se le quitó la fiebre", "the fever went down", "la fièvre est tombée", "a febre
# passou", "lafyèv la bese": a symptom that is over.
_BETTER = re.compile(
    r"(?<!\w)(?:se (?:le |me |nos )?quito|ya no tiene|ya paso|ya (?:le )?bajo|is gone|went down|"
    r"broke|is better|better now|est partie|est tombee|va mieux|passou|baixou|melhorou|la pase|"
    r"la bese|pi byen)(?!\w)"
)
# "we're safe", "estamos bien", "on est en sécurité", "tamo bem", "nou an sekirite".
# "they got us out", "ya nos sacaron", "les pompiers nous ont sortis", "fomos resgatados", "yo
# sove nou", "we made it to my cousins": out of the danger.
_RESCUED = re.compile(
    r"(?<!\w)(?:got (?:us|me) out|pulled (?:us|me) out|rescued (?:us|me)|(?:were|got|was) rescued|"
    r"we made it (?:to|out)|me (?:sacaron|rescataron)|"
    r"made it out|nos (?:sacaron|rescataron)|nous ont (?:sortis|sauves|secourus|evacues)|"
    r"on nous a (?:sortis|evacues|secourus)|(?:on a|nous avons) ete (?:sauves|secourus|evacues)|"
    r"nos (?:tiraram|resgataram)|fomos resgatados|yo (?:sove|rekipere) nou|"
    r"(?:ponpye|sekouris|lapolis) yo (?:vin )?(?:pran|sove|soti) nou)(?!\w)"
)
# The writer far from the disaster: seen on the news, a relative who lives in that country.
_FROM_AFAR = re.compile(
    r"(?<!\w)(?:(?:en|por) las noticias|en la tele|en el noticiero|on the news|in the news|"
    r"on tv|aux infos|aux informations|a la tele|dans les nouvelles|nas noticias|no jornal|"
    r"na tv|na televisao|nan nouvel|nan radyo|nan televizyon|vive alla|lives there|vit la-bas|"
    r"vit la bas|mora la|rete la a|(?:vive|vit|lives|mora|rete) (?:au|aux|en|in|no|na|nos|nan) "
    r"(?:bresil|brasil|brazil|brezil|mexique|mexico|meksik|chili|chile|chil|costa rica|"
    r"etats-unis|estados unidos|united states|the us|usa|eeuu|etazini|florida|floride|texas|"
    r"california|californie)"
    # ("ici à la radio ils disent…", "je cherche des nouvelles", "me dijeron q hubo un incendio"):
    # heard of, from afar
    r"|on the radio|en la radio|a la radio|na radio|des nouvelles|news (?:of|from)|"
    r"me dijeron (?:que|q)|they told me|i heard|on m'a dit|me disseram|yo di m|m tande)(?!\w)"
)
# "ya salimos", "we got out", "on est partis chez le voisin", "a gente saiu", "nou soti": the
# writers out of the danger they reported
_OUT_OF_IT = re.compile(
    r"(?<!\w)(?:ya salimos|salimos (?:de la casa|todos|a tiempo)|logramos salir|"
    r"estamos (?:a salvo|en (?:la|una) iglesia|en (?:el|un) albergue|en casa de)|"
    r"we (?:got|made it|are|'re) (?:all )?out|we left (?:the|our)|"
    r"(?:we'?re|were|we are) (?:at|in) (?:a|the|my) (?:[a-z]+ ){0,2}?"
    r"(?:shelter|church|aunt|friend|neighbor)|on est (?:partis|sortis|tous sortis)|"
    r"nous sommes (?:partis|sortis)|on a pu sortir|(?:ja )?saimos|a gente saiu|"
    r"conseguimos sair|estamos no abrigo|nou (?:soti (?:deyo|nan kay la)|kite kay la|"
    r"rive soti))(?!\w)"
)
# "we're all ok", "todos bien", "tout le monde va bien", "tá todo mundo bem", "nou tout byen":
# everyone safe, said anywhere in a message (not "3 of us, no one hurt", which only answers).
_ALL_SAFE = re.compile(
    r"(?<!\w)(?:we'?re all (?:ok|okay|fine|safe|good)|we are all (?:ok|okay|fine|safe|good)|"
    r"every(?:one|body)(?:'s| is) (?:ok|okay|fine|safe|good)|all (?:of us )?(?:are )?safe now|"
    r"todos (?:estamos )?(?:bien|a salvo)|estamos (?:todos )?(?:bien|a salvo) todos|"
    r"estamos todos (?:bien|a salvo)|"
    r"tout le monde (?:va bien|est en securite|est sain et sauf)|on va tous bien|"
    r"nous allons tous bien|(?:ta|esta) todo mundo bem|todo mundo (?:ta |esta )?bem|"
    r"estamos todos bem|todos bem|nou tout (?:byen|an sekirite|anfom)|"
    r"tout moun (?:byen|an sekirite|anfom)|"
    # "ja passou… ta tudo bem aqui": everything fine, said with the danger over
    r"everything(?:'s| is) (?:ok|okay|fine|good)|all good|todo (?:esta )?bien|tout va bien|"
    r"(?:ta|esta) tudo bem|tudo bem (?:aqui|agora|com a gente)|tout bagay (?:anfom|byen))"
    r"(?!\w)"
)
# "safe", "a salvo", "en sécurité", "an sekirite", "fuera de peligro": out of danger, in words
_OUT_OF_DANGER = re.compile(
    r"(?<!\w)(?:safe|a salvo|seguros?|seguras?|en securite|sains? et saufs?|an sekirite|"
    r"em seguranca|fuera de peligro|out of danger|hors de danger|fora de perigo)(?!\w)"
)
_SAFE_WORD = re.compile(
    r"(?<!\w)(?:safe|fine|okay|ok|a salvo|seguros?|seguras?|en securite|an sekirite|byen|"
    # ("esta subiendo bien rapido", "tá bem forte"): "bien" and "bem" that only make a word
    # stronger say nothing of being fine
    r"(?:bien|bem)(?!\s+(?:rapido|rapidito|fuerte|forte|feo|fea|alto|alta|hondo|cerca|perto|"
    r"mal|grande|duro|dura|grave|malo|mala|feio|feia|peligroso|perigoso|gacho|lleno|llena|"
    r"cheio|cheia|asustad|assustad|preocupad|enferm|crecid)))(?!\w)"
)
# "the last time we spoke", "me dijo que", "la dernière fois", "dènye fwa li te di": what the
# missing person last said or went through, told in a missing-person report.
_LAST_CONTACT = re.compile(
    r"(?<!\w)(?:(?:the )?last time|last (?:we|i) (?:spoke|heard)|(?:she|he) (?:said|told)|"
    r"(?:la )?ultima vez|me dijo|nos dijo|dijo que|(?:la )?derniere fois|m'a dit|nous a dit|"
    r"a ultima vez|(?:ela|ele) (?:disse|falou)|me disse|denye fwa|li te di|"
    # "los vecinos lo vieron el domingo caminando en el agua": when and where last seen
    r"lo vieron|la vieron|lo vio|la vio|(?:we |they |i |someone )?saw (?:him|her)|last seen|"
    r"(?:on|ils|ils l'ont|je) l'(?:a|ont|ai) vu|l'ont vu|l'a vue?|(?:viram|vi) (?:ele|ela)|"
    r"foi vist[oa]|viu (?:ele|ela)|te we l|te wè l|wè l|"
    # "ela tava voltando da escola", "he was walking home": on their way, when they went
    r"(?:ela|ele) (?:tava|estava) (?:voltando|indo|saindo|vindo|andando)|(?:she|he) was "
    r"(?:walking|coming|going|driving|on (?:her|his) way)|(?:ella|el) (?:venia|iba|regresaba|"
    r"volvia)|(?:elle|il) (?:rentrait|revenait|allait)|li t ap (?:tounen|vini|ale)|"
    # "trabajaba en un carwash en sylmar, ahí cerquita estaba el fuego": where they were
    r"(?:el|ella) (?:trabajaba|vivia|estaba)|trabajaba en|vivia en|(?:he|she) (?:worked|lived|was "
    r"working|was living)|(?:il|elle) (?:travaillait|vivait|habitait)|(?:ele|ela) (?:trabalhava|"
    r"morava)|li t ap travay|li te rete|li te travay|"
    # "esa noche se le cayó la pared, los bomberos la sacaron": that night, told
    r"esa noche|that night|cette nuit-la|ce soir-la|naquela noite|nesse dia|lannwit sa a|"
    # "des gens nous ont dit qu'il y a des bandits là-bas": heard about where they went
    r"nos dijeron|me dijeron|dicen que|they told us|people say|(?:on|ils|des gens) nous ont dit|"
    r"on nous a dit|nous ont dit|me disseram|nos disseram|dizem que|moun di|yo di nou)(?!\w)"
)
# "solo se cuarteó la pared", "nada grave", "but the house ok", "rien de grave", "apenas caiu
# o muro", "pa gen anyen grav": damage made light of
_MADE_LIGHT = re.compile(
    r"(?<!\w)(?:solo|solamente|nomas|nada mas|only|seulement|apenas|somente|selman|"
    r"nada grave|nada serio|no es grave|nothing serious|not serious|nothing major|rien de grave|"
    r"pas grave|nada de grave|nao e grave|anyen grav|pa grav)(?!\w)"
    # ("o fogo não chegou aqui, só muita fumaça", "the fire didn't reach us"): it stopped short
    r"|(?<!\w)(?:nao chegou|no llego|didn'?t reach|did not reach|never reached|n'est pas arrive|"
    r"pa rive) (?:aqui|aca|ate aqui|ate nos|hasta aca|hasta aqui|a nosotros|us|here|ici|"
    r"jusqu'ici|jusqu'a nous|isit|jis la)(?!\w)"
    r"|(?<!\w)so (?:muita |um pouco de |a )?(?:fumaca|chuva|vento|lama)(?!\w)"
    # ("le courant n'arrête pas de couper mais sinon ça va"): fine besides
    r"|(?<!\w)(?:sinon|otherwise|other than that|aparte de eso|fuera de eso|fora isso|apart sa)"
    r"\s+(?:(?:we'?re|we are|todo|tout|tudo|estamos|on|nou|all)\s+)?(?:ca va|va bien|fine|ok|"
    r"okay|good|bien|bem|byen|anfom)(?!\w)"
    # ("a água chegou só na calçada", "juste dans la cour"): only as far as outside
    r"|(?<!\w)(?:so|juste) (?:na calcada|ate a calcada|no quintal|na rua|na porta|sur le trottoir|"
    r"dans la cour|devant la porte|a la porte)(?!\w)"
    r"|(?<!\w)(?:but|pero|mais|mas|men)\s+(?:the |la |el |a |o |nuestra |our |notre )?"
    r"(?:house|home|casa|maison|kay|apartment|apartamento|appartement)(?: \w+)?\s+"
    r"(?:is |esta |est |ta |la )?(?:ok|okay|fine|bien|bem|byen|intacta?|good|va bien)(?!\w)"
    # ("el temblor se sintió fuerte pero la casa no se dañó", "van an te fò men kay la kenbe")
    r"|(?<!\w)(?:but|pero|mais|mas|men)\s+(?:the |la |el |a |o |nuestra |our |notre |ma |my )?"
    r"(?:house|home|casa|maison|kay|apartment|apartamento|appartement|building|edificio|"
    r"immeuble|predio)(?: \w+)?\s+(?:no se dano|no sufrio|no le paso nada|aguanto|resistio|"
    r"held|held up|is still standing|is standing|didn'?t get damaged|wasn'?t damaged|a tenu|"
    r"a resiste|n'a rien|aguentou|resistiu|nao sofreu|nao teve nada|kenbe|pa gen anyen)(?!\w)"
)
# "they closed it", "no podemos entrar", "on ne peut plus rentrer", "interditaram": kept out of
# a damaged building
_KEPT_OUT = re.compile(
    r"(?<!\w)(?:(?:no podemos|no nos dejan|we can'?t|we cannot|can'?t|cannot|not allowed to|"
    r"on ne peut (?:plus|pas)|on peut (?:plus|pas)|nao podemos|nao deixam|nou pa ka)\s+"
    r"(?:entrar|regresar|volver|go back|get back|enter|rentrer|entrer|voltar|antre|retounen)|"
    r"closed it|cerraron|clausur\w+|fermee?|interdit\w*|"
    r"condemned|red.tagged|evacuad[oa]s|evacuated us|desalojad[oa]s|evacues)(?!\w)"
)
# "they're fine, both of them", "ela e meu padrasto estão bem", "ils vont bien", "yo byen":
# others said to be fine
_THEY_ARE_FINE = re.compile(
    r"(?<!\w)(?:they'?re|theyre|they are|both|estan|esta|ils vont|elles vont|il va|elle va|"
    r"estao|ta|tao|yo|li|l)\s+(?:\w+\s+){0,2}?(?:fine|ok|okay|safe|good|bien|bem|byen|"
    r"a salvo|seguros?|an sekirite|en securite|anfom)(?!\w)"
)
# "elle s'appelle", "se llama", "her name is", "ele se chama": a name said as one
_NAMED_AS = re.compile(
    r"(?<!\w)(?:(?:il|elle) s'appelle|se llama|se llamaba|(?:his|her|their) name(?:'s| is)|"
    r"(?:ele|ela) se chama|nome (?:dele|dela) e|su nombre es|el nombre es|(?:li|l) rele)"
    r"\s*[:,]?\s*$"
)
# "Juan y María", "Ana, Luis": more than one name
_AND = re.compile(r"(?<!\w)(?:y|and|et|e|ak|avek)(?!\w)|[,&]")
# "ayuda", "help", "au secours", "socorro", "anmwe": a cry for help is no calm request.
# "pero todo bien", "but we're fine", "mais ça va": a trouble told, and fine all the same.
_ALL_FINE_ANYWAY = re.compile(
    r"(?<!\w)(?:pero|but|mais|mas|men)\s+(?:(?:aqui|here|ici|la a)\s+)?(?:todo bien|"
    r"estamos bien|we'?re (?:all )?(?:fine|ok|good)|all good|ca va|on va bien|tudo bem|"
    r"tudo certo|estamos bem|nou byen|tout bagay anfom)(?!\w)"
)
_PLEA_WORDS = frozenset(
    {"ayuda", "auxilio", "socorro", "help", "sos", "au", "secours", "aidez", "ajuda", "ajudem"}
    | {"anmwe", "sekou", "please", "pls", "porfavor", "svp", "urgente", "urgent", "ijan"}
)
_PLEA = re.compile(
    r"(?<!\w)(?:ayuda|ayud(?:ame|eme|enme|enos|anos)|auxilio|socorro|help|sos|au secours|"
    r"aidez|ajuda|ajudem|"
    r"ede nou|ede m|anmwe|sekou)(?!\w)"
)
# "no tenemos a dónde ir", "nou pa gen kote pou n ale": nowhere to go, said, not asked.
_NOWHERE = re.compile(
    r"(?<!\w)(?:no tenemos|no tengo|no tienen|no tiene|no hay|pa gen|n'avons pas|n'ai pas|"
    r"nao temos|nao tenho|nao tem|have nowhere|got nowhere|nowhere)\s+(?:a |para |pra |pa |pou |"
    r"d'endroit |lugar |"
    r"kote |where |to )?(?:donde|kote|ou|onde|to go|ir|ale|aller)"
)
# "¿Dónde queda?", "what time do they open", "ki adrès li", "onde fica": where or when.
_WHERE_WHEN = re.compile(
    r"(?<!\w)(?:address|adress|direccion|adresse|endereco|adres|donde (?:queda|esta)|"
    r"where is|where's|wheres|onde fica|ou (?:est|se trouve)|kote (?:li|l) ye|horarios?|hours|"
    r"where are they|where are you|donde estan|c'?est ou|onde ficam|kote yo ye|"
    r"open|abren|abre|abierto|atienden|heures|ouvert|aberto|louvri|ki le|a (?:que|qué) hora|"
    r"what time|quelle heure|que horas|horaires?|"
    # "y los sábados?", "et le samedi?": the hours of a day, asked
    r"sabados?|domingos?|saturdays?|sundays?|samedis?|dimanches?|samdi|dimanch|weekends?|"
    r"fin de semana|fim de semana)(?!\w)"
)
_CONSULATE_WORD = re.compile(
    r"(?<!\w)(?:consulados?|consulates?|consulats?|konsila|embajadas?|embassy|embassies|"
    r"ambassades?|embaixadas?|anbasad)(?!\w)"
)
# "send me the address", "manda la dirección", "m'envoyer l'adresse": asked without a "?".
_SEND = re.compile(r"(?<!\w)(?:send|manda|mandame|mandar|envoyer|envoyez|voye|me pasan)(?!\w)")
_SHELTER = re.compile(r"(?<!\w)(?:shelters?|albergues?|refugios?|refuges?|abrigos?|abri)(?!\w)")
# "I don't know the address": the person does not refuse to say where they are.
_ADDRESS = re.compile(r"(?<!\w)(?:address|adress|addres|direccion|adresse|endereco|adres|calle)")


def _without_names(parse: ParseResult, countries: bool = False) -> str:
    """The message with its places, names and numbers blanked (and country names, if asked):
    words that are the same in every language say nothing of the person's."""
    kinds = {"place", "person_name", "phone", *(("nationality",) if countries else ())}
    text = parse.text
    for e in sorted((e for e in parse.entities if e.entity in kinds), key=lambda e: -e.start):
        if e.end > e.start:
            text = text[: e.start] + " " + text[e.end :]
    return text


# "do they need an appointment", "se necesita cita", "faut-il un rendez-vous": a question,
# without its "?"
_QUESTION_OPENER = re.compile(
    r"^(?:do|does|did|can|could|is|are|will|would|should|how|what|when|where|which|who|"
    r"se necesita|se puede|hay que|necesitan|ocupan|cuanto|cuando|donde|como|a que hora|"
    r"faut-il|est-ce que|est ce que|combien|quand|precisa|precisam|pode|quanto|quando|onde|"
    r"eske|kote|kile|konbyen)\b"
)
# "por precaución", "just in case", "par précaution", "por precaução", "pou prekosyon"
_PRECAUTION = re.compile(
    r"(?<!\w)(?:por precaucion|por si acaso|por las dudas|just in case|as a precaution|to be safe|"
    r"par precaution|au cas ou|par securite|por precaucao|por seguranca|pou prekosyon|an ka)(?!\w)"
)
# "a este mismo", "on this one", "au même numéro", "nesse mesmo": the word before "this number"
_TO_THIS = re.compile(r"^(?:a|al|en|on|to|at|au|no|na|nan|sou|por|pelo|pela|ao)\s+")
# Two or more capitalised words in a row: a person's full name, the same in every language
_FULL_NAME = re.compile(r"(?<!\w)[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)+")


def _callback_slot(form: Form) -> str | None:
    """The slot of a form that holds how to reach the person back, if it has one."""
    return next((s for s in ("callback", "contact") if s in form.required_slots), None)


@lru_cache(maxsize=4096)
def phone_region(phone: str) -> str | None:
    """The country of a phone number (parsing one costs ~0.1 ms: people write many times)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(phone))
    except phonenumbers.NumberParseException:
        return None


def given(value: Any) -> str | None:
    """A slot value the person actually gave (not skipped)."""
    return None if value in (None, DECLINED, "") else str(value)


def phone_of(msg: InboundMessage) -> str | None:
    """The sender's phone number (E.164), where the channel reveals one."""
    if msg.sender_phone:
        return msg.sender_phone
    if msg.channel not in PHONE_CHANNELS:
        return None
    number = msg.sender.removeprefix("whatsapp:")  # WhatsApp numbers come without '+'
    return number if number.startswith("+") else "+" + number


def _same_area(phone: str, text: str) -> bool:
    """Whether a number typed in the text begins with the area code of the phone writing."""
    try:
        parsed = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return False
    national = str(parsed.national_number)
    area = national[: phonenumbers.length_of_geographical_area_code(parsed) or 3]
    typed = re.findall(r"\(?\d[\d ().-]{6,}\d", text)
    return any(re.sub(r"\D", "", t).startswith(area) for t in typed) and len(area) >= 2


def reply_address(msg: InboundMessage) -> str | None:
    """Where "write to me here" reaches the person: the number they write from, or on a chat
    app that shows none (Telegram) this chat, as "telegram:<chat id>", which agents answer in."""
    if phone_of(msg):
        return phone_of(msg)
    return f"{msg.channel}:{msg.sender}" if msg.channel in CHAT_CHANNELS else None


def location_dict(location: Location | None) -> dict[str, Any] | None:
    """A pin as stored in the transcript and on the case."""
    if location is None:
        return None
    return {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "label": location.label,
    }
