"""Public pages. Placeholder detail views until the public pages land."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from dossier.models import Event, Person, Quote, Source, Statement


def _detail(model):
    def view(request, slug):
        obj = get_object_or_404(model.objects.published(), slug=slug)
        return HttpResponse(str(obj), content_type="text/plain; charset=utf-8")

    return view


def _list(request, slug=None):
    return HttpResponse("Dossier", content_type="text/plain; charset=utf-8")


overview = timeline = people = quotes = sources = tags = search = _list
tag_detail = _list
event_detail = _detail(Event)
person_detail = _detail(Person)
quote_detail = _detail(Quote)
statement_detail = _detail(Statement)
source_detail = _detail(Source)
