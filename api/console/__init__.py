"""The web console for call-centre agents, supervisors and consuls: server-rendered pages
over the same Casework rules as the JSON API."""

from api.console.routes import router

__all__ = ["router"]
