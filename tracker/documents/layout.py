"""The shipped .docx templates, written with python-docx in the format of Decree 30/2020/NĐ-CP.

Appendix I of the decree fixes the layout of an administrative document: A4,
margins, Times New Roman, the sizes, weights and case of each part. The
templates hold Jinja placeholders that docxtpl fills (tracker.documents.render),
so an office can open one in Word, change its layout and upload it again.
`manage.py document_templates` rewrites them; a test checks the committed
files equal what this module writes.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from tracker.documents.shipped import KINDS, TEMPLATES_DIR, template_path  # noqa: F401 (callers)

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
# The programme's title, as every document names it.
# Text width of A4 less the left and right margins (30 and 15 mm); the heading's columns.
TEXT_WIDTH = 16.5
HEADING_WIDTHS = [6.5, 10.0]
TITLE = "Công an phường điển hình, kiểu mẫu về an ninh, trật tự và văn minh đô thị"


def _run(paragraph, text, size=14, bold=False, italic=False):
    run = paragraph.add_run(text)
    font = run.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = BLACK
    # Word takes Vietnamese letters from the East Asian and complex-script slots too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    return run


def _para(container, text="", size=14, bold=False, italic=False, align=None, first=False):
    """A paragraph of one run; `first` reuses a fresh table cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if align is not None:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _tag(container, tag):
    """A paragraph holding only a docxtpl tag ({%p ... %}): docxtpl removes it when rendering."""
    return _para(container, tag)


def _body(container, text="", bold=False, italic=False):
    """A paragraph of the body: 14 pt, justified, first line indented 1.27 cm, 6 pt apart."""
    paragraph = _para(container, text, bold=bold, italic=italic, align=JUSTIFY)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before = Pt(6)
    return paragraph


def _rule(container, width_cm: float, cell_width_cm: float):
    """A thin centred line of about `width_cm` under the paragraph before it: an empty
    paragraph two points high with a bottom border, shortened by its indents."""
    paragraph = _para(container)
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(2)
    fmt.left_indent = fmt.right_indent = Cm((cell_width_cm - width_cm) / 2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _page_number(paragraph):
    """A PAGE field: Word and LibreOffice print the page's number there."""
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2")):
        run = _run(paragraph, "")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._element.append(instr)
        else:
            run.text = text
    end = _run(paragraph, "")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)


def _document():
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.font.color.rgb = BLACK
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    # Page numbers centred at the top, from the second page on.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _page_number(header)
    _para(section.first_page_header, first=True)
    return doc


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _layout_table(doc, widths_cm):
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
    return table.rows[0].cells


def _heading_block(doc):
    """The issuing body, the number, the national title and motto, the place and date."""
    left, right = _layout_table(doc, HEADING_WIDTHS)
    _tag(left, "{%p if parent_body %}")
    _para(left, "{{ parent_body }}", size=13, align=CENTER)
    _tag(left, "{%p endif %}")
    _para(left, "{{ issuer }}", size=13, bold=True, align=CENTER)
    _rule(left, 2.5, HEADING_WIDTHS[0])
    number = _para(left, "Số: {{ number }}", size=13, align=CENTER)
    number.paragraph_format.space_before = Pt(6)
    # The first paragraph of a new cell is empty; the tag paragraphs of the left cell
    # are removed by docxtpl, so remove this one for both cells to start level.
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=CENTER, first=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=CENTER)
    _rule(right, 6.3, HEADING_WIDTHS[1])
    date = _para(right, "{{ place_date }}", size=14, italic=True, align=CENTER)
    date.paragraph_format.space_before = Pt(6)


def _type_line(doc, kind_text, summary):
    kind = _para(doc, kind_text, size=14, bold=True, align=CENTER)
    kind.paragraph_format.space_before = Pt(18)
    _para(doc, summary, size=14, bold=True, align=CENTER)
    _rule(doc, 4.0, TEXT_WIDTH).paragraph_format.space_after = Pt(6)


def _grid(doc, headers, row, widths_cm, size=12):
    """A bordered table: a header row and one row repeated for each item ({%tr for %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, (header, width) in enumerate(zip(headers, widths_cm, strict=True)):
        table.columns[index].width = Cm(width)
        for r in range(4):
            table.rows[r].cells[index].width = Cm(width)
        _para(table.rows[0].cells[index], header, size=size, bold=True, align=CENTER, first=True)
    _para(table.rows[1].cells[0], row["for"], size=size, first=True)
    for index, (text, align, cell_size) in enumerate(row["cells"]):
        cell = table.rows[2].cells[index]
        _para(cell, text, size=cell_size or size, align=align, first=True)
    _para(table.rows[3].cells[0], "{%tr endfor %}", size=size, first=True)
    # The header row repeats on every page the table runs to.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))
    return table


def _signature(doc):
    """'Nơi nhận:' with its list on the left, the signer's title and name on the right."""
    _para(doc).paragraph_format.space_before = Pt(6)
    left, right = _layout_table(doc, [7.5, 9.0])
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, first=True)
    _tag(left, "{%p for recipient in recipients %}")
    _para(left, "- {{ recipient }};", size=11)
    _tag(left, "{%p endfor %}")
    _para(left, "- Lưu: {{ filing }}.", size=11)
    _tag(right, "{%p for line in signer_lines %}")
    _para(right, "{{ line }}", size=14, bold=True, align=CENTER)
    _tag(right, "{%p endfor %}")
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    for _ in range(4):  # room for the signature and the seal
        _para(right, "")
    _para(right, "{{ signer_name }}", size=14, bold=True, align=CENTER)


def _report():
    doc = _document()
    _heading_block(doc)
    _type_line(doc, "BÁO CÁO", f"Kết quả xây dựng {TITLE} năm {{{{ year }}}}")
    _body(
        doc,
        "Thực hiện chương trình xây dựng " + TITLE + " theo {{ criteria_set }}, "
        "{{ issuer_name }} báo cáo kết quả năm {{ year }} như sau:",
    )
    _body(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _body(
        doc,
        "1. Toàn tỉnh có {{ wards_total }} phường; {{ registered }} phường đăng ký xây dựng "
        "năm {{ year }} ({{ registered_share }} số phường); {{ meeting_all }} phường đạt đủ "
        "các tiêu chí; {% if recognized %}{{ recognized }} phường đã được Bộ Công an công nhận "
        "({{ recognized_share }} số phường){% else %}chưa có phường nào được Bộ Công an công "
        "nhận{% endif %}.",
    )
    _body(doc, "2. Chỉ tiêu Bộ Công an giao năm {{ year }}: {{ quota_text }}.")
    _tag(doc, "{%p if standings %}")
    _body(doc, "3. So với mục tiêu của chương trình:")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for s in standings %}")
    _body(doc, "- Mục tiêu năm {{ s.target_year }} ({{ s.share_range }} số phường): {{ s.label }}.")
    _tag(doc, "{%p endfor %}")
    _body(doc, "4. {{ bottleneck_text }}")
    _body(
        doc,
        "5. Tiến độ đánh giá: {% if due_text %}hạn Công an các phường đánh giá đủ các tiêu chí "
        "là ngày {{ due_text }}; {% endif %}{{ complete }}/{{ registered }} phường đăng ký đã "
        "đánh giá đủ các tiêu chí{% if due_text %}, trong đó {{ complete_on_time }} phường đúng "
        "hạn; {{ late }} phường chậm hạn{% endif %}.",
    )
    _tag(doc, "{%p if measured %}")
    _body(doc, "6. Số liệu của các tiêu chí đo bằng số:")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for m in measured %}")
    _body(doc, "- {{ m }}.")
    _tag(doc, "{%p endfor %}")
    _body(doc, "Bảng 1. Số liệu tổng hợp năm {{ year }}", bold=True)
    _grid(
        doc,
        ["Chỉ số", "Số liệu"],
        {
            "for": "{%tr for f in figures %}",
            "cells": [("{{ f.label }}", None, None), ("{{ f.value }}", CENTER, None)],
        },
        [11.0, 5.5],
    )
    _body(doc, "II. DANH SÁCH PHƯỜNG ĐĂNG KÝ XÂY DỰNG NĂM {{ year }}", bold=True)
    _tag(doc, "{%p if not wards %}")
    _body(doc, "Năm {{ year }} chưa có phường nào đăng ký xây dựng.")
    _tag(doc, "{%p endif %}")
    _grid(
        doc,
        ["STT", "Mã", "Phường", "Trạng thái", "Tiêu chí đạt", "Tiêu chí chưa đạt"],
        {
            "for": "{%tr for w in wards %}",
            "cells": [
                ("{{ w.index }}", CENTER, None),
                ("{{ w.code }}", CENTER, None),
                ("{{ w.name }}", None, None),
                ("{{ w.status }}", None, None),
                ("{{ w.met }}", CENTER, None),
                ("{{ w.missing }}", None, None),
            ],
        },
        [1.2, 1.6, 4.2, 3.4, 2.0, 4.1],
    )
    _body(doc, "{{ issuer_name }} báo cáo Bộ Công an./.")
    _signature(doc)
    return doc


def _proposal():
    doc = _document()
    _heading_block(doc)
    _type_line(doc, "TỜ TRÌNH", f"Đề nghị công nhận {TITLE} năm {{{{ year }}}}")
    addressee = _para(doc, "Kính gửi: Bộ trưởng Bộ Công an.", align=CENTER)
    addressee.paragraph_format.space_before = Pt(6)
    _tag(doc, "{%p if wards %}")
    _body(
        doc,
        "Căn cứ kết quả thẩm định, {{ issuer_name }} đề nghị Bộ trưởng Bộ Công an xem xét, "
        "công nhận {{ wards|length }} Công an phường đạt danh hiệu “" + TITLE + "” năm {{ year }}, "
        "gồm:",
    )
    _tag(doc, "{%p else %}")
    _body(
        doc,
        "Năm {{ year }}, {{ issuer_name }} chưa chuyển Bộ đề nghị công nhận phường nào.",
    )
    _tag(doc, "{%p endif %}")
    _grid(
        doc,
        [
            "STT",
            "Phường",
            "Tiêu chí đạt",
            "Hồ sơ minh chứng (số tệp)",
            "SHA-256 của mục lục hồ sơ",
            "Quyết định của Bộ",
        ],
        {
            "for": "{%tr for w in wards %}",
            "cells": [
                ("{{ w.index }}", CENTER, None),
                ("{{ w.name }}", None, None),
                ("{{ w.met }}", CENTER, None),
                ("{{ w.file_count }}", CENTER, None),
                ("{{ w.toc_sha256 }}", None, 9),
                ("{{ w.decision }}", None, None),
            ],
        },
        [1.1, 3.6, 1.9, 2.0, 5.0, 2.9],
    )
    _body(
        doc,
        "Hồ sơ minh chứng của từng phường gửi kèm theo Tờ trình này. {{ issuer_name }} kính "
        "trình Bộ trưởng Bộ Công an xem xét, quyết định./.",
    )
    _signature(doc)
    return doc


def _decision():
    doc = _document()
    _heading_block(doc)
    _type_line(doc, "QUYẾT ĐỊNH", f"Về việc công nhận {TITLE} năm {{{{ year }}}}")
    authority = _para(doc, "{{ authority }}", bold=True, align=CENTER)
    authority.paragraph_format.space_before = Pt(12)
    _tag(doc, "{%p for basis in bases %}")
    _body(doc, "{{ basis }}", italic=True)
    _tag(doc, "{%p endfor %}")
    decides = _para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER)
    decides.paragraph_format.space_before = Pt(12)
    article = _body(doc, "Điều 1. ", bold=True)
    _run(
        article,
        "Công nhận {{ wards|length }} Công an phường thuộc {{ provinces_text }} "
        "đạt danh hiệu “" + TITLE + "” năm {{ year }} (có danh sách kèm theo).",
    )
    article = _body(doc, "Điều 2. ", bold=True)
    _run(article, "Quyết định này có hiệu lực kể từ ngày ký.")
    article = _body(doc, "Điều 3. ", bold=True)
    _run(article, "{{ executors }} chịu trách nhiệm thi hành Quyết định này./.")
    _signature(doc)
    # The annex, on a page of its own.
    _para(doc).add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "DANH SÁCH", bold=True, align=CENTER)
    _para(doc, TITLE + " năm {{ year }}", bold=True, align=CENTER)
    annex = _para(
        doc,
        "(Kèm theo Quyết định số {{ number }} ngày {{ date_short }} của {{ authority_name }})",
        italic=True,
        align=CENTER,
    )
    annex.paragraph_format.space_after = Pt(12)
    _grid(
        doc,
        ["STT", "Công an phường", "Tỉnh, thành phố", "Tiêu chí đạt"],
        {
            "for": "{%tr for w in wards %}",
            "cells": [
                ("{{ w.index }}", CENTER, None),
                ("{{ w.name }}", None, None),
                ("{{ w.province }}", None, None),
                ("{{ w.met }}", CENTER, None),
            ],
        },
        [1.2, 6.3, 6.0, 3.0],
    )
    return doc


BUILDERS = {"report": _report, "proposal": _proposal, "decision": _decision}


def templates_write(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write the three templates into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, build in BUILDERS.items():
        doc = build()
        # Fixed properties, so writing again gives the same files.
        props = doc.core_properties
        props.author = props.last_modified_by = "ward-model-tracker"
        props.title = kind
        path = directory / f"{kind}.docx"
        doc.save(path)
        written.append(path)
    return written
