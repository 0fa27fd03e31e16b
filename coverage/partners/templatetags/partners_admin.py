from django import template
from django.db.models import Q

from partners.models import WebhookSubscription

register = template.Library()


@register.inclusion_tag("partners/paused_webhooks.html", takes_context=True)
def paused_webhooks(context):
    """Tell a subscription's owner (and superusers, for those with none) it is paused."""
    user = context["request"].user
    owned = Q(owner=user)
    if user.is_superuser:
        owned |= Q(owner__isnull=True)
    paused = (
        WebhookSubscription.objects.paused().filter(owned).select_related("api_key")
    )
    return {"paused": list(paused)}
