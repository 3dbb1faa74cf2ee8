"""First run: the setup assistant (language, the post, the officer, the administrator and the recovery
key of the encrypted database), or a demo database in one click.

Later runs open straight to the desk: the database chosen here is remembered
in the settings. :func:`run_setup_if_needed` is what the application's entry
point calls before it builds the main window; when it returns True the
database to work on is open and has its post.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from borderdesk import i18n
from borderdesk.domain import kinds as K
from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk import app as wiring
from borderdesk.services import session, site
from borderdesk.store.connection import default_db_path
from borderdesk.store.models import DB
from borderdesk.ui import language
from borderdesk.ui import settings as ui_settings

DATABASE_KEY = "database"
DEMO_FILE = "borderdesk-demo.sqlite"
#: The provinces on the border with China, for the province box (free text is allowed).
BORDER_PROVINCES = ("Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Tuyên Quang", "Cao Bằng", "Lạng Sơn",
                    "Quảng Ninh")
#: The post a demo database belongs to (a real post: ../shared/domain/places.tsv).
DEMO_POST = {"code": "PL", "name_vi": "Đồn Biên phòng Pha Long", "name_zh": "帕龙边防站", "kind": "post",
             "province": "Lào Cai"}
ERROR_STYLE = "color: #b00020;"


def demo_db_path() -> Path:
    """The demo database lives next to the default one, never on top of real work."""
    return default_db_path().parent / DEMO_FILE


def database_path(explicit: str | Path | None = None) -> Path:
    """The database to open: the one named on the command line, else the remembered one, else the default."""
    if explicit:
        return Path(explicit)
    remembered = str(ui_settings.value(DATABASE_KEY, "") or "")
    if remembered and Path(remembered).exists():
        return Path(remembered)
    return default_db_path()


def open_database(path: Path) -> None:
    """Open *path* (created and migrated if new) and load its site identity."""
    current = getattr(DB.obj, "database", None)
    if current != str(path) or DB.is_closed():
        wiring.open_database(path)
    session.open_session()


def _field(name: str) -> tuple[QLineEdit, QLabel]:
    edit = QLineEdit()
    edit.setObjectName(name)
    err = QLabel()
    err.setObjectName(f"error_{name}")
    err.setStyleSheet(ERROR_STYLE)
    err.setWordWrap(True)
    err.hide()
    return edit, err


def _heads() -> tuple[QLabel, QLabel]:
    """Column heads over Vietnamese | Chinese pairs, each language named in itself."""
    heads = QLabel(language.LANGUAGE_NAMES["vi"]), QLabel(language.LANGUAGE_NAMES["zh"])
    for head in heads:
        head.setStyleSheet("font-weight: bold;")
    return heads


def _show_errors(errors: dict[str, str], labels: dict[str, QLabel], editors: dict[str, QWidget]) -> bool:
    """Put each message under its field; True if any field of this page was named."""
    first = None
    for name, label in labels.items():
        msg = errors.get(name, "")
        label.setText(msg)
        label.setVisible(bool(msg))
        if msg and first is None:
            first = editors.get(name)
    if first is not None:
        first.setFocus()
    return first is not None


class LanguagePage(QWizardPage):
    """Choose the interface language (the assistant switches at once), or open a demo."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self._wizard = wizard
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        for lang, name in language.LANGUAGE_NAMES.items():
            button = QRadioButton(name)
            button.setObjectName(f"lang_{lang}")
            self.group.addButton(button)
            self.buttons[lang] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, lang=lang: on and self._choose(lang))
        self.buttons.get(i18n.current_language(), self.buttons["vi"]).setChecked(True)
        layout.addSpacing(24)
        self.demo_box = QGroupBox()
        box = QVBoxLayout(self.demo_box)
        self.demo_text = QLabel()
        self.demo_text.setWordWrap(True)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("open_demo")
        self.demo_button.clicked.connect(wizard.open_demo)
        self.demo_status = QLabel()
        self.demo_status.setObjectName("demo_status")
        self.demo_status.setWordWrap(True)
        box.addWidget(self.demo_text)
        box.addWidget(self.demo_button, 0, Qt.AlignLeft)
        box.addWidget(self.demo_status)
        layout.addWidget(self.demo_box)
        layout.addStretch(1)

    def _choose(self, lang: str) -> None:
        if lang != i18n.current_language():
            language.switch_language(lang)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to BorderDesk"))
        self.setSubTitle(_("Choose the language of the interface. You can change it later from the View menu."))
        self.intro.setText(_("Language:"))
        self.demo_box.setTitle(_("Just trying BorderDesk out?"))
        self.demo_text.setText(_(
            "Open a demo database: a border post with three years of made-up records. "
            "Your own database is not touched."))
        self.demo_button.setText(_("Open a &demo database"))


class PostPage(QWizardPage):
    """The identity of this database's site: code, names in both languages, province, post or headquarters."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self._wizard = wizard
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.head_vi, self.head_zh = _heads()
        grid.addWidget(self.head_vi, 2, 1)
        grid.addWidget(self.head_zh, 2, 2)
        for name in ("code", "name_vi", "name_zh"):
            self.editors[name], self.errors[name] = _field(name)
        self.province = QComboBox()
        self.province.setObjectName("province")
        self.province.setEditable(True)
        self.province.addItems(("",) + BORDER_PROVINCES)
        self.editors["province"] = self.province
        self.errors["province"] = _field("province")[1]
        self.kind_post, self.kind_hq = QRadioButton(), QRadioButton()
        self.kind_post.setObjectName("kind_post")
        self.kind_hq.setObjectName("kind_headquarters")
        self.kind_post.setChecked(True)
        self.editors["kind"] = self.kind_post
        self.errors["kind"] = _field("kind")[1]
        for key in ("code", "name", "province", "kind"):
            self.labels[key] = QLabel()
            self.labels[key].setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.labels["code"].setBuddy(self.editors["code"])
        self.labels["name"].setBuddy(self.editors["name_vi"])
        self.labels["province"].setBuddy(self.province)
        self.labels["kind"].setBuddy(self.kind_post)
        grid.addWidget(self.labels["code"], 0, 0)
        grid.addWidget(self.editors["code"], 0, 1)
        grid.addWidget(self.errors["code"], 1, 1, 1, 2)
        grid.addWidget(self.labels["name"], 3, 0)
        grid.addWidget(self.editors["name_vi"], 3, 1)
        grid.addWidget(self.editors["name_zh"], 3, 2)
        grid.addWidget(self.errors["name_vi"], 4, 1)
        grid.addWidget(self.errors["name_zh"], 4, 2)
        grid.addWidget(self.labels["province"], 5, 0)
        grid.addWidget(self.province, 5, 1)
        grid.addWidget(self.errors["province"], 6, 1, 1, 2)
        grid.addWidget(self.labels["kind"], 7, 0)
        kinds = QVBoxLayout()
        kinds.addWidget(self.kind_post)
        kinds.addWidget(self.kind_hq)
        grid.addLayout(kinds, 7, 1, 1, 2)
        grid.addWidget(self.errors["kind"], 8, 1, 1, 2)
        grid.setRowStretch(9, 1)

    def retranslate(self) -> None:
        self.setTitle(_("Your post"))
        self.setSubTitle(_("Every record made here carries this identity; the provincial command "
                           "tells the posts apart by their codes."))
        self.labels["code"].setText(_("Code"))
        self.editors["code"].setPlaceholderText(_("for example PL"))
        self.labels["name"].setText(_("Name"))
        self.labels["province"].setText(_("Province"))
        self.labels["kind"].setText(_("This computer is at"))
        self.kind_post.setText(_("A border post"))
        self.kind_hq.setText(_("A headquarters (provincial command)"))

    def values(self) -> dict:
        return {"code": self.editors["code"].text().strip(), "name_vi": self.editors["name_vi"].text(),
                "name_zh": self.editors["name_zh"].text(), "province": self.province.currentText().strip(),
                "kind": "headquarters" if self.kind_hq.isChecked() else "post"}

    def show_errors(self, errors: dict[str, str]) -> bool:
        return _show_errors(errors, self.errors, self.editors)

    def validatePage(self) -> bool:
        """Check the post through the registry service, writing nothing yet."""
        self._wizard.open_target()
        data = self.values()
        try:
            site.check_post(data)  # the checks setup will make; the site is made only at the end
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        return True


class OfficerPage(QWizardPage):
    """The officer who works on this computer; finishing makes the site and the officer."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self._wizard = wizard
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for name in ("name_vi", "name_zh", "position_vi", "position_zh"):
            self.editors[name], self.errors[name] = _field(name)
        self.rank = QComboBox()
        self.rank.setObjectName("rank")
        self.rank.setEditable(True)  # ranks of the two sides do not map one to one: free text allowed
        self.rank.addItem("", "")
        for key in K.RANKS:
            self.rank.addItem("", key)
        self.editors["rank"] = self.rank
        self.errors["rank"] = _field("rank")[1]
        self.general = QLabel()
        self.general.setObjectName("error_general")
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.labels = {k: QLabel() for k in ("name", "rank", "position")}
        self.labels["name"].setBuddy(self.editors["name_vi"])
        self.labels["rank"].setBuddy(self.rank)
        self.labels["position"].setBuddy(self.editors["position_vi"])
        for label in self.labels.values():
            label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.head_vi, self.head_zh = _heads()
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self.head_vi, 0, 1)
        grid.addWidget(self.head_zh, 0, 2)
        grid.addWidget(self.labels["name"], 1, 0)
        grid.addWidget(self.editors["name_vi"], 1, 1)
        grid.addWidget(self.editors["name_zh"], 1, 2)
        grid.addWidget(self.errors["name_vi"], 2, 1)
        grid.addWidget(self.errors["name_zh"], 2, 2)
        grid.addWidget(self.labels["rank"], 3, 0)
        grid.addWidget(self.rank, 3, 1)
        grid.addWidget(self.errors["rank"], 4, 1, 1, 2)
        grid.addWidget(self.labels["position"], 5, 0)
        grid.addWidget(self.editors["position_vi"], 5, 1)
        grid.addWidget(self.editors["position_zh"], 5, 2)
        grid.addWidget(self.errors["position_vi"], 6, 1)
        grid.addWidget(self.errors["position_zh"], 6, 2)
        grid.addWidget(self.general, 7, 0, 1, 3)
        grid.setRowStretch(8, 1)

    def retranslate(self) -> None:
        self.setTitle(_("The officer using BorderDesk"))
        self.setSubTitle(_("Your name goes on the records you make and on the minutes you print."))
        self.labels["name"].setText(_("Full name"))
        self.labels["rank"].setText(_("Rank"))
        self.labels["position"].setText(_("Position"))
        self.editors["position_vi"].setPlaceholderText(_("for example Deputy head of the post"))
        current = self.rank.currentData()
        for i in range(1, self.rank.count()):
            self.rank.setItemText(i, _(K.RANKS[self.rank.itemData(i)]))
        if current:
            self.rank.setCurrentIndex(self.rank.findData(current))

    def validatePage(self) -> bool:
        """Check the site and the officer together, writing nothing yet (they are made on the last page)."""
        return self._wizard.finish_setup(dry_run=True)

    def values(self) -> dict:
        text = self.rank.currentText().strip()
        i = self.rank.findText(text)
        rank = self.rank.itemData(i) if i > 0 else text
        return {"name_vi": self.editors["name_vi"].text(), "name_zh": self.editors["name_zh"].text(),
                "rank": rank, "position_vi": self.editors["position_vi"].text(),
                "position_zh": self.editors["position_zh"].text()}


class SetupWizard(QWizard):
    """The first-run assistant. After ``exec()`` accepted, the chosen database is open and set up."""

    def __init__(self, db_path: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.db_path = Path(db_path) if db_path else default_db_path()
        self.opened: Path | None = None  # the database the desk should open, once done
        from borderdesk.trust import keyslots

        new = not self.db_path.exists() or self.db_path.stat().st_size == 0
        # the recovery key of the database made here (shown once on the last page); none for an existing file
        self.recovery: bytes | None = keyslots.new_recovery_key() if new else None
        self.created = False  # this assistant made the file: it goes again if the setup is not finished
        self.demo_job = None
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage, True)
        self.language_page = LanguagePage(self)
        self.post_page = PostPage(self)
        self.officer_page = OfficerPage(self)
        from borderdesk.ui.setup_admin import AdministratorPage

        self.admin_page = AdministratorPage(self)
        for page in (self.language_page, self.post_page, self.officer_page, self.admin_page):
            self.addPage(page)
        self.resize(760, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("BorderDesk setup"))
        self.setButtonText(QWizard.NextButton, _("&Next >"))
        self.setButtonText(QWizard.BackButton, _("< &Back"))
        self.setButtonText(QWizard.FinishButton, _("&Open the desk"))
        self.setButtonText(QWizard.CancelButton, _("Cancel"))
        for page in (self.language_page, self.post_page, self.officer_page, self.admin_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the real setup -----------------------------------------------------------------

    def open_target(self) -> None:
        """Open the database being set up; a new one is made encrypted (its key from a new recovery key)."""
        from borderdesk.trust import encryption

        new = not self.db_path.exists() or self.db_path.stat().st_size == 0
        if new and self.recovery is not None:
            encryption.prepare_new(self.db_path, self.recovery)
            self.created = True
        open_database(self.db_path)

    def finish_setup(self, dry_run: bool = False) -> bool:
        """Make the site, its officer and the first administrator in one transaction (or only check them:
        *dry_run*); errors go back onto their fields."""
        from borderdesk.trust import accounts

        self.open_target()
        post, officer = self.post_page.values(), self.officer_page.values()
        page = self.officer_page
        name, password = self.admin_page.values()
        try:
            if dry_run:  # the checks setup will make, writing nothing
                site.check(post, officer)
            else:
                def first_administrator() -> None:  # in the same transaction as the site
                    if not accounts.has_accounts():
                        accounts.create_user(name, password, "administrator", officer["name_vi"])

                made = wiring.setup_site(post, officer, then=first_administrator).officer
        except ValidationError as exc:
            session.open_session()  # the site was rolled back with the officer
            if not dry_run and set(exc.errors) <= {"username", "password", "role"}:
                self.admin_page.error.setText(" ".join(exc.errors.values()))
                return False
            named = _show_errors(exc.errors, page.errors, page.editors)
            page.general.setText("" if named else " ".join(exc.errors.values()))
            return False
        except BorderDeskError as exc:
            session.open_session()
            (page.general if dry_run else self.admin_page.error).setText(str(exc))
            return False
        finally:
            if dry_run:
                session.open_session()
        page.general.setText("")
        if dry_run:
            return True
        session.open_session()
        accounts.authenticate(name, password, unlocked=self.recovery is not None)
        ui_settings.set_value("officer", made.uuid)
        self._remember(self.db_path)
        return True

    def reject(self) -> None:
        """Closed before the end: a database this assistant made is removed again (never a real one)."""
        if self.created and self.opened is None:
            from borderdesk.store.connection import close_db
            from borderdesk.trust import encryption

            close_db()
            encryption.discard_new(self.db_path)
            self.created = False
        super().reject()

    def _remember(self, path: Path) -> None:
        self.opened = path
        ui_settings.set_value(DATABASE_KEY, str(path))
        ui_settings.set_value(language.SETTINGS_KEY, i18n.current_language())

    # --- or a demo ----------------------------------------------------------------------

    def open_demo(self) -> None:
        """Create (or reopen) the demo database, fill it off the GUI thread, then open the desk."""
        from borderdesk.ui.worker import Cancelled, run_in_background

        status = self.language_page.demo_status
        from borderdesk.services import demo

        path = demo_db_path()
        open_database(path)
        if session.has_site():  # made on an earlier try: open it as it is
            self._demo_done(path)
            return
        wiring.setup_site(DEMO_POST)
        self.language_page.demo_button.setEnabled(False)
        status.setText(_("Filling the demo database…"))

        def work(progress):
            def step(done: int, total: int) -> None:
                if not progress(done, total, _("Writing demo records…")):
                    raise Cancelled()
            return demo.fill_demo(progress=step)

        def failed(exc: BaseException) -> None:
            self.language_page.demo_button.setEnabled(True)
            status.setText(_("The demo database could not be filled: {error}").format(error=exc))

        self.demo_job = run_in_background(work, on_success=lambda _r: self._demo_done(path), on_error=failed,
                                          parent=self, title=_("Filling the demo database…"))

    def _demo_done(self, path: Path) -> None:
        if self.created:  # the real database begun on the post page stays unmade
            from borderdesk.store.connection import close_db
            from borderdesk.trust import encryption

            close_db()
            encryption.discard_new(self.db_path)
            self.created = False
        open_database(path)
        self._remember(path)
        self.accept()


def run_setup_if_needed(app: QApplication, db_path: str | Path | None = None, lang: str | None = None) -> bool:
    """Open the database the desk should work on, running the setup assistant on the first run.

    Returns False when the user closed the assistant: the application should then quit.
    """
    from borderdesk.ui.fonts import install_fonts

    install_fonts(app)
    language.apply_language(lang or language.saved_language() or i18n.system_language())
    path = database_path(db_path)
    if path.exists():
        open_database(path)
        if session.has_site():
            ui_settings.set_value(DATABASE_KEY, str(path))
            return True
    wizard = SetupWizard(path)
    return bool(wizard.exec()) and wizard.opened is not None
