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

from .chains import (  # noqa: F401
    UNPUBLISHED,
    ChainHop,
    chain_hops,
    public_chain,
    public_hop,
    with_chains,
)
from .claims import (  # noqa: F401
    LINK_HEADINGS,
    ClaimPage,
    LinkedClaim,
    LinkGroup,
    Origin,
    by_origin,
    claim_page,
    claim_rows,
    claims,
    contested,
    contested_claims,
)
from .common import (  # noqa: F401
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    PUBLISHED,
    TAGGED,
    OfferedTag,
    capped_count,
    first_rows,
    paginate,
    paginate_capped,
    paginate_narrow,
    people_in,
    public_claims,
    public_events,
    public_links,
    public_participations,
    public_quotes,
    public_reports,
    public_sources,
    public_statements,
    tag_key,
    tags_in,
    with_tags,
    with_tags_in_chunks,
)
from .export import (  # noqa: F401
    PublishedDossier,
    feed_events,
    latest_story,
    published_dossier,
    sitemap_items,
    statements_of,
)
from .overview import (  # noqa: F401
    Overview,
    overview,
)
from .people import (  # noqa: F401
    PERSON_EVENTS,
    PERSON_QUOTES,
    PersonPage,
    QuoteGroup,
    group_by_statement,
    people,
    people_with_counts,
    person_page,
)
from .quotes import (  # noqa: F401
    QuotePage,
    StatementPage,
    quote_cards,
    quote_page,
    quote_rows,
    quotes,
    statement_page,
)
from .search_results import (  # noqa: F401
    SEARCH_COUNT_CAP,
    clean_query,
    item_rows,
    preview,
    search,
    search_groups,
    search_page,
    search_words,
)
from .sources import (  # noqa: F401
    ARTICLES_PER_OUTLET,
    LISTED_SOURCE_FIELDS,
    OUTLET_ARTICLES_PER_PAGE,
    OutletPage,
    SourcePage,
    outlet_page,
    outlet_ranking,
    outlets_page,
    source_page,
    with_latest_articles,
)
from .tags import (  # noqa: F401
    TagPage,
    tag_page,
    tags_in_use,
    tags_index,
)
from .timeline import (  # noqa: F401
    EventCard,
    EventPage,
    event_page,
    timeline,
    timeline_cards,
    timeline_rows,
)
