"""Gregorian month names, listed so that the project's catalogues can name them.

Nothing imports this module: `makemessages` reads it. The msgids are the ones in
django/utils/dates.py, and the project's catalogues come first (LOCALE_PATHS), so our
translations replace Django's. Django's Arabic gives the Egyptian names (يناير), while
Iraqi readers and Shafaq write the Syriac ones (كانون الثاني); Django's Central Kurdish
gives Iranian solar months (ڕێبەندان starts on 21 January), while the Kurdistan
Region writes کانوونی دووەم for January.
"""

from django.utils.translation import gettext_noop

# "F" in a date format (DATE_FORMAT, YEAR_MONTH_FORMAT, ...): the names readers see.
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
