"""A story's revisions: list them, compare any two, restore one.

django-reversion keeps every save of an article together with its quotes,
corrections and bylines as one revision (registered in articles/models.py and
sources/models.py). A restore brings back the words, tags, image, quotes and
byline of an earlier revision and is itself saved as a new revision. It leaves
alone what belongs to the workflow and to readers: status, publication times,
the address (slug) and the corrections log, which is never rewritten.
"""

import difflib
from dataclasses import dataclass

import reversion
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from articles import permissions
from articles.models import Article, Author, Byline, Correction, Section, Topic
from articles.text import plain_text

# The one arrow against the grain (articles <- sources): a quote is part of the
# story, so a revision follows the story's quotes and shows who said them.
from sources.models import Quote, Source

# Places are named through the relation, without importing events (above articles).
Place = Article._meta.get_field("places").related_model

# What a restore brings back; everything else stays as it is now.
RESTORED_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "section",
    "dateline",
    "translation_of",
    "lead_image",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]
RESTORED_RELATIONS = ["topics", "places", "related_articles"]
RESTORED_ROWS = [(Quote, "quotes"), (Byline, "bylines")]


@dataclass
class FieldDiff:
    label: str
    table: SafeString


def versions_of(article: Article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def _related(version: Version, model) -> list:
    """The rows of `model` saved in the same revision as `version`."""
    content_type = ContentType.objects.get_for_model(model)
    return [
        v._object_version.object
        for v in version.revision.version_set.filter(content_type=content_type)
    ]


def _names(model, pks) -> str:
    return "\n".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pks or [])))


def _body_lines(html: str) -> str:
    """Story HTML as plain lines, one per paragraph, heading or list item."""
    return plain_text(html)


def readable(version: Version) -> dict[str, str]:
    """A revision as labelled plain text, the way an editor reads it."""
    fields = version.field_dict
    quotes = sorted(_related(version, Quote), key=lambda q: (q.position, q.pk))
    sources = {
        s.pk: s.name
        for s in Source.objects.filter(pk__in=[q.source_id for q in quotes])
    }
    bylines = sorted(_related(version, Byline), key=lambda b: (b.position, b.pk))
    authors = {
        a.pk: a.name
        for a in Author.objects.filter(pk__in=[b.author_id for b in bylines])
    }
    corrections = sorted(_related(version, Correction), key=lambda c: c.created_at)
    section = Section.objects.filter(pk=fields["section_id"]).first()
    return {
        _("Headline"): fields["headline"],
        _("Address"): fields["slug"],
        _("Standfirst"): fields["standfirst"],
        _("Body"): _body_lines(fields["body"]),
        _("Section"): str(section or ""),
        _("Topics"): _names(Topic, fields.get("topics")),
        _("Places"): _names(Place, fields.get("places")),
        _("Byline"): "\n".join(authors.get(b.author_id, "?") for b in bylines),
        _("Quotes"): "\n".join(
            f"{sources.get(q.source_id, '?')}: {q.text}" for q in quotes
        ),
        _("Lead image"): "\n".join(
            str(fields[name] or "")
            for name in [
                "lead_image",
                "lead_image_alt",
                "lead_image_caption",
                "lead_image_credit",
            ]
        ).strip(),
        _("Corrections"): "\n".join(
            f"{c.get_kind_display()}: {c.text}" for c in corrections
        ),
        _("Status"): str(Article.Status(fields["status"]).label),
        _("Publish at"): localize(localtime(fields["publish_at"]))
        if fields["publish_at"]
        else "",
    }


def _label(version: Version) -> str:
    revision = version.revision
    who = revision.user.get_username() if revision.user else _("system")
    return f"{localize(localtime(revision.date_created))} ({who})"


def diff_texts(
    older: dict[str, str], newer: dict[str, str], *, older_label: str, newer_label: str
) -> list[FieldDiff]:
    """Side-by-side HTML tables of the labelled texts that differ.

    difflib escapes the text it shows (&, < and >), so story markup or a script in
    a headline is displayed, never run.
    """
    differ = difflib.HtmlDiff(wrapcolumn=60)
    diffs = []
    for label, old_text in older.items():
        new_text = newer.get(label, "")
        if old_text == new_text:
            continue
        table = differ.make_table(
            old_text.splitlines(),
            new_text.splitlines(),
            fromdesc=older_label,
            todesc=newer_label,
            context=label == _("Body"),
            numlines=2,
        )
        diffs.append(FieldDiff(label, mark_safe(table)))  # difflib escaped it
    return diffs


def diff_versions(older: Version, newer: Version) -> list[FieldDiff]:
    """What changed between two revisions, field by field."""
    return diff_texts(
        readable(older),
        readable(newer),
        older_label=_label(older),
        newer_label=_label(newer),
    )


def editable_text(article: Article) -> dict[str, str]:
    """The words of a story as stored, for comparing with a form's."""
    return {
        _("Headline"): article.headline.strip(),
        _("Standfirst"): article.standfirst.replace("\r\n", "\n").strip(),
        _("Body"): _body_lines(article.body),
    }


def editable_text_from(data) -> dict[str, str]:
    """The words an editor submitted in the story form."""
    return {
        _("Headline"): data.get("headline", "").strip(),
        _("Standfirst"): data.get("standfirst", "").replace("\r\n", "\n").strip(),
        _("Body"): _body_lines(data.get("body", "")),
    }


def describe_missing(model, pk) -> str:
    """A deleted row in editors' words: its name as the admin logged its deletion,
    else its kind and number (e.g. "topic #12")."""
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            action_flag=DELETION,
        )
        .order_by("-action_time")
        .first()
    )
    if entry is not None:
        return f"{model._meta.verbose_name} “{entry.object_repr}”"
    return f"{model._meta.verbose_name} #{pk}"


def _existing(model, pks) -> set:
    return set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))


def _restorable_rows(version: Version, model, missing: list[str]) -> list:
    """The rows of `model` in the revision whose every reference still exists."""
    rows = _related(version, model)
    keep = []
    for row in rows:
        lost = [
            field
            for field in model._meta.concrete_fields
            if field.many_to_one
            and field.name != "article"
            and getattr(row, field.attname) is not None
            and not _existing(field.related_model, [getattr(row, field.attname)])
        ]
        if not lost:
            keep.append(row)
            continue
        what = ", ".join(
            describe_missing(field.related_model, getattr(row, field.attname))
            for field in lost
        )
        if model is Quote:
            missing.append(
                _("the quote “%(text)s” (%(what)s was deleted)")
                % {"text": row.text, "what": what}
            )
        else:
            missing.append(
                _("a %(row)s (%(what)s was deleted)")
                % {"row": model._meta.verbose_name, "what": what}
            )
    return keep


@transaction.atomic
def restore_version(article: Article, version: Version, *, by) -> list[str]:
    """Bring back the content of an earlier revision as a new revision.

    What the revision refers to may have been deleted since (a source, a topic, a
    section, an author, ...). Everything that still exists is restored; for a
    reference that does not, the story keeps what it has now, and a quote or byline
    pointing at it is left out. Returns what could not be restored, in editors'
    words (empty when everything was). All or nothing: one transaction.
    """
    if not permissions.can_restore(by, article):
        raise PermissionDenied(_("You may not edit this story."))
    fields = version.field_dict
    missing: list[str] = []
    for name in RESTORED_FIELDS:
        field = Article._meta.get_field(name)
        value = fields[field.attname]
        if (
            field.many_to_one
            and value is not None
            and not _existing(field.related_model, [value])
        ):
            missing.append(
                _("%(field)s: %(what)s was deleted")
                % {
                    "field": field.verbose_name,
                    "what": describe_missing(field.related_model, value),
                }
            )
            continue  # keep the story's current value
        setattr(article, field.attname, value)
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(
            _("Restored the revision of %(date)s") % {"date": _label(version)}
        )
        for model, accessor in RESTORED_ROWS:
            rows = _restorable_rows(version, model, missing)
            getattr(article, accessor).exclude(pk__in=[row.pk for row in rows]).delete()
            for row in rows:
                row.save()
        for name in RESTORED_RELATIONS:
            related = Article._meta.get_field(name).related_model
            wanted = set(fields.get(name) or [])
            present = _existing(related, wanted)
            missing.extend(
                _("%(field)s: %(what)s was deleted")
                % {
                    "field": Article._meta.get_field(name).verbose_name,
                    "what": describe_missing(related, pk),
                }
                for pk in sorted(wanted - present)
            )
            getattr(article, name).set(present)
        article.save()
    article.announce_update()
    return missing
