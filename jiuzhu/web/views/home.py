"""Sign-in and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import visible_households
from jiuzhu.core.models import Region

from ..access import is_reader, scope_regions
from ..stats import household_counts


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the other sessions of the user end, this one stays (docs/security.md)."""

    template_name = "web/password_change.html"

    def form_valid(self, form):
        from jiuzhu.accounts.actions import do_change_password

        do_change_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("密码已修改，您在其他地方的登录已全部退出。"))
        return redirect("dashboard")


@login_required
def dashboard(request):
    user = request.user
    if not is_reader(user):
        # Applicants have no dashboard: they see their own household, read-only.
        own = visible_households(user).order_by("-active", "-pk").first()
        if own is not None:
            return redirect("household_detail", pk=own.pk)
        return render(request, "web/no_household.html")
    within = None
    code = request.GET.get("region", "").strip()
    if code:
        within = scope_regions(user).filter(code=code).first()
    counts = household_counts(user, within)
    from jiuzhu.reports.dashboard import figures

    return render(
        request,
        "web/dashboard.html",
        {"counts": counts, "within": within, "levels": Region.Level, "figures": figures(user, within)},
    )
