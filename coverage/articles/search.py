"""Full-text search over articles: PostgreSQL's tsvector with a GIN index, SQLite's FTS5.

Arabic spelling varies (hamza forms of alef, ta marbuta, alef maqsura, short-vowel
marks, tatweel), Sorani and Persian keyboards type their own kaf, yeh and heh (کرکوک
for كركوك, دیالی for ديالى) and zero-width non-joiners, and words carry the definite
article, so both the indexed text and
the query are normalised the same way: in SQL by `Normalized` and in Python by
`normalize_text`.
"""

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

# Mapped one to one: alef with hamza above/below, alef with madda, alef wasla -> alef;
# ta marbuta -> ha; alef maqsura -> ya. Then the letters that Sorani (Central Kurdish)
# and Persian keyboards type for the same sounds, so a reader on any of them finds a
# story whichever keyboard wrote it: keheh and swash kaf -> kaf; farsi yeh and yeh
# barree -> ya; heh doachashmee, heh goal, heh with yeh above and the Kurdish ae -> ha.
# Eastern Arabic-Indic and Persian digits -> ASCII digits.
_FOLD_FROM = (
    "\u0623\u0625\u0622\u0671\u0629\u0649"
    "\u06a9\u06aa\u06cc\u06d2\u06be\u06c1\u06c0\u06d5"
    + "".join(chr(c) for c in range(0x0660, 0x066A))
    + "".join(chr(c) for c in range(0x06F0, 0x06FA))
)
_FOLD_TO = (
    "\u0627\u0627\u0627\u0627\u0647\u064a"
    "\u0643\u0643\u064a\u064a\u0647\u0647\u0647\u0647" + "0123456789" * 2
)
# Deleted: tanwin, short vowels, shadda, sukun (U+064B..U+0652), dagger alef, tatweel;
# and the invisible marks typed inside words: zero-width non-joiner and joiner (Sorani
# and Persian keyboards put a ZWNJ after ە and ی), the bidi marks LRM, RLM and the
# Arabic letter mark, and the soft hyphen.
_DELETE = (
    "".join(chr(c) for c in range(0x064B, 0x0653))
    + "\u0670\u0640"
    + "\u200c\u200d\u200e\u200f\u061c\u00ad"
)
_TABLE = str.maketrans(_FOLD_FROM, _FOLD_TO, _DELETE)

# Light stemming: the definite article, alone or after the conjunctions and
# prepositions that join it (و ف ب ك ل), is dropped from the start of a word when two
# letters or more remain, so امن finds الأمن and والأمن. Written once, used by Python's
# re and by PostgreSQL's regexp_replace (both read this syntax the same way).
_LETTER = "[\u0620-\u064a\u066e-\u06ef]"
_ARTICLE_PATTERN = (
    f"(^|[^\u0620-\u064a\u066e-\u06ef])(وال|فال|بال|كال|لل|ال)(?={_LETTER}{_LETTER})"
)
_ARTICLE = re.compile(_ARTICLE_PATTERN)

# Weights: headline above standfirst above body.
WEIGHTS = {"headline": "A", "standfirst": "B", "body_text": "C"}
FALLBACK_POINTS = {"headline": 4, "standfirst": 2, "body_text": 1}
SEARCH_CONFIG = "simple"  # one configuration for en, ar and ckb; no stemming


def normalize_text(text: str) -> str:
    """Fold Arabic, Sorani and Persian spelling variants, the definite article and
    case, as the database does for the index.

    The one normalisation: `Normalized` applies it in SQL (translate() and
    regexp_replace() on PostgreSQL, this very function registered on SQLite), so an
    index and a query can never fold differently.
    """
    return _ARTICLE.sub(r"\1", text.translate(_TABLE)).lower()


def search_terms(query: str) -> list[str]:
    """The normalised words of a reader's query (quotes and operators dropped)."""
    return [t for t in re.split(r"[\W_]+", normalize_text(query)) if t]


class Normalized(Func):
    """normalize_text() in SQL: translate() on PostgreSQL, a registered function on SQLite."""

    function = "translate"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(
            Coalesce(expression, Value("")), Value(_FOLD_FROM), Value(_FOLD_TO), **extra
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # translate() deletes the characters of `from` that have no partner in `to`.
        expression, _from, _to = self.get_source_expressions()
        folded = Func(
            expression,
            Value(_FOLD_FROM + _DELETE),
            Value(_FOLD_TO),
            function="translate",
            output_field=TextField(),
        )
        return Func(
            folded,
            Value(_ARTICLE_PATTERN),
            Value("\\1"),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        ).as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        expression = self.get_source_expressions()[0]
        return Func(
            expression, function="shafaq_normalize", output_field=TextField()
        ).as_sql(compiler, connection, **extra_context)


def search_vector() -> SearchVector:
    """The weighted document. On PostgreSQL it is stored, computed by the database,
    in the generated column `search_document` (migration 0006), which a GIN index
    covers; change it and a new migration must rebuild that column."""
    vectors = [
        SearchVector(Normalized(F(field)), weight=weight, config=SEARCH_CONFIG)
        for field, weight in WEIGHTS.items()
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Give SQLite connections the same normalisation (connection_created receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "shafaq_normalize",
            1,
            lambda value: normalize_text(value or ""),
            deterministic=True,
        )


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """The stories of `queryset` matching every word of `query`: a filter, in the
    queryset's own order (the API orders by date). For best first, page by page,
    use `ranked_search`."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.alias(search=_document(queryset)).filter(
            search=_postgres_query(terms)
        )
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, terms)
    return _search_by_scanning(queryset, terms)


def _search_sqlite(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """The FTS5 filter: the queryset's rows whose id is among the hits."""
    from articles.migrations._sqlite_fts import TABLE

    # The unary + keeps SQLite from answering the IN by looking up each hit's row
    # (status and publish_at sit after the body, in overflow pages): the rest of the
    # filter walks a covering index and checks its ids against the hits instead,
    # 4 ms for 12,700 hits at 20,000 stories where the lookups took 37 ms.
    return queryset.alias(_fts_id=Func(F("pk"), template="(+%(expressions)s)")).filter(
        _fts_id__in=RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [_fts_match(terms)]
        )
    )


def _document(queryset: QuerySet) -> RawSQL:
    return RawSQL(
        f'"{queryset.model._meta.db_table}"."search_document"',
        [],
        output_field=SearchVectorField(),
    )


def _postgres_query(terms: list[str]) -> SearchQuery:
    return SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")


def _fts_match(terms: list[str]) -> str:
    """An FTS5 query: every term a quoted phrase (no operators), all required."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


# Best first; among equals the newer story, then the higher id (a stable page).
RANKED_ORDER = ("-rank", "-publish_at", "-pk")
# A query that matches more stories than this ranks the newest this many of them:
# ranking every match of a common word read each one's document (63,000 of 100,000
# stories for "border prison", 0.6 s on PostgreSQL), and a news reader wants the
# recent ones. The newest are found by walking the publication-time index.
RANKED_MATCHES = 1000


class RankedSearch:
    """The stories of a queryset matching a query, best first: a sequence that
    django.core.paginator.Paginator pages (`count()`, slicing to a list of Article
    with `rank` set: higher is better, a float whose scale depends on the database).

    Only the newest RANKED_MATCHES matches are ranked and counted: `count()` is at
    most that, and `exact` is False when more stories match (the page then says
    "More than 1,000 stories match").

    The costly part, ranking the matches, runs in the database once per page and
    answers the total in the same query (`prepare(offset, limit)`, which
    readers.pagination.page_or_404 calls before the Paginator counts); the page's
    rows are then read by primary key through the queryset itself, so its
    select_related/prefetch_related apply and visibility is checked twice.
    Without `prepare`, `count()` and each slice cost a query of their own.

    Ranking: PostgreSQL's ts_rank over the weighted tsvector (headline A, standfirst
    B, body C); SQLite's FTS5 bm25 with the same column weights (BM25_WEIGHTS),
    computed inside FTS5 and joined to the queryset's ids and publication times
    read through its (covering) index rather than the story rows, whose status and
    publish_at sit after the body in overflow pages.
    """

    def __init__(self, queryset: QuerySet, query: str):
        self.queryset = queryset
        self.terms = search_terms(query)
        self._total: int | None = None
        self.exact = True
        self._window: tuple[int, list[tuple[int, float]]] | None = None

    def prepare(self, offset: int, limit: int) -> None:
        """Rank the matches and keep ids and ranks from `offset` (at most `limit`)
        and the total: one query."""
        self._total, ranked = self._ranked(offset, limit)
        self._window = (offset, ranked)

    def count(self) -> int:
        if self._total is None:
            self.prepare(0, 0)
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("RankedSearch slices have no step")
        if stop <= start:
            return []
        offset, ranked = self._window or (0, [])
        if start >= offset and stop <= offset + len(ranked):
            chosen = ranked[start - offset : stop - offset]
        else:
            chosen = self._ranked(start, stop - start)[1]
        rows = self.queryset.order_by().in_bulk([pk for pk, _rank in chosen])
        page = []
        for pk, rank in chosen:
            if pk in rows:  # gone between the two queries: left out
                rows[pk].rank = rank
                page.append(rows[pk])
        return page

    def _ranked(self, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
        """(total, [(pk, rank), ...]) of the matches from `offset`, at most `limit`;
        the total at most RANKED_MATCHES (`exact` says whether more match)."""
        if not self.terms:
            return 0, []
        try:
            hits, params = self._hits()
        except EmptyResultSet:  # queryset.none()
            return 0, []
        # `newest`: the newest RANKED_MATCHES + 1 matches (narrow rows: id,
        # publication time and, on PostgreSQL, the document), read once; `hits`:
        # the first RANKED_MATCHES of them, ranked. The total and the page are read
        # from them.
        with connection.cursor() as cursor:
            cursor.execute(
                f"{hits} SELECT id, rank, (SELECT COUNT(*) FROM newest) FROM hits "
                "ORDER BY rank DESC, publish_at DESC, id DESC LIMIT %s OFFSET %s",
                [*params, max(limit, 1), offset],
            )
            rows = cursor.fetchall()
            if rows:
                total = rows[0][2]
            else:  # none, or past the end: the total alone
                cursor.execute(f"{hits} SELECT COUNT(*) FROM newest", params)
                total = cursor.fetchone()[0]
        self.exact = total <= RANKED_MATCHES
        total = min(total, RANKED_MATCHES)
        return total, [(pk, rank) for pk, rank, _total in rows[:limit]]

    def _hits(self) -> tuple[str, list]:
        """SQL that makes `newest` and `hits` (id, rank, publish_at) from the
        queryset's matches, and its parameters."""
        queryset = self.queryset.order_by()
        if connection.vendor == "sqlite":
            return self._hits_sqlite(queryset)
        if connection.vendor == "postgresql":
            search_query = _postgres_query(self.terms)
            newest, params = _newest(
                queryset.annotate(document=_document(queryset)).filter(
                    document=search_query
                ),
                "document",
            )
            # The rank of the newest only: in the scan, it would be computed for
            # every match the bitmap found.
            rank, rank_params = search_query.resolve_expression(queryset.query).as_sql(
                queryset.query.get_compiler(connection=connection), connection
            )
            return (
                f"WITH newest (id, publish_at, document) AS MATERIALIZED ({newest}), "
                f"hits (id, rank, publish_at) AS MATERIALIZED (SELECT id, "
                f"ts_rank(document, {rank}), publish_at FROM newest "
                f"ORDER BY publish_at DESC, id DESC LIMIT {RANKED_MATCHES})",
                [*params, *rank_params],
            )
        newest, params = _newest(_search_by_scanning(queryset, self.terms), "rank")
        return (
            f"WITH newest (id, publish_at, rank) AS MATERIALIZED ({newest}), "
            "hits (id, rank, publish_at) AS MATERIALIZED (SELECT id, rank, "
            "publish_at FROM newest ORDER BY publish_at DESC, id DESC "
            f"LIMIT {RANKED_MATCHES})",
            params,
        )

    def _hits_sqlite(self, queryset):
        from articles.migrations._sqlite_fts import BM25_WEIGHTS, TABLE

        # The queryset's newest matching ids and times, its index walked and each
        # id checked against FTS5's hits (_search_sqlite), no story row read.
        newest, params = _newest(_search_sqlite(queryset, self.terms))
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # MATERIALIZED: the newest ids and times are read once, through the
        # queryset's index; flattened, SQLite would read each hit's row instead.
        # CROSS JOIN: FTS5 answers the MATCH once, the outer loop, and each hit
        # looks its id up among the newest; the other way round, FTS5 would answer
        # it once per id (0.7 s for 1,000). bm25() is lower for better matches:
        # negated, higher is better as on PostgreSQL.
        return (
            f"WITH newest (id, publish_at) AS MATERIALIZED ({newest}), "
            "ranked AS MATERIALIZED (SELECT id, publish_at FROM newest "
            f"ORDER BY publish_at DESC, id DESC LIMIT {RANKED_MATCHES}), "
            "hits AS MATERIALIZED ("
            f"SELECT ranked.id, -bm25({TABLE}, {weights}) AS rank, "
            f"ranked.publish_at FROM {TABLE} CROSS JOIN ranked "
            f"ON ranked.id = {TABLE}.rowid WHERE {TABLE} MATCH %s)",
            [*params, _fts_match(self.terms)],
        )


def _newest(matches: QuerySet, *extra: str) -> tuple[str, list]:
    """SQL for the newest RANKED_MATCHES + 1 of `matches`: id, publish_at, `extra`."""
    newest = matches.order_by("-publish_at", "-pk").values_list(
        "pk", "publish_at", *extra
    )[: RANKED_MATCHES + 1]
    sql, params = newest.query.sql_with_params()
    return sql, list(params)


def ranked_search(queryset: QuerySet, query: str) -> RankedSearch:
    """The stories of `queryset` matching every word of `query`, best first (see
    RankedSearch)."""
    return RankedSearch(queryset, query)


def _search_by_scanning(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Any other database: normalise every row and look for each term (slow, complete)."""
    matches = Q()
    points = []
    for term in terms:
        in_any = Q()
        for field, weight in FALLBACK_POINTS.items():
            lookup = Q(**{f"_norm_{field}__contains": term})
            in_any |= lookup
            points.append(When(lookup, then=Value(weight)))
        matches &= in_any
    annotated = queryset.annotate(
        **{f"_norm_{field}": Normalized(F(field)) for field in FALLBACK_POINTS}
    )
    rank = sum(
        (Case(when, default=Value(0), output_field=IntegerField()) for when in points),
        start=Value(0),
    )
    return (
        annotated.filter(matches).annotate(rank=rank).order_by("-rank", "-publish_at")
    )


def _fold_with_origin(text: str) -> tuple[str, list[int] | range]:
    """`text` folded as normalize_text() folds letters (the definite article stays:
    the terms are matched inside words), and for each folded character the position
    in `text` it came from. One pass over the whole string when every character
    folds to exactly one (most text); character by character otherwise."""
    folded = text.translate(_TABLE).lower()
    if len(folded) == len(text) and not _DELETED.search(text):
        return folded, range(len(text))
    pieces, origin = [], []
    for position, char in enumerate(text):
        piece = char.translate(_TABLE).lower()
        pieces.append(piece)
        origin.extend([position] * len(piece))
    return "".join(pieces), origin


_DELETED = re.compile(f"[{re.escape(_DELETE)}]")


def highlight_snippet(text: str, query: str, *, length: int = 240) -> str:
    """An HTML excerpt of `text` around the first match of `query`, matches in <mark>.

    Matching runs on normalised text, so أمن highlights امن; the output shows the
    original characters, escaped.
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    folded_text, origin = _fold_with_origin(text)
    spans = sorted(
        (origin[m.start()], origin[m.end() - 1] + 1)
        for term in set(search_terms(query))
        for m in re.finditer(re.escape(term), folded_text)
    )
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    parts, cursor = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, cursor), min(span_end, end)
        if span_start >= span_end:
            continue
        parts += [
            escape(text[cursor:span_start]),
            "<mark>",
            escape(text[span_start:span_end]),
            "</mark>",
        ]
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every piece escaped


def name_matches(
    queryset: QuerySet, query: str, fields=("name", "aliases")
) -> QuerySet:
    """Rows whose name or an alias, in any edition, contains every word of `query`,
    normalised. A field translated per edition (articles/translation.py) is searched
    in every edition's column, so کرکوک on /en/ finds Kirkuk by its Sorani name.

    The columns are joined with spaces and normalised once per row (a word of a
    query holds no space, so it cannot match across two of them): one call of the
    normalisation per row, where one per column cost six, and one expression for
    the ORM to compile."""
    from django.db.models.functions import Lower

    from articles.translation import translated

    terms = search_terms(query)
    if not terms:
        return queryset.none()
    known = {f.name for f in queryset.model._meta.get_fields()}
    columns = []
    for field in fields:
        per_edition = translated(field)
        columns += per_edition if set(per_edition) <= known else [field]
    joined = Func(
        *(Coalesce(F(column), Value("")) for column in columns),
        template="(%(expressions)s)",
        arg_joiner=" || ' ' || ",
        output_field=TextField(),
    )
    names = Lower(Normalized(joined))
    return queryset.alias(_names=names).filter(
        *(Q(_names__contains=term) for term in terms)
    )
