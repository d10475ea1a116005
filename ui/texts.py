"""Every sentence the bot says to job seekers, in English and Russian.

Texts are HTML (the bot's parse mode); values put into them are escaped by :func:`t`.
A key missing in one language falls back to English, so a new text never crashes a chat.
The admin console speaks English only: admins run the service, they are not its audience.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ui.texts_digest import DIGEST_EN, DIGEST_RU
from ui.texts_tracker import TRACKER_EN, TRACKER_RU

LANGUAGES = ("en", "ru")

EN: dict[str, str] = {
    "pick_language": "Hi! Which language do you prefer?",
    "welcome": (
        "I find jobs that fit your resume.\n\n"
        "Send me your resume as a <b>PDF, DOCX or TXT</b> file, or paste its text here. "
        "I answer with matches right away and add reasons as I grade them.\n\n"
        "/prefs — filters (remote, countries, salary, exclusions)\n"
        "/subscribe — fresh matching jobs: instant alerts or a digest\n"
        "/insights — the market around your profile\n"
        "/help — all commands"
    ),
    "help": (
        "<b>Commands</b>\n"
        "Send a resume file (PDF, DOCX, TXT) or paste its text — get matches.\n"
        "/matches — your matches again, with your current filters\n"
        "/prefs — show filters; /prefs remote yes|no|any, /prefs countries DE,NL, "
        "/prefs salary 60000, /prefs exclude_company Acme, /prefs exclude_keyword php, "
        "/prefs levels any (also far from your level), /prefs reset\n"
        "/subscribe — fresh jobs as instant alerts (at most {max_per_day} a day) or a daily "
        "or weekly digest at your hour; /subscribe Europe/Berlin sets your time zone; "
        "/unsubscribe or /stop — stop them\n"
        "/insights — a chart of the market around your profile: pay, skills asked for, "
        "new postings per week\n"
        "/quiet 22-07 Europe/Berlin — no alerts at night (they wait until morning); "
        "/quiet off\n"
        "/saved — your saved jobs and applications: move them along, add notes\n"
        "/prefs followup 7 — remind me 7 days after I applied (/prefs followup off)\n"
        "/export — everything I keep about you, as a JSON file\n"
        "/language — change language\n"
        "/forget or /delete — delete everything I keep about you"
    ),
    "language_set": "Language set to English.",
    "resume_received": "Got your resume ({chars} characters). Looking for matches…",
    "resume_unsupported": "I read PDF, DOCX and TXT files. Please send one of those.",
    "resume_too_big": "This file is larger than {max_mb} MB. Please send a smaller one.",
    "resume_unreadable": "I could not read this resume: {reason}",
    "short_text": (
        "Send your resume as a file, or paste its full text (at least {min_chars} characters). "
        "/help lists the commands."
    ),
    "profile_empty": (
        "I could not find skills or job titles in this resume, so I will not guess matches. "
        "Please send a resume with your experience in text form (not a scanned image)."
    ),
    "matches_header": "<b>Top matches</b> ({count}):",
    "matches_grading": "<i>Grading each match… scores and reasons follow.</i>",
    "matches_done": "<i>Graded by {provider}.</i>",
    "no_matches": (
        "No postings fit your resume and filters yet. Try loosening /prefs, "
        "or /subscribe to hear when one arrives."
    ),
    "match_search_failed": "The job index is unavailable right now. Please try again later.",
    "tier_strong": "strong",
    "tier_good": "good",
    "tier_stretch": "broader",
    "strengths": "fits",
    "gaps": "missing",
    "how_to_close": "to close the gap",
    "prefs_show": (
        "<b>Your filters</b>\nremote: {remote}\ncountries: {countries}\nmin salary: {salary}\n"
        "excluded companies: {companies}\nexcluded keywords: {keywords}\nlevels: {levels}"
    ),
    "levels_near": "yours and one step either way (/prefs levels any shows all)",
    "levels_any": "any",
    "level_fit": "fits your level",
    "level_under": "one level above yours",
    "level_over": "one level below yours",
    "level_far_under": "well above your level",
    "level_far_over": "well below your level",
    "level_unknown": "level not stated",
    "level": "level",
    "prefs_saved": "Saved.",
    "prefs_invalid": "I did not understand that: {reason}\n/help shows examples.",
    "any": "any",
    "none": "none",
    "subscribed": "Alerts on: I will send fresh jobs that fit you (at most {max_per_day} a day).",
    "unsubscribed": "Alerts off.",
    "need_resume": "Send me your resume first, then I can match jobs to it.",
    "alert_header": "🔔 <b>New job for you</b>",
    "btn_good": "👍 Good",
    "btn_bad": "👎 Bad",
    "btn_hide": "🙈 Hide",
    "feedback_thanks": "Thanks, noted.",
    "hidden": "Hidden: I will not show this job again.",
    "forget_confirm": (
        "Delete your resume, filters, alerts, feedback and saved jobs? This cannot be undone."
    ),
    "btn_forget_yes": "Yes, delete",
    "btn_forget_no": "Cancel",
    "forget_done": "Done: I deleted everything I kept about you. /start to begin again.",
    "forget_cancelled": "Nothing was deleted.",
    "error": "Something went wrong on my side. Please try again in a minute.",
    "throttled": "Too many messages at once; please slow down a little.",
    "busy": "I am still working on your previous resume; results are on their way.",
    "quiet_none": "Quiet hours: off. Alerts arrive whenever a fresh job is found.",
    "quiet_show": (
        "<b>Quiet hours</b>: {window} (it is {local} there now).\n"
        "Alerts found in that window wait until it ends; replies to your commands never wait."
    ),
    "quiet_usage": (
        "/quiet 22-07 Europe/Berlin — hold alerts from 22:00 to 07:00 in that time zone "
        "(minutes work too: 22:30-6:45)\n/quiet off — alerts at any hour"
    ),
    "quiet_saved": "Quiet hours set: {window}. Alerts found in that window arrive when it ends.",
    "quiet_off": "Quiet hours off: alerts arrive at any hour.",
    "quiet_bad_format": "I did not understand that. Give two times and a time zone.",
    "quiet_bad_time": "{value} is not a time of day: use 00:00 to 23:59 (24 means midnight).",
    "quiet_empty": "The window starts and ends at the same time; give two different times.",
    "quiet_unknown_zone": (
        "I do not know the time zone “{zone}”. Use a name like Europe/Berlin, "
        "America/New_York, Asia/Tbilisi or UTC."
    ),
}

RU: dict[str, str] = {
    "pick_language": "Привет! На каком языке вам удобнее?",
    "welcome": (
        "Я подбираю вакансии под ваше резюме.\n\n"
        "Пришлите резюме файлом <b>PDF, DOCX или TXT</b> или вставьте его текст сюда. "
        "Сразу отвечу подходящими вакансиями и допишу причины, когда оценю каждую.\n\n"
        "/prefs — фильтры (удалёнка, страны, зарплата, исключения)\n"
        "/subscribe — новые подходящие вакансии: сразу или дайджестом\n"
        "/insights — рынок вокруг вашего профиля\n"
        "/help — все команды"
    ),
    "help": (
        "<b>Команды</b>\n"
        "Пришлите резюме файлом (PDF, DOCX, TXT) или текстом — получите вакансии.\n"
        "/matches — подобрать вакансии снова, с текущими фильтрами\n"
        "/prefs — фильтры; /prefs remote yes|no|any, /prefs countries DE,RU, "
        "/prefs salary 60000, /prefs exclude_company Acme, /prefs exclude_keyword php, "
        "/prefs levels any (и вакансии далеко от вашего уровня), /prefs reset\n"
        "/subscribe — новые вакансии сразу (не больше {max_per_day} в день) или дайджестом "
        "раз в день или в неделю в удобный час; /subscribe Europe/Moscow задаёт часовой "
        "пояс; /unsubscribe или /stop — выключить\n"
        "/insights — график рынка вокруг вашего профиля: зарплаты, навыки, новые вакансии "
        "по неделям\n"
        "/quiet 22-07 Europe/Moscow — без уведомлений ночью (они подождут до утра); "
        "/quiet off\n"
        "/saved — сохранённые вакансии и отклики: статусы и заметки\n"
        "/prefs followup 7 — напомнить через 7 дней после отклика (/prefs followup off)\n"
        "/export — всё, что я о вас храню, файлом JSON\n"
        "/language — сменить язык\n"
        "/forget или /delete — удалить всё, что я о вас храню"
    ),
    "language_set": "Язык: русский.",
    "resume_received": "Резюме получено ({chars} символов). Ищу вакансии…",
    "resume_unsupported": "Я читаю файлы PDF, DOCX и TXT. Пришлите, пожалуйста, один из них.",
    "resume_too_big": "Файл больше {max_mb} МБ. Пришлите файл поменьше.",
    "resume_unreadable": "Не удалось прочитать резюме: {reason}",
    "short_text": (
        "Пришлите резюме файлом или вставьте его полный текст (не меньше {min_chars} символов). "
        "Команды — в /help."
    ),
    "profile_empty": (
        "Я не нашёл в резюме ни навыков, ни должностей, поэтому не буду гадать. "
        "Пришлите резюме с опытом работы в текстовом виде (не скан)."
    ),
    "matches_header": "<b>Подходящие вакансии</b> ({count}):",
    "matches_grading": "<i>Оцениваю каждую вакансию… оценки и причины появятся ниже.</i>",
    "matches_done": "<i>Оценено: {provider}.</i>",
    "no_matches": (
        "Пока нет вакансий под ваше резюме и фильтры. Ослабьте /prefs "
        "или включите /subscribe, чтобы узнать о новых."
    ),
    "match_search_failed": "Индекс вакансий сейчас недоступен. Попробуйте позже.",
    "tier_strong": "сильное",
    "tier_good": "хорошее",
    "tier_stretch": "шире запроса",
    "strengths": "подходит",
    "gaps": "не хватает",
    "how_to_close": "как закрыть пробел",
    "prefs_show": (
        "<b>Ваши фильтры</b>\nудалёнка: {remote}\nстраны: {countries}\nмин. зарплата: {salary}\n"
        "исключённые компании: {companies}\nисключённые слова: {keywords}\nуровни: {levels}"
    ),
    "levels_near": "ваш и соседние (/prefs levels any — все уровни)",
    "levels_any": "любые",
    "level_fit": "ваш уровень",
    "level_under": "на уровень выше вашего",
    "level_over": "на уровень ниже вашего",
    "level_far_under": "намного выше вашего уровня",
    "level_far_over": "намного ниже вашего уровня",
    "level_unknown": "уровень не указан",
    "level": "уровень",
    "prefs_saved": "Сохранено.",
    "prefs_invalid": "Не понял: {reason}\nПримеры — в /help.",
    "any": "любая",
    "none": "нет",
    "subscribed": (
        "Уведомления включены: пришлю новые подходящие вакансии (не больше {max_per_day} в день)."
    ),
    "unsubscribed": "Уведомления выключены.",
    "need_resume": "Сначала пришлите резюме, тогда я смогу подбирать вакансии.",
    "alert_header": "🔔 <b>Новая вакансия для вас</b>",
    "btn_good": "👍 Подходит",
    "btn_bad": "👎 Мимо",
    "btn_hide": "🙈 Скрыть",
    "feedback_thanks": "Спасибо, учёл.",
    "hidden": "Скрыто: больше не покажу эту вакансию.",
    "forget_confirm": (
        "Удалить резюме, фильтры, уведомления, отзывы и сохранённые вакансии? "
        "Отменить будет нельзя."
    ),
    "btn_forget_yes": "Да, удалить",
    "btn_forget_no": "Отмена",
    "forget_done": "Готово: я удалил всё, что о вас хранил. /start — начать заново.",
    "forget_cancelled": "Ничего не удалено.",
    "error": "У меня что-то сломалось. Попробуйте через минуту.",
    "throttled": "Слишком много сообщений подряд, чуть помедленнее, пожалуйста.",
    "busy": "Я ещё разбираю предыдущее резюме, результаты скоро будут.",
    "quiet_none": "Тихие часы выключены: уведомления приходят, как только найдётся вакансия.",
    "quiet_show": (
        "<b>Тихие часы</b>: {window} (там сейчас {local}).\n"
        "Уведомления, найденные в это время, подождут до конца окна; ответы на ваши команды "
        "не ждут никогда."
    ),
    "quiet_usage": (
        "/quiet 22-07 Europe/Moscow — не присылать уведомления с 22:00 до 07:00 в этом "
        "часовом поясе (можно с минутами: 22:30-6:45)\n/quiet off — уведомления в любое время"
    ),
    "quiet_saved": "Тихие часы: {window}. Уведомления из этого окна придут, когда оно закончится.",
    "quiet_off": "Тихие часы выключены: уведомления приходят в любое время.",
    "quiet_bad_format": "Не понял. Укажите два времени и часовой пояс.",
    "quiet_bad_time": "{value} — не время суток: используйте от 00:00 до 23:59 (24 — полночь).",
    "quiet_empty": "Окно начинается и кончается в одно время; укажите два разных времени.",
    "quiet_unknown_zone": (
        "Не знаю часовой пояс «{zone}». Укажите название вроде Europe/Moscow, Europe/Berlin, "
        "Asia/Almaty или UTC."
    ),
}

EN.update(TRACKER_EN)
RU.update(TRACKER_RU)
EN.update(DIGEST_EN)
RU.update(DIGEST_RU)

# Why a resume could not be used, by ``scoring.errors`` class, for chats not in English
# (English chats get the error's own, more specific sentence).
RESUME_ERRORS_RU: dict[str, str] = {
    "ResumeTooLarge": "Резюме слишком большое: пришлите файл до 5 МБ и не больше 20 страниц.",
    "UnsupportedType": "Я читаю только PDF, DOCX и текстовые файлы. Сохраните резюме в одном "
    "из этих форматов и пришлите снова.",
    "UnreadableResume": "Файл повреждён или защищён паролем. Сохраните его заново (PDF или "
    "DOCX) и пришлите ещё раз.",
    "NoTextFound": "В файле нет текста — похоже, это скан или картинка. Пришлите PDF с "
    "выделяемым текстом, DOCX или вставьте текст сюда.",
    "NotAResume": "Это не похоже на резюме: я не нашёл ни опыта работы, ни навыков, ни "
    "образования. Пришлите, пожалуйста, своё резюме.",
}

CATALOG: dict[str, dict[str, str]] = {"en": EN, "ru": RU}


def t(lang: str, key: str, **values: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing), with ``values`` HTML-escaped."""
    template = CATALOG.get(lang, EN).get(key) or EN[key]
    return template.format(**{k: escape(str(v)) for k, v in values.items()})


def resume_error(lang: str, error: Exception) -> str:
    """The reason a resume was refused, in ``lang``, ready to send."""
    reason = str(error)
    if lang == "ru":
        reason = next(
            (
                RESUME_ERRORS_RU[cls.__name__]
                for cls in type(error).__mro__
                if cls.__name__ in RESUME_ERRORS_RU
            ),
            reason,
        )
    return t(lang, "resume_unreadable", reason=reason)


def pick_language(code: str | None) -> str:
    """The catalog language closest to a Telegram ``language_code`` (``ru-RU`` → ``ru``)."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGES else "en"
