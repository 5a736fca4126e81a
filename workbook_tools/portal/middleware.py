"""Headers every portal response carries."""

from __future__ import annotations

# Pages load only our own script and styles: text from a returned file can never run as script here.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class SecurityHeaders:
    """Content-Security-Policy and no caching of pages that show a unit's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("X-Content-Type-Options", "nosniff")
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response
