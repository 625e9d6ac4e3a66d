from django.db import migrations, models

import portal.models.accounts


class Migration(migrations.Migration):
    """The access stamp (portal/access.py). Existing people share the first value: the kept
    copies are named by person and stamp together."""

    dependencies = [("portal", "0007_api_tokens")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="access_stamp",
            field=models.CharField(
                default=portal.models.accounts.new_access_stamp, editable=False, max_length=16
            ),
        ),
    ]
