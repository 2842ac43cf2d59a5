"""FastAPI app factory, routers, problem+json errors and the demo article (pages and the player live beside)."""
