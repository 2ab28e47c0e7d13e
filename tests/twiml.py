"""Checks that a response is TwiML Twilio will run: the verbs and nesting it accepts."""

import xml.etree.ElementTree as ET

VERBS = {"Say", "Play", "Pause", "Gather", "Enqueue", "Dial", "Record", "Hangup", "Leave"}
INSIDE = {"Gather": {"Say", "Play", "Pause"}, "Dial": {"Number", "Client", "Queue", "Sip"}}
ENDINGS = {"Gather", "Enqueue", "Dial", "Record", "Hangup", "Leave"}  # never silence


def parse(xml: str) -> ET.Element:
    """The <Response> element, after checking every verb and attribute Amparo relies on."""
    root = ET.fromstring(xml)
    assert root.tag == "Response", xml
    for verb in root:
        assert verb.tag in VERBS, f"<{verb.tag}> is not a voice verb"
        for child in verb:
            assert child.tag in INSIDE.get(verb.tag, set()), f"<{child.tag}> in <{verb.tag}>"
        for say in [verb, *verb] if verb.tag != "Dial" else []:
            if say.tag == "Say":
                assert (say.text or "").strip(), "an empty <Say>"
            if say.tag == "Play":
                assert (say.text or "").startswith(("http", "/")), say.text
        if verb.tag == "Gather":
            assert verb.get("action") and "dtmf" in verb.get("input", ""), verb.attrib
            assert list(verb), "a <Gather> that says nothing"
    return root


def caller_hears_something(root: ET.Element) -> bool:
    """A call answer must say something and then listen, queue, record or hang up."""
    spoken = any(e.tag in ("Say", "Play") for e in root.iter())
    return spoken and any(verb.tag in ENDINGS for verb in root)


def said(root: ET.Element) -> str:
    return " ".join((e.text or "") for e in root.iter() if e.tag == "Say")
