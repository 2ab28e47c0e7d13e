"""The API's documentation at /docs: Swagger UI served by the app itself, from the pinned copy
the swagger-ui-bundle-v2 package ships. Never from a CDN: a script from elsewhere would run on
the console's origin, next to its session cookie."""

import base64
import hashlib
import re

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"


def add_docs(app: FastAPI) -> None:
    """GET /docs and its assets, with a policy that lets the page load nothing from outside."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )
    # The page's one inline script (Swagger UI's start-up) is allowed by its hash, no other.
    inline = re.findall(rb"<script>(.*?)</script>", page.body, re.S)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in inline
    )
    headers = {
        "Content-Security-Policy": f"default-src 'self'; script-src 'self' {hashes}; "
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
        "frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options": "nosniff",
    }
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    async def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(page.body, headers=headers)

    app.add_route("/docs", docs, include_in_schema=False)  # a page, as FastAPI's own docs are
