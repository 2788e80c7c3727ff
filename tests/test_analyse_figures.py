from pathlib import Path

import pytest

from newsprism.analyse import Pipeline, PipelineError, Segment, TagMorph
from newsprism.analyse.figures import ExtractFigures, FigureSettings, counted_keys, parse_digits, rules, units
from newsprism.model import Approximation, Doc, Figure

FIGURES = ExtractFigures()
KEEP_BARE = ExtractFigures(FigureSettings(keep_bare=True))


def extract(pipeline: Pipeline, text: str, step: ExtractFigures = FIGURES) -> Doc:
    return step(pipeline(Doc(text=text)))


def spans(doc: Doc) -> dict[str, Figure]:
    """Figures by their text, whitespace normalised (the seeds use no-break spaces)."""
    return {" ".join(doc.span_text(figure).split()): figure for figure in doc.figures}


@pytest.mark.parametrize(
    ("text", "span", "value", "approx", "high", "unit", "counted"),
    [
        pytest.param("В коалицию войдут около 50 стран-союзников.", "около 50 стран-союзников",
                     50, "about", None, "", "страна-союзник", id="about_compound_noun"),
        pytest.param("На митинг пришли 1 200 человек.", "1 200 человек",
                     1200, "exact", None, "", "человек", id="thousands_space"),
        pytest.param("Волонтёры собрали 1\u202f300 рублей.", "1\u202f300 рублей",
                     1300, "exact", None, "RUB", "", id="thousands_thin_space"),
        pytest.param("Бюджет проекта составит 1,5 млрд рублей.", "1,5 млрд рублей",
                     1.5e9, "exact", None, "RUB", "", id="decimal_comma_billions"),
        pytest.param("Литр бензина стоит 1,79 белорусского рубля.", "1,79 белорусского рубля",
                     1.79, "exact", None, "BYN", "", id="national_currency"),
        pytest.param("Литр бензина стоит 53,9 российского рубля.", "53,9 российского рубля",
                     53.9, "exact", None, "RUB", "", id="national_currency_rouble"),
        pytest.param("Инвестиции достигли 2,3 млрд евро в прошлом году.", "2,3 млрд евро",
                     2.3e9, "exact", None, "EUR", "", id="euro_word"),
        pytest.param("Компания привлекла $5 млн от инвесторов.", "$5 млн",
                     5e6, "exact", None, "USD", "", id="dollar_sign_before"),
        pytest.param("Билет стоит 100 ₽ для всех.", "100 ₽",
                     100, "exact", None, "RUB", "", id="ruble_sign_after"),
        pytest.param("Штраф составит 7 тыс. руб. для граждан.", "7 тыс. руб.",
                     7000, "exact", None, "RUB", "", id="abbreviations"),
        pytest.param("Больница получила 1 млн 532 тыс. рублей.", "1 млн 532 тыс. рублей",
                     1_532_000, "exact", None, "RUB", "", id="compound_scales"),
        pytest.param("Явка составила 23% в столице.", "23%",
                     23, "exact", None, "%", "", id="percent_sign"),
        pytest.param("За проект высказались 23 процента жителей.", "23 процента жителей",
                     23, "exact", None, "%", "житель", id="percent_word_of_noun"),
        pytest.param("Реформу поддержали 23% россиян.", "23% россиян",
                     23, "exact", None, "%", "россиянин", id="percent_of_noun"),
        pytest.param("Банк поднял ставку на 2 процентных пункта.", "на 2 процентных пункта",
                     2, "exact", None, "п.п.", "", id="percentage_points"),
        pytest.param("Инфляция ускорилась на 0,4 п.п. за месяц.", "на 0,4 п.п.",
                     0.4, "exact", None, "п.п.", "", id="percentage_points_abbreviated"),
        pytest.param("Более тысячи человек вышли на площадь.", "Более тысячи человек",
                     1000, "more", None, "", "человек", id="more_than_a_thousand"),
        pytest.param("Пограничники вернули 14 задержанных рыбаков.", "14 задержанных рыбаков",
                     14, "exact", None, "", "рыбак", id="participle_skipped"),
        pytest.param("В учениях участвуют 25–40 стран.", "25–40 стран",
                     25, "range", 40, "", "страна", id="range_dash"),
        pytest.param("У побережья произошло землетрясение магнитудой 6,4.", "магнитудой 6,4",
                     6.4, "exact", None, "", "магнитуда", id="measured_by_instrumental_noun"),
        pytest.param("Переговоры длились 2 часа 15 минут.", "2 часа 15 минут",
                     135, "exact", None, "минута", "", id="duration_in_two_units"),
        pytest.param("Срок составил 3 года и 6 месяцев.", "3 года и 6 месяцев",
                     42, "exact", None, "месяц", "", id="duration_years_and_months"),
        pytest.param("На саммит ждут от 25 до 40 стран.", "от 25 до 40 стран",
                     25, "range", 40, "", "страна", id="range_from_to"),
        pytest.param("Выплаты составят от 5 до 10 тысяч рублей.", "от 5 до 10 тысяч рублей",
                     5000, "range", 10000, "RUB", "", id="range_shared_scale"),
        pytest.param("В турнире сыграли двадцать пять команд.", "двадцать пять команд",
                     25, "exact", None, "", "команда", id="words_compound"),
        pytest.param("Пособие получат полторы тысячи семей.", "полторы тысячи семей",
                     1500, "exact", None, "", "семья", id="words_with_scale"),
        pytest.param("В аварии погибли двое пассажиров.", "двое пассажиров",
                     2, "exact", None, "", "пассажир", id="collective"),
        pytest.param("Сотни рыбаков вышли в море.", "Сотни рыбаков",
                     100, "more", None, "", "рыбак", id="vague_plural"),
        pytest.param("Десятки тысяч зрителей посмотрели матч.", "Десятки тысяч зрителей",
                     10000, "more", None, "", "зритель", id="vague_plural_scale"),
        pytest.param("Пострадали по меньшей мере 12 человек.", "по меньшей мере 12 человек",
                     12, "at_least", None, "", "человек", id="at_least_phrase"),
        pytest.param("Погибли не менее 30 человек.", "не менее 30 человек",
                     30, "at_least", None, "", "человек", id="not_less_than"),
        pytest.param("Пострадали до 30 человек.", "до 30 человек",
                     30, "up_to", None, "", "человек", id="up_to"),
        pytest.param("Центробанк снизил ставку до 16% годовых.", "до 16%",
                     16, "exact", None, "%", "", id="to_level_after_change"),
        pytest.param("Явка составила менее 40% избирателей.", "менее 40% избирателей",
                     40, "less", None, "%", "избиратель", id="less_than"),
        pytest.param("Свыше 200 домов остались без света.", "Свыше 200 домов",
                     200, "more", None, "", "дом", id="more_than"),
        pytest.param("Акции прошли примерно в 30 городах.", "примерно в 30 городах",
                     30, "about", None, "", "город", id="about_across_preposition"),
        pytest.param("Танкер перевозил 3,5 тысячи тонн нефти.", "3,5 тысячи тонн нефти",
                     3500, "exact", None, "тонна", "нефть", id="measure_of_noun"),
        pytest.param("Ночью в городе было -17° и туман.", "-17°",
                     -17, "exact", None, "градус", "", id="negative_degrees"),
        pytest.param("Таких обращений было около 50.", "около 50",
                     50, "about", None, "", "", id="bare_with_approximation"),
        pytest.param("Составы: Орлов, Жуков (Соколов, 61), Белов.", "Соколов, 61",
                     61, "exact", None, "минута матча", "соколов", id="substitution_minute"),
        pytest.param("Предупреждения: Котов (44), Лисин (70).", "Котов (44)",
                     44, "exact", None, "минута матча", "котов", id="booking_minute"),
        pytest.param("Клуб заплатит за форварда 58 милионов евро.", "58 милионов евро",
                     58e6, "exact", None, "EUR", "", id="scale_misspelt"),
        pytest.param("Это уже 7-е повышение тарифов за год.", "7-е повышение",
                     7, "exact", None, units.ORDINAL, "повышение", id="ordinal_of_noun"),
        pytest.param("Сборная заняла 4-е итоговое место.", "4-е итоговое место",
                     4, "exact", None, units.ORDINAL, "место", id="ordinal_adjective_noun"),
        pytest.param("Форвард набрал 17 (5+12) очков в сезоне.", "17 (5+12) очков",
                     17, "exact", None, "", "очко", id="composite_count"),
        pytest.param("За карьеру он выиграл 12 боёв.", "12 боёв",
                     12, "exact", None, "", "победа", id="won_contests"),
        pytest.param("За карьеру он провёл 15 боёв.", "15 боёв",
                     15, "exact", None, "", "бой", id="contests_not_won"),
    ],
)  # fmt: skip
def test_figures_patterns(
    pipeline: Pipeline,
    text: str,
    span: str,
    value: float,
    approx: Approximation,
    high: float | None,
    unit: str,
    counted: str,
) -> None:
    doc = extract(pipeline, text)
    found = {doc.span_text(figure): figure for figure in doc.figures}
    assert span in found, f"{span!r} not among {list(found)}"
    figure = found[span]
    assert figure.value == pytest.approx(value)
    assert (figure.approx, figure.unit, figure.counted) == (approx, unit, counted)
    assert figure.high == (None if high is None else pytest.approx(high))
    assert figure.rule
    if counted:
        noun = doc.text[figure.noun_start : figure.noun_stop]
        assert figure.start <= figure.noun_start < figure.noun_stop <= figure.stop
        assert noun and noun.strip() == noun
    else:
        assert (figure.noun_start, figure.noun_stop) == (-1, -1)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        pytest.param("Переговоры пройдут 6 января в Париже.", "6", id="date"),
        pytest.param("Переговоры пройдут 6−7 января в Париже.", "6−7", id="date_range"),
        pytest.param("Закон приняли в 2026 году.", "2026", id="year"),
        pytest.param("К 2030 власти обещают построить мост.", "2030", id="bare_year"),
        pytest.param("В 1990-х годах завод закрыли.", "1990", id="decade"),
        pytest.param("Встреча начнётся в 5 часов.", "5", id="time_of_day"),
        pytest.param("Встреча начнётся в 10:30 по Москве.", "10", id="clock"),
        pytest.param("Отпевание пройдёт в 13.20 в часовне.", "13.20", id="clock_with_dot"),
        pytest.param("Над парадом пролетел Су-57.", "57", id="aircraft_model"),
        pytest.param("Лидеры G7 обсудили санкции.", "7", id="group_name"),
        pytest.param("Дело возбудили по статье 105.", "105", id="article_of_law"),
        pytest.param("Пожар в доме № 5 потушили.", "5", id="number_sign"),
        pytest.param("Он финишировал 18-м из сорока.", "18", id="ordinal"),
        pytest.param("Гол забили на 18-й минуте.", "18", id="ordinal_of_a_minute"),
        pytest.param("Цены росли все 2000-е годы.", "2000", id="ordinal_of_years"),
        pytest.param("Подписан 5-летний контракт.", "5", id="ordinal_adjective"),
        pytest.param("Звоните по телефону 8-800-222-22-22.", "800", id="phone"),
        pytest.param("Обновление 1.4.0 вышло вчера.", "1.4", id="version"),
        pytest.param("Матч завершился со счётом 3:1.", "3", id="score"),
        pytest.param("Его семью эвакуировали.", "семью", id="noun_like_a_numeral"),
    ],
)  # fmt: skip
def test_figures_not_figures(pipeline: Pipeline, text: str, number: str) -> None:
    # Keeping bare numbers, so that the exclusions, not the want of a noun, must drop these.
    doc = extract(pipeline, text, KEEP_BARE)
    at = text.index(number)
    assert not [f for f in doc.figures if f.start <= at < f.stop], doc.figures


def test_figure_units_composite_parts_must_add_up(pipeline: Pipeline) -> None:
    doc = extract(pipeline, "Форвард набрал 17 (5+11) очков в сезоне.")
    assert not [f for f in doc.figures if f.rule == "composite_count"], doc.figures
    assert not [f for f in doc.figures if f.value == 17 and f.counted], doc.figures


def test_figure_units_composite_parts_not_figures(pipeline: Pipeline) -> None:
    doc = extract(pipeline, "Форвард набрал 17 (5+12) очков в сезоне.")
    assert [doc.span_text(f) for f in doc.figures] == ["17 (5+12) очков"]


def test_figures_minute_marks_only_in_match_reports(pipeline: Pipeline) -> None:
    doc = extract(pipeline, "Новый стадион в Москве (5) откроют летом. Прошли выборы (Иванов, 45).")
    assert not [f for f in doc.figures if f.unit == units.MINUTE_MARK], doc.figures


@pytest.mark.parametrize(
    "text",
    ["Трамвай 17 ходит редко.", "Их было пятеро.", "У Юпитера их тысячи.", "Рост составил 5, а не 7."],
)
def test_figures_bare_numbers_are_dropped(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text).figures == []
    assert extract(pipeline, text, KEEP_BARE).figures


def test_figures_seeds_align_by_counted_noun(pipeline: Pipeline, seeds_dir: Path) -> None:
    docs = [extract(pipeline, path.read_text(encoding="utf-8")) for path in sorted(seeds_dir.glob("*.txt"))]
    allied = [spans(doc).get("около 50 стран-союзников") for doc in docs]
    states = [spans(doc).get("около 30 государств") for doc in docs]
    countries = [spans(doc).get("около 30 стран") for doc in docs]
    assert sum(f is not None for f in allied) == 1
    assert sum(f is not None for f in states) == 1
    coalition = next(f for f in allied if f is not None)
    members = next(f for f in states if f is not None)
    assert (coalition.value, coalition.approx, coalition.counted) == (50, "about", "страна-союзник")
    assert (members.value, members.approx, members.counted) == (30, "about", "государство")
    assert "страна" in counted_keys(coalition)
    assert "государство" in counted_keys(members)
    # The seed that counts states also says «около 30 стран», which meets the other on "страна".
    other = next(f for f in countries if f is not None)
    assert allied.index(coalition) != countries.index(other)
    assert set(counted_keys(coalition)) & set(counted_keys(other)) == {"страна"}


def test_figures_explain_names_the_rules(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="С 6 января около 50 стран платят 5 млн рублей."))
    fired = FIGURES.explain(doc)
    assert ("not:date", "6") in fired
    assert ("approx:около", "около 50 стран") in fired
    assert ("counted_noun", "около 50 стран") in fired
    assert ("currency_word", "5 млн рублей") in fired


def test_figures_rules_are_documented() -> None:
    doc = (rules.__doc__ or "") + (units.__doc__ or "")
    for rule in [*rules.EXCLUSIONS, *units.UNIT_RULES, units.of_noun]:
        assert rule.__name__ in doc


@pytest.mark.parametrize(
    ("counted", "keys"),
    [
        ("страна-союзник", ("страна-союзник", "страна", "союзник")),
        ("вице-премьер", ("вице-премьер", "премьер")),
        ("государство", ("государство",)),
        ("", ()),
    ],
)
def test_figures_counted_keys(counted: str, keys: tuple[str, ...]) -> None:
    assert counted_keys(Figure(0, 1, 1.0, counted=counted)) == keys


@pytest.mark.parametrize(
    ("digits", "value"),
    [("1 200", 1200), ("1\u00a0200", 1200), ("1\u202f300", 1300), ("1,5", 1.5), ("1.5", 1.5),
     ("1,200,000", 1_200_000), ("2 000 000", 2_000_000)],
)  # fmt: skip
def test_figures_parse_digits(digits: str, value: float) -> None:
    assert parse_digits(digits) == pytest.approx(value)


def test_figures_keep_bare_setting(pipeline: Pipeline) -> None:
    step = ExtractFigures(FigureSettings(keep_bare=True))
    doc = extract(pipeline, "Трамвай 17 ходит редко.", step)
    assert [(doc.span_text(f), f.rule) for f in doc.figures] == [("17", "bare")]


def test_figures_step_needs_lemmas() -> None:
    with pytest.raises(PipelineError, match="lemmas"):
        Pipeline([Segment(), TagMorph(), ExtractFigures()])


def test_figures_step_records_itself(pipeline: Pipeline) -> None:
    doc = extract(pipeline, "Пришли 5 человек.")
    assert "figures" in doc.steps
    assert doc.figures == Doc.from_dict(doc.to_dict()).figures


def test_figures_several_in_one_sentence_keep_order(pipeline: Pipeline) -> None:
    doc = extract(pipeline, "Из 30 стран 12 прислали 500 военных, а 3 страны — 2 млн евро.")
    assert [doc.span_text(f) for f in doc.figures] == ["30 стран", "500 военных", "3 страны", "2 млн евро"]
