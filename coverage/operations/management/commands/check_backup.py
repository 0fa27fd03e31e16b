from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, check_backup


class Command(BaseCommand):
    help = (
        "Read a backup archive through and compare every part with its manifest; "
        "print what it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            manifest = check_backup(archive)
        except BackupError as error:
            raise CommandError(f"{archive} is NOT a good backup: {error}") from None
        tables = manifest.tables
        self.stdout.write(
            f"{archive}: good. Made {manifest.data['created_at']} from "
            f"{manifest.engine}; {len(manifest.media)} media files; "
            f"{tables.get('articles_article', 0)} stories, "
            f"{tables.get('reversion_version', 0)} revision records, "
            f"{tables.get('articles_correction', 0)} corrections, "
            f"{tables.get('partners_apikey', 0)} API keys."
        )
