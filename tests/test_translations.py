"""The interface catalogues (locale/<lang>/LC_MESSAGES/django.po) are complete and current."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
EDITIONS = ["ar", "ckb"]
PLURAL_FORMS = {"ar": 6, "ckb": 2}
ARABIC_SCRIPT = range(0x0600, 0x0700)


DOMAINS = ["django", "djangojs"]  # djangojs: the admin calendar's month names


def catalogue(lang, domain="django"):
    with open(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as po:
        return read_po(po, locale=lang)


def msgids(lang) -> set:
    return {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue(lang)
        if m.id
    }


def as_list(string) -> list[str]:
    return [string] if isinstance(string, str) else list(string)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", EDITIONS)
def test_every_entry_of_the_catalogue_is_translated_and_not_fuzzy(lang, domain):
    messages = [m for m in catalogue(lang, domain) if m.id]

    untranslated = [m.id for m in messages if not all(as_list(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]

    assert len(messages) > (400 if domain == "django" else 20)
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_plural_entries_give_every_plural_form_of_the_language(lang):
    plurals = [m for m in catalogue(lang) if m.id and m.pluralizable]

    assert plurals
    for message in plurals:
        assert len(as_list(message.string)) == PLURAL_FORMS[lang], message.id


@pytest.mark.parametrize("lang", EDITIONS)
def test_translations_keep_the_placeholders_of_their_msgid(lang):
    cat = catalogue(lang)
    for message in cat:
        if message.id and "python-format" in message.flags:
            python_format(cat, message)  # raises TranslationError on a mismatch
        for string in as_list(message.string) if message.id else []:
            for placeholder in ("%(", "{{"):
                if placeholder not in str(message.id):
                    assert placeholder not in string, message.id


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", EDITIONS)
def test_translations_are_written_in_arabic_script(lang, domain):
    latin_only = [
        m.id
        for m in catalogue(lang, domain)
        if m.id
        and not any(ord(c) in ARABIC_SCRIPT for s in as_list(m.string) for c in s)
        and any(c.isalpha() for s in as_list(m.string) for c in s.replace("%(", ""))
    ]

    assert latin_only == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_compiled_catalogue_is_what_django_uses(lang):
    with translation.override(lang):
        assert translation.gettext("Skip to main content") != "Skip to main content"
        assert translation.gettext("Corrections policy and log") != (
            "Corrections policy and log"
        )


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_admin_calendar_names_months_as_the_rest_of_the_edition(admin_client, lang):
    response = admin_client.get("/admin/jsi18n/", headers={"accept-language": lang})

    script = response.content.decode()
    with translation.override(lang):
        january = translation.gettext("January")
    assert response.status_code == 200
    assert january in script or json.dumps(january)[1:-1] in script
    for django_name in ("يناير", "ڕێبەندان"):  # Egyptian; Iranian solar month
        assert django_name not in script
        assert json.dumps(django_name)[1:-1] not in script


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="makemessages needs GNU gettext's xgettext (Debian: gettext; CI has it)",
)
def test_the_catalogues_hold_every_string_of_the_templates_and_code(tmp_path):
    # A copy of the sources, so that makemessages writes its fresh catalogue there.
    for folder in ("coverage", "shafaq", "templates"):
        shutil.copytree(
            Path(settings.BASE_DIR) / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "migrations"),
        )
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", tmp_path)
    (tmp_path / "locale").mkdir()

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ar"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )

    fresh = read_po(open(tmp_path / "locale/ar/LC_MESSAGES/django.po", "rb"))
    fresh_ids = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in fresh if m.id
    }
    assert sorted(map(str, fresh_ids - msgids("ar"))) == [], "run `make messages`"
    assert sorted(map(str, msgids("ar") - fresh_ids)) == [], "run `make messages`"
    assert msgids("ckb") == msgids("ar")
