from django.contrib import admin
from django.urls import include, path

from dossier import exports, sitemaps, views
from dossier.cards import views as cards
from dossier.feeds import TimelineFeed

public_patterns = [
    path("", views.overview, name="overview"),
    path("card.png", cards.dossier_card, name="dossier-card"),
    path("timeline/", views.timeline, name="timeline"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("people/", views.people, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("people/<slug:slug>/card.png", cards.person_card, name="person-card"),
    path("quotes/", views.quotes, name="quotes"),
    path("quotes/<slug:slug>/", views.quote_detail, name="quote"),
    path("quotes/<slug:slug>/card.png", cards.quote_card, name="quote-card"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement"),
    path("sources/", views.sources, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("claims/", views.claims, name="claims"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim"),
    path("claims/<slug:slug>/card.png", cards.claim_card, name="claim-card"),
    path("contested/", views.contested, name="contested"),
    path("tags/", views.tags, name="tags"),
    # Tag slugs keep non-Latin letters (taggit slugifies with allow_unicode).
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
    path("feed/", TimelineFeed(), name="feed"),
    # An index of per-section sitemaps, each paginated (?p=2): see dossier.sitemaps.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("dossier.json", views.dossier_json, name="json"),
    # Open formats for other tools: TimelineJS and spreadsheets.
    path("timeline.json", exports.timeline_json, name="timeline-json"),
    path("quotes.csv", exports.quotes_csv, name="quotes-csv"),
    path("claims.csv", exports.claims_csv, name="claims-csv"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_patterns, "dossier"))),
]
