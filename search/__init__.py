"""The posting index: one interface, two backends, embeddings and dedup."""
