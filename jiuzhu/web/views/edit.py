"""New household, edit household, close household: the forms go through the registry actions only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import get_household_or_404
from jiuzhu.registry import actions
from jiuzhu.registry.documents import ValidationFailed, to_document

from ..access import writer_required
from ..forms import SECTIONS, CloseForm, HouseholdEditor

SECTION_NAMES = {name for name, *_rest in SECTIONS}


def _with_extra_row(data, section: str):
    """The posted data with one more empty row in `section` (the "添加一行" buttons; nothing is saved)."""
    data = data.copy()
    key = f"{section}-TOTAL_FORMS"
    try:
        data[key] = str(min(int(data.get(key, "0")) + 1, 200))
    except ValueError:
        pass
    return data


def _editor_page(request, household, doc: dict | None):
    """GET shows the forms; POST saves through the action or shows every problem beside its field."""
    user = request.user
    if request.method != "POST":
        editor = HouseholdEditor(user, None, doc)
        if doc is None:
            if user.region_id:
                editor.household.initial["region"] = user.region.code
            if user.union_org_id:
                editor.household.initial["union_org"] = user.union_org.code
        return editor
    section = request.POST.get("add", "")
    if section in SECTION_NAMES:
        return HouseholdEditor(user, _with_extra_row(request.POST, section), doc)
    editor = HouseholdEditor(user, request.POST, doc)
    if not editor.is_valid():
        return editor
    new_doc = editor.to_document()
    if new_doc is None:
        return editor
    try:
        if household is None:
            saved = actions.do_create_household(user, new_doc)
            messages.success(request, _("已建立家庭档案 %(number)s。") % {"number": saved.number})
        else:
            note = editor.household.cleaned_data.get("note") or ""
            saved = actions.do_update_household(user, household, new_doc, note=note)
            messages.success(request, _("已保存修改。"))
    except actions.PermissionDenied:
        raise PermissionDenied from None
    except ValidationFailed as e:
        editor.show_problems(e.problems.items)
        return editor
    return redirect("household_detail", pk=saved.pk)


@writer_required
def household_new(request):
    result = _editor_page(request, None, None)
    if not isinstance(result, HouseholdEditor):
        return result
    return render(request, "web/household_edit.html", {"editor": result, "household": None})


@writer_required
def household_edit(request, pk):
    household = get_household_or_404(request.user, pk)
    if not household.active:
        messages.error(request, _("该家庭档案已注销，不能修改。"))
        return redirect("household_detail", pk=household.pk)
    result = _editor_page(request, household, to_document(household))
    if not isinstance(result, HouseholdEditor):
        return result
    return render(request, "web/household_edit.html", {"editor": result, "household": household})


@writer_required
def household_close(request, pk):
    household = get_household_or_404(request.user, pk)
    if not household.active:
        messages.error(request, _("该家庭档案已注销。"))
        return redirect("household_detail", pk=household.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_close_household(request.user, household, form.cleaned_data["reason"])
        except actions.PermissionDenied:
            raise PermissionDenied from None
        except ValidationFailed as e:
            for path, message in e.problems.items:
                form.add_error("reason" if path == "reason" else None, message)
        else:
            messages.success(request, _("已注销家庭档案 %(number)s。") % {"number": household.number})
            return redirect("household_detail", pk=household.pk)
    return render(request, "web/household_close.html", {"household": household, "form": form})
