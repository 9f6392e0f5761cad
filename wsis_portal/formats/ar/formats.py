# Arabic figures as the United Nations' own Arabic texts print them: Latin digits, grouped by
# thousands with a space, a comma before decimals.
#
# Sources: the six-language SDG data the portal's SDG fixtures come from (open-sdg/
# sdg-translations, translations/ar/, commit 0cda585). Its list of the indicators (A/RES/71/313
# and the refinements since) writes "لكل 000 100 شخص" eleven times: 100 000 with a space, typed
# with its groups backwards so that a right-to-left line draws them in order. The older
# targets of A/RES/70/1 write "100,000" and "1,000" three times but also "0,7 في المائة" and
# "0,15" (target 17.2) with a decimal comma, where a comma between groups is ambiguous. So: the
# space of the newer and larger text, and Django's decimal comma. Django's own Arabic format,
# "." between groups (1.234.567), is the Maghreb's convention (CLDR ar-DZ, ar-MA, ar-TN); CLDR's
# generic "ar" writes Arabic-Indic digits with ٬ and ٫, which UN Arabic documents do not use.
#
# The separator is the no-break space (U+00A0, as Django's French and Russian): its
# bidirectional class is CS, a separator inside a number, so "100 000" stays one number in a
# right-to-left line; a plain space would split it and draw its groups reversed.
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
