"""Attachments in the desk: dropped on a form (a real QMimeData with file URLs), added by the button,
thumbnails drawn, the viewer, export, removal, the signed-original status and the dashboard's list."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from attachment_helpers import make_jpeg, make_pdf, make_tiff
from borderdesk.services import attachments as svc
from borderdesk.services import records
from borderdesk.store.models import DB


def _drop(qtbot, target, files) -> bool:
    """Drag files over *target* and drop them, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    pos = QPoint(target.width() // 2, target.height() // 2)
    enter = QDragEnterEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def _open_talks(window):
    row = records.create("talks", {"date": "2025-03-14", "place_vi": "Nhà hội đàm cửa khẩu"})
    page = window.show_page("talks")
    page.form.load(row.uuid)
    return row, page.form


def test_files_dropped_on_the_form_are_attached_with_thumbnails(window, qtbot, tmp_path):
    row, form = _open_talks(window)
    strip = form.attachments
    assert strip.status.text() == "No signed original attached yet"
    pdf, photo = make_pdf(tmp_path / "bien-ban-ky.pdf", pages=2), make_jpeg(tmp_path / "anh.jpg")
    # Dropped on a text field of the form: attached, not pasted as a path.
    field = form.editors["place_vi"].input_for("place_vi")
    assert _drop(qtbot, field, [pdf, photo])
    qtbot.waitUntil(lambda: strip.count() == 2, timeout=15000)
    assert field.text() == "Nhà hội đàm cửa khẩu"
    held = svc.list_for(row.uuid)
    assert [a.filename for a in held] == ["bien-ban-ky.pdf", "anh.jpg"]
    assert svc.read_bytes(held[0].uuid) == pdf.read_bytes()
    # The thumbnails are drawn from the content: the PDF's first page by QtPdf, the photo scaled.
    qtbot.waitUntil(lambda: all(held_sha in _thumbs() for held_sha in (held[0].sha256, held[1].sha256)),
                    timeout=15000)
    page_img = _thumbs()[held[0].sha256].toImage()
    assert page_img.height() == 96 and page_img.width() < 96  # an A4 page stands upright (a 1 px frame around)
    assert page_img.pixelColor(page_img.width() // 2, page_img.height() // 2).lightness() > 200  # paper white
    assert page_img.pixelColor(0, 0).lightness() < 200  # inside a grey edge
    photo_img = _thumbs()[held[1].sha256].toImage()
    assert photo_img.pixelColor(48, 30).green() > 100  # the photo's green, not a placeholder
    # A file that is not a scan: one clear line under the strip, nothing attached.
    wrong = tmp_path / "ghi-chu.pdf"
    wrong.write_text("chỉ là chữ", encoding="utf-8")
    assert _drop(qtbot, form, [wrong])
    qtbot.waitUntil(lambda: strip.message.isVisibleTo(form), timeout=15000)
    assert "ghi-chu.pdf is not a PDF, JPEG, PNG or TIFF file" in strip.message.text()
    assert strip.count() == 2


def test_a_new_record_takes_no_drop_until_saved(window, qtbot, tmp_path):
    page = window.show_page("talks")
    page.new_record()
    assert not _drop(qtbot, page.form, [make_pdf(tmp_path / "a.pdf")])
    assert not page.form.attachments.add_button.isEnabled()


def test_the_button_a_large_photo_the_viewer_export_and_removal(window, qtbot, tmp_path):
    row, form = _open_talks(window)
    strip = form.attachments
    big = make_jpeg(tmp_path / "ban-giao.jpg", size=(5000, 3000))
    asked = []
    strip.choose_files = lambda: [str(big)]
    strip.ask_reduce = lambda prepared: asked.append((prepared.info.width, prepared.info.height)) or "reduce"
    qtbot.mouseClick(strip.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=15000)
    assert asked == [(5000, 3000)]
    att = svc.list_for(row.uuid)[0]
    assert (att.width, att.height) == (4000, 2400)

    strip.list.setCurrentRow(0)
    viewer = strip.open_selected()
    qtbot.addWidget(viewer)
    assert viewer.image_label.pixmap().width() > 400
    viewer.close()

    out = tmp_path / "xuat" / "anh.jpg"
    out.parent.mkdir()
    strip.choose_export = lambda start: str(out)
    assert strip.export_selected() == out and out.read_bytes() == svc.read_bytes(att.uuid)

    strip.ask_delete = lambda title: True
    assert strip.delete_selected() and strip.count() == 0 and svc.get(att.uuid).deleted


def test_a_pdf_and_a_tiff_open_in_the_viewer(window, qtbot, tmp_path):
    row, form = _open_talks(window)
    pdf = svc.attach_file(row.uuid, make_pdf(tmp_path / "bb.pdf", pages=3), kind="signed_original")
    tif = svc.attach_file(row.uuid, make_tiff(tmp_path / "scan.tif", pages=2))
    form.attachments.refresh()
    strip = form.attachments
    assert strip.status.text() == "Signed original attached"
    strip.list.setCurrentRow(strip.ids().index(pdf.uuid))
    viewer = strip.open_selected()
    qtbot.addWidget(viewer)
    assert viewer.document.pageCount() == 3 and viewer.page_of.text() == "of 3"
    viewer.close()
    strip.list.setCurrentRow(strip.ids().index(tif.uuid))
    viewer = strip.open_selected()
    qtbot.addWidget(viewer)
    first = viewer.image_label.pixmap().toImage()
    viewer.page.setValue(2)
    assert viewer.image_label.pixmap().toImage() != first  # the second page of the scan
    viewer.close()


def test_the_dashboard_lists_talks_without_signed_minutes(window, qtbot, tmp_path):
    signed = records.create("talks", {"date": "2025-03-14"})
    unsigned = records.create("talks", {"date": "2025-04-02"})
    svc.attach_file(signed.uuid, make_pdf(tmp_path / "ky.pdf"), kind="signed_original")
    dash = window.dashboard
    with qtbot.waitSignal(dash.figures_shown, timeout=10_000):  # read on a worker thread
        dash.refresh()
    table = dash.unsigned
    assert table.rowCount() == 1
    assert table.item(0, 0).data(Qt.UserRole) == ("talks", unsigned.uuid)
    assert "1" in dash.unsigned_title.text()


def _thumbs():
    from borderdesk.ui.widgets import attachments

    return attachments._THUMBS


def test_the_strip_reads_in_vietnamese_and_chinese(window, qtbot):
    from borderdesk import i18n

    row, form = _open_talks(window)
    i18n.set_language("vi")
    form.retranslate()
    assert form.attachments.status.text() == "Chưa có bản ký"
    i18n.set_language("zh")
    form.retranslate()
    assert form.attachments.status.text() == "未附签字原件"
    assert DB.execute_sql("SELECT count(*) FROM attachment").fetchone()[0] == 0
