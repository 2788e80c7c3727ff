from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.analyse import Pipeline, PipelineError, Segment
from newsprism.analyse.dates import RULES, DateSettings, ExtractDates, find_dates, first_day, iso_value
from newsprism.model import DateMention, Doc

# A Thursday: yesterday is Wednesday 7 January, the past Tuesday 6 January, ISO week 2.
PUBLISHED = datetime(2026, 1, 8, 10, 30, tzinfo=UTC)
STEP = ExtractDates()


def analyse(pipeline: Pipeline, text: str, published: datetime | None = None) -> Doc:
    return STEP(pipeline(Doc(text=text, published=published)))


def span(doc: Doc, mention: DateMention) -> str:
    return " ".join(doc.span_text(mention).split())  # the seeds use no-break spaces


def only(doc: Doc) -> DateMention:
    assert len(doc.dates) == 1, [(span(doc, m), m.rule) for m in doc.dates]
    return doc.dates[0]


# text, span, value, precision, part, relative, rule: nothing to resolve against but the text
PATTERNS = [
    ("Договор подписали 6 января 2026 года.", "6 января 2026 года", "2026-01-06", "day", "", False,
     "day_month_year"),
    ("Документ датирован 06.01.2026.", "06.01.2026", "2026-01-06", "day", "", False, "numeric_date"),
    ("Файл создан 2026-01-06 утром.", "2026-01-06", "2026-01-06", "day", "", False, "iso_date"),
    ("Саммит пройдёт 6−7 января 2026 года.", "6−7 января 2026 года", "2026-01-06/2026-01-07", "day", "",
     False, "day_range"),
    ("Саммит пройдёт 6-7 января 2026 года.", "6-7 января 2026 года", "2026-01-06/2026-01-07", "day", "",
     False, "day_range"),
    ("Саммит пройдёт 6 – 7 января 2026 года.", "6 – 7 января 2026 года", "2026-01-06/2026-01-07", "day",
     "", False, "day_range"),
    ("Выставка работала с 6 по 7 января.", "с 6 по 7 января", "--01-06/--01-07", "day", "", False,
     "day_range"),
    ("Каникулы длились с 30 декабря по 7 января 2026 года.", "с 30 декабря по 7 января 2026 года",
     "2025-12-30/2026-01-07", "day", "", False, "day_range_months"),
    ("Завод построили в марте 2025 года.", "в марте 2025 года", "2025-03", "month", "", False, "month_year"),
    ("Выручка выросла в январе–феврале 2025 года.", "в январе–феврале 2025 года", "2025-01/2025-02",
     "month", "", False, "month_range"),
    ("Компания выросла в 2025 году.", "в 2025 году", "2025", "year", "", False, "year"),
    ("Цены росли в 2024–2025 годах.", "в 2024–2025 годах", "2024/2025", "year", "", False, "year_range"),
    ("Собрание назначено на 27 марта.", "27 марта", "--03-27", "day", "", False, "day_month"),
    ("Переговоры прошли в конце ноября 2025 года.", "в конце ноября 2025 года", "2025-11", "month", "end",
     False, "part_month"),
    ("Ремонт закончат в середине марта.", "в середине марта", "--03", "month", "middle", False, "part_month"),
    ("Цех запустили в начале 2025 года.", "в начале 2025 года", "2025", "year", "start", False, "part_year"),
    ("Цены выросли в начале года.", "в начале года", "", "year", "start", True, "part_relative"),
    ("Мост открыли весной 2024 года.", "весной 2024 года", "2024-03/2024-05", "season", "", False,
     "season_year"),
    ("Снег выпал зимой 2024 года.", "зимой 2024 года", "2023-12/2024-02", "season", "", False, "season_year"),
    ("Рынок рухнул в 1990-х.", "в 1990-х", "1990/1999", "decade", "", False, "decade"),
    ("Город строили в XX веке.", "в XX веке", "1901/2000", "century", "", False, "century"),
    ("Министр вчера подписал указ.", "вчера", "", "day", "", True, "day_relative"),
    ("Сегодня министр подписал указ.", "Сегодня", "", "day", "", True, "day_relative"),
    ("Министр подпишет указ завтра.", "завтра", "", "day", "", True, "day_relative"),
    ("Позавчера министр подписал указ.", "Позавчера", "", "day", "", True, "day_relative"),
    ("Встреча состоялась во вторник.", "во вторник", "", "day", "", True, "weekday"),
    ("Встреча состоялась в прошлую пятницу.", "в прошлую пятницу", "", "day", "", True, "weekday"),
    ("Встреча пройдёт на следующей неделе.", "на следующей неделе", "", "week", "", True, "week_relative"),
    ("Встреча прошла на прошлой неделе.", "на прошлой неделе", "", "week", "", True, "week_relative"),
    ("Встреча прошла в прошлом месяце.", "в прошлом месяце", "", "month", "", True, "month_relative"),
    ("Завод закрыли в прошлом году.", "в прошлом году", "", "year", "", True, "year_relative"),
    ("Завод откроют в следующем году.", "в следующем году", "", "year", "", True, "year_relative"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected_span", "value", "precision", "part", "relative", "rule"),
    PATTERNS,
    ids=[case[1] for case in PATTERNS],
)
def test_dates_pattern(
    pipeline: Pipeline,
    text: str,
    expected_span: str,
    value: str,
    precision: str,
    part: str,
    relative: bool,
    rule: str,
) -> None:
    doc = analyse(pipeline, text)
    mention = only(doc)
    assert span(doc, mention) == expected_span
    assert (mention.value, mention.precision, mention.part, mention.relative, mention.rule) == (
        value,
        precision,
        part,
        relative,
        rule,
    )


# text, value, rule: resolved against PUBLISHED (Thursday 8 January 2026)
RESOLVED = [
    ("Вчера министр подписал указ.", "2026-01-07", "day_relative"),
    ("Сегодня министр подписал указ.", "2026-01-08", "day_relative"),
    ("Министр подпишет указ завтра.", "2026-01-09", "day_relative"),
    ("Позавчера министр подписал указ.", "2026-01-06", "day_relative"),
    ("Встреча состоялась во вторник.", "2026-01-06", "weekday"),
    ("Встреча состоится во вторник.", "2026-01-13", "weekday"),
    ("Встреча состоялась в прошлую пятницу.", "2026-01-02", "weekday"),
    ("Встреча пройдёт на следующей неделе в четверг.", "2026-01-15", "weekday_of_week"),
    ("Встреча пройдёт на следующей неделе.", "2026-W03", "week_relative"),
    ("Встреча прошла на прошлой неделе.", "2026-W01", "week_relative"),
    ("Встреча прошла в прошлом месяце.", "2025-12", "month_relative"),
    ("Завод закрыли в прошлом году.", "2025", "year_relative"),
    ("Завод откроют в следующем году.", "2027", "year_relative"),
    ("Цены выросли в начале года.", "2026", "part_relative"),
    ("Завод закрыли в марте прошлого года.", "2025-03", "month_year"),
    ("Саммит состоялся 27 марта.", "2025-03-27", "day_month:year_published"),
    ("Саммит состоится 27 марта.", "2026-03-27", "day_month:year_published"),
    ("Выставка работала с 6 по 7 января.", "2026-01-06/2026-01-07", "day_range:year_published"),
    # Within a month of publication the nearest date wins over the tense: the verb dates the
    # decision, not the day («разрешили с 20 января»), or the plan told in the past (6 January).
    ("Власти разрешили открыть катки с 20 января.", "2026-01-20", "day_month:year_published"),
    ("Планировалось, что выставка откроется 6 января.", "2026-01-06", "day_month:year_published"),
    ("Выставка откроется 20 декабря.", "2026-12-20", "day_month:year_published"),
    ("Договор подписали 6 января 2024 года.", "2024-01-06", "day_month_year"),
]


@pytest.mark.parametrize(("text", "value", "rule"), RESOLVED, ids=[case[0] for case in RESOLVED])
def test_dates_resolved_against_publication(pipeline: Pipeline, text: str, value: str, rule: str) -> None:
    mention = only(analyse(pipeline, text, PUBLISHED))
    assert (mention.value, mention.rule) == (value, rule)


def test_dates_relative_without_publication_keep_mention_and_empty_value(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Вчера министр сказал, что во вторник указ вступит в силу.")
    assert [(span(doc, m), m.value, m.relative) for m in doc.dates] == [
        ("Вчера", "", True),
        ("во вторник", "", True),
    ]
    assert (doc.written_after, doc.written_after_evidence) == ("", [])


FALSE_POSITIVES = [
    "Встреча началась в 5 часов.",
    "Цены выросли на 30 процентов.",
    "Он живёт в доме номер 2025.",
    "В книге 2025 страниц.",
    "На складе 1990 тонн зерна.",
    "Матч начался в 12:30, счёт 2:1.",
    "Скорость выросла в 2 раза за 10 лет.",
    "Выбросы попали в окружающую среду.",
    "Ставка составила 21 процент годовых.",
    "Заявок было 30 февраля.",
]


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_dates_false_positive(pipeline: Pipeline, text: str) -> None:
    doc = analyse(pipeline, text)
    assert [(span(doc, m), m.rule) for m in doc.dates] == []


def test_dates_partial_date_takes_nearest_year_of_the_text(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Союз основали в марте 2025 года. Первая встреча прошла 27 марта.")
    assert [(span(doc, m), m.value, m.rule) for m in doc.dates] == [
        ("в марте 2025 года", "2025-03", "month_year"),
        ("27 марта", "2025-03-27", "day_month:year_in_text"),
    ]


def test_dates_year_from_text_can_be_turned_off(pipeline: Pipeline) -> None:
    step = ExtractDates(DateSettings(year_from_text=False))
    doc = step(pipeline(Doc(text="Союз основали в 2025 году. Встреча прошла 27 марта.")))
    assert [m.value for m in doc.dates] == ["2025", "--03-27"]


def test_dates_written_after_past_event_with_evidence(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Союз основали в марте 2025 года. Переговоры прошли 6 января 2026 года.")
    assert doc.written_after == "2026-01-06"
    assert doc.written_after_evidence == [1]


@pytest.mark.parametrize(
    "text",
    [
        "Завод открыли в 2024 году. В 2030 году планируется построить второй.",
        "Завод открыли в 2024 году. Второй цех построят в 2030 году.",
        "Завод открыли в 2024 году, план был рассчитан до 2030 года.",
        "Завод открыли в 2024 году. Его утвердили как бюджет на 2030 год.",
        "Завод открыли в 2024 году, а к 2030 году его расширили вдвое.",
    ],
)
def test_dates_written_after_ignores_plans_and_deadlines(pipeline: Pipeline, text: str) -> None:
    doc = analyse(pipeline, text)
    assert doc.written_after == "2024-01-01"
    assert doc.written_after_evidence == [0]


def test_dates_written_after_ignores_guessed_years_and_future(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "Союз основали в марте 2025 года. Саммит состоялся 27 марта. Встреча будет в ближайшие недели.",
    )
    assert doc.written_after == "2025-03-01"
    assert doc.written_after_evidence == [0]
    assert analyse(pipeline, "Встреча пройдёт в ближайшие недели.").written_after == ""


@pytest.mark.parametrize(
    ("weekday", "expected"), [("в четверг", "2025-03-27"), ("в пятницу", "2025-03-01"), ("", "2025-03-01")]
)
def test_dates_written_after_takes_a_guessed_year_a_weekday_confirms(
    pipeline: Pipeline, weekday: str, expected: str
) -> None:
    # 27 March 2025 was a Thursday: the weekday beside the date confirms the year from the text.
    when = f"{weekday}, 27 марта" if weekday else "27 марта"
    doc = analyse(pipeline, f"Союз основали в марте 2025 года. Саммит состоялся {when}.")
    assert doc.written_after == expected
    assert [doc.dates[i].value for i in doc.written_after_evidence] == [
        expected[:7] if expected.endswith("-01") else expected
    ]


def test_dates_written_after_with_publication(pipeline: Pipeline) -> None:
    text = "Отчёт вышел 5 января 2026 года. Вчера его обсудили. Доклад датирован 20 января 2026 года."
    doc = analyse(pipeline, text, PUBLISHED)
    assert [m.value for m in doc.dates] == ["2026-01-05", "2026-01-07", "2026-01-20"]
    assert (doc.written_after, doc.written_after_evidence) == ("2026-01-07", [1])


def test_dates_written_after_ties_are_all_evidence(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Указ подписали 3 мая 2025 года. Его опубликовали тоже 3 мая 2025 года.")
    assert (doc.written_after, doc.written_after_evidence) == ("2025-05-03", [0, 1])


def test_dates_seed_with_range_and_fuzzy_part(pipeline: Pipeline, seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    doc = analyse(pipeline, text)
    assert [(span(doc, m), m.value, m.precision, m.part, m.relative, m.rule) for m in doc.dates] == [
        ("во вторник", "", "day", "", True, "weekday"),
        ("6−7 января 2026 года", "2026-01-06/2026-01-07", "day", "", False, "day_range"),
        ("в конце ноября 2025 года", "2025-11", "month", "end", False, "part_month"),
    ]
    # the January talks are planned («будут утверждены»); the visit in November happened
    assert (doc.written_after, doc.written_after_evidence) == ("2025-11-01", [2])


def test_dates_seed_with_partial_date(pipeline: Pipeline, seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("001_*.txt")).read_text(encoding="utf-8")
    doc = analyse(pipeline, text)
    assert [(span(doc, m), m.value, m.precision, m.relative, m.rule) for m in doc.dates] == [
        ("на следующей неделе в четверг", "", "day", True, "weekday_of_week"),
        ("в марте 2025 года", "2025-03", "month", False, "month_year"),
        ("27 марта", "2025-03-27", "day", False, "day_month:year_in_text"),
    ]
    assert (doc.written_after, doc.written_after_evidence) == ("2025-03-01", [1])
    published = analyse(pipeline, text, PUBLISHED)
    assert [m.value for m in published.dates] == ["2026-01-15", "2025-03", "2025-03-27"]


def test_dates_step_needs_lemmas() -> None:
    with pytest.raises(PipelineError, match="dates"):
        Pipeline([Segment(), ExtractDates()])


def test_dates_pipeline_records_step_and_round_trips(pipeline: Pipeline) -> None:
    assert any(isinstance(step, ExtractDates) for step in pipeline.steps)
    doc = pipeline(Doc(text="Договор подписали 6 января 2026 года.", published=PUBLISHED))
    assert "dates" in doc.steps
    again = Doc.from_dict(doc.to_dict())
    assert again.dates == doc.dates
    assert (again.written_after, again.written_after_evidence) == ("2026-01-06", [0])


def test_dates_rules_have_unique_names_and_earlier_rules_win() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    found = find_dates("Саммит пройдёт 6−7 января 2026 года.")
    assert [(item.rule, item.reading.low, item.reading.high) for item in found] == [
        ("day_range", (2026, 1, 6), (2026, 1, 7))
    ]


def test_dates_iso_values_round_trip_to_first_day() -> None:
    assert iso_value("week", (2026, 1, 12), None) == "2026-W03"
    assert iso_value("season", (2023, 12, None), (2024, 2, None)) == "2023-12/2024-02"
    assert first_day("2026-W03") == datetime(2026, 1, 12).date()
    assert first_day("2023-12/2024-02") == datetime(2023, 12, 1).date()
    assert first_day("--03-27") is None
    assert first_day("") is None
    assert first_day("2018-02-29") is None  # «29 февраля» with the year of another mention


# text, written_before: the earliest day an undated text speaks of as still to come
BEFORE = [
    ("Завод открыли в 2024 году. Второй цех запустят 14 июня 2031 года.", "2031-06-14"),
    ("Фестиваль пройдёт в октябре 2031 года.", "2031-10-31"),  # a month: its last day
    ("Выставка будет работать с 11 по 14 июня 2031 года.", "2031-06-11"),  # days: begun on the first
    ("Мост достроят к 2031 году.", "2031-01-01"),  # «к»: before the year starts
    ("Заявки принимают до 20 июня 2031 года.", "2031-06-20"),  # a deadline in the present
    ("Отчёт нужно сдать не позднее 5 июля 2031 года.", "2031-07-05"),
    ("Срок подачи деклараций продлили до 20 июня 2031 года.", "2031-06-20"),  # moved: still runs
    ("Планируется расширить цех в июле 2031 года.", "2031-07-31"),  # a planning word before it
    ("Выставка откроется не ранее 20 сентября 2031 года.", ""),  # a lower limit only
    ("Ранее сообщалось, что мост откроют в июле 2031 года.", ""),  # hearsay from before
    ("12 марта 2031 года мэр заявил, что мост откроют в июле.", ""),  # future on a past day
    ("Турниры пройдут 12 и 14 июня 2031 года.", "2031-06-12"),  # a list: its first day
    ("Прежде чем открыть сезон, театр проведёт репетицию 2 сентября 2031 года.", "2031-09-02"),  # no recall
    ("Мост открыли в 2030 году. Его ремонт закончился в мае 2031 года.", ""),  # only the past
]


@pytest.mark.parametrize(("text", "expected"), BEFORE, ids=[case[0] for case in BEFORE])
def test_dates_written_before(pipeline: Pipeline, text: str, expected: str) -> None:
    doc = analyse(pipeline, text)
    assert doc.written_before == expected
    assert bool(doc.written_before_evidence) == bool(expected)
    assert all(first_day(doc.dates[i].value) is not None for i in doc.written_before_evidence)


def test_dates_written_before_and_after_together(pipeline: Pipeline) -> None:
    text = "Мост закрыли на ремонт 3 марта 2031 года. Движение откроют в мае 2031 года."
    doc = analyse(pipeline, text)
    assert (doc.written_after, doc.written_after_evidence) == ("2031-03-03", [0])
    assert (doc.written_before, doc.written_before_evidence) == ("2031-05-31", [1])


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("Музей закрыли в 2030 году. Он открывается с 14 июня 2031 года.", "2031-06-14"),  # a start to come
        ("Музей закрыли в 2030 году. Совет согласился открыть его 21 сентября 2031 года.", ""),  # a plan
        ("Музей закрыли в 2030 году. Его должны открыть в мае 2031 года.", "2031-05-31"),
        ("Музей закрыли в 2030 году. Он должен был открыться 3 марта 2031 года.", ""),  # a plan that was due
    ],
)
def test_dates_future_dates_do_not_raise_the_lower_bound(pipeline: Pipeline, text: str, before: str) -> None:
    doc = analyse(pipeline, text)
    assert (doc.written_after, doc.written_before) == ("2030-01-01", before)


def test_dates_dateline_is_present_evidence(pipeline: Pipeline) -> None:
    reference = DateSettings(reference=datetime(2031, 5, 10).date())
    doc = ExtractDates(reference)(pipeline(Doc(text="ТВЕРЬ, 3 мая. Новый мост откроют 19 мая.")))
    assert [m.value for m in doc.dates] == ["2031-05-03", "2031-05-19"]
    assert (doc.written_after, doc.written_before) == ("2031-05-03", "2031-05-19")


def test_dates_reference_gives_year_less_dates_a_year(pipeline: Pipeline) -> None:
    text = "Олимпиаду провели в 2028 году. Чемпионат прошёл в декабре. Кубок начнётся 19 мая."
    plain = analyse(pipeline, text)
    assert [m.value for m in plain.dates] == ["2028", "2028-12", "2028-05-19"]  # the nearest year
    assert (plain.written_after, plain.written_before) == ("2028-01-01", "")  # guessed: no proof
    step = ExtractDates(DateSettings(reference=datetime(2031, 5, 3).date()))
    doc = step(pipeline(Doc(text=text)))
    # December in the past is the year before (well after the reference day otherwise)
    assert [m.value for m in doc.dates] == ["2028", "2030-12", "2031-05-19"]
    assert [m.rule for m in doc.dates][1:] == ["month:year_reference", "day_month:year_reference"]
    assert (doc.written_after, doc.written_before) == ("2030-12-01", "2031-05-19")


def test_dates_day_word_beside_a_date_dates_the_writing(pipeline: Pipeline) -> None:
    step = ExtractDates(DateSettings(reference=datetime(2031, 5, 3).date()))
    doc = step(pipeline(Doc(text="Театр откроет сезон завтра, 18 мая.")))
    assert (doc.written_after, doc.written_before) == ("2031-05-17", "2031-05-18")


def test_dates_year_beside_a_date_is_its_year(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Союз основали в 2020 году. Конкурс пройдёт в 2031 году в марте-апреле.")
    assert doc.dates[-1].value == "2031-03/2031-04"
    assert doc.dates[-1].rule == "month_range:year_beside"
    assert doc.written_before == "2031-04-30"


def test_dates_written_before_round_trips(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Фестиваль пройдёт в октябре 2031 года.")
    again = Doc.from_dict(doc.to_dict())
    assert (again.written_before, again.written_before_evidence) == ("2031-10-31", [0])
