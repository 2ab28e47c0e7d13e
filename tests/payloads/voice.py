"""Twilio Programmable Voice webhooks (form fields as Twilio posts them)."""

from tests.payloads.twilio import ACCOUNT

CALL_SID = "CA5f0e8ae6ade43cb3c0ce4525424e4a11"

INCOMING_CALL = {
    "AccountSid": ACCOUNT, "ApiVersion": "2010-04-01", "CallSid": CALL_SID,
    "CallStatus": "ringing", "CallToken": "%7B%22parentCallInfoToken%22%3A%22eyJhbG%22%7D",
    "Called": "+15005550006", "CalledCity": "HOUSTON", "CalledCountry": "US",
    "CalledState": "TX", "CalledZip": "77001", "Caller": "+5219625550134",
    "CallerCity": "", "CallerCountry": "MX", "CallerState": "", "CallerZip": "",
    "Direction": "inbound", "From": "+5219625550134", "FromCity": "", "FromCountry": "MX",
    "FromState": "", "FromZip": "", "To": "+15005550006", "ToCity": "HOUSTON",
    "ToCountry": "US", "ToState": "TX", "ToZip": "77001",
}  # fmt: skip

# What Twilio adds when a <Gather> ends: the speech it heard, or the keys pressed.
SPEECH = {"SpeechResult": "", "Confidence": "0.9123", "CallStatus": "in-progress"}
DIGITS = {"Digits": "", "FinishedOnKey": "", "CallStatus": "in-progress"}

QUEUE_WAIT = {
    "QueueSid": "QU5ef8732a3c49700934481addd5ce1659", "QueueTime": "0", "AvgQueueTime": "30",
    "CurrentQueueSize": "1", "QueuePosition": "1", "MaxQueueSize": "100",
}  # fmt: skip
QUEUE_RESULT = {"QueueResult": "leave", "QueueSid": QUEUE_WAIT["QueueSid"], "QueueTime": "121"}
DIAL_RESULT = {"DialCallStatus": "no-answer", "DialCallSid": "CA9a0e8ae6ade43cb3c0ce4525424e4b22"}

RECORDING = {
    "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/RE557ce644e5ab84fa21cc21112e22c485",
    "RecordingSid": "RE557ce644e5ab84fa21cc21112e22c485", "RecordingDuration": "14",
    "Digits": "#", "CallStatus": "in-progress",
}  # fmt: skip
TRANSCRIPTION = {
    "TranscriptionSid": "TR8c61027b709ffb038236612dc5af8723", "TranscriptionStatus": "completed",
    "TranscriptionText": "estoy en la colonia centro con mis dos hijos, no tenemos agua",
    "TranscriptionUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Transcriptions/TR8c61",
    "RecordingSid": RECORDING["RecordingSid"], "RecordingUrl": RECORDING["RecordingUrl"],
}  # fmt: skip
CALL_STATUS = {
    "CallStatus": "completed",
    "CallDuration": "64",
    "Timestamp": "Mon, 23 Nov 2026 14:02:11 +0000",
}

# Twilio's From for a caller who withholds their number.
ANONYMOUS = "+266696687"
