"""The exchange format, version 1 (docs/sharing.md): one JSON document per batch, the same for a file on
removable media (R-SHARE-03) and an HTTP message (R-SHARE-02). Pure Python: no Django, no keys.

    {"format": "jiuzhu-exchange", "version": 1, "kind": "query", "batch_id": "...",
     "created_at": "2026-12-07T10:00:00+08:00", "sender": "...", "recipient": "...",
     "purpose": "hardship_identification", "in_reply_to": "", "meta": {...},
     "record_count": 2, "records_sha256": "<hex sha256 of the canonical JSON of records>",
     "records": [{...}, {...}]}

Each kind has fixed columns (COLUMNS); a record with a missing, extra or invalid column is reported with its
row (1-based) and column, and the whole batch is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field

from jiuzhu.idnumber import IdNumberError, parse_id_number

FORMAT = "jiuzhu-exchange"
VERSION = 1

ID_TYPES = {"resident_id": "居民身份证"}
PROGRAMMES = ("dibao", "tekun", "temporary")
# Monthly amount bands in yuan (the answer never gives the exact amount: R-SHARE-04 asks only for the
# situation). The bands are the format's, not a policy parameter.
AMOUNT_BANDS = ("", "<500", "500-1000", "1000-2000", ">=2000")
SOURCES = (
    "public_security",
    "hrss",
    "housing",
    "transport",
    "market",
    "tax",
    "natural_resources",
    "provident_fund",
    "banks",
    "insurers",
    "securities",
)  # R-FLOW-03, the same codes as jiuzhu.dibao.models.Source
CATEGORIES = ("deep", "relative", "accident")

# kind -> purposes allowed for it (R-SHARE-07)
PURPOSES = {
    "query": ("hardship_identification",),
    "answer": ("hardship_identification",),
    "aid_push": ("aid_sharing",),
    "verification_request": ("economic_verification",),
    "hashed_query": ("hardship_identification",),
    "poor_list": ("poverty_tracking",),
    "hashed_answer": ("hardship_identification",),
    "verification_result": ("economic_verification",),
}

COLUMN_LABELS = {
    "ref": "编号",
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "found": "有救助记录",
    "programme": "救助项目",
    "since": "起始年月",
    "amount_band": "金额区间",
    "category": "困难类别",
    "archived_since": "建档年月",
    "aid_year_fen": "本年帮扶金额（分）",
    "region_code": "所在地区代码",
    "relation": "与申请人关系",
    "source": "核对来源",
    "checked_on": "核对日期",
    "consistent": "与申报一致",
    "result": "核对结果",
    "id_hmac": "证件号码散列值",
    "status": "状态",
}


class FormatError(ValueError):
    """problems: [{"row": int | None, "column": str, "problem": str}] (row None: the document itself)."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("；".join(describe(p) for p in problems[:20]))


def describe(p: dict) -> str:
    label = COLUMN_LABELS.get(p.get("column", ""), p.get("column", ""))
    if p.get("row") is None:
        return f"{label}：{p['problem']}" if label else p["problem"]
    return f"第{p['row']}行“{label}”：{p['problem']}"


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def records_sha256(records: list) -> str:
    return hashlib.sha256(canonical(records)).hexdigest()


# ---------------------------------------------------------------- column checks


def _text(max_len: int, required: bool = True):
    def check(v):
        if not isinstance(v, str):
            return "应为文字"
        if required and not v.strip():
            return "不能为空"
        if len(v) > max_len:
            return f"不能超过{max_len}个字"
        return None

    return check


def _choice(values):
    def check(v):
        return None if v in values else "取值无效（可选：" + "、".join(x or "空" for x in values) + "）"

    return check


def _bool(v):
    return None if isinstance(v, bool) else "应为 true 或 false"


def _month(required: bool):
    def check(v):
        if v == "" and not required:
            return None
        if not isinstance(v, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
            return "应为年月（YYYY-MM）"
        return None

    return check


def _date(v):
    try:
        dt.date.fromisoformat(v)
    except (TypeError, ValueError):
        return "应为日期（YYYY-MM-DD）"
    return None


def _fen(v):
    return None if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else "应为不小于0的整数（分）"


def _hex64(v):
    return None if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) else "应为64位十六进制散列值"


def _id_number(v):
    if not isinstance(v, str):
        return "应为文字"
    try:
        parse_id_number(v)
    except IdNumberError as exc:
        return str(exc)
    return None


PERSON = {"name": _text(50), "id_type": _choice(tuple(ID_TYPES)), "id_number": _id_number}
COLUMNS = {
    "query": {"ref": _text(40), **PERSON},
    "answer": {
        "ref": _text(40),
        "id_type": _choice(tuple(ID_TYPES)),
        "id_number": _id_number,
        "found": _bool,
        "programme": _choice(("", *PROGRAMMES)),
        "since": _month(False),
        "amount_band": _choice(AMOUNT_BANDS),
    },
    "aid_push": {
        **PERSON,
        "category": _choice(CATEGORIES),
        "archived_since": _month(False),
        "aid_year_fen": _fen,
        "region_code": _text(12),
    },
    "verification_request": {**PERSON, "relation": _text(20)},
    "hashed_query": {"ref": _text(40), "id_hmac": _hex64},
    "poor_list": {**PERSON, "status": _choice(("registered", "left")), "since": _month(False)},
    "hashed_answer": {
        "ref": _text(40),
        "found": _bool,
        "programme": _choice(("", *PROGRAMMES)),
        "since": _month(False),
        "amount_band": _choice(AMOUNT_BANDS),
    },
    "verification_result": {
        "source": _choice(SOURCES),
        "checked_on": _date,
        "consistent": _bool,
        "result": _text(2000),
    },
}


def _row_problems(kind: str, row: int, rec) -> list[dict]:
    cols = COLUMNS[kind]
    if not isinstance(rec, dict):
        return [{"row": row, "column": "", "problem": "记录应为对象"}]
    out = []
    for name in rec.keys() - cols.keys():
        out.append({"row": row, "column": name, "problem": "多余的列"})
    for name, check in cols.items():
        if name not in rec:
            out.append({"row": row, "column": name, "problem": "缺少该列"})
            continue
        problem = check(rec[name])
        if problem:
            out.append({"row": row, "column": name, "problem": problem})
    if kind in ("answer", "hashed_answer") and not out:
        if rec["found"] != bool(rec["programme"]):
            out.append(
                {"row": row, "column": "programme", "problem": "有救助记录时须填写救助项目，无记录时不填"}
            )
    return out


def _cross_problems(kind: str, records: list) -> list[dict]:
    out = []
    seen: dict = {}
    for i, rec in enumerate(records, 1):
        if kind == "verification_result":
            key = rec["source"]
        elif kind in ("query", "aid_push", "verification_request", "poor_list"):
            key = rec["id_number"]
        elif kind == "hashed_query":
            key = rec["id_hmac"]
        else:
            continue
        if key in seen:
            col = {"verification_result": "source", "hashed_query": "id_hmac"}.get(kind, "id_number")
            out.append({"row": i, "column": col, "problem": f"与第{seen[key]}行重复"})
        seen.setdefault(key, i)
    return out


# ---------------------------------------------------------------- documents


@dataclass
class Document:
    kind: str
    sender: str
    recipient: str
    purpose: str
    records: list
    batch_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    in_reply_to: str = ""
    meta: dict = field(default_factory=dict)
    created_at: str = ""

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "kind": self.kind,
            "batch_id": self.batch_id,
            "created_at": self.created_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sender": self.sender,
            "recipient": self.recipient,
            "purpose": self.purpose,
            "in_reply_to": self.in_reply_to,
            "meta": self.meta,
            "record_count": len(self.records),
            "records_sha256": records_sha256(self.records),
            "records": self.records,
        }


HEADER = ("format", "version", "kind", "batch_id", "created_at", "sender", "recipient", "purpose",
          "in_reply_to", "meta", "record_count", "records_sha256", "records")  # fmt: skip


def parse(data: dict) -> Document:
    """Check a decrypted document whole: header, record count, checksum, every row. FormatError else."""
    if not isinstance(data, dict):
        raise FormatError([{"row": None, "column": "", "problem": "不是交换文件"}])
    missing = [k for k in HEADER if k not in data]
    if missing:
        raise FormatError([{"row": None, "column": "", "problem": "缺少文件头字段：" + "、".join(missing)}])
    if data["format"] != FORMAT or data["version"] != VERSION:
        raise FormatError(
            [
                {
                    "row": None,
                    "column": "",
                    "problem": f"不支持的文件格式或版本（{data['format']} {data['version']}）",
                }
            ]
        )
    kind = data["kind"]
    if kind not in COLUMNS:
        raise FormatError([{"row": None, "column": "", "problem": f"未知的批次类别 {kind}"}])
    if data["purpose"] not in PURPOSES[kind]:
        raise FormatError([{"row": None, "column": "", "problem": "用途与批次类别不符"}])
    records = data["records"]
    if not isinstance(records, list):
        raise FormatError([{"row": None, "column": "", "problem": "记录应为列表"}])
    if data["record_count"] != len(records):
        raise FormatError(
            [
                {
                    "row": None,
                    "column": "",
                    "problem": f"记录数不符：文件头为{data['record_count']}，实有{len(records)}条",
                }
            ]
        )
    if data["records_sha256"] != records_sha256(records):
        raise FormatError([{"row": None, "column": "", "problem": "记录校验值不符，文件内容已被改动"}])
    problems = [p for i, rec in enumerate(records, 1) for p in _row_problems(kind, i, rec)]
    if not problems:
        problems = _cross_problems(kind, records)
    if problems:
        raise FormatError(problems)
    return Document(
        kind=kind,
        sender=data["sender"],
        recipient=data["recipient"],
        purpose=data["purpose"],
        records=records,
        batch_id=data["batch_id"],
        in_reply_to=data["in_reply_to"],
        meta=data["meta"] if isinstance(data["meta"], dict) else {},
        created_at=data["created_at"],
    )


def amount_band(monthly_fen: int | None) -> str:
    if monthly_fen is None:
        return ""
    yuan = monthly_fen // 100  # integer yuan, never float
    if yuan < 500:
        return "<500"
    if yuan < 1000:
        return "500-1000"
    if yuan < 2000:
        return "1000-2000"
    return ">=2000"
