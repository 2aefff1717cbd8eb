"""Workbooks handed out to localities."""
