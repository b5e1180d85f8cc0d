"""Questions in Russian (issue 15): kinds, topics, audiences, places, conventions, languages,
statuses, date phrases in their cases («в декабре», «15 декабря», «в следующем месяце», «через две
недели»), words in any of their forms (stems), help and words not read."""

from __future__ import annotations

from . import FOCAL_POINTS, MEETINGS, POPS, Row, row

RU = {"lang": "ru"}
HELP = {"help": True, "answerable": False, "lang": "ru"}
NEXT_MONTH = ("2026-12-01", "2027-01-01")
NEXT_WEEK = ("2026-11-23", "2026-11-30")

ROWS: list[Row] = [
    # kinds, in several cases
    row("вебинары", kinds=["webinar"], **RU),
    row("вебинаров", kinds=["webinar"], **RU),
    row("онлайн-семинары", kinds=["webinar"], **RU),
    row("ближайшие семинары", kinds=["workshop"], **RU),
    row("тренинги", kinds=["training"], **RU),
    row("учебные курсы", kinds=["training"], **RU),
    row("онлайн-курсы", kinds=["e-learning"], **RU),
    row("дистанционное обучение", kinds=["e-learning"], **RU),
    row("видеоконференции", kinds=["online-meeting"], **RU),
    row("совещания экспертов", kinds=["expert-meeting"], **RU),
    row("пилотные проекты", kinds=["pilot-project"], **RU),
    row("встречи", kinds=MEETINGS, **RU),
    row("вебинары и семинары", kinds=["webinar", "workshop"], **RU),
    # topics in any case
    row("электронные отходы", programmes=["e-waste"], **RU),
    row("вебинары по электронным отходам", kinds=["webinar"], programmes=["e-waste"], **RU),
    row("семинары по ртути", kinds=["workshop"], programmes=["mercury-wastes"], **RU),
    row("ртуть", programmes=["mercury-wastes"], **RU),
    row("СОЗ", programmes=POPS, **RU),
    row("ПХБ", programmes=["pops-wastes"], **RU),
    row("отработанные шины", programmes=["waste-tyres"], **RU),
    row("утилизация судов", programmes=["ship-dismantling"], **RU),
    row("аккумуляторы", programmes=["used-batteries"], **RU),
    row("пестициды", programmes=["pesticide-alternatives"], **RU),
    row("мобилизация ресурсов", programmes=["resource-mobilization"], **RU),
    # audiences
    row("семинары для таможенников", kinds=["workshop"], audiences=["customs-officers"], **RU),
    row("сотрудники таможни", audiences=["customs-officers"], **RU),
    row("координационные центры", audiences=FOCAL_POINTS, **RU),
    row("тренинги для фермеров", kinds=["training"], audiences=["farmers"], **RU),
    row("НПО", audiences=["ngos"], **RU),
    row("частный сектор", audiences=["private-sector"], **RU),
    row("компетентные органы", audiences=["basel-competent-authorities"], **RU),
    row("для региональных центров", audiences=["regional-centres"], **RU),
    # regions, countries, cities
    row("Африка", regions=["africa"], **RU),
    row("семинары в Африке", kinds=["workshop"], regions=["africa"], **RU),
    row("Латинская Америка", regions=["latin-america-caribbean"], **RU),
    row("Центральная и Восточная Европа", regions=["central-eastern-europe"], **RU),
    row("Европа", regions=["western-europe-others", "central-eastern-europe"], **RU),
    row("Россия", countries=["RU"], **RU),
    row("тренинги в России", kinds=["training"], countries=["RU"], **RU),
    row("Российская Федерация", countries=["RU"], **RU),
    row("в Китае", countries=["CN"], **RU),
    row("Москва", cities=["moscow"], **RU),
    row("в Женеве", cities=["geneva"], **RU),
    # conventions
    row("Базельская конвенция", conventions=["basel"], **RU),
    row("вебинары Роттердамской конвенции", kinds=["webinar"], conventions=["rotterdam"], **RU),
    row("Стокгольмская конвенция", conventions=["stockholm"], **RU),
    # languages of the event, statuses, past
    row("вебинары на русском", kinds=["webinar"], languages=["ru"], **RU),
    row("семинары на английском языке", kinds=["workshop"], languages=["en"], **RU),
    row("тренинги на французском", kinds=["training"], languages=["fr"], **RU),
    row("отменённые семинары", kinds=["workshop"], statuses=["cancelled"], **RU),
    row("перенесённые тренинги", kinds=["training"], statuses=["postponed"], **RU),
    row("прошедшие вебинары", kinds=["webinar"], past=True, **RU),
    row("прошлые семинары", kinds=["workshop"], past=True, **RU),
    # date phrases (asked Saturday 21 November 2026, Paris)
    row("семинары по ртути в декабре", NEXT_MONTH, kinds=["workshop"], programmes=["mercury-wastes"], **RU),
    row("вебинары в следующем месяце", NEXT_MONTH, kinds=["webinar"], **RU),
    row("вебинары по электронным отходам в следующем месяце", NEXT_MONTH, kinds=["webinar"],
        programmes=["e-waste"], **RU),
    row("следующий месяц", NEXT_MONTH, **RU),
    row("сегодня", ("2026-11-21", "2026-11-22"), **RU),
    row("тренинги завтра", ("2026-11-22", "2026-11-23"), kinds=["training"], **RU),
    row("послезавтра", ("2026-11-23", "2026-11-24"), **RU),
    row("на этой неделе", ("2026-11-21", "2026-11-23"), **RU),
    row("семинары на следующей неделе", NEXT_WEEK, kinds=["workshop"], **RU),
    row("в понедельник", ("2026-11-23", "2026-11-24"), **RU),
    row("в следующую среду", ("2026-11-25", "2026-11-26"), **RU),
    row("15 декабря", ("2026-12-15", "2026-12-16"), **RU),
    row("вебинары 3 декабря", ("2026-12-03", "2026-12-04"), kinds=["webinar"], **RU),
    row("в январе", ("2027-01-01", "2027-02-01"), **RU),
    row("в марте 2027 года", ("2027-03-01", "2027-04-01"), **RU),
    row("в 2027 году", ("2027-01-01", "2028-01-01"), **RU),
    row("в следующем году", ("2027-01-01", "2028-01-01"), **RU),
    row("в этом месяце", ("2026-11-21", "2026-12-01"), **RU),
    row("через две недели", ("2026-11-30", "2026-12-07"), **RU),
    row("через 3 дня", ("2026-11-24", "2026-11-25"), **RU),
    row("до конца года", ("2026-11-21", "2027-01-01"), **RU),
    row("с 1 по 15 декабря", ("2026-12-01", "2026-12-16"), **RU),
    row("в прошлом месяце", ("2026-10-01", "2026-11-01"), **RU),
    row("на выходных", ("2026-11-21", "2026-11-23"), **RU),
    row("в ближайшие 30 дней", ("2026-11-21", "2026-12-22"), **RU),
    row("мероприятия в Казахстане", countries=["KZ"], **RU),
    row("тренинги в Кении", kinds=["training"], countries=["KE"], **RU),
    row("после 10 декабря", ("2026-12-11", None), **RU),
    row("через месяц", NEXT_MONTH, **RU),
    # stop words, help, words not read
    row("какие вебинары будут в декабре?", NEXT_MONTH, kinds=["webinar"], **RU),
    row("покажи мне семинары в Африке", kinds=["workshop"], regions=["africa"], **RU),
    row("привет", **HELP),
    row("спасибо", **HELP),
    row("как зарегистрироваться?", **HELP),
    row("есть что-нибудь для меня?", personal=True, answerable=False, **RU),
]
