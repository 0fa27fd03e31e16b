from django.core.management.base import BaseCommand

from demo.content import seed_demo_coverage


class Command(BaseCommand):
    help = "Load the demo coverage of Iraq's security transition (safe to run again)."

    def handle(self, *args, **options):
        created = seed_demo_coverage()
        if any(created.values()):
            summary = ", ".join(f"{n} {name}" for name, n in created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Demo coverage loaded: {summary}."))
        else:
            self.stdout.write("Demo coverage already present; nothing changed.")
