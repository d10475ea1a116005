"""What the chat and the alerts show: texts (en, ru), cards, keyboards, match rendering,
/prefs and saved views, and the job tracker. Imports nothing of ``bot`` or ``delivery``."""
