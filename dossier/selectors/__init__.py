"""Read queries for the public site.

Every query a public page, the feed, the sitemap or the JSON export runs
lives here.  Each starts from a `published()` queryset, and each relation it
follows is prefetched through a `published()` queryset too, so a draft cannot
slip in sideways (a draft person among an event's participants, a draft
article among the sources that report it, a draft quote in a tag's count).
Each function also declares what its page shows, so templates never query in
a loop; tests pin the number of queries per page.

Attribution chains are the one exception to "published relations only": a
hop may name a person or an outlet the editors have not released, and the
chain must still read in order.  Such a hop keeps its place but loses its
name (`public_chain()` is the one place that decides), so a draft's name
never reaches a page.
"""

# What views, feeds, sitemaps and exports call; the rest stays its module's own.
from .chains import ChainHop, public_chain, with_chains  # noqa: F401
from .claims import claim_page, claim_rows, claims, contested, contested_claims  # noqa: F401
from .common import (  # noqa: F401
    paginate_capped,
    people_in,
    public_claims,
    public_events,
    public_quotes,
    public_sources,
    public_statements,
    tag_key,
    tags_in,
    with_tags,
    with_tags_in_chunks,
)
from .export import feed_events, latest_story, published_dossier, sitemap_items  # noqa: F401
from .overview import dossier_figures, overview  # noqa: F401
from .people import people, people_with_counts, person_page  # noqa: F401
from .quotes import quote_cards, quote_page, quote_rows, quotes, statement_page  # noqa: F401
from .search_results import (  # noqa: F401
    SEARCH_COUNT_CAP,
    clean_query,
    search,
    search_groups,
    search_page,
    search_words,
)
from .sources import outlet_page, outlets_page, source_page  # noqa: F401
from .tags import tag_page, tags_in_use, tags_index  # noqa: F401
from .timeline import event_page, timeline, timeline_cards, timeline_rows  # noqa: F401
