"""Fits the machines posts have: every screen without a horizontal scroll bar, with its whole text
and within the screen's width at 1366×768 and 1280×720 (and 1920×1080 at 150 %, which is 1280×720
of layout), in Vietnamese and in Chinese."""
from __future__ import annotations

import pytest

from borderdesk.ui import inspect, language
from tests.test_ui_language_walk import demo_window  # noqa: F401
from tests.ui_walk import settle, walk


@pytest.mark.parametrize("lang", ["vi", "zh"])
@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def test_every_screen_fits_without_horizontal_scrolling(demo_window, lang, size):  # noqa: F811
    language.switch_language(lang, remember=False)
    demo_window.resize(*size)
    settle()
    assert (demo_window.width(), demo_window.height()) == size
    bars: list[str] = []

    def look(name, widget):
        if widget is demo_window:
            bars.extend(f"[{name}] {b}" for b in inspect.horizontal_scrollbars(widget))
            # a window that needs more than the screen runs off its edge (a window manager keeps
            # it at its minimum): the handover form's buttons made it 1,366 wide in Vietnamese
            least = widget.minimumSizeHint().width()
            if least > size[0]:
                bars.append(f"[{name}] the window needs {least} px")
            bars.extend(f"[{name}] cut: {seen}" for seen in inspect.cut_texts(widget))

    walk(demo_window, look)
    assert not bars, f"{lang} at {size[0]}×{size[1]}:\n" + "\n".join(bars)
