"""A reporter adds the sources she interviewed, attaches events and proposes figures,
without an editor; editors review new sources. articles/permissions.py decides."""

import pytest
from django.urls import reverse

from articles import permissions
from articles.models import Article
from events.models import Event, Figure
from sources.models import Source
from tests.factories import make_article, make_source, make_user
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db

SOURCE = {"kind": "person", "name_en": "Hawre Karim", "slug": "hawre-karim"}


def own_draft(reporter) -> Article:
    return make_article(
        status=Article.Status.DRAFT, publish_at=None, created_by=reporter
    )


def test_a_reporter_adds_a_source_that_waits_for_an_editors_review(
    reporter_client, reporter
):
    response = reporter_client.post(reverse("admin:sources_source_add"), SOURCE)
    assert response.status_code == 302
    source = Source.objects.get(slug="hawre-karim")
    assert source.added_by == reporter
    assert source.needs_review
    assert list(Source.objects.needing_review()) == [source]


def test_a_source_an_editor_adds_needs_no_review(editor_client):
    editor_client.post(reverse("admin:sources_source_add"), SOURCE)
    assert not Source.objects.get(slug="hawre-karim").needs_review


def test_an_editor_marks_new_sources_reviewed_from_the_list(
    editor_client, editor, reporter
):
    source = make_source(added_by=reporter)
    changelist = reverse("admin:sources_source_changelist")
    listed = editor_client.get(changelist, {"review": "needed"})
    assert list(listed.context["cl"].result_list) == [source]
    editor_client.post(
        changelist, {"action": "mark_reviewed", "_selected_action": [source.pk]}
    )
    source.refresh_from_db()
    assert source.reviewed_by == editor and not source.needs_review


def test_a_reporter_edits_her_new_source_until_it_is_reviewed_and_never_anothers(
    reporter, editor
):
    mine = make_source(added_by=reporter)
    theirs = make_source(added_by=make_user())
    assert permissions.can_edit_source(reporter, mine)
    assert not permissions.can_edit_source(reporter, theirs)
    mine.mark_reviewed(by=editor)
    assert not permissions.can_edit_source(reporter, mine)
    assert permissions.can_edit_source(editor, theirs)


def test_a_reporter_cannot_mark_sources_reviewed(reporter_client):
    response = reporter_client.get(reverse("admin:sources_source_changelist"))
    action_form = response.context["action_form"]  # None: no action at all
    actions = (
        [c[0] for c in action_form.fields["action"].choices] if action_form else []
    )
    assert "mark_reviewed" not in actions


def test_a_reporter_attaches_an_event_and_proposes_a_figure_with_its_source(
    reporter_client, reporter
):
    story = own_draft(reporter)
    event = Event.objects.create(
        title="Transfer of detainees", slug="transfer", date="2026-01-15"
    )
    source = make_source()
    page = reporter_client.get(change_url(story))
    data = change_form_data(
        page,
        **{
            "Event_articles-TOTAL_FORMS": "1",
            "Event_articles-0-event": event.pk,
            "figures-TOTAL_FORMS": "1",
            "figures-0-qualifier": "about",
            "figures-0-value": "150",
            "figures-0-unit": "detainees",
            "figures-0-counts": "detainees moved to Iraq",
            "figures-0-basis": "official",
            "figures-0-as_of_precision": "month",
            "figures-0-as_of": "2026-01-01",
            "figures-0-source": source.pk,
        },
    )
    response = reporter_client.post(change_url(story), data)
    assert response.status_code == 302, response.context["errors"]
    assert list(story.events.all()) == [event]
    figure = Figure.objects.get(article=story)
    assert figure.source == source and figure.basis == "official"


def test_a_figure_without_its_source_is_refused(reporter_client, reporter):
    story = own_draft(reporter)
    page = reporter_client.get(change_url(story))
    data = change_form_data(
        page,
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-qualifier": "exact",
            "figures-0-value": "12",
            "figures-0-counts": "camps",
            "figures-0-basis": "estimate",
            "figures-0-as_of_precision": "day",
        },
    )
    response = reporter_client.post(change_url(story), data)
    assert response.status_code == 200
    assert not Figure.objects.filter(article=story).exists()


def test_nobody_attaches_events_to_a_story_they_may_not_edit(reporter, editor):
    story = make_article(status=Article.Status.IN_REVIEW, created_by=reporter)
    assert not permissions.can_attach_events(reporter, story)
    assert not permissions.can_propose_figures(reporter, story)
    assert permissions.can_attach_events(editor, story)


def test_an_editor_creates_a_section(editor_client):
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {"name_en": "Border", "slug": "border", "position": "3"},
    )
    assert response.status_code == 302


def test_outside_her_story_a_reporter_writes_no_figure(client, reporter, editor):
    figure = Figure.objects.create(
        value=618, unit="km", counts="border length", article=own_draft(reporter)
    )
    client.force_login(reporter)
    assert client.get(reverse("admin:events_figure_add")).status_code == 403
    page = client.get(reverse("admin:events_figure_change", args=[figure.pk]))
    assert page.context["has_change_permission"] is False
    client.force_login(editor)
    assert client.get(reverse("admin:events_figure_add")).status_code == 200
