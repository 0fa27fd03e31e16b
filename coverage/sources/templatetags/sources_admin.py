from django import template
from django.urls import reverse

from articles import permissions
from sources.models import Source

register = template.Library()


@register.inclusion_tag("sources/review_waiting.html", takes_context=True)
def sources_to_review(context):
    """On the desk: how many sources reporters added that no editor has checked,
    linked to the source list filtered to them; nothing for those who may not review.
    """
    user = context["request"].user
    if not permissions.can_review_source(user):
        return {"count": 0}
    return {
        "count": Source.objects.needing_review().count(),
        "url": f"{reverse('admin:sources_source_changelist')}?review=needed",
    }
