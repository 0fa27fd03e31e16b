from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by backup_site into an EMPTY database "
        "(no tables: not even migrated) and the media storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            manifest = restore_backup(archive, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {manifest.engine} database and "
            f"{len(manifest.media)} media files from {archive} "
            f"(made {manifest.data['created_at']})."
        )
