from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "dossier"
    verbose_name = "Dossier"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dossier.cache import connect_signals

        connect_signals()
