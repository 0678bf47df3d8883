"""How the editors' forms are drawn."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    """Widgets, labels and error lists from the Jinja2 templates Django ships
    for them, which draw a busy change page's hundreds of widgets in a
    fraction of what the Django template engine takes; the admin's own
    widgets (an autocomplete's wrapper, the date picker) exist only as Django
    templates and are drawn by the Django engine."""

    jinja2 = Jinja2()
    django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
