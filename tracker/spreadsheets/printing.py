"""How every workbook prints: A4, one page wide, header rows repeated, pages numbered.

Fonts are named on every styled cell: a cell left to the reader's default font
shows in LibreOffice in whatever it substitutes for Calibri, which may lack
some Vietnamese letters. Times New Roman is the font of Vietnamese official
documents and has them all.
"""

from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.worksheet.page import PageMargins, PrintPageSetup
from openpyxl.worksheet.properties import PageSetupProperties

FONT_NAME = "Times New Roman"
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
HEADER_FONT = Font(name=FONT_NAME, bold=True, size=11)
BODY_FONT = Font(name=FONT_NAME, size=11)
A4 = 9  # the paper size code of the Office formats
MARGINS = dict(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)


def _footer(header_footer) -> None:
    # &P and &N: this page's number and the number of pages.
    header_footer.oddFooter.center.text = _("Trang &P/&N")
    header_footer.oddFooter.center.font = f"{FONT_NAME},Regular"
    header_footer.oddFooter.center.size = 9


def sheet_print_setup(sheet, *, landscape: bool = False, title_rows: str | None = None) -> None:
    """A4, fitted to one page wide (as many pages tall as needed), `title_rows` on every page.

    `title_rows` as Excel writes them: "1:4" repeats rows 1 to 4. Works on write-only sheets too.
    """
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(**MARGINS)
    if title_rows:
        sheet.print_title_rows = title_rows
    _footer(sheet.HeaderFooter)


def chart_sheet_print_setup(chart_sheet, *, landscape: bool = False) -> None:
    """A chart on a sheet of its own prints whole on one A4 page."""
    chart_sheet.pageSetup = PrintPageSetup(
        orientation="landscape" if landscape else "portrait", paperSize=A4
    )
    chart_sheet.pageMargins = PageMargins(**MARGINS)
    _footer(chart_sheet.HeaderFooter)
