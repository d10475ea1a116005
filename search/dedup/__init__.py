"""Dedup and merge: which postings are one job, and the merged posting."""
