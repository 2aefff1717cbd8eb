"""Writing text into cells so that spreadsheet programs never take it for a formula."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What a spreadsheet program may take for the start of a formula (OWASP's list against
# CSV injection): the four operators, a tab and a carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell_protect(cell) -> None:
    """Keep a text that starts like a formula a text, also when someone edits the cell.

    quotePrefix is Excel's own leading apostrophe: it shows the text as
    written, and the importer reads it back unchanged.
    """
    cell.data_type = "s"
    cell.quotePrefix = True


def needs_protection(value) -> bool:
    """Whether a value is a text that a spreadsheet program could run: the one place that decides.

    Every writer of user or reference text asks it: the locality template, the
    report workbooks and the admin's exports (tracker.spreadsheets.resources.dataset_export).
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell_protect(cell):
    """A normal-mode cell, its value kept a text if it starts like a formula."""
    if needs_protection(cell.value):
        text_cell_protect(cell)
    return cell


def workbook_protect(workbook) -> None:
    """Keep every formula-like text of a normal-mode workbook a text.

    For workbooks that write no formula of their own (the report workbooks):
    one pass over the finished sheets reaches every cell, whatever wrote it.
    """
    for sheet in workbook.worksheets:
        # The cells written, and only those: iter_rows() would add every empty one.
        for cell in sheet._cells.values():
            cell_protect(cell)


def plain_text(value):
    """A value for a plain-text sheet (CSV, TSV): a leading apostrophe if it starts like a formula.

    A text file has no cell types: the apostrophe is what spreadsheet programs
    read as "this is text" (the OWASP defence against CSV injection).
    """
    return f"'{value}" if needs_protection(value) else value


def plain_text_read(value):
    """A text as it was before plain_text: the apostrophe before a formula-like start dropped.

    The importer reads the admin's CSV export back; the apostrophe is the
    export's, not the note's.
    """
    if isinstance(value, str) and value.startswith("'") and needs_protection(value[1:]):
        return value[1:]
    return value


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
