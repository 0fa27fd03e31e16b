"""The <uslug:...> URL converter: a slug in any script, as our slugs may be Arabic.

Django's <slug:> accepts ASCII only, and <str:> accepts anything but "/", including a
NUL byte, which PostgreSQL refuses in a query (a 500). This one matches exactly what
allow_unicode slug fields hold; anything else is a 404 before the database is asked.
"""

SLUG_PATTERN = r"[-\w]+"


class UnicodeSlugConverter:
    regex = SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
