"""Console pages for crisis alerts: send one (consuls for their nationality, supervisors and
admins for anyone) and watch its delivery live. The same Alerts service as the JSON API.

Sending takes two steps: the form asks for a preview, which shows how many people the alert
would reach on each channel (counted by the very query that sends it, `Alerts.recipients`),
and only its confirmation sends. A consul's alert starts at their consulate's city."""

import asyncio

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from amparo.casework.alerts import KINDS, SENDERS, Preview
from amparo.casework.errors import Conflict, Forbidden, Invalid, Refusal
from api.console.labels import N_
from api.console.web import ConsoleRoute, Desk, desk
from api.schemas import IdPath
from bot.training import LANGUAGES

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
FIELDS = ("kind", "nationality", "place", "language", "template")
TEXT_FIELDS = tuple(f"text_{lang}" for lang in LANGUAGES)


def _sender(at: Desk) -> None:
    refusal = Forbidden("only consuls, supervisors and admins send alerts", "alert_senders_only")
    at.require(SENDERS, refusal)


@router.get("/alerts")
def alerts(at: Desk = Depends(desk)) -> HTMLResponse:
    _sender(at)
    consulate = at.service.directory.consulate(at.user.consulate_id)
    home = consulate.city if at.user.role == "consul" and consulate else ""
    blank = dict.fromkeys((*FIELDS, *TEXT_FIELDS), "")
    return _page(at, blank | {"kind": "warning", "place": home})


def _page(
    at: Desk,
    form: dict[str, str],
    preview: Preview | None = None,
    error: Refusal | None = None,
    status: int = 200,
    untranslated: dict[str, int] | None = None,
) -> HTMLResponse:
    """The alerts page: the form (what was written is kept), its preview and warnings."""
    found = at.service.alerts.list(at.user)
    consulate = at.service.directory.consulate(at.user.consulate_id)
    return at.page(
        "alerts.html",
        status,
        active="alerts",
        untranslated=untranslated or {},
        alerts=[(a, at.service.alerts.stats(a)) for a in found],
        kinds=KINDS,
        languages=LANGUAGES,
        cities=at.service.directory.cities,
        countries=sorted({c.serves for c in at.service.directory.consulates}),
        fixed_nationality=consulate.serves if at.user.role == "consul" and consulate else None,
        form=form,
        preview=preview,
        error=at.t.error(error.code, error.params) if error else None,
        city=at.service.directory.city,
    )


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name) or "") for name in (*FIELDS, *TEXT_FIELDS)}


@router.get("/alerts/preview")
async def preview_again() -> Response:
    """A preview is a form's answer: reached by a link (the language switch), the form."""
    return RedirectResponse("/console/alerts", status_code=303)


@router.post("/alerts/preview")
async def preview_alert(request: Request, at: Desk = Depends(desk)) -> HTMLResponse:
    """How many the alert would reach, by channel; nothing is sent or stored."""
    form = await _fields(request)
    return await asyncio.to_thread(_preview, at, form)


def _preview(at: Desk, form: dict[str, str]) -> HTMLResponse:
    _sender(at)
    try:
        found = at.service.alerts.preview(at.user, form["kind"], _texts(form), **_audience(form))
        # Some of its audience would get it in a language not theirs: the preview says so.
        chosen = {k: v for k, v in _audience(form).items() if k != "template"}
        untranslated = at.service.alerts.audience(at.user, _texts(form), **chosen)
    except (Invalid, Forbidden, Conflict) as exc:
        return _page(at, form, error=exc, status=422 if isinstance(exc, Invalid) else 403)
    return _page(at, form, preview=found, untranslated=untranslated)


def _texts(form: dict[str, str]) -> dict[str, str]:
    return {lang: form.get(f"text_{lang}", "") for lang in LANGUAGES}


def _audience(form: dict[str, str]) -> dict[str, str | None]:
    return {
        name: form.get(name) or None for name in ("nationality", "place", "language", "template")
    }


@router.post("/alerts")
def send_alert(
    kind: str = Form("warning"),
    nationality: str = Form(""),
    place: str = Form(""),
    language: str = Form(""),
    template: str = Form(""),
    text_es: str = Form(""),
    text_en: str = Form(""),
    text_fr: str = Form(""),
    text_pt: str = Form(""),
    text_ht: str = Form(""),
    anyway: str = Form(""),
    at: Desk = Depends(desk),
) -> Response:
    """The preview's confirmation: the alert goes out."""
    _sender(at)
    texts = {"es": text_es, "en": text_en, "fr": text_fr, "pt": text_pt, "ht": text_ht}
    chosen = {"nationality": nationality or None, "place": place or None,
              "language": language or None}  # fmt: skip
    try:
        # Some of its audience would get it in a language not theirs: say so first.
        untranslated = {} if anyway else at.service.alerts.audience(at.user, texts, **chosen)
    except (Invalid, Forbidden, Conflict) as exc:
        return at.redirect("/console/alerts", error=exc)
    if untranslated and any(t.strip() for t in texts.values()):
        form = {"kind": kind, "nationality": nationality, "place": place, "language": language,
                "template": template} | {f"text_{k}": v for k, v in texts.items()}  # fmt: skip
        return _page(at, form, untranslated=untranslated)
    try:
        alert_id = at.once(
            lambda: at.service.alerts.create(
                at.user,
                kind,
                texts,
                **chosen,
                template=template or None,
            )
        )
    except (Invalid, Forbidden, Conflict) as exc:
        return at.redirect("/console/alerts", error=exc)
    queued = N_("Alert queued: its progress shows below.")
    return at.redirect(f"/console/alerts/{alert_id}", notice=queued)


@router.get("/alerts/{alert_id}")
def alert_page(alert_id: IdPath, at: Desk = Depends(desk)) -> HTMLResponse:
    _sender(at)
    alert = at.service.alerts.get(at.user, alert_id)
    return at.page(
        "alert.html",
        active="alerts",
        alert=alert,
        stats=at.service.alerts.stats(alert),
        untranslated=at.service.alerts.untranslated(alert),
        city=at.service.directory.city,
    )


@router.get("/alerts/{alert_id}/live")
def alert_live(alert_id: IdPath, at: Desk = Depends(desk)) -> HTMLResponse:
    _sender(at)
    alert = at.service.alerts.get(at.user, alert_id)
    return at.fragment("_alert.html", alert=alert, stats=at.service.alerts.stats(alert))
