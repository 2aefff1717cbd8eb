"""Text typed with TCVN3 (ABC) or VNI fonts, as it reads in Unicode, read as Vietnamese."""

import io

import openpyxl

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.imports.legacy_fonts import looks_legacy, tcvn3_read, vni_read
from tracker.imports.services import import_batch_apply

# The published tables, in the order the charset tables list them (vietunicode's
# charset pages, x-unikey's vnconv): each legacy form, then the Unicode letter it stands for.
TCVN3_TABLE = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏ\xd1\xaaÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
UNICODE_TABLE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
VNI_TABLE = (
    "aù á,aø à,aû ả,aõ ã,aï ạ,aâ â,aê ă,aá ấ,aà ầ,aå ẩ,aã ẫ,aä ậ,aé ắ,aè ằ,aú ẳ,aü ẵ,aë ặ,"
    "AÙ Á,AØ À,AÛ Ả,AÕ Ã,AÏ Ạ,AÂ Â,AÊ Ă,AÁ Ấ,AÀ Ầ,AÅ Ẩ,AÃ Ẫ,AÄ Ậ,AÉ Ắ,AÈ Ằ,AÚ Ẳ,AÜ Ẵ,AË Ặ,"
    "eù é,eø è,eû ẻ,eõ ẽ,eï ẹ,eâ ê,eá ế,eà ề,eå ể,eã ễ,eä ệ,"
    "EÙ É,EØ È,EÛ Ẻ,EÕ Ẽ,EÏ Ẹ,EÂ Ê,EÁ Ế,EÀ Ề,EÅ Ể,EÃ Ễ,EÄ Ệ,"
    "í í,ì ì,æ ỉ,ó ĩ,ò ị,Í Í,Ì Ì,Æ Ỉ,Ó Ĩ,Ò Ị,"
    "où ó,oø ò,oû ỏ,oõ õ,oï ọ,oâ ô,ô ơ,oá ố,oà ồ,oå ổ,oã ỗ,oä ộ,ôù ớ,ôø ờ,ôû ở,ôõ ỡ,ôï ợ,"
    "OÙ Ó,OØ Ò,OÛ Ỏ,OÕ Õ,OÏ Ọ,OÂ Ô,Ô Ơ,OÁ Ố,OÀ Ồ,OÅ Ổ,OÃ Ỗ,OÄ Ộ,ÔÙ Ớ,ÔØ Ờ,ÔÛ Ở,ÔÕ Ỡ,ÔÏ Ợ,"
    "uù ú,uø ù,uû ủ,uõ ũ,uï ụ,ö ư,öù ứ,öø ừ,öû ử,öõ ữ,öï ự,"
    "UÙ Ú,UØ Ù,UÛ Ủ,UÕ Ũ,UÏ Ụ,Ö Ư,ÖÙ Ứ,ÖØ Ừ,ÖÛ Ử,ÖÕ Ữ,ÖÏ Ự,"
    "yù ý,yø ỳ,yû ỷ,yõ ỹ,î ỵ,YÙ Ý,YØ Ỳ,YÛ Ỷ,YÕ Ỹ,Î Ỵ,ñ đ,Ñ Đ"
)


def test_tcvn3_against_its_published_table():
    assert len(TCVN3_TABLE) == len(UNICODE_TABLE) == 74
    assert tcvn3_read(TCVN3_TABLE) == UNICODE_TABLE
    # Each letter is its byte code, as the .Vn font stores it, read as a Windows character.
    assert tcvn3_read(bytes([0xA7, 0xB9]).decode("cp1252") + "t") == "Đạt"


def test_vni_against_its_published_table():
    pairs = [pair.split(" ") for pair in VNI_TABLE.split(",")]
    assert len(pairs) == 134
    for legacy, letter in pairs:
        assert vni_read(legacy) == letter, legacy


def test_unicode_vietnamese_is_never_taken_for_a_legacy_font():
    for text in ["Đã có quyết định", "Hoàn thành", "Café", "Phường Hưng Bình", "Chưa đạt"]:
        assert looks_legacy(text) is None
    assert looks_legacy("§· cã quyÕt ®Þnh") == ("TCVN3", "Đã có quyết định")
    assert looks_legacy("Ñaõ coù quyeát ñònh") == ("VNI", "Đã có quyết định")


def plan(data: bytes, name: str, **kwargs):
    return import_batch_apply(data=data, file_name=name, user=None, year=2023, **kwargs)


def test_a_status_in_tcvn3_is_read_and_the_preview_says_so(nghe_an_2023):
    """Defect: '§¹t' was refused as an unknown status with no hint."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    book["Tiêu chí"]["Y8"] = "§¹t"
    book["Tiêu chí"]["Y9"] = "§¹tx"  # converts to nothing known: still an error
    result = plan(workbook_bytes(book), "nghe-an.xlsx", dry_run=True)
    assert result.conversions == [
        "nghe-an.xlsx, sheet Tiêu chí, ô Y8: chữ TCVN3 '§¹t' được đọc là 'Đạt'."
    ]
    assert [e.code for e in result.cell_errors] == ["invalid_status"]
    assert "ô Y9" in result.cell_errors[0].message


def test_a_ward_name_in_vni_and_a_note_in_tcvn3_are_read_and_the_note_stored_converted(
    nghe_an_2023,
):
    text = "Tên phường,Số tiêu chí,Kết quả,Ghi chú\nPhöôøng Ñoâng Vónh,22,Ñaït,§· cã quyÕt ®Þnh\n"
    result = plan(text.encode(), "vni.csv")
    assert result.messages() == []
    assert result.conversions == [
        "vni.csv, ô D2: chữ TCVN3 '§· cã quyÕt ®Þnh' được đọc là 'Đã có quyết định'.",
        "vni.csv, ô A2: chữ VNI 'Phöôøng Ñoâng Vónh' được đọc là 'Phường Đông Vĩnh'.",
        "vni.csv, ô C2: chữ VNI 'Ñaït' được đọc là 'Đạt'.",
    ]
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert (stored.status, stored.note) == ("dat", "Đã có quyết định")


def test_a_header_in_tcvn3_is_found(nghe_an_2023):
    text = "M· ph\xad\xeang,TC22\n16663,Đạt\n"
    result = plan(text.encode(), "h.csv", dry_run=True)
    assert (result.messages(), len(result.changes)) == ([], 1)
    assert result.conversions == [
        "h.csv, ô A1: chữ TCVN3 'M· ph\xad\xeang' được đọc là 'Mã phường'."
    ]
