"""Chat texts of the job tracker, follow-ups, export and cards (/saved, /export, the
buttons on every card), English and Russian; :mod:`ui.texts` merges them into its
catalogue."""

from __future__ import annotations

TRACKER_EN: dict[str, str] = {
    "btn_saved": "⭐ Save",
    "btn_applied": "✅ Applied",
    "tracked_saved": "Saved ⭐ — /saved lists your jobs.",
    "tracked_applied": "Marked as applied ✅: I will not alert you about this job again.",
    "saved_header": "<b>Your jobs</b> ({count})",
    "saved_page": "page {page} of {pages}",
    "saved_empty": (
        "Nothing saved yet. Press ⭐ Save or ✅ Applied under a match or an alert, "
        "and the job waits here."
    ),
    "status_saved": "⭐ Saved",
    "status_applied": "✅ Applied",
    "status_interviewing": "🗣 Interviewing",
    "status_offer": "🎉 Offer",
    "status_rejected": "❌ Rejected",
    "move_applied": "✅ Applied",
    "move_interviewing": "🗣 Interview",
    "move_offer": "🎉 Offer",
    "move_rejected": "❌",
    "btn_note": "📝",
    "btn_remove": "🗑",
    "applied_on": "applied {ago}",
    "moved": "Moved: {status}.",
    "removed": "Removed from your list.",
    "job_gone": "This job is no longer in your list.",
    "note_prompt": (
        "Reply with a short note for “{title}” (up to {max} characters), or send - to clear it."
    ),
    "note_saved": "Note saved. /saved shows your list.",
    "note_cleared": "Note cleared.",
    "note_too_long": (
        "That is {length} characters; a note holds up to {max}. Please send a shorter one "
        "(nothing was changed)."
    ),
    "followup": (
        "⏰ <b>Any news?</b> You applied {ago} to the job below. A short, friendly follow-up "
        "to the recruiter often helps. Move it along when you hear back:"
    ),
    "prefs_followup": "follow-up reminder: {value}",
    "followup_after": "{days} days after applying",
    "followup_off": "off (/prefs followup 7 turns it on)",
    "export_caption": "Everything I keep about you, as JSON. /forget deletes all of it.",
    "ago_today": "today",
    "ago_yesterday": "yesterday",
    "ago_days_one": "{n} day ago",
    "ago_days_few": "{n} days ago",
    "ago_days_many": "{n} days ago",
    "ago_weeks_one": "{n} week ago",
    "ago_weeks_few": "{n} weeks ago",
    "ago_weeks_many": "{n} weeks ago",
    "ago_months_one": "{n} month ago",
    "ago_months_few": "{n} months ago",
    "ago_months_many": "{n} months ago",
    "ago_years_one": "{n} year ago",
    "ago_years_few": "{n} years ago",
    "ago_years_many": "{n} years ago",
    "posted": "posted {ago}",
    "seen_on_one": "seen on {n} board",
    "seen_on_few": "seen on {n} boards",
    "seen_on_many": "seen on {n} boards",
    "where_remote": "remote",
    "where_hybrid": "hybrid",
    "job_page": "job page",
}

TRACKER_RU: dict[str, str] = {
    "btn_saved": "⭐ Сохранить",
    "btn_applied": "✅ Откликнулся",
    "tracked_saved": "Сохранено ⭐ — список в /saved.",
    "tracked_applied": "Отмечено: вы откликнулись ✅. Больше не пришлю эту вакансию.",
    "saved_header": "<b>Ваши вакансии</b> ({count})",
    "saved_page": "страница {page} из {pages}",
    "saved_empty": (
        "Пока ничего не сохранено. Нажмите ⭐ Сохранить или ✅ Откликнулся под вакансией "
        "или уведомлением, и она появится здесь."
    ),
    "status_saved": "⭐ Сохранённые",
    "status_applied": "✅ Отклик отправлен",
    "status_interviewing": "🗣 Собеседования",
    "status_offer": "🎉 Оффер",
    "status_rejected": "❌ Отказ",
    "move_applied": "✅ Откликнулся",
    "move_interviewing": "🗣 Собеседование",
    "move_offer": "🎉 Оффер",
    "move_rejected": "❌",
    "btn_note": "📝",
    "btn_remove": "🗑",
    "applied_on": "отклик {ago}",
    "moved": "Перенесено: {status}.",
    "removed": "Убрано из списка.",
    "job_gone": "Этой вакансии уже нет в вашем списке.",
    "note_prompt": (
        "Ответьте короткой заметкой к «{title}» (до {max} символов) "
        "или пришлите -, чтобы её стереть."
    ),
    "note_saved": "Заметка сохранена. Список — в /saved.",
    "note_cleared": "Заметка стёрта.",
    "note_too_long": (
        "Здесь {length} символов, а в заметку помещается до {max}. Пришлите покороче "
        "(ничего не изменено)."
    ),
    "followup": (
        "⏰ <b>Есть новости?</b> Вы откликнулись на вакансию ниже {ago}. Короткое вежливое "
        "письмо рекрутеру часто помогает. Отметьте, когда будет ответ:"
    ),
    "prefs_followup": "напоминание об отклике: {value}",
    "followup_after": "через {days} дн. после отклика",
    "followup_off": "выключено (/prefs followup 7 включает)",
    "export_caption": "Всё, что я о вас храню, в JSON. /forget удалит всё это.",
    "ago_today": "сегодня",
    "ago_yesterday": "вчера",
    "ago_days_one": "{n} день назад",
    "ago_days_few": "{n} дня назад",
    "ago_days_many": "{n} дней назад",
    "ago_weeks_one": "{n} неделю назад",
    "ago_weeks_few": "{n} недели назад",
    "ago_weeks_many": "{n} недель назад",
    "ago_months_one": "{n} месяц назад",
    "ago_months_few": "{n} месяца назад",
    "ago_months_many": "{n} месяцев назад",
    "ago_years_one": "{n} год назад",
    "ago_years_few": "{n} года назад",
    "ago_years_many": "{n} лет назад",
    "posted": "опубликовано {ago}",
    "seen_on_one": "на {n} сайте",
    "seen_on_few": "на {n} сайтах",
    "seen_on_many": "на {n} сайтах",
    "where_remote": "удалённо",
    "where_hybrid": "гибрид",
    "job_page": "страница вакансии",
}
