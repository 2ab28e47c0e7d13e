"""Console pages for crisis alerts: send one (consuls for their nationality, supervisors and
admins for anyone) and watch its delivery live. The same Alerts service as the JSON API."""

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import HTMLResponse

from amparo.casework.alerts import KINDS, SENDERS
from amparo.casework.errors import Conflict, Forbidden, Invalid
from api.console.labels import N_
from api.console.web import ConsoleRoute, Desk, desk
from api.schemas import IdPath
from bot.training import LANGUAGES

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


def _sender(at: Desk) -> None:
    refusal = Forbidden("only consuls, supervisors and admins send alerts", "alert_senders_only")
    at.require(SENDERS, refusal)


@router.get("/alerts")
def alerts(at: Desk = Depends(desk)) -> HTMLResponse:
    _sender(at)
    return _alerts_page(at, {}, {})


def _alerts_page(at: Desk, form: dict[str, str], untranslated: dict[str, int]) -> HTMLResponse:
    """The alerts page; `form`, what was written (kept when the page warns before sending)."""
    found = at.service.alerts.list(at.user)
    consulate = at.service.directory.consulate(at.user.consulate_id)
    return at.page(
        "alerts.html",
        active="alerts",
        form=form,
        untranslated=untranslated,
        alerts=[(a, at.service.alerts.stats(a)) for a in found],
        kinds=KINDS,
        languages=LANGUAGES,
        cities=at.service.directory.cities,
        countries=sorted({c.serves for c in at.service.directory.consulates}),
        fixed_nationality=consulate.serves if at.user.role == "consul" and consulate else None,
    )


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
        return _alerts_page(at, form, untranslated)
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
    untranslated = at.service.alerts.untranslated(alert)
    stats = at.service.alerts.stats(alert)
    return at.page(
        "alert.html", active="alerts", alert=alert, stats=stats, untranslated=untranslated
    )


@router.get("/alerts/{alert_id}/live")
def alert_live(alert_id: IdPath, at: Desk = Depends(desk)) -> HTMLResponse:
    _sender(at)
    alert = at.service.alerts.get(at.user, alert_id)
    return at.fragment("_alert.html", alert=alert, stats=at.service.alerts.stats(alert))
