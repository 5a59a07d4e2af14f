"""Sign-in and the dashboard."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from jiuzhu.accounts.scope import visible_households
from jiuzhu.core.models import Region

from ..access import is_reader, scope_regions
from ..stats import household_counts


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


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
