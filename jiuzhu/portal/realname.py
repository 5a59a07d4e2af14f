"""The real-name check of an applicant's ID number (实名认证) through a pluggable public-security backend.

`settings.PORTAL_REALNAME_BACKEND` is the dotted path of a class whose instances have

    check(name: str, id_number: str) -> Result

`id_number` has passed the check digit (jiuzhu.idnumber) and is in upper case; `name` is stripped. The result
says one of: MATCH (the name is the one registered for the number), MISMATCH (registered under another
name), NOT_FOUND (no such number) or UNAVAILABLE (the service could not answer: a timeout, an error). The
backend must not raise for these; registration is refused, with a message naming the field, for everything
but MATCH (UNAVAILABLE too: nobody is registered unchecked), and nothing is written.

A real backend calls the public-security identity service (公安部门身份核验接口) the deployment has access
to — for example through the data-sharing platform — with its own credentials from settings, and maps the
service's answer to these four; it should use a short timeout and answer UNAVAILABLE when it expires. The
default, `DevelopmentBackend`, is for development and the demo only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from jiuzhu.idnumber import IdNumberError, parse_id_number

DEFAULT_BACKEND = "jiuzhu.portal.realname.DevelopmentBackend"
MATCH, MISMATCH, NOT_FOUND, UNAVAILABLE = "match", "mismatch", "not_found", "unavailable"


@dataclass(frozen=True)
class Result:
    verdict: str  # MATCH, MISMATCH, NOT_FOUND or UNAVAILABLE
    source: str = ""  # which service answered (kept in the account's audit event)


class DevelopmentBackend:
    """Development: the check digit (GB 11643) and a name list standing in for the public-security register:
    `settings.PORTAL_REALNAME_NAMES` ({ID number: name}) and the CSV file `settings.PORTAL_REALNAME_FILE`
    (rows "ID number,name"), if set. A number on the list must come with its name (else MISMATCH). A number
    on no list is NOT_FOUND when `settings.PORTAL_REALNAME_DEV_STRICT` is true; otherwise (the default, so
    that anyone can try the demo) it is accepted as MATCH."""

    source = "development"

    def names(self) -> dict[str, str]:
        out = {
            str(k).upper(): str(v)
            for k, v in (getattr(settings, "PORTAL_REALNAME_NAMES", None) or {}).items()
        }
        path = getattr(settings, "PORTAL_REALNAME_FILE", "")
        if path and Path(path).exists():
            with open(path, encoding="utf-8", newline="") as f:
                for row in csv.reader(f):
                    if len(row) >= 2 and row[0].strip():
                        out[row[0].strip().upper()] = row[1].strip()
        return out

    def check(self, name: str, id_number: str) -> Result:
        try:
            number = parse_id_number(id_number).number
        except IdNumberError:
            return Result(NOT_FOUND, self.source)
        listed = self.names().get(number)
        if listed is None:
            strict = getattr(settings, "PORTAL_REALNAME_DEV_STRICT", False)
            return Result(NOT_FOUND if strict else MATCH, self.source)
        return Result(MATCH if listed == name else MISMATCH, self.source)


def backend():
    return import_string(getattr(settings, "PORTAL_REALNAME_BACKEND", DEFAULT_BACKEND))()


def check(name: str, id_number: str) -> Result:
    """The configured backend's answer; a backend that fails anyway counts as UNAVAILABLE."""
    try:
        result = backend().check(name, id_number)
    except Exception:  # a broken backend must not let anyone through, nor crash the page
        return Result(UNAVAILABLE, "")
    if not isinstance(result, Result) or result.verdict not in (MATCH, MISMATCH, NOT_FOUND, UNAVAILABLE):
        return Result(UNAVAILABLE, "")
    return result
