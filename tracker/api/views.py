"""The account page where a user makes (shown once), lists and revokes their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tracker.api.middleware import API_URLCONF
from tracker.api.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    api_token_create,
    api_token_revoke,
    api_tokens_of,
)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên của mã (hệ thống hay kịch bản dùng nó)"), max_length=100
    )
    days = forms.IntegerField(
        label=gettext_lazy("Số ngày hiệu lực"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    created = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = get_object_or_404(api_tokens_of(request.user), pk=request.POST.get("token") or 0)
        try:
            api_token_revoke(token=token, user=request.user, request=request)
            messages.success(request, _("Đã thu hồi mã '%(name)s'.") % {"name": token.name})
        except ValidationError as exc:
            messages.error(
                request,
                _("Chưa thu hồi mã '%(name)s': %(why)s")
                % {"name": token.name, "why": " ".join(exc.messages)},
            )
        return redirect("api-tokens")
    if form.is_bound and form.is_valid():
        try:
            token, raw = api_token_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                user=request.user,
                request=request,
            )
            created = {"token": token, "raw": raw}
            form = TokenForm()
        except ValidationError as exc:
            form.add_error(None, exc)
    response = render(
        request,
        "tracker/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": api_tokens_of(request.user),
            # The API's addresses live in their own URL conf (tracker.api.middleware).
            "docs_url": reverse("api-docs", urlconf=API_URLCONF),
        },
    )
    # The new token is on this page only: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response
