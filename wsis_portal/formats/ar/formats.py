# Django's Arabic formats (separators "." and ",", Latin digits as the UN's Arabic documents
# print them) leave NUMBER_GROUPING unset, so 1234567 printed without separators while every
# other language grouped it. Grouped by thousands like the others; the rest stays Django's.
NUMBER_GROUPING = 3
