"""Every server process tells readers and partners the same thing, at once.

Two gunicorn processes serve one SQLite database, each with its own local-memory
cache (so nothing is shared but the database). A change made through one, or by a
third process, is visible through both on the very next request: publish,
unpublish, correction, slug change, and a scheduled story reaching its time. Then
two editors' PATCHes of one draft race across the two processes: one wins, the
other gets 412, never a 500 "database is locked".
"""

import functools
import threading
import time

import pytest

from tests.servers import ServerPair, Session, form_fields, request

pytestmark = pytest.mark.servers

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.models import Article, Byline, Author, Section, Topic
from partners.models import APIKey
from django.utils import timezone
import datetime

get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")
reporter = get_user_model().objects.create_user("wire", is_staff=True)
reporter.groups.add(Group.objects.get(name="Reporter"))
_key, full_key = APIKey.issue(name="Wire desk", user=reporter)
section = Section.objects.create(name="Security", slug="security")
topic = Topic.objects.create(name="Sinjar", slug="sinjar")
author = Author.objects.create(name="Desk", slug="desk")

def story(slug, status, publish_at):
    article = Article.objects.create(
        headline=slug.replace("-", " ").title(), slug=slug, standfirst="Standfirst.",
        body="<p>Body.</p>", section=section, status=status, publish_at=publish_at,
    )
    article.topics.add(topic)
    Byline.objects.create(article=article, author=author)
    return article

hour = datetime.timedelta(hours=1)
live = story("border-talks-resume", "published", timezone.now() - hour)
draft = story("detainees-arrive-in-baghdad", "draft", None)
wire = story("wire-draft", "draft", None)
wire.created_by = reporter
wire.save()
result = {"live": live.pk, "draft": draft.pk, "key": full_key, "wire": str(wire.uuid)}
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    pair = ServerPair(tmp_path_factory.mktemp("two-processes")).start()
    pair.ids = pair.run_django(SETUP)
    yield pair
    pair.stop()


def both(servers, path: str):
    """The same request through each process, after warming each one's cache."""
    return [request(url + path) for url in servers.urls]


def warm(servers, *paths):
    for path in paths:
        for _ in range(2):
            for answer in both(servers, path):
                assert answer.status < 500


def admin_action(servers, action: str, pk: int) -> None:
    """Run an admin list action on a story, through the first process."""
    session = Session(servers.urls[0])
    session.log_in("chief", "pw-chief-1")
    session.get("/admin/articles/article/")
    answer = session.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": pk, "index": 0},
    )
    assert answer.status == 302, answer.text[:300]


def test_publishing_through_one_process_shows_through_both_at_once(servers):
    headline = "Detainees Arrive In Baghdad"
    warm(servers, "/en/", "/en/stories/", "/en/feeds/stories.rss")
    assert all(headline not in a.text for a in both(servers, "/en/"))

    admin_action(servers, "publish_selected", servers.ids["draft"])

    for path in ["/en/", "/en/stories/", "/en/feeds/stories.rss"]:
        assert all(headline in a.text for a in both(servers, path)), path
    pages = both(servers, "/en/stories/detainees-arrive-in-baghdad/")
    assert [a.status for a in pages] == [200, 200]


def test_unpublishing_through_one_process_is_410_through_both_at_once(servers):
    path = "/en/stories/border-talks-resume/"
    warm(servers, path, "/en/")
    assert [a.status for a in both(servers, path)] == [200, 200]

    admin_action(servers, "unpublish_selected", servers.ids["live"])

    assert [a.status for a in both(servers, path)] == [410, 410]
    assert all("Border Talks Resume" not in a.text for a in both(servers, "/en/"))


def test_a_correction_and_a_slug_change_show_through_both_at_once(servers):
    path = "/en/stories/detainees-arrive-in-baghdad/"
    warm(servers, path)

    servers.run_django(
        "from articles.models import Article\n"
        f"a = Article.objects.get(pk={servers.ids['draft']})\n"
        "a.add_correction(kind='correction', text='Corrects the prison name.')\n"
    )
    assert all("Corrects the prison name." in a.text for a in both(servers, path))

    servers.run_django(
        "from articles.models import Article\n"
        f"a = Article.objects.get(pk={servers.ids['draft']})\n"
        "a.slug = 'detainees-reach-baghdad'\n"
        "a.save_edit(expected_version=a.edit_version)\n"
    )
    assert [a.status for a in both(servers, path)] == [301, 301]
    renamed = both(servers, "/en/stories/detainees-reach-baghdad/")
    assert [a.status for a in renamed] == [200, 200]


def test_a_scheduled_story_goes_public_through_both_at_its_time(servers):
    due = servers.run_django(
        "import datetime\nfrom django.utils import timezone\n"
        "from articles.models import Article, Section\n"
        "at = timezone.now() + datetime.timedelta(seconds=6)\n"
        "a = Article.objects.create(headline='Embargoed Handover Report', "
        "slug='embargoed-handover-report', status='published', publish_at=at, "
        "section=Section.objects.first())\n"
        "result = at.timestamp()\n"
    )
    path = "/en/stories/embargoed-handover-report/"
    warm(servers, "/en/", "/en/feeds/stories.rss")
    assert [a.status for a in both(servers, path)] == [404, 404]
    assert all("Embargoed Handover Report" not in a.text for a in both(servers, "/en/"))

    time.sleep(max(0, due - time.time()) + 0.5)

    for page in ["/en/", "/en/feeds/stories.rss", "/sitemap-news.xml"]:
        assert all("mbargoed" in a.text for a in both(servers, page)), page
    assert [a.status for a in both(servers, path)] == [200, 200]


def race(calls) -> list:
    """Run the callables at the same instant, one thread each; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n):
        barrier.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_patches_racing_across_processes_give_one_200_and_one_412(servers):
    key, uuid = servers.ids["key"], servers.ids["wire"]
    headers = {"Authorization": f"Api-Key {key}"}
    url = f"/api/v1/drafts/{uuid}/"
    outcomes = []
    for attempt in range(8):
        read = request(servers.urls[0] + url, headers=headers)
        assert read.status == 200, read.text
        sent = {**headers, "If-Match": read.headers["ETag"]}
        answers = race(
            [
                functools.partial(
                    request,
                    base + url,
                    method="PATCH",
                    data={"headline": f"Headline {attempt}-{n}"},
                    headers=sent,
                )
                for n, base in enumerate(servers.urls)
            ]
        )
        outcomes.append(sorted(answer.status for answer in answers))

    assert all(outcome == [200, 412] for outcome in outcomes), outcomes


def test_two_admin_saves_racing_across_processes_give_one_save_and_one_conflict_page(
    servers,
):
    sessions = [Session(url) for url in servers.urls]
    pk = servers.ids["live"]
    path = f"/admin/articles/article/{pk}/change/"
    for attempt in range(4):
        forms = []
        for session in sessions:
            session.log_in("chief", "pw-chief-1")
            forms.append(form_fields(session.get(path).text, "article_form"))
        posts = [
            functools.partial(
                session.post,
                path,
                [
                    (k, f"Editor {n} take {attempt}" if k == "headline" else v)
                    for k, v in form
                ],
            )
            for n, (session, form) in enumerate(zip(sessions, forms, strict=True))
        ]

        answers = race(posts)

        statuses = sorted(answer.status for answer in answers)
        assert statuses == [200, 302], (attempt, statuses)
        refused = next(answer for answer in answers if answer.status == 200)
        assert "Someone else saved this story" in refused.text


def test_api_throttles_count_across_processes_with_the_default_kind_of_cache(
    tmp_path,
):
    """The default cache is files every process on the machine shares (settings.py);
    a client cannot get twice the rate by landing on two processes."""
    pair = ServerPair(
        tmp_path,
        cache_url=f"file://{tmp_path / 'cache'}",
        API_ANON_RATE="4/minute",
    ).start()
    try:
        statuses = [
            request(pair.urls[n % 2] + "/api/v1/sections/").status for n in range(6)
        ]
    finally:
        pair.stop()

    assert statuses[:4] == [200] * 4
    assert statuses[4:] == [429, 429]
