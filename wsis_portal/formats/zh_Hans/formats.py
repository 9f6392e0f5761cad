# Django's Simplified Chinese formats group by ten thousands with no separator at all
# (1234567); the UN's Chinese documents print figures grouped by thousands with commas.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
