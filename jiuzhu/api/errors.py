"""One error format for the whole API, and no input that ends in a 500.

Every error body is {"detail": ...}: a message string, or for invalid data (422) a list of
{"field": "members[1].id_number", "problem": "校验位应为X"} naming each bad field.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, IntegrityError
from django.http import Http404
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from jiuzhu.registry.actions import PermissionDenied as RegistryPermissionDenied
from jiuzhu.registry.documents import ValidationFailed

from .tokens import TokenPermissionDenied

logger = logging.getLogger("jiuzhu.api")

BODY_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


class BadRequest(HttpError):
    def __init__(self, message: str):
        super().__init__(400, message)


class Unprocessable(Exception):
    """422 naming the fields: problems is a list of (field, problem)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {p}" for f, p in problems))


def _reject_constant(name: str):
    raise ValueError(f"JSON中不允许{name}")


def read_json(request) -> Any:
    """The request body as JSON; 400 with a plain message when it is not JSON at all."""
    content_type = (request.content_type or "").lower()
    if content_type.startswith("multipart/"):
        raise HttpError(415, "请求体应为JSON（Content-Type: application/json）")
    try:
        body = request.body
    except RequestDataTooBig:
        raise HttpError(413, "请求体过大") from None
    if not body.strip():
        raise BadRequest("请求体为空，应为JSON")
    try:
        return json.loads(body, parse_constant=_reject_constant)
    except RecursionError:
        raise BadRequest("JSON嵌套层数过多") from None
    except json.JSONDecodeError as e:
        raise BadRequest(f"请求体不是有效的JSON：第{e.lineno}行第{e.colno}列附近（{e.msg}）") from None
    except ValueError as e:  # undecodable bytes, NaN, an integer with too many digits
        raise BadRequest(f"请求体不是有效的JSON：{e}") from None


def _loc_to_field(loc: list | tuple) -> str:
    parts = list(loc)
    if parts and parts[0] in BODY_LOCATIONS:
        # ninja puts the parameter's name after "body": every body parameter here is called `body`.
        # Query parameters gathered in one schema are named `filters` or `query`.
        named = {"body": "body", "query": ("filters", "query")}.get(parts[0], ())
        parts = parts[2:] if len(parts) > 2 and parts[1] in named else parts[1:]
    field = ""
    for part in parts:
        if isinstance(part, int):
            field += f"[{part}]"
        else:
            field = f"{field}.{part}" if field else str(part)
    return field or "(root)"


def _pydantic_problem(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "必填"
    if kind == "extra_forbidden":
        return "未知字段"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "应为整数"
    if kind in {"bool_parsing", "bool_type"}:
        return "应为是/否（true/false）"
    if kind in {"string_type"}:
        return "应为文字"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字符"
    if kind == "string_too_short":
        return "必填" if ctx.get("min_length") == 1 else f"至少{ctx.get('min_length')}个字符"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"应不小于{ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"应不大于{ctx.get('le', ctx.get('lt'))}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "不是有效的日期（应为YYYY-MM-DD）或时间"
    if kind == "literal_error":
        return f"不是有效值，可选：{ctx.get('expected', '')}"
    return str(error.get("msg", "无效"))


def _problems_response(api, request, problems: list[tuple[str, str]]):
    return api.create_response(
        request, {"detail": [{"field": f, "problem": p} for f, p in problems]}, status=422
    )


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance (ninja picks the most specific class)."""

    def validation_failed(request, exc: ValidationFailed):
        return _problems_response(api, request, exc.problems.items)

    def unprocessable(request, exc: Unprocessable):
        return _problems_response(api, request, exc.problems)

    def ninja_validation(request, exc: NinjaValidationError):
        problems = [(_loc_to_field(e.get("loc", ())), _pydantic_problem(e)) for e in exc.errors]
        return _problems_response(api, request, problems)

    def http_error(request, exc: HttpError):
        message = str(exc)
        if exc.status_code == 401 and message == "Unauthorized":
            message = "未登录：请使用会话登录或在请求头中提供 Authorization: Bearer <令牌>"
        elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = "请求体不是有效的JSON"
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def not_found(request, exc: Http404):
        message = str(exc) if str(exc) and not str(exc).startswith("No ") else "未找到"
        return api.create_response(request, {"detail": message}, status=404)

    def forbidden(request, exc: Exception):
        return api.create_response(request, {"detail": str(exc) or "无权执行此操作"}, status=403)

    def conflict(request, exc: IntegrityError):
        logger.warning("integrity error on %s: %s", request.path, exc)
        return api.create_response(
            request, {"detail": "数据冲突（可能已被他人修改），请刷新后重试"}, status=409
        )

    def bad_value(request, exc: Exception):
        # A value the database or a parser refused: the request was bad, not the server.
        logger.warning("bad value on %s %s: %r", request.method, request.path, exc)
        return api.create_response(request, {"detail": "请求中的值无效"}, status=400)

    def unexpected(request, exc: Exception):
        logger.exception("unexpected error on %s %s", request.method, request.path)
        return api.create_response(request, {"detail": "服务器内部错误，已记录"}, status=500)

    api.add_exception_handler(ValidationFailed, validation_failed)
    api.add_exception_handler(Unprocessable, unprocessable)
    api.add_exception_handler(NinjaValidationError, ninja_validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(RegistryPermissionDenied, forbidden)
    api.add_exception_handler(TokenPermissionDenied, forbidden)
    api.add_exception_handler(DjangoPermissionDenied, forbidden)
    api.add_exception_handler(IntegrityError, conflict)
    # A pydantic error that is not a request error is our answer failing its own schema: a bug.
    api.add_exception_handler(PydanticValidationError, unexpected)
    for exc_class in (DataError, ValueError, TypeError, OverflowError, RecursionError):
        api.add_exception_handler(exc_class, bad_value)
    api.add_exception_handler(Exception, unexpected)
