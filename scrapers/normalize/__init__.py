"""Normalization of scraped fields: text, dates, places, pay, levels, years."""
