"""Middleware of our own."""

from csp.constants import UNSAFE_INLINE
from django.urls import reverse


class AdminStyleAttributes:
    """Let the admin's templates keep their few `style="…"` attributes.

    Django's and simple-history's admin templates set some layout through
    style attributes. Allowing inline *style* there (never inline script)
    keeps the admin usable; the public site's policy stays strict. Sits
    below CSPMiddleware so its change is seen when the header is built.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response
