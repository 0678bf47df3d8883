"""The timeline as an Atom feed: published events only, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from dossier import selectors


class TimelineFeed(Feed):
    feed_type = Atom1Feed
    description_template = "dossier/feed_event.html"

    def get_object(self, request, *args, **kwargs):
        return selectors.latest_story()

    def title(self, story):
        return f"{story.title} — timeline" if story else "Dossier — timeline"

    def subtitle(self, story):
        return "Events in the dossier, as editors date and source them."

    def link(self):
        return reverse("dossier:timeline")

    def feed_url(self):
        return reverse("dossier:feed")

    def items(self):
        return selectors.feed_events()

    def item_title(self, event):
        return f"{event.date_display}: {event.title}"

    def item_link(self, event):
        return event.get_absolute_url()

    def item_pubdate(self, event):
        # The day the event happened, not the day it was entered: the
        # timeline is about the story's time.
        return datetime.datetime.combine(event.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, event):
        return event.updated

    def item_categories(self, event):
        return [tag.name for tag in event.tags.all()]
