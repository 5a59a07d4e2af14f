"""The applicant's pages (/portal/): login by phone and code, registration with the real-name check, the
self-check, the application draft with its documents and authorisations, and the files (in scope only)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.accounts.models import Role
from jiuzhu.core.models import Region
from jiuzhu.registry.documents import ValidationFailed

from . import actions as a
from . import auth, files, forms
from .models import Consent, PortalApplication, Programme

SESSION_PHONE = "portal_verified_phone"


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def applicant_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        if user.role != Role.APPLICANT:
            return redirect("portal:work_list")
        return view(request, *args, **kwargs)

    return wrapped


def _refusal(error) -> dict[str, str]:
    if isinstance(error, ValidationFailed):
        return forms.errors_from(error.problems)
    return {error.field: f"{forms.field_words(error.field)}：{error.message}"}


def _show_errors(request, errors: dict[str, str]) -> None:
    for message in errors.values():
        messages.error(request, message)


# ---------------------------------------------------------------- login


def login_page(request):
    """Step 1: the phone; step 2: the code sent to it. A phone without an account goes on to registration."""
    if request.user.is_authenticated:
        return redirect("portal:home" if request.user.role == Role.APPLICANT else "portal:work_list")
    ctx = {"phone": request.POST.get("phone", ""), "errors": {}, "code_sent": False}
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "send":
                auth.send_code(request.POST.get("phone"), _ip(request))
                ctx["code_sent"] = True
            elif step == "verify":
                ctx["code_sent"] = True
                phone = auth.check_code(request.POST.get("phone"), request.POST.get("code"))
                user = auth.applicant_for_phone(phone)
                if user is None:
                    request.session[SESSION_PHONE] = phone
                    return redirect("portal:register")
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                auth.record_login(user, "phone_code")
                nxt = request.GET.get("next", "")
                safe = url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure())
                return redirect(nxt if nxt and safe else "portal:home")
        except auth.Refused as e:
            ctx["errors"] = _refusal(e)
    return render(request, "portal/login.html", ctx)


def register_page(request):
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return redirect("portal:login")
    ctx = {"phone": phone, "errors": {}, "values": request.POST}
    if request.method == "POST":
        try:
            user = auth.do_register(
                phone, name=request.POST.get("name"), id_number=request.POST.get("id_number")
            )
        except auth.Refused as e:
            ctx["errors"] = _refusal(e)
        else:
            del request.session[SESSION_PHONE]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            auth.record_login(user, "registered")
            return redirect("portal:home")
    return render(request, "portal/register.html", ctx)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:login")


# ---------------------------------------------------------------- home, self-check


@applicant_required
def home(request):
    from .archive import own_archives

    user = request.user
    household = a.own_household(user)
    apps = list(a.applications_for(user).select_related("dibao_application", "temporary_case")[:50])
    for app in apps:
        app.case_url = _case_url(app)
    cases = []
    if household is not None:  # every case of the household, made online or at the counter
        for c in household.dibao_applications.order_by("-id"):
            cases.append((_("最低生活保障"), c, reverse("portal:case", args=["dibao", c.pk])))
        for c in household.temporary_cases.order_by("-id"):
            cases.append((_("临时救助"), c, reverse("portal:case", args=["temporary", c.pk])))
    return render(
        request,
        "portal/home.html",
        {
            "household": household,
            "applications": apps,
            "cases": cases,
            "programmes": Programme.choices,
            "villages": _villages() if household is None else [],
            "unions": a.union_choices(),
            "has_archive": bool(own_archives(user)),
        },
    )


def _villages():
    return Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent").order_by("code")[:2000]


@applicant_required
def selfcheck_page(request):
    from .selfcheck import run

    household = a.own_household(request.user)
    from jiuzhu.registry.documents import to_document

    doc = to_document(household) if household else None
    if request.method == "POST":
        base = doc or {
            "region": request.POST.get("region", ""),
            "members": [],
        }
        doc = forms.document_from_post(base, request.POST)
        doc["region"] = base["region"]
    result = (
        run(doc, household_id=household.pk if household else None) if doc and doc.get("members") else None
    )
    return render(
        request,
        "portal/selfcheck.html",
        {
            "form": forms.initial(doc or {}),
            "result": result,
            "villages": _villages() if household is None else [],
            "region": (doc or {}).get("region", ""),
            **forms.choices_for_form(),
        },
    )


# ---------------------------------------------------------------- the application


@applicant_required
@require_POST
def start(request):
    try:
        app = a.do_start(
            request.user,
            request.POST.get("programme", ""),
            region_code=request.POST.get("region", ""),
            union_code=request.POST.get("union_org", ""),
        )
    except auth.Refused as e:
        _show_errors(request, _refusal(e))
        return redirect("portal:home")
    return redirect("portal:application", pk=app.pk)


def _application_context(request, app: PortalApplication, errors=None, form=None) -> dict:
    return {
        "app": app,
        "form": forms.attach_errors(form or forms.initial(app.document), errors or {}),
        "errors": errors or {},
        "documents": a.needed_documents(app),
        "adults": a.adults(app),
        "consents": {c.id_number: c for c in app.consents.all()},
        "consent_methods": Consent.Method.choices,
        "authorisation_text": a.AUTHORISATION_TEXT,
        "details": app.details or {},
        "max_size": files.human_size(files.max_bytes()),
        "temporary_choices": _temporary_choices() if app.programme == Programme.TEMPORARY else {},
        "categories": _categories(),
        "case_url": _case_url(app),
        **forms.choices_for_form(),
    }


def _categories():
    from jiuzhu.registry.choices import HardshipCategory

    return HardshipCategory.choices


def _temporary_choices() -> dict:
    from jiuzhu.temporary.models import CaseType, EventKind, Severity

    return {"case_types": CaseType.choices, "event_kinds": EventKind.choices, "severities": Severity.choices}


def _case_url(app) -> str:
    if app.dibao_application_id:
        return reverse("portal:case", args=["dibao", app.dibao_application_id])
    if app.temporary_case_id:
        return reverse("portal:case", args=["temporary", app.temporary_case_id])
    return ""


def application_page(request, pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.path}")
    app = a.get_application(request.user, pk)
    if not a._is_mine(request.user, app):
        return redirect("portal:work_detail", pk=app.pk)
    errors, form = {}, None
    if request.method == "POST":
        doc = forms.document_from_post(app.document, request.POST)
        fields = a.UNION_FIELDS if app.programme == Programme.UNION else a.TEMPORARY_FIELDS
        details = {k: request.POST.get(k, "") for k in fields}
        try:
            a.do_save(request.user, app, document=doc, details=details, reason=request.POST.get("reason", ""))
        except (auth.Refused, ValidationFailed) as e:
            errors, form = _refusal(e), forms.initial(doc)
            app.details = details
        else:
            messages.success(request, _("已保存"))
            return redirect("portal:application", pk=app.pk)
    return render(request, "portal/application.html", _application_context(request, app, errors, form))


def _mine(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    app = a.get_application(request.user, pk)
    if not a._is_mine(request.user, app):
        raise Http404
    return app


@require_POST
def upload(request, pk: int):
    app = _mine(request, pk)
    try:
        a.do_upload(request.user, app, request.POST.get("doc_code", ""), request.FILES.get("file"))
    except (auth.Refused, files.UploadRefused) as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("文件已上传"))
    return redirect(f"{reverse('portal:application', args=[app.pk])}#documents")


@require_POST
def delete_upload(request, pk: int, upload_pk: int):
    app = _mine(request, pk)
    try:
        a.do_delete_upload(request.user, app, upload_pk)
    except auth.Refused as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("文件已删除"))
    return redirect(f"{reverse('portal:application', args=[app.pk])}#documents")


@require_POST
def consent(request, pk: int):
    app = _mine(request, pk)
    if request.POST.get("agree") != "on":
        _show_errors(request, {"consent": _("授权书：请先阅读并勾选“本人同意”")})
    else:
        try:
            a.do_consent(request.user, app, request.POST.get("id_number", ""), request.POST.get("method", ""))
        except auth.Refused as e:
            _show_errors(request, _refusal(e))
        else:
            messages.success(request, _("授权书已签署"))
    return redirect(f"{reverse('portal:application', args=[app.pk])}#consent")


@require_POST
def submit(request, pk: int):
    app = _mine(request, pk)
    try:
        a.do_submit(request.user, app)
    except (auth.Refused, ValidationFailed) as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("申请已提交，乡镇（街道）将在5个工作日内核查"))
    return redirect("portal:application", pk=app.pk)


@require_POST
def withdraw(request, pk: int):
    app = _mine(request, pk)
    try:
        a.do_withdraw(request.user, app)
    except auth.Refused as e:
        _show_errors(request, _refusal(e))
    return redirect("portal:application", pk=app.pk)


def upload_file(request, pk: int):
    """An uploaded file, only to the applicant or agent of its application and the township staff in scope
    (404 to anyone else, as if it did not exist)."""
    if not request.user.is_authenticated:
        raise Http404
    item = a.visible_upload(request.user, pk)
    try:
        handle = files.storage().open(item.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def forbid_non_staff(user) -> None:
    if not (user.is_authenticated and (user.is_superuser or user.can_write())):
        raise PermissionDenied(_("仅供乡镇（街道）工作人员使用"))
