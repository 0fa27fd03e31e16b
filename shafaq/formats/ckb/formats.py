# Central Kurdish (Sorani) edition: day month year, 24-hour clock, Western digits.
# Django date format syntax: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
# Arabic-script letters are not format characters, so "کاتژمێر" ("at") is printed as it is.
DATE_FORMAT = "j F Y"  # 30 تشرینی دووەم 2026
TIME_FORMAT = "G:i"  # 6:58
DATETIME_FORMAT = "j F Y، کاتژمێر G:i"  # 30 تشرینی دووەم 2026، کاتژمێر 6:58
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/n/j"
SHORT_DATETIME_FORMAT = "Y/n/j، G:i"
FIRST_DAY_OF_WEEK = 6  # Saturday, as in Iraq and the Kurdistan Region
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
