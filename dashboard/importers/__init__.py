"""Importers: one module per public source format, and the build that joins them."""
