"""Rule-set pages: anyone signed in may read the rules; only the provincial centre changes them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from skillcert.core.rules import selectors, services
from skillcert.core.rules.errors import InvalidParameters, RuleSetError
from skillcert.core.rules.forms import RuleSetVersionForm


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "rules/index.html", {"rule_sets": selectors.rule_sets()})


@login_required
def detail(request: HttpRequest, version: int) -> HttpResponse:
    rule_set = selectors.rule_set(version)
    return render(
        request,
        "rules/detail.html",
        {
            "rule_set": rule_set,
            "rows": selectors.parameter_rows(rule_set),
            "in_use": selectors.is_in_use(rule_set),
            "can_manage": services.may_manage_rules(request.user),
        },
    )


@login_required
def create_version(request: HttpRequest, version: int) -> HttpResponse:
    services.require_rules_operator(request.user)
    based_on = selectors.rule_set(version)
    form = RuleSetVersionForm(request.POST or None, based_on=based_on)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule_set = services.create_rule_set_version(
                actor=request.user,
                based_on=based_on,
                changes=form.changes(based_on),
                document_number=data["document_number"],
                title=data["title"],
                effective_from=data["effective_from"],
                counts_regional_holidays=data["counts_regional_holidays"],
                note=data["note"],
            )
        except InvalidParameters as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, f"已创建{rule_set}（草稿），核对后请启用。")
            return redirect("rules:detail", version=rule_set.version)
    return render(request, "rules/create.html", {"form": form, "based_on": based_on})


@login_required
def activate(request: HttpRequest, version: int) -> HttpResponse:
    services.require_rules_operator(request.user)
    rule_set = selectors.rule_set(version)
    if request.method == "POST":
        try:
            services.activate_rule_set(actor=request.user, rule_set=rule_set)
        except RuleSetError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{rule_set}已启用，自施行日期起新建的业务采用此版本。")
        return redirect("rules:detail", version=rule_set.version)
    current = selectors.active_rule_set()
    return render(request, "rules/activate.html", {"rule_set": rule_set, "current": current})
