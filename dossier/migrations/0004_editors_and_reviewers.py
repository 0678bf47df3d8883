"""Editors create, edit and submit for review; Reviewers also publish,
withdraw and delete.

Inline parts of a thing (citations, participants, hops, a claim's reports)
follow the thing: an editor who may change a source may remove one of its
citations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KINDS = ["story", "outlet", "source", "person", "statement", "quote", "event", "claim"]
PARTS = ["citation", "participation", "hop", "claimreport", "claimlink"]


def codenames_for(group: str) -> dict[str, list[str]]:
    dossier = [f"{action}_{kind}" for kind in KINDS for action in ("view", "add", "change")]
    dossier += [f"{action}_{part}" for part in PARTS for action in ("view", "add", "change", "delete")]
    taggit = [f"{action}_{model}" for model in ("tag", "taggeditem") for action in ("view", "add", "change")]
    if group == "Reviewers":
        dossier += [f"{action}_{kind}" for kind in KINDS for action in ("delete", "publish")]
        taggit += ["delete_tag", "delete_taggeditem"]
    return {"dossier": dossier, "taggit": taggit}


def set_groups(apps, schema_editor):
    for label in ("dossier", "taggit"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the stub has none; create_permissions checks it
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ("Editors", "Reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codenames in codenames_for(name).items():
            wanted += Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        group.permissions.set(wanted)


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0003_review_workflow_history_chains_claims"),
    ]

    operations = [migrations.RunPython(set_groups, remove_reviewers)]
