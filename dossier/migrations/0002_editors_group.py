"""Create the Editors group with what an editor needs to keep a dossier."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "dossier": [
        "story", "outlet", "source", "citation", "person", "statement", "quote", "event",
        "participation",
    ],
    "taggit": ["tag", "taggeditem"],
}
ACTIONS = ["view", "add", "change", "delete"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations have run; a
    # fresh database needs them now to put them in the group.
    for label in EDITOR_MODELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the stub has none; create_permissions checks it
        create_permissions(app_config, apps=apps, verbosity=0)


def create_editors(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{action}_{model}" for models in EDITOR_MODELS.values() for model in models
        for action in ACTIONS
    ]
    permissions = Permission.objects.filter(
        content_type__app_label__in=list(EDITOR_MODELS), codename__in=codenames
    )
    editors.permissions.add(*permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
