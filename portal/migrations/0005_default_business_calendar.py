"""The brief's default calendar: Monday to Friday, 08:00 to 18:00, Europe/Paris, French public
holidays. Functional admins may change it; briques without a calendar use it."""

import datetime

from django.db import migrations


def create_default(apps, schema_editor):
    BusinessCalendar = apps.get_model("portal", "BusinessCalendar")
    OpeningHours = apps.get_model("portal", "OpeningHours")
    if BusinessCalendar.objects.filter(is_default=True).exists():
        return
    calendar, _created = BusinessCalendar.objects.get_or_create(
        name="Calendrier standard",
        defaults={"timezone": "Europe/Paris", "public_holidays": "FR", "is_default": True},
    )
    if not calendar.opening_hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(
                calendar=calendar,
                weekday=weekday,
                opens=datetime.time(8),
                closes=datetime.time(18),
                sort_order=weekday,
            )
            for weekday in range(5)
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_business_calendars")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
