"""Back up and restore the whole site: the database and the media files, in one archive.

An archive is an uncompressed tar file named shafaq-backup-<UTC time>.tar holding:

- database.pgdump (PostgreSQL: pg_dump's custom format, already compressed) or
  database.sqlite3 (SQLite: a copy made with SQLite's online backup API);
- media/<name> for every media file (local disk or S3), except renditions/, which
  pages make again from the originals on first view;
- manifest.json: {"format": 1, "created_at": ISO 8601 UTC, "engine": "postgresql" |
  "sqlite", "database": {"file", "size", "sha256"}, "tables": {table: rows},
  "media": [{"name", "size", "sha256"}]}.

Consistency: the database is copied first, from one snapshot (pg_dump exports a
snapshot that the row counts in the manifest read too; SQLite's backup API copies
one consistent state). Media files are listed after that, and the site never deletes
or rewrites an uploaded file, so every image the copy refers to is in the archive.
The archive is written under a temporary name and renamed when complete, so a backup
cut short never looks like a good one.
"""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
SKIPPED_MEDIA = ("renditions/",)
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    data: dict

    @property
    def engine(self) -> str:
        return self.data["engine"]

    @property
    def tables(self) -> dict[str, int]:
        return self.data["tables"]

    @property
    def media(self) -> list[dict]:
        return self.data["media"]


def create_backup(
    *, directory: Path, database: str = "default", storage: Storage | None = None
) -> Path:
    """Write one archive into `directory` (made if missing); its path."""
    connection = connections[database]
    storage = storage or default_storage
    engine = _engine(connection)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    created_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    final = directory / f"shafaq-backup-{created_at:%Y%m%dT%H%M%SZ}.tar"
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and try again.")
    partial = final.with_name(final.name + ".partial")
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        dump = Path(scratch) / DATABASE_FILES[engine]
        if engine == "postgresql":
            tables = _dump_postgresql(connection, dump)
        else:
            tables = _dump_sqlite(connection, dump)
        try:
            # Owner-only from the first byte: the archive holds password hashes,
            # two-step secrets and every draft.
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            with tarfile.open(partial, "w") as archive:
                archive.add(dump, arcname=dump.name)
                media = [
                    _add_media(archive, storage, name)
                    for name in sorted(_media_names(storage))
                ]
                manifest = {
                    "format": FORMAT,
                    "created_at": created_at.isoformat(),
                    "engine": engine,
                    "database": {
                        "file": dump.name,
                        "size": dump.stat().st_size,
                        "sha256": _sha256_file(dump),
                    },
                    "tables": tables,
                    "media": media,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
    return final


def read_manifest(path: Path) -> Manifest:
    """The archive's manifest; BackupError if the file is not one of our archives."""
    with _open_archive(path) as archive:
        return _manifest(archive)


def check_backup(path: Path) -> Manifest:
    """Read every member and compare it with the manifest; BackupError on any mismatch.

    For SQLite the database copy is also opened and checked with PRAGMA
    integrity_check and its row counts compared; for PostgreSQL pg_restore --list
    reads the dump's table of contents. Restoring into a scratch database remains the
    full proof (see the README).
    """
    with _open_archive(path) as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _manifest(archive)
        dump = _extract_database(archive, manifest, Path(scratch))
        if manifest.engine == "sqlite":
            try:
                with _sqlite_readonly(dump) as source:
                    (result,) = source.execute("PRAGMA integrity_check").fetchone()
                    counts = _sqlite_counts(source)
            except sqlite3.DatabaseError as error:
                raise BackupError(f"The database copy is unreadable: {error}") from None
            if result != "ok":
                raise BackupError(f"The database copy is damaged: {result}")
            if counts != manifest.tables:
                raise BackupError(
                    "The database copy's row counts differ from the manifest."
                )
        else:
            _run(["pg_restore", "--list", str(dump)], env=None)
        for entry in manifest.media:
            with _open_member(archive, MEDIA_PREFIX + entry["name"]) as member:
                _check_digest(member, entry)
    return manifest


def restore_backup(
    path: Path, *, database: str = "default", storage: Storage | None = None
) -> Manifest:
    """Bring an archive back into an EMPTY database and the media storage.

    Refuses (BackupError) a database that has any table, an archive from the other
    database engine, and any member whose checksum differs from the manifest. Media
    files already present with the same content are left as they are.
    """
    connection = connections[database]
    storage = storage or default_storage
    engine = _engine(connection)
    manifest = read_manifest(path)
    if manifest.engine != engine:
        raise BackupError(
            f"This archive holds a {manifest.engine} database; the target is "
            f"{engine}. Restore it into a {manifest.engine} database."
        )
    existing = connection.introspection.table_names()
    if existing:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!s} is not empty "
            f"({len(existing)} tables, e.g. {existing[0]}). Restore only into an "
            "empty database: create a new one, point DATABASE_URL at it and run "
            "the restore again."
        )
    # Read everything once before touching anything: a damaged archive changes nothing.
    check_backup(path)
    with _open_archive(path) as archive, tempfile.TemporaryDirectory() as scratch:
        dump = _extract_database(archive, manifest, Path(scratch))
        if engine == "postgresql":
            _restore_postgresql(connection, dump)
        else:
            _restore_sqlite(connection, dump)
        for entry in manifest.media:
            with _open_member(archive, MEDIA_PREFIX + entry["name"]) as member:
                _restore_media(storage, entry, member)
    ContentType.objects.clear_cache()
    # Pages, throttles and sessions cached for the database that was there before.
    cache.clear()
    return manifest


# Database engines ----------------------------------------------------------------


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}."
        )
    return connection.vendor


def _pg_environment(connection) -> dict[str, str]:
    """libpq's variables for this connection: the password never appears in `ps`."""
    settings = connection.settings_dict
    environ = dict(os.environ)
    for variable, value in {
        "PGDATABASE": settings["NAME"],
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }.items():
        if value:
            environ[variable] = str(value)
    return environ


def _dump_postgresql(connection, dump: Path) -> dict[str, int]:
    """pg_dump from an exported snapshot; row counts read in that same snapshot."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # This transaction holds the snapshot while pg_dump runs: no timeout of the
        # site's own (statement, idle in transaction) may end it half-way.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {table: _count(cursor, connection, table) for table in tables}
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            env=_pg_environment(connection),
        )
        return counts


def _restore_postgresql(connection, dump: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=_pg_environment(connection),
    )


def _dump_sqlite(connection, dump: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    with _sqlite_readonly(dump) as source:
        return _sqlite_counts(source)


def _restore_sqlite(connection, dump: Path) -> None:
    connection.ensure_connection()
    with _sqlite_readonly(dump) as source:
        source.backup(connection.connection)


def _sqlite_readonly(path: Path):
    return _Closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


class _Closing:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def _sqlite_counts(source) -> dict[str, int]:
    names = sorted(
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    )
    return {
        name: source.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
        for name in names
    }


def _count(cursor, connection, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    return cursor.fetchone()[0]


def _run(command: list[str], env) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client "
            "(Debian: postgresql-client) in the server's major version or newer."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


# Media -------------------------------------------------------------------------------


def _media_names(storage: Storage, directory: str = ""):
    """Every file name in `storage` below `directory` (renditions left out)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a media folder nothing was ever uploaded to
        return
    for name in files:
        yield f"{directory}{name}"
    for child in directories:
        path = f"{directory}{child}/"
        if not path.startswith(SKIPPED_MEDIA):
            yield from _media_names(storage, path)


def _add_media(archive: tarfile.TarFile, storage: Storage, name: str) -> dict:
    # Copy first, hashing on the way: the tar header needs the size before the data,
    # and what the header says must be exactly what was read.
    with (
        storage.open(name, "rb") as file,
        tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as copy,
    ):
        digest, size = hashlib.sha256(), 0
        while chunk := file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
        info = tarfile.TarInfo(MEDIA_PREFIX + name)
        info.size = size
        info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
        copy.seek(0)
        archive.addfile(info, copy)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def _restore_media(storage: Storage, entry: dict, member) -> None:
    name = entry["name"]
    if storage.exists(name):
        with storage.open(name, "rb") as current:
            if _digest(current) == entry["sha256"]:
                return
        storage.delete(name)
    with tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as copy:
        _check_digest(member, entry, copy)
        copy.seek(0)
        saved = storage.save(name, File(copy, name=PurePosixPath(name).name))
    if saved != name:
        raise BackupError(f"The media storage saved {name} as {saved}.")


# Archive members -------------------------------------------------------------------


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}") from None


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        with archive.extractfile(MANIFEST) as member:
            data = json.load(member)
    except (KeyError, ValueError, AttributeError):
        raise BackupError(
            "This archive has no readable manifest.json: it was not made by backup_site."
        ) from None
    if data.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {data.get('format')!r}.")
    return Manifest(data)


def _open_member(archive: tarfile.TarFile, name: str):
    try:
        member = archive.extractfile(name)
    except KeyError:
        raise BackupError(f"The archive lacks {name}.") from None
    if member is None:
        raise BackupError(f"{name} in the archive is not a file.")
    return member


def _extract_database(archive, manifest: Manifest, scratch: Path) -> Path:
    entry = manifest.data["database"]
    target = scratch / entry["file"]
    with _open_member(archive, entry["file"]) as member, open(target, "wb") as copy:
        _check_digest(member, {"name": entry["file"], **entry}, copy)
    return target


def _check_digest(source, entry: dict, copy=None) -> None:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy is not None:
            copy.write(chunk)
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(
            f"{entry['name']} in the archive does not match its checksum."
        )


def _digest(file) -> str:
    digest = hashlib.sha256()
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _sha256_file(path: Path) -> str:
    with open(path, "rb") as file:
        return _digest(file)
