"""The build backend's one addition: the translations are compiled whenever the package is built.

``pip install .`` (a wheel) carries ``resources/`` and the compiled catalogs inside the package,
as ``borderdesk/_data/``; ``pip install -e .`` (editable) compiles the catalogs in place in the
checkout's ``translations/``, where ``borderdesk/resources.py`` finds them. Either way an
installed BorderDesk speaks Vietnamese and Chinese, however it was installed.
"""
import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _i18n_tool():
    spec = importlib.util.spec_from_file_location("borderdesk_i18n_tool", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogs(build_py):
    def run(self):
        super().run()
        i18n = _i18n_tool()
        if getattr(self, "editable_mode", False):
            i18n.compile_catalogs(quiet=True)  # the checkout's translations/ are used in place
            i18n.compile_qt_catalogs(quiet=True)
            return
        data = Path(self.build_lib) / "borderdesk" / "_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(ROOT / "resources", data / "resources")
        shutil.copytree(ROOT / "translations", data / "translations",
                        ignore=shutil.ignore_patterns("*.mo", "*.qm", "*.pot"))
        i18n.compile_catalogs(data / "translations", quiet=True)
        # Qt's own strings in Vietnamese: PySide6's lrelease (built without isolation, as setup.sh does)
        i18n.compile_qt_catalogs(data / "translations" / "qt", quiet=True)
        for source in [*(data / "translations").glob("*/LC_MESSAGES/*.po"), *(data / "translations" / "qt").glob("*.ts")]:
            source.unlink()


setup(cmdclass={"build_py": BuildPyWithCatalogs})
