"""The forms of the editors' desk: reading an article in, confirming it as
a source, and the fields of a quote being made on the Annotate page."""

from django import forms
from django.db import models

from dossier.models import Outlet, Quote, Source

from .pages import MAX_PAGE_BYTES, Article, IntakeError, fetch_page, read_page, read_text, tidy_text


class ReadArticleForm(forms.Form):
    """Step one: the article as text, as a saved page, or as an address."""

    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        label="Paste the article",
        help_text="Its full text as published (a page's HTML source works too).",
    )
    page = forms.FileField(
        required=False,
        label="or upload the saved page",
        help_text="In the browser: File → Save page as… (.html).",
    )
    url = forms.CharField(
        required=False,
        label="or give its address",
        help_text="Fetched by the server only where the site allows it.",
        widget=forms.URLInput(attrs={"size": 90}),
    )

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("text", "page", "url") if cleaned.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(
                "Paste the text, upload the saved page or give its address: one of the three."
            )
        try:
            cleaned["article"] = self._read(given[0], cleaned[given[0]])
        except IntakeError as error:
            self.add_error(given[0], str(error))
        return cleaned

    def _read(self, how: str, value) -> Article:
        if how == "text":
            return read_text(value)
        if how == "url":
            return fetch_page(value)
        if value.size > MAX_PAGE_BYTES:
            raise IntakeError(
                f"{value.name} is larger than {MAX_PAGE_BYTES // 1024 // 1024} MB: "
                "is it a web page?"
            )
        return read_page(value.read())


def _formfield(field, **kwargs):
    # As in the admin: an address typed without a scheme is almost always https.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ConfirmSourceForm(forms.ModelForm):
    """Step two: what was read, for the editor to check before it is stored."""

    field_order = ["title", "slug", "outlet", "new_outlet", "new_outlet_homepage", "url"]

    new_outlet = forms.CharField(
        required=False,
        max_length=200,
        label="or a new outlet",
        help_text="Its name, when the outlet is not in the dossier yet.",
    )
    new_outlet_homepage = forms.URLField(
        required=False, assume_scheme="https", label="its homepage"
    )

    class Meta:
        model = Source
        labels = {"url": "Address", "published_on": "Published on"}
        help_texts = {
            "body": "Stored exactly as it stands here: check that it is the article's text "
            "and only that."
        }
        formfield_callback = _formfield
        fields = ["title", "slug", "outlet", "url", "byline", "published_on", "language", "body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24, "cols": 90}),
            "title": forms.TextInput(attrs={"size": 90}),
            "url": forms.URLInput(attrs={"size": 90}),
            "published_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].required = False
        self.fields["outlet"].queryset = Outlet.objects.order_by("name")

    def clean_body(self):
        # Browsers post a text box's lines with CR LF; articles keep LF.
        body = tidy_text(self.cleaned_data["body"])
        self._refuse_duplicate(Source.objects.filter(body=body), "this text")
        return body

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            self._refuse_duplicate(Source.objects.filter(url=url), "this address")
        return url

    def _refuse_duplicate(self, same, what: str) -> None:
        # The same article twice would count as two reports of everything in it.
        existing = same.exclude(pk=self.instance.pk).only("title", "slug").first()
        if existing:
            raise forms.ValidationError(
                f"The dossier already has an article with {what}: “{existing.title}” "
                f"({existing.slug}). Annotate that one instead."
            )

    def clean(self):
        cleaned = super().clean()
        name = " ".join(cleaned.get("new_outlet", "").split())
        if cleaned.get("outlet") is None and not name:
            self.add_error("outlet", "Choose the outlet that published it, or name a new one.")
        elif cleaned.get("outlet") is None:
            existing = Outlet.objects.filter(name__iexact=name).first()
            if existing:
                cleaned["outlet"] = self.instance.outlet = existing
        return cleaned


class QuoteFieldsForm(forms.Form):
    """What an editor may fix on a quote being made: the fields share the
    vocabulary of the quote form, in plain text so they work without script."""

    speaker = forms.CharField(
        required=False,
        max_length=300,
        help_text="A person in the dossier (any spelling), a new person's name, "
        "or an unnamed source's description.",
        widget=forms.TextInput(attrs={"list": "desk-people", "size": 34}),
    )
    unnamed = forms.BooleanField(required=False, label="unnamed source")
    attribution = forms.ChoiceField(choices=Quote.Attribution.choices)
    chain = forms.CharField(
        required=False,
        label="Chain",
        help_text="One hop a line, first first: who | how | context | off the record.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
    )
    statement = forms.CharField(
        required=False,
        max_length=200,
        help_text="The statement it joins, by slug.",
        widget=forms.TextInput(attrs={"list": "desk-statements", "size": 34}),
    )


class SuggestionForm(QuoteFieldsForm):
    start = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    accept = forms.BooleanField(required=False, label="accept")


SuggestionFormSet = forms.formset_factory(SuggestionForm, extra=0)


class PassageForm(QuoteFieldsForm):
    """A quote from any passage: selected in the text (the page's script
    fills the offsets) or typed as the article prints it."""

    field_order = ["text"]

    text = forms.CharField(
        label="Words",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text="Select them in the article, or copy them here exactly as it prints them.",
    )
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)
