"""Widgets written in Python rather than through Django's widget templates, for the forms on
pages opened many times a day: a select renders one template per option, and a list page's
filter of 130 units cost more than its 50 rows."""

from django import forms
from django.utils.safestring import mark_safe

from ekinerja.markup import esc


def render_attrs(attrs: dict) -> str:
    """HTML attributes as Django's widgets/attrs.html writes them: False left out, True bare."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's Select, its markup written as select.html and select_option.html write it."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        parts = [f'<select name="{esc(widget["name"])}"{render_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{esc(group_name)}">')
            parts.extend(
                f'<option value="{esc(str(option["value"]))}"'
                f"{render_attrs(option['attrs'])}>{esc(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)
