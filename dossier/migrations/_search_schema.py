"""The search tables, triggers, columns and indexes as the migrations made
them by hand, per vendor (see dossier/search.py): SQLite's FTS5 tables and
their triggers, and PostgreSQL's documents before the models declared them
(0024). Only migrations read this module (Django's loader skips a name
that starts with "_")."""

from dossier.search import DOCUMENT_COLUMN, NAMES_COLUMN

__all__ = ["DOCUMENT_COLUMN", "NAMES_COLUMN"]


def document_sql(columns) -> str:
    """The PostgreSQL document of a kind, exactly as its index spells it."""
    joined = " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def sqlite_schema(table: str, columns, prefix: str = "") -> list[str]:
    """`prefix`: FTS5's prefix indexes (as "2 3"), which the articles' table
    had while short words were read as prefixes (0019; dropped in 0020 once
    they were matched as typed)."""
    options = f", prefix='{prefix}'" if prefix else ""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2'{options})",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_unschema(table: str, columns) -> list[str]:
    fts = f"{table}_fts"
    return [
        *(f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {fts}",
    ]


def sqlite_restore(schema_editor, tables) -> None:
    """After a migration rebuilt `tables` ((table, columns searched) pairs)
    on SQLite, which drops a table's triggers with it: each full-text index
    and its triggers made again, as they were searched then."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in tables:
        for statement in [*sqlite_unschema(table, columns), *sqlite_schema(table, columns)]:
            schema_editor.execute(statement)


def postgresql_schema(table: str, columns) -> list[str]:
    return [f"CREATE INDEX {table}_search ON {table} USING gin ({document_sql(columns)})"]


def postgresql_unschema(table: str, columns) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_search"]



def postgresql_column_schema(table: str, columns, column: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
        f"GENERATED ALWAYS AS ({document_sql(columns)}) STORED",
        f"CREATE INDEX {table}_{column} ON {table} USING gin ({column})",
    ]


def postgresql_column_unschema(table: str, columns, column: str) -> list[str]:
    return [f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}"]


def postgresql_names_schema(table: str, columns) -> list[str]:
    return [f"CREATE INDEX {table}_names_search ON {table} USING gin ({document_sql(columns)})"]


def postgresql_names_unschema(table: str, columns) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_names_search"]
