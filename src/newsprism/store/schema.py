"""Table objects for queries, matching the schema that `migrations.py` builds (a test checks it)."""

from sqlalchemy import Column, Integer, MetaData, Table, Text

metadata = MetaData()


def _link(name: str, left: str, right: str) -> Table:
    """A table that links two keys, both text, the pair its primary key."""
    return Table(name, metadata, Column(left, Text, primary_key=True), Column(right, Text, primary_key=True))


articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("lead", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", Text),
    Column("language", Text, nullable=False),
    Column("origin_file", Text),
    Column("origin_line", Integer),
    Column("added_at", Text, nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("pipeline_version", Text, nullable=False),
    Column("doc", Text, nullable=False),
    Column("analysed_at", Text, nullable=False),
    Column("category", Text, nullable=False, server_default=""),
)

entities = Table(
    "entities",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("stop", Integer, primary_key=True),
    Column("type", Text, primary_key=True),
    Column("normal", Text, nullable=False),
    Column("canonical", Text, nullable=False, server_default=""),
    Column("kind", Text, nullable=False, server_default="name"),
    Column("link_rule", Text, nullable=False, server_default=""),
    Column("sentiment", Integer, nullable=False, server_default="0"),
    Column("canonical_key", Text, nullable=False, server_default=""),
    Column("quoted", Integer, nullable=False, server_default="0"),
)

story_views = Table(
    "story_views",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("view", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("first_date", Text, nullable=False),
    Column("last_date", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("parent", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", Text, nullable=False),
)

story_articles = _link("story_articles", "story_id", "article_id")

search_docs = Table(
    "search_docs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Text, nullable=False, unique=True),
    Column("lemmas", Text, nullable=False),
    Column("spans", Text, nullable=False),
)

store_state = Table(
    "store_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Integer, nullable=False),
)

story_outlets = _link("story_outlets", "story_id", "outlet")

story_comparisons = Table(
    "story_comparisons",
    metadata,
    Column("story_id", Text, primary_key=True),
    Column("signature", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("computed_at", Text, nullable=False),
)

publications = Table(
    "publications",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("outlet", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("published", Text),
    Column("origin_file", Text),
    Column("origin_line", Integer),
    Column("added_at", Text, nullable=False),
)

# Followed outlets (migration 9): the sources, each feed's validators, the entry URLs seen.
sources = Table(
    "sources",
    metadata,
    Column("name", Text, primary_key=True),
    Column("groups", Text, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("last_fetch", Text),
    Column("last_new", Integer, nullable=False, server_default="0"),
    Column("last_errors", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_due", Text, nullable=False),
)

source_feeds = Table(
    "source_feeds",
    metadata,
    Column("source", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("etag", Text, nullable=False, server_default=""),
    Column("last_modified", Text, nullable=False, server_default=""),
    Column("kind", Text, nullable=False, server_default="feed"),  # feed (RSS, Atom) or sitemap (news)
)

seen_urls = Table(
    "seen_urls",
    metadata,
    Column("source", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("article_id", Text, nullable=False),
    Column("seen_at", Text, nullable=False),
)

# Tables that only one backend has (migration 6: SQLite's search filters), outside `metadata`.
backend_metadata = MetaData()
search_facets = Table(
    "search_facets",
    backend_metadata,
    Column("id", Integer, primary_key=True),
    Column("published", Text),
    Column("outlet", Text),
    Column("category", Text, nullable=False),
)
BACKEND_TABLES: dict[str, set[str]] = {"sqlite": {"search_facets"}}

# Columns that only one backend has, outside these tables' definitions: PostgreSQL's full-text
# vector of the lemmas (migration 5), which queries name directly.
BACKEND_COLUMNS: dict[str, dict[str, set[str]]] = {"postgresql": {"search_docs": {"tsv"}}}
