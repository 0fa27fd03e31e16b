"""Pasted control characters never reach the database; line breaks that mean something stay."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

from articles.models import Article
from articles.text import clean_text, xml_safe
from tests.factories import make_article, make_source
from tests.workflow.admin_forms import change_form_data, change_url

# Every character XML 1.0 forbids, and the ways word processors write a new line.
DIRTY = "Before\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x85\x9f\ud800\ufffe\uffffAfter"
FORBIDDEN = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}
FORBIDDEN |= {"\ud800", "\ufffe", "\uffff", "\x7f", "\x9f"}


def coverage_text_fields():
    """(model, field) for every CharField and TextField of every app in coverage/."""
    folder = apps.get_app_config("articles").path.rsplit("/", 1)[0]
    for config in apps.get_app_configs():
        if config.path.rsplit("/", 1)[0] != folder:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield pytest.param(
                        model, field, id=f"{model.__name__}.{field.name}"
                    )


@pytest.mark.parametrize(("model", "field"), list(coverage_text_fields()))
def test_every_text_field_of_every_model_is_cleaned_on_save(model, field):
    instance = model(**{field.attname: DIRTY})

    pre_save.send(sender=model, instance=instance, raw=False, using="default")

    value = getattr(instance, field.attname)
    assert not FORBIDDEN & set(value)
    assert value.startswith("Before") and value.endswith("After")


def test_the_sweep_covers_the_fields_readers_see():
    names = {param.id for param in coverage_text_fields()}

    assert {
        "Article.headline",
        "Article.standfirst",
        "Article.body",
        "Article.lead_image_caption",
        "Quote.text",
        "Source.name",
        "Event.summary",
        "Place.description",
        "Correction.text",
    } <= names


@pytest.mark.parametrize(
    ("pasted", "multiline", "expected"),
    [
        ("Line one\x0bline two", True, "Line one\nline two"),  # Word's manual break
        ("Line one\x0bline two", False, "Line one line two"),
        ("Para\r\nnext\rlast", True, "Para\nnext\nlast"),
        ("Para\u2029next\u2028line", True, "Para\nnext\nline"),
        ("Tab\tkept", True, "Tab\tkept"),
        ("Tab\tin a headline", False, "Tab in a headline"),
        ("Back\x08space", False, "Backspace"),
        ("عين الأسد\x0c", True, "عين الأسد\n"),
    ],
)
def test_line_breaks_are_kept_where_they_mean_something(pasted, multiline, expected):
    assert clean_text(pasted, multiline=multiline) == expected


def test_xml_safe_removes_only_what_xml_forbids():
    assert xml_safe("A\x0bB\x08C é ü 🙂 <&>") == "A\nBC é ü 🙂 <&>"
    assert xml_safe(None) is None


@pytest.mark.django_db
def test_the_admin_stores_a_pasted_headline_without_its_control_characters(
    editor_client,
):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    page = editor_client.get(change_url(article))

    response = editor_client.post(
        change_url(article),
        change_form_data(
            page,
            headline="Convoy\x0bleaves the base",
            standfirst="First line\x0bsecond\x08 line",
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Convoy leaves the base"
    assert article.standfirst == "First line\nsecond line"


@pytest.mark.django_db
def test_the_write_api_stores_a_draft_without_control_characters(api_client):
    from tests.api.test_drafts import key_header, reporter

    # JSON escapes as a wire system sends them (DRF itself answers 400 to a lone
    # surrogate or a NUL, naming the field).
    body = (
        r'{"headline": "Wire\u000bcopy\u0007", "standfirst": "Back\bspace\u000bnext"}'
    )

    response = api_client.post(
        "/api/v1/drafts/",
        body,
        content_type="application/json",
        **key_header(reporter()),
    )

    assert response.status_code == 201, response.content
    article = Article.objects.get(uuid=response.json()["uuid"])
    assert article.headline == "Wire copy"
    assert article.standfirst == "Backspace\nnext"


@pytest.mark.django_db
def test_objects_created_in_code_are_cleaned_too():
    source = make_source(name="Adnan\x08 al-Kinani", description="One\x0btwo")

    source.refresh_from_db()
    assert source.name == "Adnan al-Kinani"
    assert source.description == "One\ntwo"


def test_objects_the_demo_generator_bulk_creates_are_cleaned_like_saved_ones():
    from demo.content import cleaned
    from sources.models import Quote, Source

    quote, source = cleaned([Quote(text="One\x0btwo\x08"), Source(name="A\x0bB")])

    assert quote.text == "One\ntwo"
    assert source.name == "A B"


@pytest.mark.django_db
def test_the_archive_generator_writes_clean_text():
    from demo.generator import generate_archive

    before = set(Article.objects.values_list("pk", flat=True))
    generate_archive(count=2)

    stories = list(Article.objects.exclude(pk__in=before))
    assert len(stories) >= 2  # the two generated, and the demo seed it builds on
    for story in stories:
        for field, multiline in (
            ("headline", False),
            ("body", True),
        ):
            value = getattr(story, field)
            assert value == clean_text(value, multiline=multiline), field


# Directional formatting: LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
DIRECTIONAL = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(("model", "field"), list(coverage_text_fields()))
def test_every_text_field_drops_an_override_it_never_closes(model, field):
    pasted = "\u202c\u2069Headline\u202e reversed\u2067 end"
    instance = model(**{field.attname: pasted})

    pre_save.send(sender=model, instance=instance, raw=False, using="default")

    value = getattr(instance, field.attname)
    assert not DIRECTIONAL & set(value)
    assert value == "Headline reversed end"


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("\u202bنص عربي\u202c", "\u202bنص عربي\u202c"),  # a closed embedding stays
        ("\u2067Ain al-Asad\u2069 عين", "\u2067Ain al-Asad\u2069 عين"),
        ("\u2068a\u202eb\u2069c", "\u2068a\u202eb\u2069c"),  # a PDI closes both (X6a)
        ("RLM\u200f and LRM\u200e marks stay", "RLM\u200f and LRM\u200e marks stay"),
        ("open\u202e\nclosed on the next line\u202c", "open\nclosed on the next line"),
        ("\u202aclosed by the wrong closer\u2069", "closed by the wrong closer"),
    ],
)
def test_directional_formatting_is_kept_only_in_pairs_within_a_line(pasted, expected):
    assert clean_text(pasted, multiline=True) == expected


@pytest.mark.django_db
def test_a_story_saved_with_a_lone_surrogate_in_its_body_is_cleaned_not_a_crash():
    story = make_article(body="<p>Broken\ud800 escape</p>")

    story.refresh_from_db()
    assert story.body == "<p>Broken escape</p>"


@pytest.mark.django_db
def test_a_headline_with_an_open_override_leaves_the_page_title_alone(client):
    story = make_article(headline="Convoy \u202eleaves Hasakah")

    response = client.get(story.get_absolute_url())

    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert "\u202e" not in title
    assert "Convoy leaves Hasakah" in title
