"""make backup / make restore: everything an editor wrote survives a lost database.

These run on whichever database the suite runs on; CI runs them on SQLite and on
PostgreSQL (pg_dump / pg_restore from Debian's postgresql-client).
"""

import hashlib
import io
import json
import os
import re
import tarfile

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Revision, Version

from articles.models import Article, Correction
from operations.backup import BackupError, check_backup, read_manifest
from partners.models import APIKey
from tests.factories import make_article, make_correction, make_user
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long editor passphrase"


@pytest.fixture(autouse=True)
def schema_back_after_each_test():
    """A test that wipes the database and then (rightly) refuses to restore leaves no
    tables; later transactional tests in the same session need them back."""
    yield
    if "articles_article" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


def newsroom() -> dict:
    """A little of everything: stories in every state, revisions, corrections, images."""
    editor = make_user(username="desk-editor", is_staff=True, password=PASSWORD)
    with reversion.create_revision():
        reversion.set_user(editor)
        published = make_article(
            headline="Ain al-Asad handed over",
            lead_image=jpeg_upload("ain-al-asad.jpg"),
            lead_image_alt="The base's gate",
        )
    with reversion.create_revision():
        published.standfirst = "A second version of the standfirst."
        published.save()
    make_correction(article=published, text="The handover date was misstated.")
    draft = make_article(
        headline="Unfinished draft on Hasakah",
        status=Article.Status.DRAFT,
        publish_at=None,
        lead_image=jpeg_upload("hasakah.png"),
        lead_image_alt="A prison wall",
    )
    _, full_key = APIKey.issue(name="Wire partner", user=editor)
    return {"published": published, "draft": draft, "full_key": full_key}


def snapshot() -> dict:
    """What must come back, compared as plain values."""
    images = {}
    for article in Article.objects.exclude(lead_image=""):
        with default_storage.open(article.lead_image.name) as file:
            images[article.lead_image.name] = hashlib.sha256(file.read()).hexdigest()
    return {
        "articles": sorted(
            Article.objects.values_list("uuid", "headline", "status", "standfirst")
        ),
        "revisions": sorted(
            Version.objects.values_list("object_id", "serialized_data")
        ),
        "revision_records": list(
            Revision.objects.order_by("pk").values_list("pk", "user_id", "comment")
        ),
        "corrections": sorted(Correction.objects.values_list("article__uuid", "text")),
        "images": images,
        "api_keys": sorted(APIKey.objects.values_list("prefix", "hashed_key")),
    }


def wipe_database() -> None:
    """Lose every table, as a dead disk or a DROP DATABASE would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                # IF EXISTS: dropping search's FTS5 table drops its shadow tables.
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def wipe_media(settings) -> None:
    import shutil

    shutil.rmtree(settings.MEDIA_ROOT)


def back_up(tmp_path) -> str:
    call_command(
        "backup_site", output_dir=str(tmp_path / "backups"), stdout=io.StringIO()
    )
    [archive] = (tmp_path / "backups").iterdir()
    return str(archive)


def test_backup_wipe_and_restore_brings_back_every_story_revision_correction_image_and_key(
    tmp_path, settings, client
):
    world = newsroom()
    before = snapshot()
    archive = back_up(tmp_path)

    wipe_database()
    wipe_media(settings)
    call_command("restore_site", archive, stdout=io.StringIO())

    assert snapshot() == before
    assert APIKey.find(world["full_key"]) is not None
    editor = get_user_model().objects.get(username="desk-editor")
    assert editor.check_password(PASSWORD)
    story = client.get(world["published"].get_absolute_url())
    assert story.status_code == 200
    assert "The handover date was misstated." in story.text
    # New stories after the restore get fresh ids, not ones already taken.
    assert make_article().pk > world["draft"].pk


def test_a_backup_is_one_dated_tar_with_the_database_media_and_a_manifest(tmp_path):
    newsroom()

    archive = back_up(tmp_path)

    assert re.fullmatch(r"shafaq-backup-\d{8}T\d{6}Z\.tar", archive.rsplit("/")[-1])
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    manifest = read_manifest(archive)
    assert manifest.engine == connection.vendor
    assert manifest.data["database"]["file"] in names
    assert {f"media/{entry['name']}" for entry in manifest.media} <= names
    assert len(manifest.media) == 2
    assert not any(name.startswith("media/renditions/") for name in names)
    assert manifest.tables["articles_article"] == 2
    assert manifest.tables["partners_apikey"] == 1
    assert check_backup(archive).data == manifest.data
    assert os.stat(archive).st_mode & 0o777 == 0o600  # it holds password hashes


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    newsroom()
    archive = back_up(tmp_path)

    with pytest.raises(
        CommandError, match="is not empty .* Restore only into an empty"
    ):
        call_command("restore_site", archive)

    assert Article.objects.count() == 2


def test_a_damaged_archive_is_reported_and_never_restored(tmp_path, settings):
    newsroom()
    archive = back_up(tmp_path)
    damaged = tmp_path / "damaged.tar"
    data = bytearray(open(archive, "rb").read())
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
    data[member.offset_data + 100] ^= 0xFF
    damaged.write_bytes(bytes(data))

    with pytest.raises(BackupError, match="does not match its checksum"):
        check_backup(damaged)
    with pytest.raises(CommandError, match="NOT a good backup"):
        call_command("check_backup", str(damaged))
    wipe_database()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore_site", str(damaged))
    assert connection.introspection.table_names() == []
    call_command(
        "restore_site", archive, stdout=io.StringIO()
    )  # the good one still works


def test_restore_names_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w"):
        pass

    with pytest.raises(CommandError, match="no readable manifest"):
        call_command("restore_site", str(not_a_backup))


def test_restore_names_a_file_that_is_not_an_archive_at_all(tmp_path):
    text = tmp_path / "shafaq-backup-20260101T000000Z.tar"
    text.write_text("not a tar file")

    with pytest.raises(CommandError, match="is not a readable backup archive"):
        call_command("restore_site", str(text))


def test_media_on_an_object_store_is_backed_up_and_restored_too(tmp_path, bucket):
    client, name = bucket
    world = newsroom()
    before = snapshot()
    archive = back_up(tmp_path)

    wipe_database()
    for entry in client.list_objects_v2(Bucket=name)["Contents"]:
        client.delete_object(Bucket=name, Key=entry["Key"])
    call_command("restore_site", archive, stdout=io.StringIO())

    assert snapshot() == before
    keys = {entry["Key"] for entry in client.list_objects_v2(Bucket=name)["Contents"]}
    assert f"media/{world['published'].lead_image.name}" in keys
    assert len(keys) == 2


def test_check_backup_says_what_a_good_archive_holds(tmp_path):
    newsroom()
    archive = back_up(tmp_path)
    out = io.StringIO()

    call_command("check_backup", archive, stdout=out)

    assert out.getvalue().startswith(f"{archive}: good. Made ")
    assert "2 media files; 2 stories," in out.getvalue()
    assert "1 API keys." in out.getvalue()


def test_restore_refuses_an_archive_from_the_other_database_engine(tmp_path):
    newsroom()
    archive = back_up(tmp_path)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    relabelled = tmp_path / "relabelled.tar"
    with tarfile.open(archive) as source, tarfile.open(relabelled, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["engine"] = other
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    wipe_database()

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore_site", str(relabelled))
