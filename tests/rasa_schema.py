"""Rasa 3.x training-data and domain formats as JSON Schema, written from Rasa's documentation
(docs: "Training Data Format", "Domain", "Forms", "Responses: conditional variations")."""

_EXAMPLES = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string", "minLength": 1}, "metadata": {}},
                "additionalProperties": False,
            },
        },
    ]
}


def _block(key: str) -> dict:
    return {
        "type": "object",
        "required": [key, "examples"],
        "properties": {
            key: {"type": "string", "minLength": 1},
            "metadata": {},
            "examples": _EXAMPLES,
        },
        "additionalProperties": False,
    }


NLU = {
    "type": "object",
    "properties": {
        "version": {"type": "string", "minLength": 1},
        "nlu": {
            "type": "array",
            "items": {
                "oneOf": [_block("intent"), _block("synonym"), _block("regex"), _block("lookup")]
            },
        },
    },
}

_BUTTONS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"title": {"type": "string"}, "payload": {"type": "string"}},
    },
}

_VARIATION = {
    "type": "object",
    "minProperties": 1,
    "properties": {
        "id": {"type": "string"},
        "text": {"type": "string"},
        "image": {"type": "string"},
        "custom": {"type": "object"},
        "buttons": _BUTTONS,
        "button_type": {"type": "string"},
        "quick_replies": _BUTTONS,
        "attachment": {"type": "object"},
        "elements": {"type": "array", "items": {"type": "object"}},
        "channel": {"type": "string"},
        "metadata": {},
        "condition": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "name", "value"],
                "properties": {"type": {"enum": ["slot"]}, "name": {"type": "string"}, "value": {}},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

_MAPPING = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {
            "enum": ["from_entity", "from_intent", "from_trigger_intent", "from_text", "custom"]
        },
        "entity": {"type": "string"},
        "intent": {},
        "not_intent": {},
        "value": {},
        "role": {"type": "string"},
        "group": {"type": "string"},
        "action": {"type": "string"},
        "conditions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "active_loop": {"type": ["string", "null"]},
                    "requested_slot": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

DOMAIN = {
    "type": "object",
    "properties": {
        "version": {"type": "string", "minLength": 1},
        "intents": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "object", "maxProperties": 1}]},
        },
        "entities": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "object", "maxProperties": 1}]},
        },
        "slots": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["type", "mappings"],
                "properties": {
                    "type": {"enum": ["text", "bool", "categorical", "float", "list", "any"]},
                    "values": {"type": "array"},
                    "influence_conversation": {"type": "boolean"},
                    "initial_value": {},
                    "min_value": {"type": "number"},
                    "max_value": {"type": "number"},
                    "mappings": {"type": "array", "items": _MAPPING},
                },
                "additionalProperties": False,
            },
        },
        "forms": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "required_slots": {"type": "array", "items": {"type": "string"}},
                    "ignored_intents": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
        },
        "actions": {"type": "array", "items": {"type": "string"}},
        "responses": {
            "type": "object",
            "additionalProperties": {"type": "array", "minItems": 1, "items": _VARIATION},
        },
        "session_config": {
            "type": "object",
            "properties": {
                "session_expiration_time": {"type": "number", "minimum": 0},
                "carry_over_slots_to_new_session": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "config": {"type": "object"},
    },
    "additionalProperties": False,
}
