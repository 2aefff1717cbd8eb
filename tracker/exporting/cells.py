"""Writing text into cells so that spreadsheet programs never take it for a formula."""

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


def rows_append(worksheet, rows) -> None:
    """Append rows of plain values, protecting the few texts that start like a formula."""
    for values in rows:
        worksheet.append(values)
        for column, value in enumerate(values, start=1):
            if needs_protection(value):
                text_cell_protect(worksheet.cell(row=worksheet.max_row, column=column))
