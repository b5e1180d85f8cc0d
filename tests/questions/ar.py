"""Questions in Arabic (issue 15): kinds, topics, audiences, places, conventions, languages,
statuses, date phrases (both month series, Eastern Arabic digits, "الشهر المقبل", "بعد غد",
"يوم الاثنين"), words with their article and letters written onto them, help and words not read."""

from __future__ import annotations

from . import FOCAL_POINTS, MEETINGS, POPS, Row, row

AR = {"lang": "ar"}
HELP = {"help": True, "answerable": False, "lang": "ar"}
NEXT_MONTH = ("2026-12-01", "2027-01-01")
NEXT_WEEK = ("2026-11-23", "2026-11-30")

ROWS: list[Row] = [
    # kinds
    row("ندوات عبر الإنترنت", kinds=["webinar"], **AR),
    row("ندوة إلكترونية", kinds=["webinar"], **AR),
    row("ورش العمل القادمة", kinds=["workshop"], **AR),
    row("ورشة عمل", kinds=["workshop"], **AR),
    row("دورات تدريبية", kinds=["training"], **AR),
    row("التدريب", kinds=["training"], **AR),
    row("دورات عبر الإنترنت", kinds=["e-learning"], **AR),
    row("التعلم الإلكتروني", kinds=["e-learning"], **AR),
    row("اجتماعات افتراضية", kinds=["online-meeting"], **AR),
    row("اجتماع خبراء", kinds=["expert-meeting"], **AR),
    row("مشاريع تجريبية", kinds=["pilot-project"], **AR),
    row("الاجتماعات", kinds=MEETINGS, **AR),
    row("ندوات عبر الإنترنت وورش عمل", kinds=["webinar", "workshop"], **AR),
    # topics, with and without the article, with letters written onto them
    row("النفايات الإلكترونية", programmes=["e-waste"], **AR),
    row("نفايات إلكترونية", programmes=["e-waste"], **AR),
    row("ورش عمل حول النفايات الإلكترونية", kinds=["workshop"], programmes=["e-waste"], **AR),
    row("ورش عمل حول النفايات الالكترونيه", kinds=["workshop"], programmes=["e-waste"], **AR),
    row("تدريب على الزئبق", kinds=["training"], programmes=["mercury-wastes"], **AR),
    row("الملوثات العضوية الثابتة", programmes=POPS, **AR),
    row("ثنائي الفينيل متعدد الكلور", programmes=["pops-wastes"], **AR),
    row("الإطارات المستعملة", programmes=["waste-tyres"], **AR),
    row("تفكيك السفن", programmes=["ship-dismantling"], **AR),
    row("البطاريات", programmes=["used-batteries"], **AR),
    row("بدائل المبيدات", programmes=["pesticide-alternatives"], **AR),
    row("حشد الموارد", programmes=["resource-mobilization"], **AR),
    # audiences
    row("ورش عمل لموظفي الجمارك", kinds=["workshop"], audiences=["customs-officers"], **AR),
    row("موظفو الجمارك", audiences=["customs-officers"], **AR),
    row("جهات الاتصال", audiences=FOCAL_POINTS, **AR),
    row("تدريب للمزارعين", kinds=["training"], audiences=["farmers"], **AR),
    row("المنظمات غير الحكومية", audiences=["ngos"], **AR),
    row("القطاع الخاص", audiences=["private-sector"], **AR),
    row("السلطات المختصة", audiences=["basel-competent-authorities"], **AR),
    row("المراكز الإقليمية", programmes=["regional-centres"], **AR),
    row("ورش عمل للمراكز الإقليمية", kinds=["workshop"], audiences=["regional-centres"], **AR),
    # regions, countries, cities
    row("أفريقيا", regions=["africa"], **AR),
    row("إفريقيا", regions=["africa"], **AR),
    row("ورش عمل في أفريقيا", kinds=["workshop"], regions=["africa"], **AR),
    row("آسيا والمحيط الهادئ", regions=["asia-pacific"], **AR),
    row("أمريكا اللاتينية", regions=["latin-america-caribbean"], **AR),
    row("أوروبا", regions=["western-europe-others", "central-eastern-europe"], **AR),
    row("الكويت", countries=["KW"], **AR),
    row("دورات تدريبية في الجزائر", kinds=["training"], countries=["DZ"], **AR),
    row("مصر", countries=["EG"], **AR),
    row("المملكة العربية السعودية", countries=["SA"], **AR),
    row("جنيف", cities=["geneva"], **AR),
    # conventions
    row("اتفاقية بازل", conventions=["basel"], **AR),
    row("روتردام", conventions=["rotterdam"], **AR),
    row("اتفاقية استكهولم", conventions=["stockholm"], **AR),
    # languages of the event, statuses, past
    row("ندوات عبر الإنترنت باللغة العربية", kinds=["webinar"], languages=["ar"], **AR),
    row("ورش عمل بالفرنسية", kinds=["workshop"], languages=["fr"], **AR),
    row("دورات بالإنجليزية", kinds=["training"], languages=["en"], **AR),
    row("ورش العمل الملغاة", kinds=["workshop"], statuses=["cancelled"], **AR),
    row("الدورات المؤجلة", kinds=["training"], statuses=["postponed"], **AR),
    row("الندوات السابقة", kinds=["workshop"], past=True, **AR),
    # date phrases (asked Saturday 21 November 2026, Paris)
    row("ندوات عبر الإنترنت الشهر المقبل", NEXT_MONTH, kinds=["webinar"], **AR),
    row("ندوات عبر الإنترنت حول النفايات الإلكترونية الشهر المقبل", NEXT_MONTH, kinds=["webinar"],
        programmes=["e-waste"], **AR),
    row("الشهر القادم", NEXT_MONTH, **AR),
    row("اليوم", ("2026-11-21", "2026-11-22"), **AR),
    row("تدريب غدا", ("2026-11-22", "2026-11-23"), kinds=["training"], **AR),
    row("بعد غد", ("2026-11-23", "2026-11-24"), **AR),
    row("هذا الأسبوع", ("2026-11-21", "2026-11-23"), **AR),
    row("ورش عمل الأسبوع المقبل", NEXT_WEEK, kinds=["workshop"], **AR),
    row("يوم الاثنين", ("2026-11-23", "2026-11-24"), **AR),
    row("الأربعاء المقبل", ("2026-11-25", "2026-11-26"), **AR),
    row("في ديسمبر", NEXT_MONTH, **AR),
    row("ورش عمل في كانون الأول", NEXT_MONTH, kinds=["workshop"], **AR),
    row("١٥ ديسمبر", ("2026-12-15", "2026-12-16"), **AR),
    row("15 كانون الأول", ("2026-12-15", "2026-12-16"), **AR),
    row("في يناير", ("2027-01-01", "2027-02-01"), **AR),
    row("شباط", ("2027-02-01", "2027-03-01"), **AR),
    row("مارس ٢٠٢٧", ("2027-03-01", "2027-04-01"), **AR),
    row("في عام 2027", ("2027-01-01", "2028-01-01"), **AR),
    row("العام المقبل", ("2027-01-01", "2028-01-01"), **AR),
    row("هذا الشهر", ("2026-11-21", "2026-12-01"), **AR),
    row("بعد أسبوعين", ("2026-11-30", "2026-12-07"), **AR),
    row("قبل نهاية العام", ("2026-11-21", "2027-01-01"), **AR),
    row("الشهر الماضي", ("2026-10-01", "2026-11-01"), **AR),
    row("من 1 إلى 15 ديسمبر", ("2026-12-01", "2026-12-16"), **AR),
    # stop words, help, words not read
    row("هل هناك ندوات عبر الإنترنت؟", kinds=["webinar"], **AR),
    row("أرني ورش العمل في أفريقيا", kinds=["workshop"], regions=["africa"], **AR),
    row("مرحبا", **HELP),
    row("شكرا جزيلا", **HELP),
    row("كيف أسجل؟", **HELP),
    row("هل يوجد شيء لي؟", personal=True, answerable=False, **AR),
]
