"""The tracker's own settings, with their defaults in one place.

Read through these functions at the moment of use (not at import), so that a
deployment's settings module and the tests' `settings` fixture both take effect.
"""

from pathlib import Path

from django.conf import settings

# The unit lists and the succession shipped with the app (see its README).
DATA_DIR = Path(__file__).resolve().parent / "data"

DEFAULTS = {
    # Requests a Web API token may send (tracker.api): DRF's rate, "600/min" or "10/s".
    "TRACKER_API_RATE": "600/min",
    # Larger uploads are refused before anything is unpacked.
    "TRACKER_IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    # What a workbook may unpack to: a few kilobytes can expand to gigabytes.
    "TRACKER_IMPORT_MAX_UNPACKED_BYTES": 200 * 1024 * 1024,
    # A national matrix has about 50,000 cells; this leaves room for messy files.
    "TRACKER_IMPORT_MAX_CELLS": 1_000_000,
    # How long a report page's rendered tables are kept (0: not at all). A write
    # makes a new data version, so a kept copy is never older than the data.
    "TRACKER_REPORT_CACHE_SECONDS": 600,
    # How long an uploaded workbook waits for its confirm; the next upload, or
    # the import_previews_purge command, removes the ones older than this.
    "TRACKER_IMPORT_PREVIEW_SECONDS": 24 * 60 * 60,
    # The reverse proxies whose X-Forwarded-For names the client (tracker.accounts.client_ip):
    # none, so a header sent by anyone is never believed.
    "TRACKER_TRUSTED_PROXIES": (),
    # The address the reminders' links start with (send_reminders runs outside any request).
    "TRACKER_SITE_URL": "http://127.0.0.1:8000",
    # The official documents (tracker.documents): who issues them and where. The names are
    # written in sentence case; the documents put them in upper case where the decree asks.
    "TRACKER_DOCUMENT_MINISTRY": "Bộ Công an",
    "TRACKER_DOCUMENT_MINISTRY_CODE": "BCA",
    "TRACKER_DOCUMENT_MINISTRY_PLACE": "Hà Nội",
    "TRACKER_DOCUMENT_MINISTER": "Bộ trưởng",
    # A province's police: "Công an" + the province's name from the unit list.
    "TRACKER_DOCUMENT_PROVINCE_BODY": "Công an",
    "TRACKER_DOCUMENT_PROVINCE_SIGNER": "Giám đốc",
    # What the decision is based on beyond the data; a bracket is left for a person to fill.
    "TRACKER_DOCUMENT_DECISION_BASES": (
        "[Căn cứ văn bản quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức "
        "của Bộ Công an];",
    ),
    "TRACKER_DOCUMENT_DECISION_ADVISOR": "[Thủ trưởng đơn vị tham mưu]",
    # "- Lưu: VT, ..." of every document: the archive and the drafting unit.
    "TRACKER_DOCUMENT_FILING": "VT, [đơn vị soạn thảo]",
    # LibreOffice, for the PDF copies; none when it is not installed.
    "TRACKER_SOFFICE": "soffice",
    # Below the web worker's timeout (`make serve` sets gunicorn's --timeout to 60), with
    # room for the document's rendering before it (TRACKER_TEMPLATE_WALL_SECONDS).
    "TRACKER_PDF_TIMEOUT_SECONDS": 40,
    # How many LibreOffice conversions run at once on a server; the next is told to retry.
    "TRACKER_PDF_SLOTS": 2,
    # Untrusted content runs in a child process with these limits (tracker.untrusted):
    # address space in MB, CPU seconds and wall seconds. A PDF's first-page preview:
    "TRACKER_PREVIEW_MEMORY_MB": 256,
    "TRACKER_PREVIEW_CPU_SECONDS": 10,
    "TRACKER_PREVIEW_WALL_SECONDS": 15,
    "TRACKER_PREVIEW_SLOTS": 2,
    # A document rendered from its .docx template (also the admin's check of a new one):
    "TRACKER_TEMPLATE_MEMORY_MB": 512,
    "TRACKER_TEMPLATE_CPU_SECONDS": 10,
    "TRACKER_TEMPLATE_WALL_SECONDS": 15,
    "TRACKER_TEMPLATE_SLOTS": 2,
    # What a template may ask of the sandbox: a range's length, a repeated text's or
    # list's length, an exponent, and the document XML it may write in all.
    "TRACKER_TEMPLATE_MAX_RANGE": 10_000,
    "TRACKER_TEMPLATE_MAX_REPEAT": 100_000,
    "TRACKER_TEMPLATE_MAX_EXPONENT": 100,
    "TRACKER_TEMPLATE_MAX_OUTPUT_BYTES": 10 * 1024 * 1024,
    # Where the servers' slot locks live (a folder of this machine); the temporary folder
    # when unset.
    "TRACKER_UNTRUSTED_LOCK_DIR": "",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
