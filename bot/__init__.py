"""The chat: routers, handlers, middlewares, export and erasure, the admin console.

What it shows lives in ``ui``; push delivery in ``delivery``; the processes in ``runtime``.
"""
