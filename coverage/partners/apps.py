from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
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
        post_delete.connect(
            _change_withdrawn,
            sender=ArticleChange,
            dispatch_uid="partners-webhooks-withdrawn",
        )


def _change_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from partners.webhooks import enqueue_change

        enqueue_change(instance)


def _change_withdrawn(sender, instance, **kwargs):
    """A planned announcement was dropped (see Article.forget_planned_publication):
    its deliveries still waiting are cancelled."""
    from partners.models import WebhookDelivery

    WebhookDelivery.objects.filter(
        article_uuid=instance.article_uuid,
        event=instance.kind,
        occurred_at=instance.changed_at,
        status=WebhookDelivery.Status.PENDING,
    ).update(status=WebhookDelivery.Status.CANCELLED)
