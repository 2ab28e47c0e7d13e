"""The phone line: a call from the language menu to a person, around the same core as text.

Provider-neutral: each request of the telephony provider is a `CallEvent`, and the flow
answers with a `Step` that channels/twilio_voice.py renders as TwiML. A caller waits for the
answer, so a turn is handled inside the request, in one transaction with the transcript and
the call's state: an answered turn is stored, and a failed one was never acknowledged.

Stages: language → (second_language) → dialogue → (ask_vulnerable, ask_place: a distress caller,
before the queue) → (callback_number) → handoff → record → done; `ended` once the provider
reports the call over.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import phonenumbers

from amparo.runtime.turns import Turn, TurnRunner, case_facts
from bot.cases import NORMAL, URGENT, route
from bot.facts import SITUATION_REASONS, ordered
from bot.responses import ResponseBook
from bot.state import (
    CallbackGiven,
    CallDropped,
    CallStarted,
    CaseOpened,
    DialogueState,
    FactNoted,
    HumanRequested,
    LanguageChosen,
    Question,
    SlotAsked,
)
from channels.messages import InboundMessage, Reply
from channels.voice import CallEvent, Prompt, Step
from data.models import Call, Case, Conversation, utcnow
from data.voice import Recordings, VoiceLanguage, VoiceLanguages

log = logging.getLogger(__name__)

CHANNEL = "voice"
MAX_MISSES = 2  # silences or no-matches re-prompted before an agent is offered
NUMBER_SLOTS = ("callback", "contact", "people_count", "missing_age")
PHONE_SLOTS = ("callback", "contact")
ENDED = ("completed", "busy", "failed", "no-answer", "canceled")
CONNECTED = ("bridged", "completed", "answered")  # an agent took the call
NO_MATCH = ("utter_fallback", "utter_unreadable")
STEPS_KEPT = 20  # answered turns kept for repeats: Twilio repeats a request within seconds


class CallFlow:
    """The phone line's state machine; `run` handles one event in one transaction."""

    def __init__(
        self,
        runner: TurnRunner,
        languages: VoiceLanguages,
        recordings: Recordings,
        *,
        default_language: str = "es",
        default_host_country: str | None = None,
        queue_timeout_seconds: int = 120,
    ) -> None:
        self.runner = runner
        self.store = runner.store
        self.responses = runner.core.responses
        self.directory = runner.core.directory
        self.languages = languages
        self.recordings = recordings
        self.default = languages.get(default_language) or languages.spoken[0]
        self.default_host_country = default_host_country
        self.queue_timeout_seconds = queue_timeout_seconds

    def run(self, handler: Callable[[CallEvent], Step], event: CallEvent) -> Step:
        """Handle one event; the call's state, transcript and case commit together."""
        with self.store.transaction() as session:
            step = handler(event)
            call = session.get(Call, event.call_sid)
            answers = handler in (self.incoming, self.answer)
            if answers and step.action in ("ask", "handoff", "hangup"):
                if call is None:  # erased with its conversation: keep only this goodbye
                    call = Call(call_sid=event.call_sid, stage="done", turn=event.turn or 0)
                    session.add(call)
                if step.action != "ask" and event.turn == call.turn:
                    # A turn that ends the dialogue asks nothing, so `_ask` did not move the
                    # turn on: move it here, so Twilio repeating this request gets this answer.
                    call.turn += 1
                turn = event.turn or 0  # the call's first request is turn 0
                if turn < call.turn and not event.restart:  # handled, not an apology
                    _keep(call, turn, step)
                call.updated_at = utcnow()
            return step

    # the main webhook: a new call, or the answer to the last question

    def incoming(self, event: CallEvent) -> Step:
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            if call is not None and call.steps and not event.restart:
                return _kept(call, 0)  # Twilio asked again: same answer
            if call is None:
                call = Call(call_sid=event.call_sid)
                session.add(call)
            state = self.runner.apply(CHANNEL, _sender(event), CallStarted(event.caller))
            call.conversation_id, call.stage, call.misses = state.conversation_id, "language", 0
            call.language = call.second_language = None
            conv = session.get(Conversation, state.conversation_id)
            if event.restart and event.digits.strip("#") == "0" and conv is not None:
                return self._offer_agent(call, conv, self.default)  # 0 after the apology too
            return self._language_menu(call, self.languages.languages)

    def answer(self, event: CallEvent) -> Step:
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            if call is None or event.turn is None or event.turn > call.turn:
                return self.sorry(event)
            if event.turn < call.turn and call.steps:
                return _kept(call, event.turn)  # Twilio asked again: that turn's answer
            conv = session.get(Conversation, call.conversation_id)
            if conv is None:
                return self.sorry(event)
            if call.stage == "language":
                return self._choose_language(call, conv, event)
            if call.stage == "second_language":
                return self._choose_second(call, conv, event)
            if call.stage == "dialogue":
                return self._dialogue(call, conv, event)
            if call.stage in ("ask_vulnerable", "ask_place"):
                return self._before_queue_answer(call, conv, event)
            if call.stage == "callback_number":
                return self._callback_number(call, conv, event)
            return self.sorry(event)

    def sorry(self, event: CallEvent | None) -> Step:
        """An apology, then a choice: start again, or (by staying on the line) a person."""
        call = None
        if event is not None:
            with self.store.transaction() as session:
                call = session.get(Call, event.call_sid)
                if call is None:  # unknown to us: keep what is needed for a callback
                    conv = self.store.conversation(CHANNEL, _sender(event))
                    call = Call(call_sid=event.call_sid, conversation_id=conv.id)
                    session.add(call)
                call.stage = "handoff"
        heard_in = [self._core_language(call)] if call and call.language else []
        heard_in += [self.default] + [lang for lang in self.languages.spoken if lang.code == "en"]
        prompts: list[Prompt] = []
        for code in dict.fromkeys(lang.code for lang in heard_in):
            language = next(lang for lang in heard_in if lang.code == code)
            prompts += self._flow_prompts(
                call, language, "utter_voice_sorry", "utter_voice_restart_or_agent"
            )
        return Step(
            "ask",
            tuple(prompts),
            turn=None,
            speech_locale=self.default.speech,
            handoff_if_silent=True,
        )

    # language menus

    def _language_menu(self, call: Call, choices: list[VoiceLanguage]) -> Step:
        """Each language's line in that language; the second-language menu opens with its
        question recorded in the caller's first choice, when there is such a recording."""
        prompts = []
        chosen = self.languages.get(call.language)
        listen = self.default
        if call.stage == "second_language" and chosen:
            # Heard in the language nearest the caller's until they choose (Creole: French).
            listen = self.languages.get(chosen.fallback) or self.default
            intro = self.recordings.url(chosen.code, "second_language")
            if intro:
                prompts.append(Prompt(chosen.name, audio=intro))
            else:  # one line in the fallback language says why a second menu
                prompts += self._flow_prompts(
                    None, listen, "utter_voice_second_language", chosen=chosen.name
                )
        for digit, lang in enumerate(choices, start=1):
            audio = self.recordings.url(lang.code, "language_menu") if not lang.spoken else None
            line = lang.menu_line if lang.spoken or audio else lang.fallback_line or lang.menu_line
            voice = lang if lang.spoken else self.languages.get(lang.fallback)
            prompts.append(_said(line.format(digit=digit), voice, audio))
        words = tuple(word for lang in choices for word in lang.words)
        return self._ask(call, prompts, "menu", listen.speech, hints=words)

    def _choose_language(self, call: Call, conv: Conversation, event: CallEvent) -> Step:
        self._transcribe_in(conv, event)
        if event.digits.strip("#") == "0":
            return self._offer_agent(call, conv, self.default)
        choice = self.languages.choose(self.languages.languages, event.digits, event.speech)
        if choice is None:
            return self._missed(call, conv, self.languages.languages, event)
        call.language, call.misses = choice.code, 0
        if not choice.spoken:
            call.stage = "second_language"
            return self._language_menu(call, self.languages.spoken)
        return self._welcome(call, conv)

    def _choose_second(self, call: Call, conv: Conversation, event: CallEvent) -> Step:
        self._transcribe_in(conv, event)
        if event.digits.strip("#") == "0":
            return self._offer_agent(call, conv, self._core_language(call))
        choice = self.languages.choose(self.languages.spoken, event.digits, event.speech)
        if choice is None:
            return self._missed(call, conv, self.languages.spoken, event)
        call.second_language, call.misses = choice.code, 0
        return self._welcome(call, conv)

    def _welcome(self, call: Call, conv: Conversation) -> Step:
        call.stage = "dialogue"
        language = self._core_language(call)
        self.runner.apply_to(conv.id, LanguageChosen(str(language.core)))  # type: ignore[arg-type]
        menu = self.responses.render("utter_menu", str(language.core), channel=CHANNEL)
        prompts = self._flow_prompts(call, language, "utter_voice_welcome")
        prompts += self._reply_prompts(call, [menu])
        self._transcribe_out(conv, prompts)
        return self._ask(call, prompts, "menu", language.speech)

    # the dialogue: the same core as text

    def _dialogue(self, call: Call, conv: Conversation, event: CallEvent) -> Step:
        language = self._core_language(call)
        text = self._keypad(call, conv, event, language)
        closing = call.expect == "anything_else"
        if not text and closing:  # silence after "anything else?": goodbye
            return self._hangup(call, conv, self._flow_prompts(call, language, "utter_goodbye"))
        if not text:
            return self._missed(call, conv, None, event)
        asked = self.languages.get(self.runner.core.lexicon.language_asked(event.speech))
        if asked and asked.spoken and asked.code != language.code:
            # "English please": the caller chooses again, and the core says its last question
            # again in that language; from then on that language holds.
            call.language, call.second_language, language = asked.code, None, asked
            turn = self._core_turn(call, conv, event, text, language, chosen=False)
        else:
            turn = self._core_turn(call, conv, event, text, language)
        return self._after_turn(call, conv, turn, language, closing)

    def _core_turn(
        self,
        call: Call,
        conv: Conversation,
        event: CallEvent,
        text: str,
        language: VoiceLanguage,
        chosen: bool = True,
    ) -> Turn:
        """The caller's answer through the core, in the language chosen on the menu."""
        return self.runner.handle(
            InboundMessage(
                channel=CHANNEL,
                sender=conv.sender,
                text=text,
                language_hint=language.core,
                language_chosen=chosen,
                provider_message_id=f"{call.call_sid}:{call.turn}",
                sender_phone=event.caller,
            ),
            transcribe_replies=False,
        )

    def _after_turn(
        self,
        call: Call,
        conv: Conversation,
        turn: Turn,
        language: VoiceLanguage,
        closing: bool = False,
    ) -> Step:
        events = set(turn.events)
        replies = turn.replies
        if "erased" in events:  # nothing of the conversation is stored again
            return Step("hangup", tuple(self._reply_prompts(call, replies)))
        if "opted_out" in events:
            return self._hangup(call, conv, self._reply_prompts(call, replies))
        handoff = "human_requested" in events or (
            turn.case is not None and turn.case.kind == "distress" and "case_filed" in events
        )
        if handoff:
            keep = [r for r in replies if r.name and not _is_question(r.name)]
            prompts = self._reply_prompts(call, keep)
            if "human_requested" in events:
                return self._handoff(call, conv, prompts)
            return self._before_queue(call, conv, turn.state, prompts)
        if not replies:  # an opted-out caller: the core stays silent, a phone line cannot
            prompts = self._flow_prompts(call, language, "utter_voice_opted_out")
            self._transcribe_out(conv, prompts)
            return self._ask(call, prompts, "menu", language.speech)
        state = turn.state
        assert state is not None  # an erased conversation ended the call above
        intent = turn.parse.intent if turn.parse else None
        if intent == "goodbye" and not state.active_form:
            return self._hangup(call, conv, self._reply_prompts(call, replies))
        if closing and intent in ("deny", "thanks") and not state.active_form:
            # "no thanks" to "anything else?": the call is over, not the menu again
            return self._hangup(call, conv, self._flow_prompts(call, language, "utter_goodbye"))
        no_match = any(r.name in NO_MATCH for r in replies)
        if no_match:
            call.misses += 1
            if call.misses > MAX_MISSES:
                return self._offer_agent(call, conv, language)
        else:
            call.misses = 0
        prompts = self._reply_prompts(call, replies)
        expect = _expectation(state)
        if not state.active_form and not state.pending and not no_match:
            prompts += self._flow_prompts(call, language, "utter_voice_anything_else")
            expect = "anything_else"
        self._transcribe_out(conv, prompts)
        return self._ask(call, prompts, expect, language.speech)

    def _keypad(
        self, call: Call, conv: Conversation, event: CallEvent, language: VoiceLanguage
    ) -> str:
        """The caller's answer as text: speech as heard, keys as the question means them."""
        keys = event.digits.strip().rstrip("#")
        if not keys:
            return event.speech.strip()
        if keys == "0":
            return "/human"
        if call.expect == "yes_no" and keys in ("1", "2"):
            return str(language.yes if keys == "1" else language.no)
        if keys == "*":
            return str(language.no)  # skips the question
        if conv.requested_slot in PHONE_SLOTS:
            return self._phone(keys, event.caller, event.line_country)
        return keys

    def _phone(self, keys: str, caller: str | None, line_country: str | None = None) -> str:
        """Keyed digits as an E.164 number, read in the caller's country when no + was possible
        (else the country of the line they called)."""
        digits = "+" + keys[2:] if keys.startswith("00") else keys
        region = line_country or self.default_host_country
        if caller:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(caller)) or region
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            return keys
        if not phonenumbers.is_possible_number(number):
            return keys
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def _missed(
        self,
        call: Call,
        conv: Conversation,
        menu: list[VoiceLanguage] | None,
        event: CallEvent,
    ) -> Step:
        """Silence or no match: the question again, twice; then a person."""
        call.misses += 1
        language = self._core_language(call) if call.language else self.default
        if call.misses > MAX_MISSES:
            return self._offer_agent(call, conv, language)
        if menu is not None:  # still choosing a language: the menu again
            return self._language_menu(call, menu)
        heard = event.speech or event.digits
        name = "utter_voice_silence" if not heard else "utter_fallback"
        prompts = self._flow_prompts(call, language, name)
        prompts += [Prompt(**p) for p in call.prompts]
        self._transcribe_out(conv, prompts[:1])
        return self._ask(call, prompts, call.expect, language.speech, remember=False)

    # to a person, a message, a callback

    def _offer_agent(self, call: Call, conv: Conversation, language: VoiceLanguage) -> Step:
        self.runner.apply_to(conv.id, HumanRequested())  # type: ignore[arg-type]
        if conv.case_id and (case := self.store.case(conv.case_id)):
            self.store.update_case(case, "human_requested", {})
        return self._handoff(call, conv)

    def _handoff(self, call: Call, conv: Conversation, prompts: list[Prompt] | None = None) -> Step:
        """To a person, after what must be said first (the emergency number); a caller with
        no number to call back on is asked for one first, since the call may drop."""
        language = self._core_language(call) if call.language else self.default
        prompts = list(prompts or [])
        if _callback(conv) is None and call.stage != "callback_number":
            call.stage, call.misses = "callback_number", 0
            prompts += self._flow_prompts(call, language, "utter_voice_ask_callback")
            self._transcribe_out(conv, prompts)
            return self._ask(call, prompts, "number", language.speech)
        call.stage = "handoff"
        prompts += self._flow_prompts(call, language, "utter_voice_offer_agent")
        self._transcribe_out(conv, prompts)
        return Step("handoff", tuple(prompts))

    def _before_queue(
        self, call: Call, conv: Conversation, state: DialogueState | None, prompts: list[Prompt]
    ) -> Step:
        """A caller in danger, before the queue: one keypad question about who is there, and
        the city if neither the report nor the number says it; each asked once."""
        language = self._core_language(call)
        slots = state.slots if state and state.active_form else {}
        people = [f for f in slots.get("facts", []) if f not in SITUATION_REASONS]
        if call.stage == "dialogue" and not people and slots.get("vulnerable") is None:
            self.runner.apply_to(conv.id, SlotAsked("vulnerable"))  # type: ignore[arg-type]
            call.stage = "ask_vulnerable"
            prompts += self._flow_prompts(call, language, "utter_voice_ask_hurt_or_child")
            self._transcribe_out(conv, prompts)
            return self._ask(call, prompts, "yes_no", language.speech)
        where = slots.get("place") or self.directory.city_of_phone(conv.sender)
        if call.stage != "ask_place" and slots and not where:
            self.runner.apply_to(conv.id, SlotAsked("place"))  # type: ignore[arg-type]
            call.stage = "ask_place"
            prompts += self._flow_prompts(call, language, "utter_ask_place")
            self._transcribe_out(conv, prompts)
            return self._ask(call, prompts, "speech", language.speech)
        return self._handoff(call, conv, prompts)

    def _before_queue_answer(self, call: Call, conv: Conversation, event: CallEvent) -> Step:
        """The answer goes to the core like any turn; silence to who is there makes the
        report urgent (nobody knows who is hurt), and 0 goes straight to a person."""
        language = self._core_language(call)
        text = self._keypad(call, conv, event, language)
        if text == "/human":
            return self._handoff(call, conv)
        if not text:
            if call.stage == "ask_vulnerable":
                self._unanswered(conv)
            return self._before_queue(call, conv, self.runner.state(CHANNEL, conv.sender), [])
        turn = self._core_turn(call, conv, event, text, language)
        keep = [r for r in turn.replies if r.name and not _is_question(r.name)]
        return self._before_queue(call, conv, turn.state, self._reply_prompts(call, keep))

    def _unanswered(self, conv: Conversation) -> None:
        """A distress report whose caller could not answer, or whom nobody answered: urgent,
        on the case now and in the state, so later messages keep it so."""
        assert conv.id is not None  # a stored conversation
        case = self.store.case(conv.case_id) if conv.case_id else None
        if case is None or case.kind != "distress" or "unanswered" in case.priority_reasons:
            return
        self.runner.apply_to(conv.id, FactNoted("unanswered"))
        case.priority = URGENT
        case.priority_reasons = ordered([*case.priority_reasons, "unanswered"])
        self.store.update_case(case, "priority_raised", {"reason": "unanswered"})

    def _callback_number(self, call: Call, conv: Conversation, event: CallEvent) -> Step:
        """The number a withheld caller typed (or * or silence: none), then the person."""
        self._transcribe_in(conv, event)
        keys = event.digits.strip().rstrip("#")
        keys = keys or "".join(ch for ch in event.speech if ch.isdigit())  # said, not typed
        number = self._phone(keys, None, event.line_country) if keys not in ("", "*", "0") else None
        if number and number.startswith("+"):
            assert conv.id is not None  # a stored conversation
            self.runner.apply_to(conv.id, CallbackGiven(number))
            case = self.store.case(conv.case_id) if conv.case_id else None
            if case is not None and case.contact is None:
                case.contact = number
                self.store.update_case(case, "contact_given", {"slot": "callback"})
        elif number and call.misses == 0:  # not a number: once more
            call.misses += 1
            language = self._core_language(call) if call.language else self.default
            prompts = self._flow_prompts(call, language, "utter_fallback")
            prompts += self._flow_prompts(call, language, "utter_voice_ask_callback")
            self._transcribe_out(conv, prompts)
            return self._ask(call, prompts, "number", language.speech)
        return self._handoff(call, conv)

    def wait(self, event: CallEvent) -> Step:
        """Music and words while the caller waits in the queue; past the limit, leave it."""
        if event.queue_seconds >= self.queue_timeout_seconds:
            return Step("leave")
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            language = self._core_language(call) if call and call.language else self.default
            name = "utter_voice_wait" if event.queue_seconds < 15 else "utter_voice_still_waiting"
            return Step("wait", tuple(self._flow_prompts(call, language, name)))

    def screen(self, event: CallEvent) -> Step:
        """An agent dialled directly answered: they must press 1, so that their voicemail
        does not count as a connected call."""
        return Step("screen", tuple(self._flow_prompts(None, self.default, "utter_voice_screen")))

    def screened(self, event: CallEvent) -> Step:
        """The agent's key: 1 puts the caller through; anything else hangs up their leg."""
        return Step("connect" if event.digits.strip("#") == "1" else "hangup")

    def handoff_result(self, event: CallEvent) -> Step:
        """After the queue or the dial: done if an agent answered, else a voice message."""
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            conv = session.get(Conversation, call.conversation_id) if call else None
            if call is None or conv is None:
                return Step(
                    "hangup", tuple(self._flow_prompts(None, self.default, "utter_voice_sorry"))
                )
            if event.outcome in CONNECTED:
                call.stage = "done"
                return Step("hangup")
            self._unanswered(conv)  # a person in danger nobody could answer
            repeated = call.stage in ("record", "done")  # Twilio asking again: said once
            call.stage = "done" if call.stage == "done" else "record"
            language = self._core_language(call) if call.language else self.default
            number = _callback(conv) is not None
            leave = "utter_voice_leave_message" if number else "utter_voice_leave_message_no_number"
            prompts = self._flow_prompts(call, language, leave)
            after = self._flow_prompts(call, language, _goodbye(number))
            if not repeated:
                self._transcribe_out(conv, prompts)
            return Step(
                "record", tuple(prompts), after=tuple(after), transcribe=language.transcribe
            )

    def recording(self, event: CallEvent) -> Step:
        """The caller's voice message: on the case, kept beside any earlier one by its
        RecordingSid; a callback is due only with a number to call."""
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            conv = session.get(Conversation, call.conversation_id) if call else None
            if call is None or conv is None:
                return Step("hangup")
            case = self._case_for_callback(call, conv)
            sid = event.extra.get("RecordingSid") or event.recording_url or ""
            new = _voicemail(case, sid) is None  # Twilio repeating the callback adds nothing
            if new:
                _keep_voicemail(
                    case, sid, {"url": event.recording_url, "seconds": event.recording_seconds}
                )
                case.callback_due = case.contact is not None  # a promise only with a number
                self.store.update_case(case, "voicemail", {"seconds": event.recording_seconds})
                assert conv.id is not None  # read from the store
                self.store.add_message(
                    conv.id,
                    "in",
                    "",
                    media=[{"url": event.recording_url, "content_type": "audio/x-wav"}],
                )
            call.stage = "done"
            language = self._core_language(call) if call.language else self.default
            prompts = self._flow_prompts(call, language, _goodbye(case.contact is not None))
            if new:
                self._transcribe_out(conv, prompts)
            return Step("hangup", tuple(prompts))

    def transcription(self, event: CallEvent) -> Step:
        """The provider's transcription of a voice message, on the message of the same
        RecordingSid (kept even if it comes before the recording's own callback)."""
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            conv = session.get(Conversation, call.conversation_id) if call else None
            case = self.store.case(conv.case_id) if conv and conv.case_id else None
            if call and conv and case is None and event.transcription:
                case = self._case_for_callback(call, conv)
            sid = event.extra.get("RecordingSid") or event.recording_url or ""
            completed = event.extra.get("TranscriptionStatus", "completed") == "completed"
            if case is not None and event.transcription and completed:
                known = _voicemail(case, sid) or {}
                if known.get("transcription") != event.transcription:
                    _keep_voicemail(
                        case,
                        sid,
                        {"url": known.get("url") or event.recording_url},
                        transcription=event.transcription,
                    )
                    self.store.update_case(case, "voicemail_transcribed", {})
            return Step("none")

    def status(self, event: CallEvent) -> Step:
        """The call is over: close the dialogue; a call dropped midway is a callback due."""
        if event.status not in ENDED:
            return Step("none")
        with self.store.transaction() as session:
            call = session.get(Call, event.call_sid)
            conv = session.get(Conversation, call.conversation_id) if call else None
            if call is None or conv is None or call.stage == "ended":
                return Step("none")
            stage, call.stage, call.status = call.stage, "ended", event.status
            mid_report = stage == "dialogue" and conv.active_form is not None and conv.case_id
            if stage in ("handoff", "record") or mid_report:
                case = self._case_for_callback(call, conv)
                case.callback_due = case.contact is not None
                self.store.update_case(case, "call_dropped", {"stage": stage})
            self.runner.apply_to(conv.id, CallDropped())  # type: ignore[arg-type]
            return Step("none")

    def _case_for_callback(self, call: Call, conv: Conversation) -> Case:
        """The conversation's case, or a new request for a callback when there is none."""
        case = self.store.case(conv.case_id) if conv.case_id else None
        if case is not None:
            return case
        city = self.directory.find_city(_given(conv.slots.get("place")))
        nationality = _given(conv.slots.get("nationality"))
        consulate = route(self.directory, nationality, city)
        case = self.store.create_case(
            kind="assistance",
            priority=NORMAL,
            conversation_id=conv.id,
            channel=CHANNEL,
            language=conv.language or self.default.code,
            nationality=nationality,
            place=city.id if city else None,
            consulate_id=consulate.id if consulate else None,
            contact=_callback(conv),
            details={"request": "callback"},
        )
        self.runner.apply_to(conv.id, CaseOpened(case_facts(case)))  # type: ignore[arg-type]
        return case

    def _hangup(self, call: Call, conv: Conversation, prompts: list[Prompt]) -> Step:
        call.stage = "done"
        self._transcribe_out(conv, prompts)
        return Step("hangup", tuple(prompts))

    # what the caller hears

    def _ask(
        self,
        call: Call,
        prompts: list[Prompt],
        expect: str,
        speech_locale: str | None,
        hints: Iterable[str] = (),
        remember: bool = True,
    ) -> Step:
        call.turn += 1
        call.expect = expect
        if remember:  # the question alone, said again after a silence: it always comes last
            call.prompts = [asdict(p) for p in prompts[-1:]]
        return Step(
            "ask",
            tuple(prompts),
            turn=call.turn,
            expect=expect,
            speech_locale=speech_locale,
            hints=tuple(hints),
        )

    def _core_language(self, call: Call | None) -> VoiceLanguage:
        """The spoken language the core answers this caller in."""
        chosen = self.languages.get(call.language) if call else None
        if chosen is None:
            return self.default
        if chosen.core and chosen.speech:
            return chosen
        second = self.languages.get(call.second_language or chosen.fallback)  # type: ignore[union-attr]
        if chosen.core:  # Haitian Creole: the core's own words, heard in the second language
            update = {"core": chosen.core, "yes": chosen.yes, "no": chosen.no}
            return (second or self.default).model_copy(update=update)
        return second or self.default

    def _flow_prompts(
        self, call: Call | None, language: VoiceLanguage, *names: str, **values: object
    ) -> list[Prompt]:
        replies = [
            self.responses.render(name, str(language.core), channel=CHANNEL, **values)
            for name in names
        ]
        return self._reply_prompts(call, replies)

    def _reply_prompts(self, call: Call | None, replies: list[Reply]) -> list[Prompt]:
        """Replies as the caller hears them: the phone wording, recorded or spoken."""
        chosen = self.languages.get(call.language) if call else None
        second = (
            self.languages.get(call.second_language or (chosen.fallback if chosen else None))
            if call
            else None
        )
        prompts = []
        for reply in replies:
            values = _for_the_ear(reply.values)
            if reply.name:
                reply = self.responses.render(reply.name, reply.language, channel=CHANNEL, **values)
            text = self._with_options(reply)
            if chosen and not chosen.spoken:
                audio = self._recording(chosen, reply)
                if audio:
                    prompts.append(Prompt(text, audio=audio))
                    continue
            voice = self.languages.get(reply.language)
            if voice is None or not voice.spoken:
                voice = second or self.default
                if reply.name:
                    again = self.responses.render(
                        reply.name, str(voice.core), channel=CHANNEL, **values
                    )
                    text = self._with_options(again)
            prompts.append(_said(text, voice))
        return prompts

    def _with_options(self, reply: Reply) -> str:
        return _digit_by_digit(spoken(self.responses, reply))

    def _recording(self, language: VoiceLanguage, reply: Reply) -> str | None:
        if not reply.name or self.responses.placeholders(reply.name, reply.language):
            return None  # a case reference or an address cannot be pre-recorded
        return self.recordings.url(language.code, reply.name)

    # transcript

    def _transcribe_in(self, conv: Conversation, event: CallEvent) -> None:
        heard = event.speech.strip() or event.digits.strip()
        if heard:
            assert conv.id is not None  # a stored conversation
            self.store.add_message(conv.id, "in", heard)

    def _transcribe_out(self, conv: Conversation, prompts: Iterable[Prompt]) -> None:
        assert conv.id is not None  # a stored conversation
        for prompt in prompts:
            self.store.add_message(conv.id, "out", prompt.text, language=prompt.locale)


def spoken(responses: ResponseBook, reply: Reply) -> str:
    """A reply as said on the phone: its text, then its options one by one with their key; a
    person is 0 everywhere on the line, so that option is said with 0, once."""
    lines = [reply.text]
    for digit, button in enumerate(reply.buttons, start=1):
        if button.payload == "/human":
            lines.append(responses.render("utter_voice_agent_option", reply.language).text)
            continue
        option = responses.render(
            "utter_voice_option", reply.language, title=button.title, digit=digit
        )
        lines.append(option.text)
    return " ".join(line for line in lines if line)


# Values a caller must be able to note down: said character by character.
SPELLED = ("case_ref", "consulate_phone", "contact", "emergency_numbers")
_SPELLABLE = re.compile(r"[A-Z0-9]+(?:[- ][A-Z0-9]+)*")


def _for_the_ear(values: dict[str, object]) -> dict[str, object]:
    """'AMP-MGB997' → 'A M P, M G B 9 9 7'; '+1 713 555 0104' → '+1, 7 1 3, 5 5 5, 0 1 0 4';
    '911' → '9 1 1' (not 'nine hundred eleven')."""
    return {k: _spell(str(v)) if k in SPELLED and v else v for k, v in values.items()}


# A number of three digits or more said in a response's own words ("911 en EE. UU."), not a
# time ("09:00"): digit by digit too.
_LONG_NUMBER = re.compile(r"(?<![\d:])\d{3,}(?![\d:])")


def _digit_by_digit(text: str) -> str:
    return _LONG_NUMBER.sub(lambda m: " ".join(m.group()), text)


def _spell(text: str) -> str:
    return _SPELLABLE.sub(
        lambda m: ", ".join(" ".join(group) for group in re.split(r"[- ]", m.group())), text
    )


@dataclass(frozen=True)
class RecordingLine:
    """One prompt to record for a language without text-to-speech."""

    name: str
    file: str  # under VOICE_RECORDINGS_DIR (.wav works too)
    text: str  # what to say; in `script_language`, to translate where that is not the language
    script_language: str
    recorded: bool


def recording_script(
    responses: ResponseBook, languages: VoiceLanguages, recordings: Recordings, code: str
) -> list[RecordingLine]:
    """Every prompt the phone line plays from a recording in language `code`, with its text:
    the language menu's line, the second menu's opening, and each response without
    placeholders (a reference or an address cannot be pre-recorded)."""
    language = languages.get(code)
    if language is None or language.spoken:
        raise ValueError(f"{code} is not a phone language without text-to-speech")
    fallback = languages.get(language.fallback)
    script = language.core or (fallback.core if fallback else None) or "en"
    position = languages.languages.index(language) + 1
    texts = {
        "language_menu": language.menu_line.format(digit=position),
        "second_language": responses.render(
            "utter_voice_second_language", script, channel=CHANNEL, chosen=language.name
        ).text,
    }
    for name in responses.names():
        if not responses.placeholders(name, script):
            texts[name] = spoken(responses, responses.render(name, script, channel=CHANNEL))
    return [
        RecordingLine(
            name,
            f"{code}/{name}.mp3",
            text,
            script,
            recordings.url(code, name) is not None,
        )
        for name, text in texts.items()
    ]


def _sender(event: CallEvent) -> str:
    """The conversation's sender: the caller's number, or this call alone when withheld."""
    return event.caller or f"call:{event.call_sid}"


def _said(text: str, language: VoiceLanguage | None, audio: str | None = None) -> Prompt:
    if audio:
        return Prompt(text, audio=audio)
    say = language.say if language else None
    return Prompt(text, voice=say.voice if say else None, locale=say.locale if say else None)


def _expectation(state: DialogueState) -> str:
    if state.pending == Question("erase_confirm") or state.requested_slot == "vulnerable":
        return "yes_no"
    if state.requested_slot in NUMBER_SLOTS:
        return "number"
    if state.choices and len(state.choices) <= 9:
        return "menu"  # one key picks an option: no waiting out the timeout
    if state.active_form:
        return "speech"
    return "menu"


def _is_question(name: str) -> bool:
    return name.startswith("utter_ask_") or name == "utter_human_flagged"


def _callback(conv: Conversation) -> str | None:
    """The number to call this caller back on, if there is one."""
    return _given(conv.slots.get("callback")) or _given(conv.slots.get("contact"))


def _goodbye(callback: bool) -> str:
    """A callback is promised only to a caller with a number to call."""
    return "utter_voice_callback" if callback else "utter_voice_no_callback"


def _voicemail(case: Case, sid: str) -> dict[str, Any] | None:
    return next((v for v in case.details.get("voicemails", []) if v["recording_sid"] == sid), None)


def _keep_voicemail(case: Case, sid: str, fields: dict[str, Any], **more: Any) -> None:
    """Add or complete the voice message of this RecordingSid on the case."""
    voicemails = [dict(v) for v in case.details.get("voicemails", [])]
    found = next((v for v in voicemails if v["recording_sid"] == sid), None)
    if found is None:
        found = {"recording_sid": sid}
        voicemails.append(found)
    found.update({k: v for k, v in {**fields, **more}.items() if v is not None})
    case.details = {**case.details, "voicemails": voicemails}


def _given(value: Any) -> str | None:
    return None if value in (None, "", "declined") else str(value)


def _keep(call: Call, turn: int, step: Step) -> None:
    """Keep this turn's answer, and only the last STEPS_KEPT turns': a call can be long."""
    steps = {**call.steps, str(turn): step.stored()}
    call.steps = dict(sorted(steps.items(), key=lambda item: int(item[0]))[-STEPS_KEPT:])


def _kept(call: Call, turn: int) -> Step:
    """A turn's answer as it was given; for a turn too old to be kept, the latest answer."""
    stored = call.steps.get(str(turn)) or call.steps[max(call.steps, key=int)]
    return Step.restore(stored)
