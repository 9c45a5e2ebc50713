"""Answers that show non-public data are never stored by a browser or a shared cache.

Everything under the private areas (portal, review, admin, sign-in, learners' pages), and every
answer to a signed-in user or to a request with credentials (an API key, on any route: what a
caller sees may depend on who it is), carries `Cache-Control: private, no-store`.
"""

PRIVATE_PREFIXES = ("/portal/", "/review/", "/admin/", "/accounts/", "/learner/")
PRIVATE = "private, no-store"


class PrivateCacheControlMiddleware:
    """Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_private(request):
            response["Cache-Control"] = PRIVATE
            response.headers.pop("Expires", None)
        return response

    @staticmethod
    def _is_private(request) -> bool:
        if request.path.startswith(PRIVATE_PREFIXES) or "HTTP_AUTHORIZATION" in request.META:
            return True
        # Set by the session, or by DRF when it authenticated an API key.
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
