"""The ward page: its view, in the web layer (tests/test_structure.py)."""
