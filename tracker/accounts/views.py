"""The account page (/tai-khoan/): one's own account, and the accounts one runs; the change
of password, and the reset of a forgotten one by e-mail (Django's views, our texts)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tracker.accounts.managed import (
    account_create,
    account_password_reset,
    account_set_active,
    managed_accounts,
    managed_role,
    password_change_record,
)
from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope
from tracker.web import period_from_request

# The Ministry's list: province accounts first; the other roles when asked (?vai-tro=).
LISTED_ROLES = [Role.PROVINCE, Role.WARD, Role.VIEWER]


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"),
        required=False,
        help_text=gettext_lazy("Để trống nếu chưa có; khi có, mật khẩu được đặt lại qua thư."),
    )
    unit = forms.CharField(label=gettext_lazy("Phường (mã hoặc tên)"), max_length=200)

    def __init__(self, *args, role: str, edition, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        if role == Role.PROVINCE:
            unit.label = _("Tỉnh (mã hoặc tên)")
            unit.help_text = _("Trên bản đồ %(map)s, ví dụ 40 hay Nghệ An.") % {"map": edition.code}
        else:
            unit.help_text = _(
                "Một phường của tỉnh bạn trên bản đồ %(map)s, ví dụ 16663 hay Đông Vĩnh."
            ) % {"map": edition.code}


def _refused(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    """A refusal in words, in the site's layout (Django's own 403 page says it in English)."""
    message = " ".join(str(a) for a in error.args) or _("Bạn không có quyền làm việc này.")
    return render(request, "tracker/accounts/refused.html", {"message": message}, status=403)


def _act(request: HttpRequest, action: str) -> tuple[HttpResponse | None, dict]:
    """Run a disable, an enable or a reset; a redirect, or what to show once (no redirect)."""
    account = get_object_or_404(managed_accounts(request.user), pk=request.POST.get("account") or 0)
    name = account.get_username()
    try:
        if action == "reset":
            account, password = account_password_reset(
                by=request.user, account_id=account.pk, request=request
            )
            if password is not None:
                return None, {"shown_once": {"username": name, "password": password}}
            messages.success(
                request,
                _("Đã gửi thư đặt lại mật khẩu tới %(email)s cho tài khoản '%(name)s'.")
                % {"email": account.email, "name": name},
            )
        else:
            active = action == "enable"
            account_set_active(
                by=request.user, account_id=account.pk, active=active, request=request
            )
            messages.success(
                request,
                (
                    _("Đã mở khoá tài khoản '%(name)s'.")
                    if active
                    else _("Đã khoá tài khoản '%(name)s': tài khoản này không đăng nhập được nữa.")
                )
                % {"name": name},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(request.get_full_path()), {}


@login_required
@require_http_methods(["GET", "POST"])
def account_page(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    role = managed_role(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and role is None:
        return _refused(
            request,
            PermissionDenied(
                _(
                    "Tài khoản của bạn không quản lý tài khoản nào: chỉ Công an tỉnh quản lý "
                    "tài khoản các phường của tỉnh, và Bộ quản lý tài khoản các tỉnh."
                )
            ),
        )
    context = {"scope": scope, "managed_role": role}
    if role is None:
        return render(request, "tracker/accounts/account.html", context)

    period = period_from_request(request)
    form = AccountCreateForm(
        request.POST if action == "create" else None, role=role, edition=period.edition
    )
    try:
        if action in ("disable", "enable", "reset"):
            response, shown = _act(request, action)
            if response is not None:
                return response
            context.update(shown)
        elif action == "create" and form.is_valid():
            try:
                user, password = account_create(
                    by=request.user,
                    username=form.cleaned_data["username"],
                    unit=form.cleaned_data["unit"],
                    edition=period.edition,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    request=request,
                )
                context["shown_once"] = {"username": user.get_username(), "password": password}
                context["created"] = True
                form = AccountCreateForm(role=role, edition=period.edition)
            except ValidationError as error:
                if getattr(error, "code", None) in ("not_found", "several", "other_province"):
                    form.add_error("unit", error)
                elif getattr(error, "code", None) in ("exists", "invalid"):
                    form.add_error("username", error)
                else:
                    form.add_error(None, error)
    except PermissionDenied as error:
        return _refused(request, error)

    accounts = managed_accounts(request.user)
    listed = Role.PROVINCE if role == Role.PROVINCE else Role.WARD
    if role == Role.PROVINCE:
        asked = request.GET.get("vai-tro", Role.PROVINCE)
        listed = asked if asked in LISTED_ROLES or asked == "tat-ca" else Role.PROVINCE
        if listed != "tat-ca":
            accounts = accounts.filter(scope__role=listed)
    context.update(
        {
            "form": form,
            "accounts": accounts,
            "listed": listed,
            "role_choices": [(r.value, r.label) for r in LISTED_ROLES],
            **period.context(),
        }
    )
    response = render(request, "tracker/accounts/account.html", context)
    if "shown_once" in context:
        # The temporary password is on this page only: never kept by a browser or a proxy.
        response["Cache-Control"] = "no-store"
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_record(
            user=self.request.user, how=_("Đổi mật khẩu của mình"), request=self.request
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_record(
            user=form.user, how=_("Đặt mật khẩu mới qua thư đặt lại"), request=self.request
        )
        return response
