"""Generic views (list, detail, edit, delete) and the platform's own pages."""
