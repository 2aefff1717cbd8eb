"""Sample data for each kind of document: an uploaded template must render with it.

The keys are those the real contexts have (a test compares them), so a template that
renders here renders with the data too.
"""

from tracker.documents.context import SIGNER_PLACEHOLDER, clean

_HEADING = {
    "parent_body": "BỘ CÔNG AN",
    "issuer": "CÔNG AN TỈNH MẪU",
    "issuer_name": "Công an tỉnh Mẫu",
    "number": "……/BC-CAT",
    "place_date": "Mẫu, ngày 05 tháng 01 năm 2024",
    "recipients": ["Bộ Công an (để báo cáo)"],
    "filing": "VT, PV01",
    "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    "signer_name": SIGNER_PLACEHOLDER,
}

_REPORT = {
    **_HEADING,
    "year": 2024,
    "criteria_set": "Bộ tiêu chí mẫu",
    "wards_total": 10,
    "registered": 2,
    "meeting_all": 1,
    "recognized": 1,
    "quota": 2,
    "registered_share": "20,0%",
    "recognized_share": "10,0%",
    "quota_text": "2 phường",
    "standings": [
        {"target_year": 2025, "share_range": "50-70%", "label": "Đúng tiến độ", "state": "on_track"}
    ],
    "bottleneck_text": "Tiêu chí còn nhiều phường chưa đạt nhất: tiêu chí 5 (Mẫu): 1/2 phường.",
    "measured": ["TC7 (Mẫu): trung vị 85,0%; 1/2 phường dưới ngưỡng 80%"],
    "due_text": "31/10/2024",
    "complete": 2,
    "complete_on_time": 1,
    "late": 1,
    "figures": [{"label": "Số phường", "value": 10}, {"label": "Đăng ký", "value": 2}],
    "wards": [
        {
            "index": 1,
            "code": "00001",
            "name": "Phường Một",
            "status": "Đã công nhận",
            "met": "22/22",
            "missing": "—",
        },
        {
            "index": 2,
            "code": "00002",
            "name": "Phường <Hai> & Ba",
            "status": "Đang xây dựng",
            "met": "21/22",
            "missing": "TC5",
        },
    ],
}

_PROPOSAL = {
    **_HEADING,
    "number": "……/TTr-CAT",
    "recipients": ["Như trên"],
    "year": 2024,
    "wards": [
        {
            "index": 1,
            "code": "00001",
            "name": "Phường Một",
            "met": "22/22",
            "file_count": 12,
            "toc_sha256": "0" * 64,
            "decision": "15/QĐ-BCA ngày 05/01/2024",
        }
    ],
}

_DECISION = {
    **_HEADING,
    "parent_body": "",
    "issuer": "BỘ CÔNG AN",
    "number": "15/QĐ-BCA",
    "place_date": "Hà Nội, ngày 05 tháng 01 năm 2024",
    "recipients": ["Như Điều 3"],
    "signer_lines": ["BỘ TRƯỞNG"],
    "year": 2024,
    "date_short": "05/01/2024",
    "authority": "BỘ TRƯỞNG BỘ CÔNG AN",
    "authority_name": "Bộ trưởng Bộ Công an",
    "bases": ["Căn cứ Bộ tiêu chí mẫu;"],
    "executors": "Giám đốc Công an tỉnh Mẫu",
    "provinces": ["Tỉnh Mẫu"],
    "provinces_text": "tỉnh Mẫu",
    "wards": [
        {
            "index": 1,
            "code": "00001",
            "name": "Công an phường Một",
            "province": "Tỉnh Mẫu",
            "met": "22/22",
        }
    ],
}
del _DECISION["issuer_name"]

SAMPLES = {"report": _REPORT, "proposal": _PROPOSAL, "decision": _DECISION}


def sample_context(kind: str) -> dict:
    return clean(SAMPLES[kind])
