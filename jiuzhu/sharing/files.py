"""One entry for an incoming file, whatever its kind: the pages, the API and the command line call this."""

from __future__ import annotations

from . import civil, envelope, union
from .access import SharingRefused


def import_file(actor, data: bytes, *, identity=None) -> dict:
    """Check and import a batch file addressed to this system. Returns a summary; for a query, the sealed
    answer file to carry back ("answer_file"). Refusals raise (EnvelopeError, FormatError, SharingRefused)."""
    kind = envelope.peek(data)["kind"]
    if kind == "answer":
        batch = union.do_import_answer(actor, data, identity=identity)
        return {"kind": kind, "batch_id": batch.batch_id, "record_count": batch.record_count}
    if kind == "hashed_answer":
        from .hashed import do_import_hashed_answer

        batch = do_import_hashed_answer(actor, data, identity=identity)
        return {"kind": kind, "batch_id": batch.batch_id, "record_count": batch.record_count}
    if kind in ("query", "hashed_query"):
        batch, sealed = civil.do_answer_query(actor, data, identity=identity)
        return {
            "kind": kind,
            "batch_id": batch.batch_id,
            "record_count": batch.record_count,
            "answer_file": sealed,
        }
    if kind == "aid_push":
        batch = civil.do_import_aid_push(actor, data, identity=identity)
        return {"kind": kind, "batch_id": batch.batch_id, "record_count": batch.record_count}
    if kind == "verification_result":
        from .verification import do_import_verification_result

        batch = do_import_verification_result(actor, data, identity=identity)
        return {"kind": kind, "batch_id": batch.batch_id, "record_count": batch.record_count}
    if kind == "poor_list":
        from .poverty import do_import_poor_list

        batch = do_import_poor_list(actor, data, identity=identity)
        return {"kind": kind, "batch_id": batch.batch_id, "record_count": batch.record_count}
    raise SharingRefused("本系统不接收这一类批次文件")
