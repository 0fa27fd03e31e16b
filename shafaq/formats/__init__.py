"""The project's date and number formats per edition (FORMAT_MODULE_PATH).

Django's own modules are kept for English. For Arabic it has no DATETIME_FORMAT, so a
datetime falls back to English order ("نوفمبر 30, 2026, 6:58 ص"); for Central Kurdish
it names Gregorian months after the Iranian solar calendar. The modules here give
each RTL edition day-month-year order and a 24-hour clock. Digits stay Western
(0-9) in every edition, as on Shafaq's Arabic site: Django never converts them and we
do not either. Month names come from the catalogues (see months.py).
"""
