"""Reporting rounds: the due dates of a programme year, who is complete, on time or late."""
