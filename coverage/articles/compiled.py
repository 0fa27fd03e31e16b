"""Reads compiled to SQL once per process, database connection and language, then
run with new values: a prepared statement for the ORM.

Building and compiling a queryset costs 0.3–1.2 ms of Python each time (cloning,
resolving lookups and joins, writing the SQL, and for prefetch_related() its own
machinery), where SQLite or PostgreSQL answer the small keyed reads of a story
page in tens of microseconds: a story page making ten of them spent more than half
its time there. A `CompiledRead` builds its queryset once per connection with a
stand-in for each value that changes (a story's key, an edition's code) and
compiles it once per active language (django-modeltranslation writes a translated
field's ordering and lookups as that language's column), keeps the SQL the ORM
wrote and the column converters it would apply, and from then on only puts the
values in place of the stand-ins and runs it. It gives what iterating the queryset
gives: model instances (with their select_related() objects) or, for a
values_list() queryset, tuples. It reads the SQL compiler's state as Django 5.2's
ModelIterable does (select, klass_info, get_related_populators());
tests/articles/test_compiled.py compares its results with the ORM's.

What the queryset builder decides must not change between runs: it may read only
its arguments and the active language. Times belong in the SQL (`Now()` is the
database's clock, read when the statement runs), never computed in Python: each
statement is compiled twice, and one whose SQL or parameters differ is refused.

An argument may also be a list of keys (`pk__in=ids`): the statement is then
compiled once per length of the list too (a page of 50 stories, say), as the SQL
names each key.
"""

import datetime
import weakref
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.query import ValuesListIterable, get_related_populators
from django.utils import translation
from django.utils.dateparse import parse_datetime

# A stand-in no real key or text takes, one per argument (and per key of a list).
_INT_STAND_IN = -7_340_000_000_000
_STR_STAND_IN = "\x00stand-in-{}\x00"
_DATETIME_STAND_IN = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_LIST_STAND_IN = -(2**40)
# Lengths a list argument may take before its statements start again from none
# (a statement is some 13 KiB; pages hold at most 101 stories).
MAX_LENGTHS = 200


class CompiledRead:
    """`build(**values)` compiled once per database connection and language;
    calling the read with the same keyword arguments runs it and returns a list of
    what the queryset yields (model instances, or tuples for values_list()).

    `arguments` names each argument's type, int, str, datetime.datetime (an aware
    time, compared with a DateTimeField) or list (of int keys, unique within the
    list): e.g.
    CompiledRead(lambda story: Topic.objects.filter(articles=story), story=int) or
    CompiledRead(lambda ids: Correction.objects.filter(article_id__in=ids), ids=list).
    Each argument must reach the SQL as parameters unchanged (an exact or `__in`
    lookup, not `__contains`); ValueError when one does not, or when the builder
    depends on more than its arguments and the active language.
    """

    def __init__(self, build: Callable[..., models.QuerySet], **arguments: type):
        self.build = build
        self.kinds = arguments
        self.lists = [name for name, kind in arguments.items() if kind is list]
        self.model = build(**self._stand_ins(dict.fromkeys(self.lists, 1))).model
        # {connection: {(language, list lengths): statement}}; a connection is a
        # thread's own, for one alias, and goes when its thread does.
        self._statements = weakref.WeakKeyDictionary()

    def _stand_ins(self, lengths: dict[str, int]) -> dict:
        stand_ins, next_key = {}, _LIST_STAND_IN
        for i, (name, kind) in enumerate(self.kinds.items()):
            if kind is list:
                stand_ins[name] = [next_key - n for n in range(lengths[name])]
                next_key -= lengths[name]
            elif kind is datetime.datetime:
                stand_ins[name] = _DATETIME_STAND_IN + datetime.timedelta(
                    microseconds=i
                )
            else:
                stand_ins[name] = (
                    _INT_STAND_IN - i if kind is int else _STR_STAND_IN.format(i)
                )
        return stand_ins

    def __deepcopy__(self, memo):
        # One read shared by every copy of what holds it (a form field's
        # arguments are copied per request).
        return self

    def __call__(self, **values) -> list:
        connection, statement = self._statement(values)
        return statement.run(connection, values)

    def _statement(self, values: dict):
        """This thread's connection for the read and the statement compiled for it
        in the active language (and for lists of these lengths)."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        lengths = {name: len(values[name]) for name in self.lists}
        key = (translation.get_language(), *lengths.values())
        statements = self._statements.get(connection)
        if statements is None or len(statements) > MAX_LENGTHS:
            statements = self._statements[connection] = {}
        statement = statements.get(key)
        if statement is None:
            stand_ins = self._stand_ins(lengths)
            statement = statements[key] = _Statement(
                self.build(**stand_ins),
                alias,
                stand_ins,
                again=self.build(**stand_ins),
            )
        return connection, statement


def run_together(*reads: tuple[CompiledRead, dict]) -> list[list]:
    """Run each (read, values) and return their results in order: in one round trip
    where the database takes several statements at once (PostgreSQL through
    psycopg's client-side binding, Django's default there), else one by one.

    A round trip cost PostgreSQL's client some 0.2 ms of CPU (a system call each
    way, on a machine the database shares), more than a story page's small reads
    take to answer. On a database that takes statements together, they count as
    one query.
    """
    prepared = [(read._statement(values), values) for read, values in reads]
    connections_used = {connection for (connection, _statement), _v in prepared}
    if (
        len(connections_used) != 1
        or not _takes_many_statements(*connections_used)
        or any(statement.sql is None for (_c, statement), _v in prepared)
    ):
        return [
            statement.run(connection, values)
            for (connection, statement), values in prepared
        ]
    [connection] = connections_used
    sql = ";\n".join(statement.sql for (_c, statement), _v in prepared)
    params = [
        param
        for (_c, statement), values in prepared
        for param in statement.params_for(values)
    ]
    results = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for i, ((_c, statement), _values) in enumerate(prepared):
            if i:
                cursor.nextset()
            results.append(statement.read(cursor.fetchall()))
    return results


def _takes_many_statements(connection) -> bool:
    """Whether one execute() may carry several statements with their parameters:
    psycopg's client-side binding sends them as one simple query."""
    return connection.vendor == "postgresql" and not connection.settings_dict.get(
        "OPTIONS", {}
    ).get("server_side_binding")


class _Statement:
    """One queryset's SQL, parameters and row reader, for one connection; `again`,
    the same queryset built a second time, must compile to the same."""

    def __init__(
        self,
        queryset: models.QuerySet,
        alias: str,
        stand_ins: dict,
        *,
        again: models.QuerySet,
    ):
        compiler = queryset.query.get_compiler(using=alias)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `__in` an empty list: no row, no query
            self.sql = None
            return
        self.params = list(params)
        if (self.sql, self.params) != _sql_and_params(again, alias):
            raise ValueError("the query depends on more than its arguments")
        # A time reaches the SQL as the backend adapts it (SQLite: naive text in
        # the database's time zone); each run adapts its value the same way.
        self.adapt_datetime = connections[alias].ops.adapt_datetimefield_value
        # [(position, argument, index in a list argument or None, is a time)]
        self.slots = []
        for name, stand_in in stand_ins.items():
            keys = stand_in if isinstance(stand_in, list) else [stand_in]
            is_time = isinstance(stand_in, datetime.datetime)
            if is_time:
                keys = [self.adapt_datetime(stand_in)]
            for index, key in enumerate(keys):
                positions = [i for i, p in enumerate(self.params) if p == key]
                if not positions:
                    raise ValueError(f"{name!r} does not reach the SQL as a parameter")
                if isinstance(stand_in, list):
                    self.slots += [(i, name, index, False) for i in positions]
                else:
                    self.slots += [(i, name, None, is_time) for i in positions]
        self.compiler = compiler
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.converters = {
            position: ([_lean(converter) for converter in converters], expression)
            for position, (converters, expression) in compiler.get_converters(
                [
                    column
                    for column, _sql, _alias in compiler.select[: compiler.col_count]
                ]
            ).items()
        }
        if queryset._iterable_class is ValuesListIterable:
            names = [
                *queryset.query.extra_select,
                *queryset.query.values_select,
                *queryset.query.annotation_select,
            ]
            # Annotations added after values_list() come last, as Django reads them.
            fields = list(queryset._fields)
            fields += [
                name for name in queryset.query.annotation_select if name not in fields
            ]
            if fields != names:
                raise ValueError("values_list() names must be plain, in SQL order")
            self.make = tuple
        elif issubclass(queryset._iterable_class, models.query.ModelIterable):
            self.make = self._instances(compiler, alias)
        else:
            # e.g. modeltranslation's values_list(), which resolves each translated
            # field's fallback row by row in Python: rewrite(False) reads columns.
            raise ValueError("only model instances and plain values_list() compile")

    def _instances(self, compiler, alias: str):
        """What ModelIterable does with each row (select_related objects and
        annotations included), with everything it looks up done once here."""
        select, info = compiler.select, compiler.klass_info
        model = info["model"]
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(info, select, alias)
        annotations = list(compiler.annotation_col_map.items())

        def make(row):
            instance = model.from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            return instance

        return make

    def params_for(self, values: dict) -> list:
        params = list(self.params)
        for position, name, index, is_time in self.slots:
            value = values[name]
            if is_time:
                value = self.adapt_datetime(value)
            params[position] = value if index is None else value[index]
        return params

    def run(self, connection, values: dict) -> list:
        if self.sql is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(values))
            return self.read(cursor.fetchall())

    def read(self, rows) -> list:
        """What the queryset would yield for these rows as the database sent them."""
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [self.make(row) for row in rows]


def _lean(converter):
    """`converter`, or for SQLite's datetime converter (with USE_TZ) one that gives
    the same value in fewer steps: a page of 50 stories converts some 500
    datetimes, each costing Django's converter about ten Python calls (a settings
    lookup, two utcoffset() checks) where a naive value needs one replace()."""
    operations = getattr(converter, "__self__", None)
    if getattr(operations, "connection", None) is None or not settings.USE_TZ:
        return converter
    if operations.connection.vendor != "sqlite":
        return converter
    # Imported here: the SQLite backend loads only where it is used.
    from django.db.backends.sqlite3.operations import DatabaseOperations

    if converter.__func__ is not DatabaseOperations.convert_datetimefield_value:
        return converter
    zone = operations.connection.timezone

    def convert_datetimefield_value(value, expression, connection):
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            value = parse_datetime(value)
        # Django: make_aware() unless timezone.is_aware() (utcoffset() is set).
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=zone)
        return value

    return convert_datetimefield_value


def _sql_and_params(queryset: models.QuerySet, alias: str) -> tuple:
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    return sql, list(params)
