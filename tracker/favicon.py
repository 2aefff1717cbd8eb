"""/favicon.ico, which browsers and feed readers ask for whatever the page's link says."""

from django.templatetags.static import static
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """A permanent redirect to our own icon among the static files (served by whitenoise)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # At request time: the static storage may name the file by its content.
        return static("tracker/favicon.ico")
