from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one dated archive of the database and the media files "
        "(shafaq-backup-<UTC time>.tar) into a directory."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="backups", help="where to write (default: backups)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output_dir, database, **options):
        try:
            path = create_backup(directory=Path(output_dir), database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
