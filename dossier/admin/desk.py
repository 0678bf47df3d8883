"""The editors' desk: adding an article from its text, page or address,
and annotating it, as admin pages of their own on the sources' admin.

`DeskMixin` gives `SourceAdmin` two views:
- intake (`source/intake/`): read an article → check the source form it
  fills → save a draft source, then annotate it;
- annotate (`source/<id>/annotate/`): the article with its quotes and the
  extractor's suggestions marked; accept, fix or reject each, accept all,
  or make a quote of any passage. Everything made is a draft.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from dossier.intake import match_outlet
from dossier.intake.annotate import (
    ACCEPTED,
    SELECTED,
    AnnotateError,
    pending_suggestions,
    plan_quote,
    quoted_spans,
    save_quotes,
    suggestion_fields,
)
from dossier.intake.forms import ConfirmSourceForm, PassageForm, ReadArticleForm, SuggestionFormSet
from dossier.intake.marking import Marked, annotated_text
from dossier.models import Outlet, Person, Reliability, Source, Statement, Status

INTAKE_REASON = "Added through the article intake"
# What `plan_quote` reads of a suggestion's or a passage's form.
PLANNED = ["text", "start", "end", "speaker", "unnamed", "attribution", "chain", "statement"]


class DeskMixin:
    """Intake and Annotate for `SourceAdmin`."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("intake/", view(self.intake_view), name="dossier_source_intake"),
            path("<int:pk>/annotate/", view(self.annotate_view), name="dossier_source_annotate"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    # --- intake --------------------------------------------------------------

    def intake_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        read_form, confirm_form = ReadArticleForm(), None
        if request.method == "POST" and "read" in request.POST:
            read_form = ReadArticleForm(request.POST, request.FILES)
            if read_form.is_valid():
                confirm_form = self._confirm_form(read_form.cleaned_data["article"])
        elif request.method == "POST":
            confirm_form = ConfirmSourceForm(request.POST)
            if confirm_form.is_valid():
                source = self._save_source(request, confirm_form)
                self.message_user(
                    request,
                    f"“{source.title}” added as a draft. Now make its quotes.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:dossier_source_annotate", args=[source.pk])
                )
        return TemplateResponse(
            request,
            "admin/dossier/desk/intake.html",
            self._context(
                request,
                "Check the article" if confirm_form else "Add an article",
                read_form=read_form,
                form=confirm_form,
                media=self.media + (confirm_form or read_form).media,
            ),
        )

    def _confirm_form(self, article) -> ConfirmSourceForm:
        outlet = match_outlet(article.domain, article.site_name)
        fields = ["title", "url", "byline", "published_on", "language", "body"]
        initial = {name: getattr(article, name) for name in fields}
        initial["outlet"] = outlet.pk if outlet else None
        if outlet is None and (article.site_name or article.domain):
            initial["new_outlet"] = article.site_name or article.domain
            if article.domain:
                initial["new_outlet_homepage"] = f"https://{article.domain}/"
        return ConfirmSourceForm(initial=initial)

    def _save_source(self, request, form: ConfirmSourceForm) -> Source:
        with transaction.atomic():
            source = form.save(commit=False)
            if source.outlet_id is None:
                outlet = Outlet(
                    name=" ".join(form.cleaned_data["new_outlet"].split()),
                    homepage=form.cleaned_data.get("new_outlet_homepage") or "",
                    language=source.language,
                    status=Status.DRAFT,
                )
                outlet._history_user = request.user
                outlet._change_reason = INTAKE_REASON
                outlet.save()
                source.outlet = outlet
            source.status = Status.DRAFT
            source._history_user = request.user
            source._change_reason = INTAKE_REASON
            source.save()
        return source

    # --- annotate ------------------------------------------------------------

    def annotate_view(self, request, pk: int):
        source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
        if not request.user.has_perm("dossier.add_quote"):
            raise PermissionDenied
        rejected_key = f"desk-rejected-{source.pk}"
        rejected = {tuple(span) for span in request.session.get(rejected_key, [])}
        suggestions = pending_suggestions(source, rejected)
        if suggestions is None:
            suggestions = []
            self.message_user(
                request,
                "No suggestions for this article: the quote finder failed on its text (the "
                "error is logged). Select passages to make quotes of them.",
                messages.WARNING,
            )
        people = dict(Person.objects.values_list("slug", "name"))
        outlets = dict(Outlet.objects.values_list("slug", "name"))
        initial = [suggestion_fields(s, people, outlets) for s in suggestions]
        formset = SuggestionFormSet(prefix="s", initial=initial)
        passage = PassageForm(prefix="new", initial={"attribution": "on_record"})

        if request.method == "POST":
            formset = SuggestionFormSet(request.POST, prefix="s", initial=initial)
            post = request.POST
            if "make_quote" in post:
                passage = PassageForm(post, prefix="new")
            if "reject" in post:
                return self._reject(request, source, formset, post["reject"], rejected_key)
            forms, reason = self._chosen(post, formset, passage)
            if reason:
                made = self._make_quotes(request, source, forms, reason)
                if made is not None:
                    return made
        return TemplateResponse(
            request,
            "admin/dossier/desk/annotate.html",
            self._context(
                request,
                f"Annotate: {source.title}",
                source=source,
                reliability=Reliability(source.effective_reliability),
                text=annotated_text(source.body, self._marks(source, suggestions)),
                quotes=source.quotes.select_related("speaker").order_by("pk"),
                cards=list(zip(formset.forms, suggestions, strict=False)),
                formset=formset,
                passage=passage,
                people=Person.objects.order_by("name").values_list("name", flat=True),
                statements=Statement.objects.order_by("title").values_list("slug", "title"),
                rejected_count=len(rejected),
            ),
        )

    def _chosen(self, post, formset, passage):
        """Which forms this submit makes quotes of, and the reason recorded."""
        if "make_quote" in post:
            return [passage], SELECTED
        forms = formset.forms
        if "accept" in post:
            index = post["accept"]
            forms = [f for i, f in enumerate(forms) if str(i) == index]
        elif "accept_checked" in post:
            formset.is_valid()
            forms = [f for f in forms if f.is_valid() and f.cleaned_data.get("accept")]
        elif "accept_all" not in post:
            return [], ""
        return forms, ACCEPTED

    def _make_quotes(self, request, source, forms, reason):
        """Check every chosen form, then write all or nothing."""
        plans, failed = [], False
        for form in forms:
            if not form.is_valid():
                failed = True
                continue
            fields = {name: form.cleaned_data[name] for name in PLANNED}
            try:
                plans.append(plan_quote(source, **fields))
            except AnnotateError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
                failed = True
        if not forms:
            self.message_user(
                request, "Nothing was chosen: tick a suggestion first.", messages.WARNING
            )
            return None
        if failed:
            self.message_user(
                request,
                "Nothing was saved: fix the quotes marked below, then try again.",
                messages.ERROR,
            )
            return None
        made = save_quotes(source, plans, request.user, reason)
        skipped = len(plans) - len(made)
        note = f" ({skipped} already in the dossier, not repeated)" if skipped else ""
        self.message_user(
            request,
            f"{len(made)} draft quote(s) made{note}. Grade their credibility before review.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def _reject(self, request, source, formset, index, key):
        forms = [f for i, f in enumerate(formset.forms) if str(i) == index]
        if forms and forms[0].is_valid():
            data = forms[0].cleaned_data
            rejected = request.session.get(key, [])
            rejected.append([data["start"], data["end"]])
            request.session[key] = rejected
            self.message_user(request, f"Suggestion “{data['text'][:60]}” set aside.")
        return HttpResponseRedirect(request.path)

    def _marks(self, source, suggestions) -> list[Marked]:
        marks = [
            Marked(start, end, "quote", "", "Already a quote in the dossier")
            for start, end in quoted_spans(source)
        ]
        marks += [
            Marked(
                s.start, s.end, "suggestion", f"suggestion-{i}", f"Suggestion {i + 1}", str(i + 1)
            )
            for i, s in enumerate(suggestions)
        ]
        return marks
