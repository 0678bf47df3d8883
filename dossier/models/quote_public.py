"""A quote's `public` column, kept by the database itself.

A quote is public when it is published, its article and the article's
outlet are published, and its speaker (if it names one) is published
(`QuoteQuerySet.published()` reads the column): every public page asks
that of thousands of quotes, too many to join the four tables for each
time. The column is written by triggers, on SQLite and on
PostgreSQL, on every write that can change it: a quote inserted or
updated (whatever it sets, `public` itself included), and an article, an
outlet or a person inserted, or updated in its status (an article also in
its outlet). So the ORM's saves, queryset updates, `bulk_create` and the
importer's plain INSERT and COPY all keep it, with nothing in Python to
forget; a first import sets it at once instead (`deferred()`).

On SQLite, a migration that rebuilds one of these tables (most
`AlterField`s and any new non-null column do) drops its triggers: such a
migration must call `install()` again, as it restores the full-text
triggers (see migration 0008). `tests/test_quote_public.py` checks that
every trigger is in place after all migrations.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

# The rule, over a quote row named `{q}`. Statuses are the stored values
# of `Status.PUBLISHED`.
RULE = (
    "({q}.status = 'published' AND EXISTS (SELECT 1 FROM dossier_source s "
    "JOIN dossier_outlet o ON o.id = s.outlet_id WHERE s.id = {q}.source_id "
    "AND s.status = 'published' AND o.status = 'published') AND ({q}.speaker_id IS NULL "
    "OR EXISTS (SELECT 1 FROM dossier_person p WHERE p.id = {q}.speaker_id "
    "AND p.status = 'published')))"
)

# Every quote's column set from the rule, where it is not already right:
# on PostgreSQL the rule joined (hashed) over all quotes at once, faster
# than asking it row by row.
_FILL = {
    "sqlite": "UPDATE dossier_quote SET public = {own} WHERE public IS NOT {own}".format(
        own=RULE.format(q="dossier_quote")
    ),
    "postgresql": (
        "UPDATE dossier_quote q SET public = r.public FROM (SELECT q2.id, "
        "(q2.status = 'published' AND s.status = 'published' AND o.status = 'published' "
        "AND (q2.speaker_id IS NULL OR p.status = 'published')) AS public "
        "FROM dossier_quote q2 JOIN dossier_source s ON s.id = q2.source_id "
        "JOIN dossier_outlet o ON o.id = s.outlet_id "
        "LEFT JOIN dossier_person p ON p.id = q2.speaker_id) r "
        "WHERE q.id = r.id AND q.public IS DISTINCT FROM r.public"
    ),
}

# What quotes each table's writes can change, as a WHERE on dossier_quote,
# and the columns whose update can change them.
CASCADES = {
    "dossier_source": ("source_id = NEW.id", ("status", "outlet_id")),
    "dossier_outlet": (
        "source_id IN (SELECT id FROM dossier_source WHERE outlet_id = NEW.id)",
        ("status",),
    ),
    "dossier_person": ("speaker_id = NEW.id", ("status",)),
}

# Trigger names, by the table they belong to; PostgreSQL's quote table has
# one trigger for inserts and updates.
TRIGGERS = {
    "dossier_quote": ["dossier_quote_public_insert", "dossier_quote_public_update"],
    **{
        table: [f"{table}_quotes_public_insert", f"{table}_quotes_public_update"]
        for table in CASCADES
    },
}


def _sqlite(table: str | None = None) -> list[str]:
    """The SQLite triggers of `table` (all of them without one). SQLite
    cannot change the row a BEFORE trigger sees, so a row whose value is
    wrong is set right after the write (with recursive triggers off,
    SQLite's default, that update fires no trigger of its own)."""
    own = RULE.format(q="dossier_quote")
    wrong = f"NEW.public IS NOT {RULE.format(q='NEW')}"
    fix_quote = f"UPDATE dossier_quote SET public = {own} WHERE id = NEW.id;"
    statements = []
    if table in (None, "dossier_quote"):
        insert, update = TRIGGERS["dossier_quote"]
        statements += [
            f"CREATE TRIGGER {insert} AFTER INSERT ON dossier_quote WHEN {wrong} "
            f"BEGIN {fix_quote} END",
            f"CREATE TRIGGER {update} AFTER UPDATE OF status, source_id, speaker_id, public "
            f"ON dossier_quote WHEN {wrong} BEGIN {fix_quote} END",
        ]
    for name, (quotes, columns) in CASCADES.items():
        if table not in (None, name):
            continue
        insert, update = TRIGGERS[name]
        fix_quotes = f"UPDATE dossier_quote SET public = {own} WHERE {quotes} "
        fix_quotes += f"AND public IS NOT {own};"
        statements += [
            f"CREATE TRIGGER {insert} AFTER INSERT ON {name} BEGIN {fix_quotes} END",
            f"CREATE TRIGGER {update} AFTER UPDATE OF {', '.join(columns)} ON {name} "
            f"BEGIN {fix_quotes} END",
        ]
    return statements


def _postgresql() -> list[str]:
    """PostgreSQL sets the column as each quote row is written (a BEFORE
    trigger), and after a write to the other tables updates the quotes
    whose value it changes, which sets them again through that trigger."""
    statements = [
        "CREATE OR REPLACE FUNCTION dossier_quote_set_public() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN NEW.public := {RULE.format(q='NEW')}; RETURN NEW; END $$",
        "CREATE TRIGGER dossier_quote_public BEFORE INSERT OR UPDATE ON dossier_quote "
        "FOR EACH ROW EXECUTE FUNCTION dossier_quote_set_public()",
    ]
    own = RULE.format(q="dossier_quote")
    for name, (quotes, columns) in CASCADES.items():
        insert, update = TRIGGERS[name]
        function = f"{name}_quotes_public"
        changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE dossier_quote SET public = {own} WHERE {quotes} "
            f"AND public IS DISTINCT FROM {own}; RETURN NULL; END $$",
            f"CREATE TRIGGER {insert} AFTER INSERT ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {update} AFTER UPDATE OF {', '.join(columns)} ON {name} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()",
        ]
    return statements


def expected_triggers(vendor: str) -> dict[str, list[str]]:
    """{table: trigger names} as `install()` makes them."""
    if vendor == "postgresql":
        return {**TRIGGERS, "dossier_quote": ["dossier_quote_public"]}
    return TRIGGERS


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _drop_triggers(connection, tables) -> None:
    vendor = connection.vendor
    on = " ON {}" if vendor == "postgresql" else ""
    _execute(
        connection,
        [
            f"DROP TRIGGER IF EXISTS {trigger}{on.format(name)}"
            for name, triggers in expected_triggers(vendor).items()
            if name in tables
            for trigger in triggers
        ],
    )


def install(connection, table: str | None = None) -> None:
    """(Re)make the triggers and set every quote's column from the rule.
    On SQLite, after a migration rebuilt `table`, only that table's.

    The column is set before the triggers are made, so that no trigger runs
    for each row it sets; the triggers were dropped first, which holds off
    every other writer of these tables until the transaction ends."""
    vendor = connection.vendor
    if vendor not in _FILL:
        # Without the triggers no quote would ever be public.
        raise NotImplementedError(
            f"A quote's public column is kept on SQLite and PostgreSQL, not {vendor}"
        )
    tables = [table] if table and vendor == "sqlite" else list(TRIGGERS)
    _drop_triggers(connection, tables)
    _execute(
        connection, [_FILL[vendor], *(_sqlite(table) if vendor == "sqlite" else _postgresql())]
    )


@contextmanager
def deferred(rows: int, threshold: int):
    """Load a dossier of `rows` rows (at least `threshold`) into empty
    tables with the triggers dropped for the block, then set every quote at
    once and make them again (`install()`), in the load's transaction.

    Set at once, the column is one statement instead of a trigger a row,
    and it rewrites only the rows whose guess (`Quote.refresh_derived()`)
    was wrong. Tables
    holding rows (a later import changing a few) keep their triggers:
    dropping them would hold off the site's readers on PostgreSQL until the
    import commits."""
    connection = connections[DEFAULT_DB_ALIAS]
    if rows < threshold or not all(_empty(connection, table) for table in TRIGGERS):
        yield
        return
    _drop_triggers(connection, list(TRIGGERS))
    yield
    install(connection)


def _empty(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
        return cursor.fetchone() is None


def uninstall(connection) -> None:
    _drop_triggers(connection, list(TRIGGERS))
    if connection.vendor == "postgresql":
        functions = ["dossier_quote_set_public", *(f"{t}_quotes_public" for t in CASCADES)]
        _execute(connection, [f"DROP FUNCTION IF EXISTS {function}()" for function in functions])
