"""/api/: the versioned API, its OpenAPI schema, and the documentation page (the API's routes,
included by its URL conf, tracker.api.urls)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from tracker.api import schema  # noqa: F401  (registers the Bearer scheme's description)
from tracker.api.assessments import AssessmentViewSet
from tracker.api.evidence import ResultEvidence
from tracker.api.imports import ImportViewSet
from tracker.api.progress import ProgressView
from tracker.api.results import ResultViewSet
from tracker.api.units import CriteriaSetViewSet, UnitViewSet

router = routers.SimpleRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("criteria-sets", CriteriaSetViewSet, basename="api-criteria-set")
router.register("assessments", AssessmentViewSet, basename="api-assessment")
router.register("results", ResultViewSet, basename="api-result")
router.register("imports", ImportViewSet, basename="api-import")

v1 = [
    *router.urls,
    path("results/<int:pk>/evidence/", ResultEvidence.as_view(), name="api-result-evidence"),
    path("progress/", ProgressView.as_view(), name="api-progress"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The page and its script apart: the site's CSP runs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include(v1)),
]
