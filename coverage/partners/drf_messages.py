"""The Django REST framework messages a partner can meet, named so our catalogues
translate them.

DRF ships an Arabic catalogue but none for Central Kurdish, so a Sorani partner got
"Authentication credentials were not provided." or "Invalid cursor" in English
while the rest of the API answered in Sorani. makemessages extracts only our own
sources: the messages are named here, exactly as DRF writes them (exceptions,
pagination, fields, relations), marked but not translated. Django reads the
catalogues in LOCALE_PATHS before any app's, so DRF's own gettext() calls find our
translations, in Arabic too. Nothing imports this module; makemessages reads it.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    # rest_framework/exceptions.py
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
    # Two msgids, not a plural: DRF formats both before choosing by English rules.
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    gettext_noop("Invalid input."),
    gettext_noop("A server error occurred."),
    # rest_framework/pagination.py
    gettext_noop("Invalid cursor"),
    gettext_noop("Invalid page."),
    # rest_framework/fields.py
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop(
        'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, '
        "or hyphens."
    ),
    gettext_noop(
        "Datetime has wrong format. Use one of these formats instead: {format}."
    ),
    # rest_framework/serializers.py, relations.py
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop("Invalid value."),
]
