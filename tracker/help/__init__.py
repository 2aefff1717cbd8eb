"""The help page (/huong-dan/): the criteria, the workbook, the steps, who to ask."""
