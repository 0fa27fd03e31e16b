"""Accounts are people: each staff account has an author profile its owner keeps up to date."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Author
from articles.services import author_for
from tests.factories import make_article, make_author, make_user, png_bytes
from tests.workflow.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_a_staff_account_made_in_the_admin_gets_its_author_profile(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "layla",
            "password1": "a long and unusual pass 9",
            "password2": "a long and unusual pass 9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    data = change_form_data(page, first_name="Layla", last_name="Aziz", is_staff="on")
    assert admin_client.post(response["Location"], data).status_code == 302
    profile = Author.objects.get(user__username="layla")
    assert profile.name == "Layla Aziz"


def test_author_for_makes_the_profile_once_from_the_accounts_name():
    user = make_user(first_name="Rana", last_name="Saleh")
    first = author_for(user)
    assert first.name == "Rana Saleh"
    assert author_for(user) == first
    assert Author.objects.filter(user=user).count() == 1


def test_a_new_storys_byline_starts_as_the_reporter_herself(reporter_client, reporter):
    response = reporter_client.get(reverse("admin:articles_article_add"))
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "bylines"
    )
    assert formset.forms[0]["author"].value() == reporter.author_profile.pk


def test_a_reporter_edits_her_own_profile_but_not_a_colleagues(
    reporter_client, reporter
):
    own = author_for(reporter)
    other = make_author(user=make_user(is_staff=True))
    own_url = reverse("admin:articles_author_change", args=[own.pk])
    page = reporter_client.get(own_url)
    assert page.status_code == 200
    assert "slug" not in page.context["adminform"].form.fields  # editors set it
    response = reporter_client.post(
        own_url,
        {
            "name_en": own.name,
            "name_ar": "رنا صالح",
            "name_ckb": "",
            "job_title_en": "Correspondent in Hasakah",
            "bio_en": "Covers the camps and prisons of north-east Syria.",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.job_title == "Correspondent in Hasakah"
    assert (own.name_ar, own.name_ckb) == ("رنا صالح", None)
    other_page = reporter_client.get(
        reverse("admin:articles_author_change", args=[other.pk])
    )
    assert other_page.context["has_change_permission"] is False


def test_a_profile_photo_is_checked_and_stripped_like_every_upload(
    reporter_client, reporter
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = author_for(reporter)
    svg = SimpleUploadedFile("me.svg", b"<svg onload='alert(1)'/>", "image/svg+xml")
    response = reporter_client.post(
        reverse("admin:articles_author_change", args=[own.pk]),
        {"name_en": own.name, "photo": svg},
    )
    assert response.status_code == 200
    assert "SVG" in str(response.context["adminform"].form.errors["photo"])


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_every_edition_shows_the_byline_as_that_edition_spells_it(client, language):
    names = {"en": "Rana Saleh", "ar": "رنا صالح", "ckb": "ڕەنا ساڵح"}
    author = make_author(name=names["en"], name_ar=names["ar"], name_ckb=names["ckb"])
    story = make_article(language=language, authors=[author])
    page = client.get(story.get_absolute_url()).content.decode()
    assert f">{names[language]}</bdi></a>" in page  # the byline link
    assert f'"name": "{names[language]}"' in page  # JSON-LD author
    author_page = client.get(f"/{language}/authors/{author.slug}/").content.decode()
    assert names[language] in author_page


def test_the_author_page_lists_published_stories_with_role_bio_and_photo(
    client, hidden_articles
):
    from django.core.files.base import ContentFile

    author = make_author(job_title="Correspondent", bio="Reports from Anbar.")
    author.photo.save("rana.png", ContentFile(png_bytes(300, 300)), save=True)
    published = make_article(authors=[author], headline="Anbar story")
    for story in hidden_articles:
        story.bylines.create(author=author)
    html = client.get(f"/en/authors/{author.slug}/").content.decode()
    assert published.headline in html
    assert "Correspondent" in html and "Reports from Anbar." in html
    assert "author-header__img" in html and "srcset=" in html
    for story in hidden_articles:
        assert story.headline not in html


def test_reporters_hold_the_desk_permissions():
    reporter = Group.objects.get(name="Reporter")
    codes = set(reporter.permissions.values_list("codename", flat=True))
    assert {"change_author", "add_source", "add_figure", "add_bodyimage"} <= codes
    assert "add_section" not in codes
    editor = Group.objects.get(name="Editor")
    assert {"add_section", "change_section"} <= set(
        editor.permissions.values_list("codename", flat=True)
    )


def test_the_offered_byline_is_saved_though_the_reporter_never_touched_it(
    reporter_client, reporter
):
    page = reporter_client.get(reverse("admin:articles_article_add"))
    data = change_form_data(
        page,
        headline="A first story",
        slug="a-first-story",
        language="en",
        topics=[],
        places=[],
        related_articles=[],
    )
    response = reporter_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    story = Article.objects.get(slug="a-first-story")
    assert story.byline == [reporter.author_profile]


def test_a_profile_first_made_while_the_admin_speaks_arabic_has_the_english_byline(
    db,
):
    from django.utils import translation

    user = make_user(username="layla", first_name="Layla", is_staff=True)
    with translation.override("ar"):
        author_for(user)
    author = Author.objects.get(user=user)
    assert (author.name_en, author.name_ar) == ("Layla", None)
    assert [author.name_in(code) for code in ("en", "ar", "ckb")] == ["Layla"] * 3
