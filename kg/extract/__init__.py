"""Extraction stages: mentions (candidates, then choice), aliases, relations."""
