"""Writing text into cells so that spreadsheet programs never take it for a formula."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell_protect(cell) -> None:
    """Keep a text that starts like a formula a text, also when someone edits the cell.

    quotePrefix is Excel's own leading apostrophe: it shows the text as
    written, and the importer reads it back unchanged.
    """
    cell.data_type = "s"
    cell.quotePrefix = True


def needs_protection(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def styled_cell(worksheet, value, **styles) -> WriteOnlyCell:
    """A cell for a write-only sheet, with its styles (font=, fill=, alignment=) and protection."""
    cell = WriteOnlyCell(worksheet, value=value)
    for name, style in styles.items():
        setattr(cell, name, style)
    if needs_protection(value):
        text_cell_protect(cell)
    return cell


def rows_append(worksheet, rows) -> None:
    """Append rows of plain values, protecting the few texts that start like a formula."""
    write_only = isinstance(worksheet, WriteOnlyWorksheet)
    for values in rows:
        if not any(map(needs_protection, values)):
            worksheet.append(values)
        elif write_only:
            worksheet.append(
                [styled_cell(worksheet, v) if needs_protection(v) else v for v in values]
            )
        else:
            worksheet.append(values)
            for column, value in enumerate(values, start=1):
                if needs_protection(value):
                    text_cell_protect(worksheet.cell(row=worksheet.max_row, column=column))
