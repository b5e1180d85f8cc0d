"""'The next session of …' in the six languages (issue 19): a question naming a series by the words
of its title, or by its programme in any language, gets that series' next session; the kind its
words hint at ("course", "webinar", "meeting") wins over a sooner series of another kind; a question
about a period ("next month", « la semaine prochaine ») is not such a question."""

from __future__ import annotations

import pytest

from brs_coord.series_domain import SeriesData, SeriesKind
from brs_coord.series_questions import next_asked
from brs_coord.services import Services


@pytest.fixture
def titles(services: Services) -> Services:
    for title, kind, rule, programme in (
        ("Webinar series on E-waste", SeriesKind.WEBINAR_SERIES, "every Tuesday 14:00 for 3 weeks",
         "e-waste"),
        ("Webinar series on Mercury Wastes", SeriesKind.WEBINAR_SERIES, "every Monday 14:00 for 3 weeks",
         "mercury-wastes"),
        ("E-learning course: Mercury Wastes", SeriesKind.COURSE, "every Friday 09:00 for 4 weeks",
         "mercury-wastes"),
        ("Online meeting of regional centres", SeriesKind.RECURRING_MEETING,
         "first Thursday of each month until March 10:00", "regional-centres"),
    ):
        services.series.create(services.series.preview(SeriesData(
            title=title, kind=kind, timezone="Europe/Zurich", rule=rule, programme=programme)))
    return services


@pytest.mark.parametrize(("question", "series"), [
    ("When is the next session of the e-waste webinar series?", "Webinar series on E-waste"),
    ("next module of the mercury course", "E-learning course: Mercury Wastes"),
    ("next webinar of the series on mercury wastes", "Webinar series on Mercury Wastes"),
    ("next meeting of the regional centres", "Online meeting of regional centres"),
    ("la prochaine séance de la série de webinaires sur les déchets électroniques",
     "Webinar series on E-waste"),
    ("prochain module du cours sur le mercure", "E-learning course: Mercury Wastes"),
    ("la próxima sesión del curso sobre mercurio", "E-learning course: Mercury Wastes"),
    ("próxima sesión de la serie de seminarios web sobre residuos electrónicos", "Webinar series on E-waste"),
    ("下一场电子废物网络研讨会系列是什么时候？", "Webinar series on E-waste"),
    ("电子废物网络研讨会系列的下一场", "Webinar series on E-waste"),
    ("下一节汞课程", "E-learning course: Mercury Wastes"),
    ("Когда следующее занятие серии вебинаров по электронным отходам?", "Webinar series on E-waste"),
    ("следующее занятие курса по ртути", "E-learning course: Mercury Wastes"),
    ("متى الجلسة التالية من سلسلة الندوات عن النفايات الإلكترونية؟", "Webinar series on E-waste"),
    ("الدورة القادمة عن الزئبق", "E-learning course: Mercury Wastes"),
])
def test_the_next_session_asked_in_each_language(titles: Services, question: str, series: str) -> None:
    found = titles.series_views.next_asked(question)
    assert found is not None, question
    asked, session = found
    assert asked.title == series and session.title.startswith(series) and "(1/" in session.title


@pytest.mark.parametrize("question", [
    "webinars next month", "next webinars on e-waste", "下个月的网络研讨会", "下一个月的电子废物网络研讨会",
    "вебинары по электронным отходам на следующей неделе", "ندوات عن النفايات الإلكترونية الشهر القادم",
    "ateliers pour les douanes en décembre",
])
def test_a_question_about_a_period_is_not_a_next_session_question(question: str) -> None:
    assert next_asked(question) is None


def test_a_series_nothing_names_is_not_answered(titles: Services) -> None:
    assert titles.series_views.next_asked("the next session of the blursday series") is None
    assert titles.series_views.next_asked("下一次系列") is None
