"""Rasa-compatible NLU endpoint: POST /model/parse."""

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from amparo.service import Service
from api.deps import get_service
from bot.text import clean

router = APIRouter(tags=["nlu"])

MAX_TEXT = 4096


class ParseRequest(BaseModel):
    text: str = Field(..., max_length=MAX_TEXT * 4, description="The message to understand.")
    message_id: str | None = Field(None, description="Accepted for Rasa compatibility.")
    language: str | None = Field(None, description="Earlier language of the conversation.")


class IntentOut(BaseModel):
    name: str
    confidence: float


class EntityOut(BaseModel):
    entity: str
    value: str
    start: int
    end: int
    confidence: float
    extractor: str


class LanguageOut(BaseModel):
    name: str
    confidence: float


class ParseResponse(BaseModel):
    text: str
    intent: IntentOut
    intent_ranking: list[IntentOut]
    entities: list[EntityOut]
    language: LanguageOut


@router.post(
    "/model/parse",
    response_model=ParseResponse,
    summary="Understand a message (Rasa's parse shape, plus language)",
    responses={422: {"description": "Empty, unreadable or oversized text"}},
)
def parse(body: ParseRequest, service: Service = Depends(get_service)) -> ParseResponse:
    """Intent, ranking, entities and language of `text`, as a Rasa server answers."""
    cleaned = clean(body.text, MAX_TEXT)
    if cleaned.truncated:
        raise HTTPException(422, f"text is longer than {MAX_TEXT} characters")
    if cleaned.unreadable:
        raise HTTPException(422, "text has no letters or digits to understand")
    result = service.nlu.parse(cleaned.text, language_prior=body.language)
    return ParseResponse.model_validate(result.as_rasa())
