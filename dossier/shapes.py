"""How pages ask for their rows without Django's work around each query:
queries built once and shared (`built_once`), compiled once and run with
each page's values (`compiled`), and read into instances without compiling
`select_related()`'s joins (`Joined`)."""

import functools
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Every shared query built so far, for the tests: none may ever hold rows.
BUILT: list[QuerySet] = []


def built_once(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """A query that pages start from, built the first time it is asked for
    (for each set of arguments) and then shared, as a class-based view holds
    its `queryset`: each page narrows it to its own rows. A `.filter()` is a
    new query, so the shared one is never changed, nor evaluated: it holds
    no rows to go stale. Django builds a query by resolving every field name
    through the models, which cost a quote's page as much as running its
    queries (bench/README.md)."""

    @functools.cache
    @functools.wraps(build)
    def shape(*args) -> QuerySet:
        query = build(*args)
        BUILT.append(query)
        return query

    return shape


# Stand-ins for a compiled query's values while it compiles: no slug or id
# is ever one of them.
_TEXT = "\x00value {}\x00"
_NUMBER = -(2**62)


def _stand_in(value, number: int) -> str | int:
    if isinstance(value, str):
        return _TEXT.format(number)
    if isinstance(value, int) and not isinstance(value, bool):
        return _NUMBER - number
    raise TypeError(f"A compiled query takes text, whole numbers or lists of them, not {value!r}")


# Lists up to this length are sent as they are: psycopg parses a query's
# placeholders once only while it has at most 50 parameters, so padding
# the timeline's 40 events to 64 had its queries parsed on every run.
_EXACT_UP_TO = 50


def _padded(values: tuple) -> tuple:
    """`values` with each list longer than `_EXACT_UP_TO` padded to a power
    of two by repeating its last item (an IN list then matches the same
    rows): a query has a compiled form for each short length and a few
    long ones, not one for every length an export's chunk can have."""
    padded = []
    for value in values:
        if isinstance(value, list | tuple):
            if not value:
                raise ValueError("A compiled query's list may not be empty: it matches nothing")
            length = len(value)
            if length > _EXACT_UP_TO:
                length = 1 << (length - 1).bit_length()
            value = [*value, *[value[-1]] * (length - len(value))]
        padded.append(value)
    return tuple(padded)


def _flat(values: tuple) -> list:
    return [item for value in values for item in (value if isinstance(value, list) else [value])]


class _Form:
    """A query compiled once: its SQL, and for each of its parameters the
    place of a page's value in `_flat(values)`, or a constant of its own."""

    def __init__(self, build: Callable[..., QuerySet], values: tuple, connection):
        stand_ins = iter([_stand_in(value, n) for n, value in enumerate(_flat(values))])
        shaped = [
            [next(stand_ins) for _ in v] if isinstance(v, list) else next(stand_ins) for v in values
        ]
        places = {stand_in: n for n, stand_in in enumerate(_flat(tuple(shaped)))}
        compiler = build(*shaped).query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        # What Django converts in a values query's rows (SQLite's dates and
        # times), found once: its own rows looked for them on every run.
        columns = [column for column, *_ in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(columns).items())
        self.params = [
            (places.get(param) if isinstance(param, str | int) else None, param) for param in params
        ]
        if {place for place, _ in self.params if place is not None} != set(places.values()):
            raise ValueError(
                f"{build.__qualname__} writes a value into its SQL text: it cannot be compiled once"
            )

    def rows(self, connection, values: tuple) -> list[tuple]:
        flat = _flat(values)
        params = [constant if place is None else flat[place] for place, constant in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in map(list, rows):  # as SQLCompiler.apply_converters converts them
            for column, (converters, expression) in self.converters:
                for converter in converters:
                    row[column] = converter(row[column], expression, connection)
            converted.append(tuple(row))
        return converted


def compiled(build: Callable[..., QuerySet]) -> Callable[..., list[tuple]]:
    """A values query that pages run with their own values (text, whole
    numbers, or lists of them): compiled to SQL the first time, then run
    with each page's values, as the database plans a prepared statement
    once. Django builds and compiles a query again on every run, and for a
    page's few rows that cost more than the database's work (bench/README.md).

    The SQL holds neither rows nor values, so nothing goes stale. A form is
    kept for each kind of database (the SQL and the rows' converters are
    its own), and each length of list (`_padded`): a few dozen at most.
    `build(*values)` must send every value as a parameter and return
    `values_list()` rows; it is run once, with stand-ins for the values."""
    forms: dict[tuple, _Form] = {}

    @functools.wraps(build)
    def run(*values) -> list[tuple]:
        values = _padded(values)
        connection = connections[DEFAULT_DB_ALIAS]
        shape = tuple((type(v[0]), len(v)) if isinstance(v, list) else type(v) for v in values)
        key = (connection.vendor, *shape)
        if key not in forms:
            forms[key] = _Form(build, values, connection)
        return forms[key].rows(connection, values)

    return run


class Joined:
    """Instances of `model` with the related instances its `fields` reach
    (the names a page prints, such as `"source__outlet__name"`), built from
    rows of `columns` as `select_related()` builds them, without compiling
    its joins on every run (`compiled`). As with `only()`, each instance
    holds the fields named and its key; reading another costs a query."""

    def __init__(self, model, fields: tuple[str, ...]):
        named: dict[str, set[str]] = {"": set()}
        for name in fields:
            path, _, field = name.rpartition("__")
            named.setdefault(path, set()).add(field)
            while path:  # every model on the way, with the link to the next
                path, _, link = path.rpartition("__")
                named.setdefault(path, set()).add(link)
        columns: list[str] = []
        self.steps = []
        # Each model after the one that links to it: by the depth of its path.
        for path in sorted(named, key=lambda path: (path.count("__") + bool(path), path)):
            target, link = model, None
            for part in filter(None, path.split("__")):
                link = target._meta.get_field(part)
                target = link.related_model
            wanted = {target._meta.get_field(name).attname for name in named[path]}
            wanted.add(target._meta.pk.attname)
            attnames = tuple(f.attname for f in target._meta.concrete_fields if f.attname in wanted)
            prefix = f"{path}__" if path else ""
            start = len(columns)
            columns += [prefix + attname for attname in attnames]
            parent = path.rpartition("__")[0] if path else None
            self.steps.append((path, parent, target, link, attnames, slice(start, len(columns))))
        self.columns = tuple(columns)

    def build(self, rows) -> list:
        built = []
        for row in rows:
            made = {}
            for path, parent, target, link, attnames, columns in self.steps:
                owner = made.get(parent)  # None for `model` itself
                if parent is not None and (owner is None or getattr(owner, link.attname) is None):
                    made[path] = None  # no related row: its columns are NULLs
                else:
                    made[path] = target.from_db(DEFAULT_DB_ALIAS, attnames, row[columns])
                if owner is not None:
                    link.set_cached_value(owner, made[path])
            built.append(made[""])
        return built
