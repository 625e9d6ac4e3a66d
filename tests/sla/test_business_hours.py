"""The business-hours module: pure functions, instants given explicitly (no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk.sla.business_hours import (
    Calendar,
    NoBusinessTime,
    add_business_hours,
    add_business_time,
    business_time_between,
    french_holidays,
    hours,
    next_opening,
    subtract_business_time,
    weekly_business_time,
)

PARIS = ZoneInfo("Europe/Paris")
H = timedelta(hours=1)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def calendar():
    return Calendar(holidays=french_holidays())


def test_within_one_day(calendar):
    # Tuesday 3 March 2026, 09:00 + 4 h = 13:00 (CET, UTC+1).
    due = add_business_hours(calendar, paris(2026, 3, 3, 9), 4)
    assert due == paris(2026, 3, 3, 13)
    assert due.tzinfo is UTC


def test_spills_over_the_night(calendar):
    assert add_business_hours(calendar, paris(2026, 3, 3, 16), 4) == paris(2026, 3, 4, 10)


def test_friday_evening_goes_to_monday(calendar):
    # Friday 6 March 17:00 + 3 h: one hour on Friday, two on Monday 9 March.
    assert add_business_hours(calendar, paris(2026, 3, 6, 17), 3) == paris(2026, 3, 9, 10)


def test_submitted_on_a_weekend_starts_on_monday_morning(calendar):
    saturday = paris(2026, 3, 7, 14)
    assert next_opening(calendar, saturday) == paris(2026, 3, 9, 8)
    assert add_business_hours(calendar, saturday, 1) == paris(2026, 3, 9, 9)


def test_outside_opening_hours(calendar):
    assert add_business_hours(calendar, paris(2026, 3, 3, 6, 30), 1) == paris(2026, 3, 3, 9)
    assert add_business_hours(calendar, paris(2026, 3, 3, 19), 1) == paris(2026, 3, 4, 9)
    assert business_time_between(calendar, paris(2026, 3, 3, 19), paris(2026, 3, 4, 7)) == (
        timedelta(0)
    )


def test_public_holidays_are_skipped(calendar):
    # Thursday 14 May 2026 is Ascension Day; Friday 15 is a working day.
    assert add_business_hours(calendar, paris(2026, 5, 13, 17), 2) == paris(2026, 5, 15, 9)
    # Christmas Friday and the weekend: from Thursday 24 Dec 2026 17:00 to Monday 28 10:00.
    assert add_business_hours(calendar, paris(2026, 12, 24, 17), 3) == paris(2026, 12, 28, 10)
    # New Year's Day is looked up in a year that was never asked for before.
    assert add_business_hours(calendar, paris(2031, 12, 31, 17), 2) == paris(2032, 1, 2, 9)


def test_alsace_moselle_has_two_more_days():
    # Good Friday 3 April 2026 is a holiday in Moselle only.
    thursday = paris(2026, 4, 2, 17)
    national = Calendar(holidays=french_holidays())
    moselle = Calendar(holidays=french_holidays("57"))
    assert add_business_hours(national, thursday, 2) == paris(2026, 4, 3, 9)
    # Friday 3 (Good Friday), the weekend and Easter Monday 6 are off in Moselle.
    assert add_business_hours(moselle, thursday, 2) == paris(2026, 4, 7, 9)
    assert date(2026, 12, 26) in french_holidays("6AE")


def test_extra_closed_dates(calendar):
    closed = Calendar(holidays=calendar.holidays, closed_dates={date(2026, 3, 4)})
    assert add_business_hours(closed, paris(2026, 3, 3, 17), 2) == paris(2026, 3, 5, 9)


def test_spring_forward_counts_real_hours():
    # Clocks go from 02:00 to 03:00 on Sunday 29 March 2026. With a round-the-clock desk,
    # Saturday 22:00 + 6 real hours is 05:00 on Sunday (wall clock), not 04:00.
    always = Calendar(weekly_hours={d: ((time(0), time(0)),) for d in range(7)})
    start = paris(2026, 3, 28, 22)
    assert add_business_time(always, start, 6 * H) == paris(2026, 3, 29, 5)
    sunday = business_time_between(always, paris(2026, 3, 29, 0), paris(2026, 3, 30, 0))
    assert sunday == 23 * H


def test_fall_back_counts_real_hours():
    # Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026: that day lasts 25 hours.
    always = Calendar(weekly_hours={d: ((time(0), time(0)),) for d in range(7)})
    sunday = business_time_between(always, paris(2026, 10, 25, 0), paris(2026, 10, 26, 0))
    assert sunday == 25 * H
    assert add_business_time(always, paris(2026, 10, 25, 1), 3 * H) == paris(2026, 10, 25, 3)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Friday before the spring change: 10 h on Friday 27 March, then Monday 30 in CEST.
        (paris(2026, 3, 27, 8), paris(2026, 3, 30, 12)),
        # Friday before the autumn change: Monday 26 October in CET.
        (paris(2026, 10, 23, 8), paris(2026, 10, 26, 12)),
    ],
)
def test_office_hours_across_the_changes(calendar, start, expected):
    # Opening hours stay 08:00-18:00 local time on both sides: 14 business hours.
    due = add_business_hours(calendar, start, 14)
    assert due == expected
    assert business_time_between(calendar, start, due) == 14 * H


def test_elapsed_time(calendar):
    # Monday 9 March 10:00 to Wednesday 11 March 12:00: 8 + 10 + 4 hours.
    assert business_time_between(calendar, paris(2026, 3, 9, 10), paris(2026, 3, 11, 12)) == (
        22 * H
    )
    # A whole week of March 2026 without holiday: 50 hours.
    assert business_time_between(calendar, paris(2026, 3, 9), paris(2026, 3, 16)) == 50 * H
    # Backwards is zero.
    assert business_time_between(calendar, paris(2026, 3, 11), paris(2026, 3, 9)) == (timedelta(0))


def test_pauses_are_taken_off(calendar):
    start, end = paris(2026, 3, 9, 8), paris(2026, 3, 10, 18)  # 20 business hours
    pauses = [
        (paris(2026, 3, 9, 16), paris(2026, 3, 10, 9)),  # 2 h on Monday + 1 h on Tuesday
        (paris(2026, 3, 10, 8, 30), paris(2026, 3, 10, 10)),  # overlaps: +1 h more
        (paris(2026, 3, 10, 17), None),  # still paused at the end: 1 h
    ]
    assert business_time_between(calendar, start, end, pauses=pauses) == 15 * H


def test_pause_over_a_weekend_takes_off_only_business_time(calendar):
    start, end = paris(2026, 3, 6, 8), paris(2026, 3, 9, 18)  # Friday + Monday: 20 h
    pause = [(paris(2026, 3, 6, 17), paris(2026, 3, 9, 9))]  # 1 h Friday + 1 h Monday
    assert business_time_between(calendar, start, end, pauses=pause) == 18 * H


def test_reopening_counts_again_after_the_resolved_interval(calendar):
    """A ticket resolved then reopened: the time it spent resolved does not count, so the
    due date moves by the business time of that interval."""
    submitted = paris(2026, 3, 9, 8)
    target = 10 * H
    resolved, reopened = paris(2026, 3, 9, 12), paris(2026, 3, 10, 10)
    paused = business_time_between(calendar, resolved, reopened)
    assert paused == 8 * H
    due = add_business_time(calendar, submitted, target + paused)
    assert due == paris(2026, 3, 10, 16)
    worked = business_time_between(calendar, submitted, due, pauses=[(resolved, reopened)])
    assert worked == target


def test_fractional_hours():
    assert hours("0.5") == timedelta(minutes=30)
    assert hours(1.25) == timedelta(minutes=75)


def test_a_calendar_that_never_opens():
    closed = Calendar(weekly_hours={})
    assert weekly_business_time(closed) == timedelta(0)
    with pytest.raises(NoBusinessTime):
        add_business_hours(closed, paris(2026, 3, 9, 8), 1)
    assert weekly_business_time(Calendar()) == 50 * H


def test_naive_datetimes_are_refused(calendar):
    with pytest.raises(ValueError):
        add_business_hours(calendar, datetime(2026, 3, 9, 8), 1)


def test_several_intervals_a_day():
    lunch = Calendar(weekly_hours={0: ((time(8), time(12)), (time(14), time(18)))})
    assert add_business_hours(lunch, paris(2026, 3, 9, 11), 2) == paris(2026, 3, 9, 15)
    assert business_time_between(lunch, paris(2026, 3, 9, 11), paris(2026, 3, 9, 15)) == 2 * H


def test_subtract_is_the_inverse_of_add(calendar):
    # 3 business hours before Monday 9 March 10:00: Friday 6 March 17:00.
    start = subtract_business_time(calendar, paris(2026, 3, 9, 10), 3 * H)
    assert start == paris(2026, 3, 6, 17)
    assert business_time_between(calendar, start, paris(2026, 3, 9, 10)) == 3 * H
    # Across Easter Monday and a few weeks.
    end = paris(2026, 4, 20, 12)
    start = subtract_business_time(calendar, end, 90 * H)
    assert business_time_between(calendar, start, end) == 90 * H
