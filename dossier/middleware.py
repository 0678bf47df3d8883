"""Middleware of our own."""

from csp.constants import HEADER, UNSAFE_INLINE
from csp.utils import build_policy
from django.urls import reverse


def _in_order(policy: str) -> str:
    """The policy's directives sorted: django-csp writes them in a set's
    order, which differs from one process to the next, so two workers (or
    hosts sharing the page cache) sent one policy in two spellings."""
    return "; ".join(sorted(part.strip() for part in policy.split(";") if part.strip()))


class ContentSecurityPolicy:
    """The Content-Security-Policy header, built once from the settings
    (django-csp's own middleware builds it again for every response, a
    cost as large as a cached page's; the site uses no nonces).

    Django's and simple-history's admin templates set some layout through
    style attributes: the admin's policy allows inline *style* (never inline
    script); the public site's stays strict.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _in_order(build_policy())
        self.admin = _in_order(build_policy(update={"style-src": [UNSAFE_INLINE]}))
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            if self.admin_prefix is None:
                self.admin_prefix = reverse("admin:index")
            admin = request.path.startswith(self.admin_prefix)
            response.headers[HEADER] = self.admin if admin else self.public
        return response
