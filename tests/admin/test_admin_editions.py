"""An editor whose language is Arabic or Kurdish gets the admin in it, right to left."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from articles.models import Article
from demo.content import seed_demo_coverage

pytestmark = pytest.mark.django_db

EDITIONS = ["ar", "ckb"]
APPS = {"articles", "sources", "events", "partners"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in APPS]


def labels_of(model) -> list[tuple[str, object]]:
    """Every label the admin shows for a model: its names, fields, help and choices."""
    opts = model._meta
    labels = [("verbose_name", opts.verbose_name)]
    labels.append(("verbose_name_plural", opts.verbose_name_plural))
    for field in opts.get_fields():
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue
        labels.append((f"{field.name}.verbose_name", field.verbose_name))
        if field.help_text:
            labels.append((f"{field.name}.help_text", field.help_text))
        for value, label in field.flatchoices if field.choices else []:
            if field.name != "language":  # edition names read in their own script
                labels.append((f"{field.name}={value}", label))
    return labels


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in APPS], ids=str
)
def test_every_model_label_and_help_text_is_translated(lang, model):
    with translation.override("en"):
        english = {name: str(label) for name, label in labels_of(model)}

    with translation.override(lang):
        untranslated = [
            name
            for name, label in labels_of(model)
            if str(label) == english[name] and any(c.isalpha() for c in str(label))
        ]

    assert untranslated == []


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_list_reads_right_to_left_in_the_editors_language(
    admin_client, lang, model
):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    response = admin_client.get(url, headers={"accept-language": lang})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="rtl">' in html
    with translation.override(lang):
        assert str(capfirst(opts.verbose_name_plural)) in html


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_story_form_shows_its_workflow_and_fields_in_the_editors_language(
    admin_client, lang
):
    seed_demo_coverage()
    story = Article.objects.filter(language="en").first()
    story.status = Article.Status.DRAFT
    story.save()

    response = admin_client.get(
        reverse("admin:articles_article_change", args=[story.pk]),
        headers={"accept-language": lang},
    )

    html = response.content.decode()
    assert response.status_code == 200
    with translation.override(lang):
        for english in ["Workflow", "Submit for review", "Publish now", "Lead image"]:
            assert translation.gettext(english) in html, english
        assert translation.gettext("Note (for sending back or unpublishing)") in html
    for english in ["Workflow", "Submit for review", "Publish now", "Lead image"]:
        assert f">{english}<" not in html


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_form_lets_typed_text_keep_its_own_direction(admin_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    html = admin_client.get(url, headers={"accept-language": "ar"}).content.decode()

    assert "admin-extra/editions.css" in html
