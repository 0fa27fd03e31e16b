import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the local demo administrator (DEBUG only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a demo account with DEBUG off.")
        username = os.environ.get("DEMO_ADMIN_USERNAME", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "shafaq-demo")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_superuser(
                username, f"{username}@localhost", password
            )
            administrators = Group.objects.filter(name="Administrator").first()
            if administrators:
                user.groups.add(administrators)
            self.stdout.write(self.style.SUCCESS("Demo administrator created."))
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: {username}  password: {password}"
            + ("" if user.check_password(password) else " (changed since; yours now)")
        )
