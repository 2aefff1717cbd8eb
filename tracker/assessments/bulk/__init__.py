"""The bulk pages of the recognition workflow (web layer): views and their urls."""
