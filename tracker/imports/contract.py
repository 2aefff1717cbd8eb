"""The locality template's contract: what the exporter writes and the importer reads back.

Both sides import these names from here, so a renamed sheet or a new version
changes in one place. A file whose template_version differs is refused with a
message asking for a new template.
"""

DATA_SHEET = "Tiêu chí"  # the ward x criterion matrix
CRITERIA_SHEET = "Danh mục tiêu chí"
GUIDE_SHEET = "Hướng dẫn"
META_SHEET = "_meta"  # hidden: what the file was made for
TEMPLATE_VERSION = "1"
HEADER_ROW = 7  # of the data sheet, in the exported template

# The hidden sheet's keys, one a row with its value beside it.
META_KEYS = (
    "template_version",
    "province_code",
    "year",
    "map_edition",
    "criteria_set_code",
    "criteria_set_version",
)
