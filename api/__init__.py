"""The FastAPI app: routers and their dependencies only."""
