"""The editors' workbench: every kind of thing in a dossier, with the columns,
filters, inlines and bulk actions editors reach for."""

from django.contrib import admin

from . import claims, events, people, quotes, sources, tags  # noqa: F401 - registers the admins

admin.site.site_header = "Dossier — editors' desk"
admin.site.site_title = "Dossier admin"
admin.site.index_title = "The dossier"
# The lists and forms get the whole width of an editor's screen: the
# sidebar repeated the home page's links and took a quarter of 1280 px.
admin.site.enable_nav_sidebar = False
# The home page leads with the review desk's queue.
admin.site.index_template = "admin/dossier/index.html"
