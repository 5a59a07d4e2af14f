"""Sending the one-time login code: a pluggable backend (settings.PORTAL_SMS_BACKEND, a dotted path to a
class with `send(phone, text)`). The default, for development and the demo, writes the message to the log;
a deployment sets the backend of its SMS gateway (运营商短信平台)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("jiuzhu.portal.sms")
DEFAULT_BACKEND = "jiuzhu.portal.sms.LogBackend"


class LogBackend:
    """Development: the code is printed to the log (WARNING, so that it shows with the default LOG_LEVEL)."""

    def send(self, phone: str, text: str) -> None:
        log.warning("短信（开发环境，未实际发送）至 %s：%s", phone, text)


class MemoryBackend:
    """Tests: keeps the messages sent, newest last."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


def backend():
    return import_string(getattr(settings, "PORTAL_SMS_BACKEND", DEFAULT_BACKEND))()
