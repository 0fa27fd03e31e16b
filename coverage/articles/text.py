"""Text as people paste it, made safe to store and to write into XML.

Word processors and PDFs leave characters behind that a page hides but XML 1.0
forbids (https://www.w3.org/TR/xml/#charsets): a vertical tab for a manual line break,
a backspace, a form feed, C1 controls from mis-decoded Windows text, lone surrogates
from broken JSON escapes. One of them in a headline used to take every feed down.

- `clean_text()` is applied on input to every text field of every model in the
  coverage apps (the `pre_save` receiver below, so the admin, the write API, imports,
  the demo and the shell alike). Line breaks stay line breaks in multi-line fields
  and become spaces in one-line fields.
- `xml_safe()` is for writers: feeds and sitemaps pass every value through it, so a
  row stored before this rule still yields well-formed XML.
"""

import functools
import re
from pathlib import Path

from django.apps import apps
from django.db import models

# Everything XML 1.0 refuses, plus DEL and the C1 controls it merely discourages.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# What various programs mean by "new line": CRLF, CR, vertical tab (Word's manual line
# break), form feed (page break), NEL, and Unicode's line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def clean_text(value: str, *, multiline: bool) -> str:
    """`value` with line breaks unified to "\\n" (or spaces if not `multiline`) and XML-forbidden characters removed."""
    value = _LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return _FORBIDDEN.sub("", value)


def xml_safe(value):
    """`value` without the characters XML 1.0 forbids; non-strings are returned as they are."""
    if not isinstance(value, str):
        return value
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", value))


def normalise_text_fields(instance: models.Model) -> None:
    """Clean every CharField and TextField value of `instance` in place (see clean_text)."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


@functools.cache
def _coverage_app_labels() -> frozenset[str]:
    folder = Path(apps.get_app_config("articles").path).parent
    return frozenset(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == folder
    )


def _normalise_on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are written as they are
        return
    # By label, so data migrations' historical models are cleaned too.
    if sender._meta.app_label in _coverage_app_labels():
        normalise_text_fields(instance)


def connect_signals() -> None:
    """Called from ArticlesConfig.ready(): every model of every app in coverage/."""
    models.signals.pre_save.connect(_normalise_on_save, dispatch_uid="clean-text")
