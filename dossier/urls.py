from django.contrib import admin
from django.urls import include, path

from dossier import views

public_patterns = [
    path("", views.overview, name="overview"),
    path("timeline/", views.timeline, name="timeline"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("people/", views.people, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("quotes/", views.quotes, name="quotes"),
    path("quotes/<slug:slug>/", views.quote_detail, name="quote"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement"),
    path("sources/", views.sources, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("tags/", views.tags, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_patterns, "dossier"))),
]
