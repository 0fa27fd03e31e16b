# Arabic edition: day month year, 24-hour clock, Western digits.
# Django date format syntax: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
# Arabic letters are not format characters, so "الساعة" ("at") is printed as it is.
DATE_FORMAT = "j F Y"  # 30 تشرين الثاني 2026
TIME_FORMAT = "G:i"  # 6:58
DATETIME_FORMAT = "j F Y، الساعة G:i"  # 30 تشرين الثاني 2026، الساعة 6:58
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# Right-to-left marks keep the day on the reading side, as in CLDR's Arabic pattern.
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y G:i"
FIRST_DAY_OF_WEEK = 6  # Saturday, as in Iraq
# Western digits, so the separators that go with them (CLDR ar-latn): 12,000.5
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
