"""Serializer fields with their error messages in Vietnamese (DRF's own are mostly English)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

COMMON = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống (null)."),
    "invalid": _("Giá trị không hợp lệ."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Dài quá {max_length} ký tự."),
    "min_length": _("Ngắn hơn {min_length} ký tự."),
    "max_value": _("Phải nhỏ hơn hoặc bằng {max_value}."),
    "min_value": _("Phải lớn hơn hoặc bằng {min_value}."),
    "max_string_length": _("Số quá lớn."),
    "invalid_choice": _("'{input}' không phải là lựa chọn hợp lệ."),
    "not_a_list": _("Cần một danh sách."),
    "empty": _("Cần ít nhất một mục."),
    "no_name": _("Tệp không có tên."),
    "not_a_dict": _("Cần một đối tượng JSON."),
    "date": _("Cần một ngày, không phải thời điểm."),
    "datetime": _("Cần một thời điểm."),
    "make_aware": _("Thời điểm không hợp lệ theo múi giờ {timezone}."),
    "overflow": _("Ngày nằm ngoài khoảng cho phép."),
    "surrogate_characters_not_allowed": _("Có ký tự không hợp lệ."),
    "null_characters_not_allowed": _("Có ký tự NUL không hợp lệ."),
}


def _messages(field_class, **extra) -> dict:
    known = {}
    for cls in reversed(field_class.__mro__):
        known.update(getattr(cls, "default_error_messages", {}))
    messages = {k: v for k, v in COMMON.items() if k in known}
    if "invalid" in known and field_class is serializers.DateField:
        messages["invalid"] = _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD.")
    if field_class in (serializers.FileField, serializers.ListField):
        messages["invalid"] = _("Cần một tệp.")
        messages["empty"] = _("Tệp rỗng.")
    messages.update(extra)
    return messages


def vi(field_class, **kwargs):
    """field_class(**kwargs) with Vietnamese error messages."""
    kwargs["error_messages"] = {**_messages(field_class), **kwargs.get("error_messages", {})}
    return field_class(**kwargs)


def text(**kwargs):
    return vi(serializers.CharField, **kwargs)


def choice(choices, **kwargs):
    return vi(serializers.ChoiceField, choices=choices, **kwargs)


def integer(**kwargs):
    return vi(serializers.IntegerField, **kwargs)


def date(**kwargs):
    return vi(serializers.DateField, **kwargs)


def file(**kwargs):
    return vi(serializers.FileField, **kwargs)


def decimal(**kwargs):
    """A figure: a JSON number or a string of one ("9", "12.5")."""
    kwargs.setdefault(
        "error_messages",
        {
            "invalid": _("Cần một số."),
            "max_digits": _("Số quá lớn (tối đa {max_digits} chữ số)."),
            "max_decimal_places": _("Tối đa {max_decimal_places} chữ số sau dấu thập phân."),
            "max_whole_digits": _("Số quá lớn (tối đa {max_whole_digits} chữ số phần nguyên)."),
        },
    )
    return vi(serializers.DecimalField, **kwargs)


def boolean(**kwargs):
    return vi(serializers.BooleanField, **kwargs)


class Body(serializers.Serializer):
    """A request's body or query: a JSON object whose every key is one of the fields."""

    default_error_messages = {"invalid": _("Cần một đối tượng JSON.")}

    def validate(self, attrs):
        data = self.initial_data
        keys = data.keys() if hasattr(data, "keys") else []
        unknown = sorted(str(k) for k in keys if k not in self.fields)
        if unknown and self.strict:
            raise serializers.ValidationError(
                {k: [_("Trường này không có trong yêu cầu.")] for k in unknown[:20]}
            )
        return attrs

    # A query string may carry more (pagination); a body may not.
    strict = True
