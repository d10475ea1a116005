"""Chat texts of digests and the market picture (/subscribe, /insights), English and Russian;
:mod:`ui.texts` merges them into its catalogue."""

from __future__ import annotations

DIGEST_EN: dict[str, str] = {
    "subscribe_ask": (
        "How should I send fresh jobs that fit you? Instant alerts come one by one as they "
        "are found (at most {max_per_day} a day); a digest is one message with the best new "
        "ones."
    ),
    "btn_sub_instant": "⚡ Instant alerts",
    "btn_sub_daily": "📅 Daily digest",
    "btn_sub_weekly": "🗓 Weekly digest",
    "subscribe_day": "Which day of the week?",
    "subscribe_hour": "At what time? Your time zone: {zone} (/subscribe Europe/Berlin changes it).",
    "zone_saved": "Your time zone is now {zone}: digests and quiet hours follow it.",
    "weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    "weekdays_long": "every Monday,every Tuesday,every Wednesday,every Thursday,every Friday,"
    "every Saturday,every Sunday",
    "subscribed_daily": (
        "Daily digest on: every day at {hour} ({zone}), one message with up to {size} new "
        "jobs that fit you. The first: {first}. No new jobs, no message."
    ),
    "subscribed_weekly": (
        "Weekly digest on: {day} at {hour} ({zone}), one message with up to {size} new "
        "jobs that fit you. The first: {first}. No new jobs, no message."
    ),
    "digest_header_daily": "📬 <b>Your daily digest</b>: {jobs} for you",
    "digest_header_weekly": "📬 <b>Your weekly digest</b>: {jobs} for you",
    "digest_footer": "<i>/subscribe changes how often digests come; /unsubscribe stops them.</i>",
    "insights_too_little": (
        "Too little data for a picture yet: postings in the index that match your profile: "
        "{count} (I need at least {needed}). Try again when more jobs are in, or loosen /prefs."
    ),
    "insights_caption": "<b>The market around your profile</b> ({postings})",
    "insights_pay": "Pay per year ({currency}, {postings}): median {low}–{high}",
    "insights_no_pay": "No matching posting states its pay.",
    "insights_skills": "Asked for most, not on your resume: {skills}",
    "insights_no_skills": "Your resume shows every skill they ask for often.",
    "insights_weeks": "New matching postings per week (last {weeks}): {counts}",
    "chart_pay": "Pay per year (median range; dots: each posting)",
    "chart_skills": "Skills asked for, not on your resume (postings)",
    "chart_weeks": "New matching postings per week",
    # A count with its noun (ui.cards.counted); English spells "few" and "many" alike.
    "count_posting_one": "{n} posting",
    "count_posting_few": "{n} postings",
    "count_posting_many": "{n} postings",
    "count_matching_one": "{n} matching posting",
    "count_matching_few": "{n} matching postings",
    "count_matching_many": "{n} matching postings",
    "count_new_job_one": "{n} new job",
    "count_new_job_few": "{n} new jobs",
    "count_new_job_many": "{n} new jobs",
}

DIGEST_RU: dict[str, str] = {
    "subscribe_ask": (
        "Как присылать новые подходящие вакансии? Мгновенные уведомления приходят по одной, "
        "как только найдутся (не больше {max_per_day} в день); дайджест — одно сообщение с "
        "лучшими новыми."
    ),
    "btn_sub_instant": "⚡ Сразу",
    "btn_sub_daily": "📅 Раз в день",
    "btn_sub_weekly": "🗓 Раз в неделю",
    "subscribe_day": "В какой день недели?",
    "subscribe_hour": "В котором часу? Ваш часовой пояс: {zone} (сменить: "
    "/subscribe Europe/Moscow).",
    "zone_saved": "Ваш часовой пояс теперь {zone}: по нему приходят дайджесты и тихие часы.",
    "weekdays": "Пн,Вт,Ср,Чт,Пт,Сб,Вс",
    "weekdays_long": "каждый понедельник,каждый вторник,каждую среду,каждый четверг,"
    "каждую пятницу,каждую субботу,каждое воскресенье",
    "subscribed_daily": (
        "Ежедневный дайджест включён: каждый день в {hour} ({zone}) — одно сообщение, до "
        "{size} новых подходящих вакансий. Первый: {first}. Нет новых — нет сообщения."
    ),
    "subscribed_weekly": (
        "Еженедельный дайджест включён: {day} в {hour} ({zone}) — одно сообщение, до "
        "{size} новых подходящих вакансий. Первый: {first}. Нет новых — нет сообщения."
    ),
    "digest_header_daily": "📬 <b>Ваш дайджест за день</b>: {jobs} для вас",
    "digest_header_weekly": "📬 <b>Ваш дайджест за неделю</b>: {jobs} для вас",
    "digest_footer": "<i>/subscribe — как часто присылать; /unsubscribe — выключить.</i>",
    "insights_too_little": (
        "Пока мало данных для картины: вакансий в индексе под ваш профиль — {count} "
        "(нужно хотя бы {needed}). Загляните позже или ослабьте /prefs."
    ),
    "insights_caption": "<b>Рынок вокруг вашего профиля</b> ({postings})",
    "insights_pay": "Зарплата в год ({currency}, {postings}): медиана {low}–{high}",
    "insights_no_pay": "Ни одна подходящая вакансия не называет зарплату.",
    "insights_skills": "Чаще всего просят, а в резюме нет: {skills}",
    "insights_no_skills": "Всё, что часто просят, в вашем резюме есть.",
    "insights_weeks": "Новых подходящих вакансий по неделям (последние {weeks}): {counts}",
    "chart_pay": "Зарплата в год (медианная вилка; точки — вакансии)",
    "chart_skills": "Навыки, которых нет в резюме (вакансий)",
    "chart_weeks": "Новых подходящих вакансий в неделю",
    "count_posting_one": "{n} вакансия",
    "count_posting_few": "{n} вакансии",
    "count_posting_many": "{n} вакансий",
    "count_matching_one": "{n} подходящая вакансия",
    "count_matching_few": "{n} подходящие вакансии",
    "count_matching_many": "{n} подходящих вакансий",
    "count_new_job_one": "{n} новая вакансия",
    "count_new_job_few": "{n} новые вакансии",
    "count_new_job_many": "{n} новых вакансий",
}
