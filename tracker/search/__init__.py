"""The search box: wards, provinces and criteria by name without diacritics or by code."""
