"""The POST data a browser would send back for an admin change form, as rendered."""

from django import forms
from django.urls import reverse


def _add_form(form, data: dict) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else field.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else value


def change_form_data(response, **overrides) -> dict:
    """Everything the change page `response` shows, ready to post, with `overrides`."""
    data: dict = {}
    _add_form(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(formset.management_form, data)
        for form in formset.forms:
            _add_form(form, data)
    data.update(overrides)
    return data


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def open_and_post(client, article, **overrides):
    """Open the story's admin page, change what `overrides` says, and save."""
    page = client.get(change_url(article))
    return client.post(change_url(article), change_form_data(page, **overrides))
