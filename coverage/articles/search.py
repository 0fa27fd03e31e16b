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
    SearchRank,
    SearchVector,
    SearchVectorField,
)
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
    """Articles matching every word of `query`, best first, annotated with `rank`."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(
            " ".join(terms), config=SEARCH_CONFIG, search_type="plain"
        )
        document = RawSQL(
            f'"{queryset.model._meta.db_table}"."search_document"',
            [],
            output_field=SearchVectorField(),
        )
        return (
            queryset.annotate(search=document)
            .filter(search=search_query)
            .annotate(rank=SearchRank(F("search"), search_query))
            .order_by("-rank", "-publish_at")
        )
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, terms)
    return _search_by_scanning(queryset, terms)


def _search_sqlite(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """FTS5 (migration 0018): every term as a quoted phrase, all required; ranked by
    bm25 with the headline weighted above the standfirst above the body."""
    from articles.migrations._sqlite_fts import BM25_WEIGHTS, TABLE

    table = queryset.model._meta.db_table
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return queryset.extra(
        # bm25() is lower for better matches; negated, higher is better as on PostgreSQL.
        select={"rank": f"-bm25({TABLE}, {weights})"},
        tables=[TABLE],
        where=[f"{TABLE}.rowid = {table}.id", f"{TABLE} MATCH %s"],
        params=[match],
    ).order_by("-rank", "-publish_at")


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
    in every edition's column, so کرکوک on /en/ finds Kirkuk by its Sorani name."""
    from django.db.models.functions import Lower

    from articles.translation import translated

    terms = search_terms(query)
    if not terms:
        return queryset.none()
    columns = []
    for field in fields:
        per_edition = translated(field)
        known = {f.name for f in queryset.model._meta.get_fields()}
        columns += per_edition if set(per_edition) <= known else [field]
    annotated = queryset.annotate(
        **{f"_norm_{column}": Lower(Normalized(F(column))) for column in columns}
    )
    for term in terms:
        in_any = Q()
        for column in columns:
            in_any |= Q(**{f"_norm_{column}__contains": term})
        annotated = annotated.filter(in_any)
    return annotated
