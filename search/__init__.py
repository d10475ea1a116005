"""The posting index: one interface, two backends, embeddings and dedup.

``search.backends.from_url(settings.search.url)`` gives the backend; ``Ingestor`` fills it.
Nothing is imported here: every ``search.*`` import runs this file first, and a re-export
would make each of them import the backends too (an import cycle through the package).
"""
