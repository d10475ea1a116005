"""Routers for job seekers, one per feature, gathered under the private-chat router by
``bot.routers.build_private_router``."""
