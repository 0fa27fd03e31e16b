from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("API partners")

    def ready(self):
        from articles.models import ArticleChange

        # Domain apps never import the API: every change partners must hear of is
        # an ArticleChange row, and this is where it becomes webhook deliveries.
        post_save.connect(
            _change_recorded, sender=ArticleChange, dispatch_uid="partners-webhooks"
        )


def _change_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from partners.webhooks import enqueue_change

        enqueue_change(instance)
