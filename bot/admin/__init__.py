"""The admin console: commands for admins in a private chat, gated on the parent router."""
