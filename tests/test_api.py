"""The HTTP API: /health, /model/parse in Rasa's shape, clear errors, OpenAPI."""

import pytest


def test_health_answers_when_ready(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_parse_returns_rasa_shape_plus_language(client):
    response = client.post(
        "/model/parse", json={"text": "ayuda x favor, estamos atrapados en Tapachula"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"text", "intent", "intent_ranking", "entities", "language"}
    assert body["intent"]["name"] == "distress"
    assert 0 < body["intent"]["confidence"] <= 1
    assert body["intent_ranking"][0] == body["intent"]
    assert len(body["intent_ranking"]) == 14
    confidences = [r["confidence"] for r in body["intent_ranking"]]
    assert confidences == sorted(confidences, reverse=True)
    place = next(e for e in body["entities"] if e["entity"] == "place")
    assert body["text"][place["start"] : place["end"]] == "Tapachula"
    assert {"entity", "value", "start", "end", "confidence"} <= set(place)
    assert body["language"]["name"] == "es"


def test_parse_accepts_rasa_extra_fields(client):
    response = client.post("/model/parse", json={"text": "mesi anpil", "message_id": "abc"})
    assert response.status_code == 200
    assert response.json()["intent"]["name"] == "thanks"


def test_parse_button_payload_like_rasa(client):
    body = client.post("/model/parse", json={"text": '/assistance{"need": "shelter"}'}).json()
    assert body["intent"] == {"name": "assistance", "confidence": 1.0}
    assert body["entities"][0]["entity"] == "need" and body["entities"][0]["value"] == "shelter"


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ({"text": ""}, "letters or digits"),
        ({"text": "😭😭😭"}, "letters or digits"),
        ({"text": "a" * 5000}, "longer than"),
        ({}, "Field required"),
        ({"text": 42}, "valid string"),
    ],
    ids=["empty", "emoji", "huge", "missing", "not-a-string"],
)
def test_parse_rejects_bad_input_with_a_clear_422(client, payload, why):
    response = client.post("/model/parse", json=payload)
    assert response.status_code == 422
    assert why in response.text


def test_parse_rejects_invalid_json(client):
    response = client.post(
        "/model/parse", content=b"\xff{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_openapi_documents_every_route(client):
    schema = client.get("/openapi.json").json()
    assert {"/health", "/model/parse"} <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert operation.get("summary"), path
