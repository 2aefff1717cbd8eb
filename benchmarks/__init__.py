"""Measuring the tracker at national scale: `manage.py bench` and `manage.py loadtest`.

Both run on a throw-away database of their own (databases.py), never on the
one the settings name, and measure against references taken in the same run.
"""
