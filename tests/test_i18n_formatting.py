"""Dates, numbers and percentages read the way an officer on each side writes them."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from borderdesk.i18n import set_language
from borderdesk.i18n import formatting as fmt

NEW_YEARS_EVE = dt.date(2025, 12, 30)


@pytest.mark.parametrize(
    "lang, expected",
    [("vi", "30/12/2025"), ("zh", "2025年12月30日"), ("en", "30 Dec 2025"), ("zh_CN", "2025年12月30日")],
)
def test_a_date_in_each_language(lang, expected):
    assert fmt.format_date(NEW_YEARS_EVE, lang) == expected


def test_vietnamese_dates_keep_their_leading_zeros():
    assert fmt.format_date(dt.date(2025, 3, 5), "vi") == "05/03/2025"


@pytest.mark.parametrize(
    "style, lang, expected",
    [
        ("short", "vi", "30/12/2025"),
        ("short", "zh", "2025/12/30"),
        ("short", "en", "30/12/2025"),
        ("long", "vi", "ngày 30 tháng 12 năm 2025"),
        ("long", "zh", "2025年12月30日"),
        ("long", "en", "30 December 2025"),
    ],
)
def test_date_styles(style, lang, expected):
    assert fmt.format_date(NEW_YEARS_EVE, lang, style=style) == expected


def test_no_date_is_a_dash_and_a_datetime_shows_its_day():
    assert fmt.format_date(None, "vi") == "—"
    assert fmt.format_date(dt.datetime(2025, 12, 30, 23, 59), "vi") == "30/12/2025"


def test_the_interface_language_is_the_default():
    set_language("zh")
    assert fmt.format_date(NEW_YEARS_EVE) == "2025年12月30日"
    assert fmt.format_number(1182) == "1,182"
    set_language("vi")
    assert fmt.format_date(NEW_YEARS_EVE) == "30/12/2025"
    assert fmt.format_number(1182) == "1.182"


@pytest.mark.parametrize(
    "lang, expected",
    [("vi", "14:05 30/12/2025"), ("zh", "2025年12月30日 14:05"), ("en", "30 Dec 2025, 14:05")],
)
def test_date_and_time(lang, expected):
    assert fmt.format_datetime(dt.datetime(2025, 12, 30, 14, 5), lang) == expected


def test_a_stored_utc_time_is_shown_in_local_time():
    stored = dt.datetime(2025, 12, 30, 7, 5, tzinfo=dt.timezone.utc)
    local = stored.astimezone()
    assert fmt.format_time(stored, "vi") == f"{local:%H:%M}"
    assert fmt.format_time(dt.time(9, 30), "zh") == "09:30"


@pytest.mark.parametrize(
    "lang, expected",
    [("vi", "01/10/2025 – 31/12/2025"), ("zh", "2025年10月1日至12月31日"), ("en", "1 Oct – 31 Dec 2025")],
)
def test_a_report_period(lang, expected):
    assert fmt.format_period(dt.date(2025, 10, 1), dt.date(2025, 12, 31), lang) == expected


@pytest.mark.parametrize(
    "lang, whole, big, fraction",
    [
        ("vi", "1.182", "1.234.567", "1.182,50"),
        ("zh", "1,182", "1,234,567", "1,182.50"),
        ("en", "1,182", "1,234,567", "1,182.50"),
    ],
)
def test_numbers(lang, whole, big, fraction):
    assert fmt.format_number(1182, lang) == whole
    assert fmt.format_number(1234567, lang) == big
    assert fmt.format_number(1182.5, lang, decimals=2) == fraction
    assert fmt.format_number(None, lang) == "—"


@pytest.mark.parametrize("lang, one_decimal", [("vi", "12,5%"), ("zh", "12.5%"), ("en", "12.5%")])
def test_percentages(lang, one_decimal):
    assert fmt.format_percent(0.44, lang) == "44%"
    assert fmt.format_percent(0.125, lang, decimals=1) == one_decimal
    assert fmt.format_percent(None, lang) == "—"


@pytest.mark.parametrize("lang", ["vi", "zh", "en"])
def test_changes_against_last_year_carry_a_sign(lang):
    assert fmt.format_change(0.44, lang) == "+44%"
    assert fmt.format_change(-0.12, lang) == "-12%"
    assert fmt.format_change(0.001, lang) == "0%"
    assert fmt.format_change(None, lang) == "—"


def test_change_ratio_between_two_periods():
    assert fmt.change_ratio(144, 100) == pytest.approx(0.44)
    assert fmt.change_ratio(88, 100) == pytest.approx(-0.12)
    assert fmt.change_ratio(5, 0) is None  # nothing last year: no percentage to show


@pytest.mark.parametrize(
    "lang, expected", [("vi", "tháng 12 năm 2025"), ("zh", "2025年12月"), ("en", "December 2025")]
)
def test_months(lang, expected):
    assert fmt.format_month(NEW_YEARS_EVE, lang) == expected


@pytest.mark.parametrize("lang, expected", [("vi", "Quý 4 năm 2025"), ("zh", "2025年第4季度"), ("en", "Q4 2025")])
def test_quarters(lang, expected):
    assert fmt.format_quarter(2025, 4, lang) == expected


def test_there_is_no_fifth_quarter():
    with pytest.raises(ValueError):
        fmt.format_quarter(2025, 5, "vi")


@pytest.mark.parametrize("env, expected", [
    ({}, "vi"),
    ({"LANG": "C"}, "vi"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LC_ALL": "POSIX"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"BORDERDESK_LANG": "zh", "LANG": "vi_VN.UTF-8"}, "zh"),
])
def test_the_language_comes_from_the_system_then_vietnamese(monkeypatch, env, expected):
    from borderdesk.i18n import system_language

    for var in ("BORDERDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert system_language() == expected


def test_a_process_started_with_no_locale_at_all_speaks_vietnamese(tmp_path):
    # Python itself reports en_US for an empty environment: that must not leak through.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", "from borderdesk.i18n import system_language; print(system_language())"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "vi"


def test_windows_locale_names_are_understood():
    from borderdesk.i18n import normalize_language

    assert normalize_language("Vietnamese_Vietnam") == "vi"
    assert normalize_language("Chinese (Simplified)_China") == "zh"
