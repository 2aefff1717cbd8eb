"""The URL conf of requests under /api/ (set by tracker.api.middleware): the site's and the API's.

The API's addresses are only here, so reversing one needs `urlconf=API_URLCONF` outside /api/.
The error handlers are the site's.
"""

from django.urls import include, path

from tracker import urls as site

urlpatterns = [path("api/", include("tracker.api.routes")), *site.urlpatterns]

for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site, _name):
        globals()[_name] = getattr(site, _name)
