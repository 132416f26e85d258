from __future__ import annotations

from django import forms


class NotificationFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    unread = forms.BooleanField(label="只看未读", required=False)
