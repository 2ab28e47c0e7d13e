"""Twilio Programmable Voice: signed call webhooks in, TwiML out.

The phone line has no send: what the caller hears is the answer to Twilio's request. This
module only speaks Twilio — the call flow itself is amparo/runtime/calls.py.
"""

from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from channels.base import PayloadError, WebhookRequest
from channels.twilio import verify_signature
from channels.voice import CallEvent, Prompt, Step

# What Twilio puts in From when the caller withholds their number.
WITHHELD = {"+266696687", "+86282452253", "+7378742833", "+2562533", "anonymous", "restricted"}
BASE = "/webhooks/twilio/voice"


class TwilioVoice:
    """Parses call webhooks into CallEvents and renders Steps as TwiML."""

    name = "twilio_voice"

    def __init__(
        self,
        auth_token: str,
        *,
        queue: str = "amparo",
        agent_numbers: tuple[str, ...] = (),
        dial_timeout: int = 30,
        gather_timeout: int = 6,
        record_max_seconds: int = 120,
        hold_music_url: str | None = None,
        base_url: str = "",
    ) -> None:
        self.validator = RequestValidator(auth_token)
        self.queue = queue
        self.agent_numbers = agent_numbers
        self.dial_timeout = dial_timeout
        self.gather_timeout = gather_timeout
        self.record_max_seconds = record_max_seconds
        self.hold_music_url = hold_music_url
        self.base = base_url.rstrip("/") + BASE

    def verify(self, request: WebhookRequest) -> None:
        verify_signature(self.validator, request)

    def parse(self, request: WebhookRequest) -> CallEvent:
        form, query = request.form, request.query
        sid = form.get("CallSid", "").strip()
        if not sid:
            raise PayloadError("a Twilio call webhook needs CallSid")
        caller = form.get("From", "").strip()
        turn = query.get("turn")
        return CallEvent(
            call_sid=sid,
            caller=caller if caller.startswith("+") and caller.lower() not in WITHHELD else None,
            line_country=(form.get("CalledCountry") or form.get("ToCountry") or "").upper() or None,
            speech=form.get("SpeechResult", ""),
            digits=form.get("Digits", ""),
            turn=int(turn) if turn and turn.isdigit() else None,
            restart=query.get("restart") == "1",
            status=form.get("CallStatus") or None,
            outcome=form.get("QueueResult") or form.get("DialCallStatus") or None,
            queue_seconds=_int(form.get("QueueTime")),
            recording_url=form.get("RecordingUrl") or None,
            recording_seconds=_int(form.get("RecordingDuration"))
            if "RecordingDuration" in form
            else None,
            transcription=form.get("TranscriptionText") or None,
            extra={k: form[k] for k in ("RecordingSid", "TranscriptionStatus") if k in form},
        )

    def render(self, step: Step) -> str:
        """The Step as TwiML, built with twilio's own classes."""
        response = VoiceResponse()
        if step.action == "ask":
            response.append(self._gather(step))
            if step.handoff_if_silent:
                self._handoff(response)
        elif step.action == "handoff":
            _speak(response, step.prompts)
            self._handoff(response)
        elif step.action == "record":
            _speak(response, step.prompts)
            transcription = (
                {"transcribe": True, "transcribe_callback": f"{self.base}/transcription"}
                if step.transcribe
                else {}
            )
            response.record(
                action=f"{self.base}/recording",
                method="POST",
                max_length=self.record_max_seconds,
                play_beep=True,
                finish_on_key="#",
                **transcription,
            )
            _speak(response, step.after)  # heard only when no message was left
            response.hangup()
        elif step.action == "wait":
            _speak(response, step.prompts)
            if self.hold_music_url:
                response.play(self.hold_music_url)
            else:
                response.pause(length=10)
        elif step.action == "leave":
            response.leave()
        elif step.action == "hangup":
            _speak(response, step.prompts)
            response.hangup()
        elif step.action == "screen":  # to the agent dialled, before the caller is put through
            gather = Gather(
                input="dtmf",
                num_digits=1,
                action=f"{self.base}/screened",
                method="POST",
                timeout=self.gather_timeout,
            )
            _speak(gather, step.prompts)
            response.append(gather)
            response.hangup()  # no key (a voicemail answered): not a connected call
        # "connect": an empty answer, and Twilio puts the caller through to the agent
        return str(response)

    def _gather(self, step: Step) -> Gather:
        action = (
            f"{self.base}?turn={step.turn}" if step.turn is not None else f"{self.base}?restart=1"
        )
        options: dict[str, object] = {
            "input": "dtmf speech",
            "action": action,
            "method": "POST",
            "timeout": self.gather_timeout,
            "speech_timeout": "auto",
        }
        if step.speech_locale:
            options["language"] = step.speech_locale
        if step.hints:
            options["hints"] = ", ".join(step.hints)
        if step.expect in ("menu", "yes_no", "anything_else"):
            options["num_digits"] = 1
        else:
            options["finish_on_key"] = "#"
        if not step.handoff_if_silent:  # silence comes back to us, to re-prompt
            options["action_on_empty_result"] = True
        gather = Gather(**options)
        _speak(gather, step.prompts)
        return gather

    def _handoff(self, response: VoiceResponse) -> None:
        if self.agent_numbers:
            dial = Dial(action=f"{self.base}/handoff", method="POST", timeout=self.dial_timeout)
            for number in self.agent_numbers:
                # Screened: only a person pressing 1 connects, not the agent's voicemail.
                dial.number(number, url=f"{self.base}/screen", method="POST")
            response.append(dial)
        else:
            response.enqueue(
                self.queue,
                action=f"{self.base}/handoff",
                method="POST",
                wait_url=f"{self.base}/wait",
                wait_url_method="POST",
            )


def _speak(verb: VoiceResponse | Gather, prompts: tuple[Prompt, ...]) -> None:
    for prompt in prompts:
        if prompt.audio:
            verb.play(prompt.audio)
        elif prompt.voice:
            verb.say(prompt.text, voice=prompt.voice, language=prompt.locale)
        else:
            verb.say(prompt.text)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
