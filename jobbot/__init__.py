"""Jobbot's command line and composition root."""
