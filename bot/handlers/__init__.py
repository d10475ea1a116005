"""Routers for job seekers, one per feature, gathered by ``bot.routers.build_root_router``."""
