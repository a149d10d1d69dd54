"""Form fields every form uses for numbers, dates and choices of rows.

One rule for numbers typed by a user: Thai digits (๐–๙) are read as 0–9 before validation
(`ita_portal.thai.arabic_digits`); any other non-ASCII digit (², ١ …) is refused with the
field's Thai "invalid" message. Ids of rows (choices of indicators, units …) outside what a
database integer can hold are refused as choices not offered, never sent to the database
(SQLite raises OverflowError on them). Dates are typed and shown with Buddhist-Era years
(`ThaiDateField`, rules in `ita_portal.thai.parse_be_date`).
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from ita_portal.thai import (
    ThaiDateError,
    arabic_digits,
    display_be_date,
    parse_be_date,
    parse_id,
)

NUMBER_ERRORS = {
    "invalid": "กรุณากรอกตัวเลข",
    "min_value": "ค่าต้องไม่น้อยกว่า %(limit_value)s",
    "max_value": "ค่าต้องไม่มากกว่า %(limit_value)s",
    "max_digits": "ตัวเลขต้องมีไม่เกิน %(max)s หลัก",
    "max_decimal_places": "ทศนิยมได้ไม่เกิน %(max)s ตำแหน่ง",
    "max_whole_digits": "ตัวเลขหน้าจุดทศนิยมต้องมีไม่เกิน %(max)s หลัก",
}
CHOICE_ERRORS = {
    "invalid_choice": "ตัวเลือก %(value)s ไม่อยู่ในรายการ",
    "invalid_pk_value": "ตัวเลือก %(pk)s ไม่อยู่ในรายการ",
    "invalid_list": "กรุณาเลือกจากรายการ",
}


class ThaiDigitsMixin:
    """Thai digits read as Arabic ones; other scripts' digits refused as not a number."""

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value)
            if any(ch.isdigit() and not ch.isascii() for ch in value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerField(ThaiDigitsMixin, forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs["error_messages"] = {**NUMBER_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)


class DecimalField(ThaiDigitsMixin, forms.DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs["error_messages"] = {**NUMBER_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)


def _checked_ids(field, values) -> list[int]:
    """Each value as a database id, or the field's Thai invalid_choice error."""
    ids = []
    for value in values:
        if hasattr(value, "pk"):
            ids.append(value.pk)
            continue
        number = parse_id(str(value)) if value not in (None, "") else None
        if number is None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:20]},
            )
        ids.append(number)
    return ids


class ModelChoiceField(forms.ModelChoiceField):
    """Choice of one row by id; an id that is no integer or too large is not offered."""

    def __init__(self, *args, **kwargs):
        kwargs["error_messages"] = {**CHOICE_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or self.to_field_name:
            return super().to_python(value)
        if not isinstance(value, self.queryset.model):
            value = _checked_ids(self, [value])[0]
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choice of rows by id; ids that are no integers or too large are not offered."""

    def __init__(self, *args, **kwargs):
        kwargs["error_messages"] = {**CHOICE_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        if not self.to_field_name and isinstance(value, list | tuple):
            value = _checked_ids(self, value)
        return super()._check_values(value)


class ThaiDateInput(forms.TextInput):
    """A text box showing a date as day/month/B.E. year ('1/10/2567'); what a person typed
    comes back as typed when the form is shown again with an error."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "วว/ดด/ปปปป เช่น 1/10/2567",
                "autocomplete": "off",
                "maxlength": "40",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, dt.date):
            return display_be_date(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed with a Buddhist-Era year (1/10/2567, 2567-10-01, 1 ต.ค. 2567) and
    stored as its C.E. date; impossible dates and C.E. years get a Thai message."""

    widget = ThaiDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_be_date(str(value))
        except ThaiDateError as error:
            raise ValidationError(str(error), code="invalid") from None
