"""The timeline as an Atom feed: published events only, newest first."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from dossier import selectors
from dossier.wording import tag_label

# Characters XML 1.0 cannot carry at all (C0 controls but tab, newline and
# carriage return); Django's feed writer refuses them, so one pasted into an
# event would otherwise take the whole feed down.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class TimelineFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return selectors.latest_story()

    def title(self, story):
        return xml_text(f"{story.title} — timeline") if story else "Dossier — timeline"

    subtitle = "Events in the dossier, as editors date and source them."
    link = reverse_lazy("dossier:timeline")
    feed_url = reverse_lazy("dossier:feed")

    def items(self):
        return selectors.feed_events()

    def item_title(self, event):
        return xml_text(f"{event.date_display}: {event.title}")

    def item_description(self, event):
        where = format_html(" · {}", event.location) if event.location else ""
        summary = format_html("<p>{}</p>", event.summary) if event.summary else ""
        return xml_text(
            format_html("<p><strong>{}</strong>{}</p>{}", event.date_display, where, summary)
        )

    def item_pubdate(self, event):
        # The day the event happened, not the day it was entered: the
        # timeline is about the story's time.
        return datetime.datetime.combine(event.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, event):
        return event.updated

    def item_categories(self, event):
        return [xml_text(tag_label(tag.name)) for tag in event.public_tags]
