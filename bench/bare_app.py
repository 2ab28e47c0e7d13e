"""The ceiling for the webhook benchmark: a FastAPI endpoint that only parses the same form."""

from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response

app = FastAPI()


@app.post("/webhooks/twilio/messaging")
async def messaging(request: Request) -> Response:
    form = dict(parse_qsl((await request.body()).decode()))
    return Response(f"<Response/><!-- {len(form)} -->", media_type="application/xml")
