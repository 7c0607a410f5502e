"""Build hook: compile the translation catalogues (.po → .mo) into the package at build time.

The metadata lives in pyproject.toml; this file only adds the step, so a wheel, a wheel built
from the sdist and an editable install all carry Norwegian catalogues without GNU gettext and
without running `samplan compile-translations` after installing. polib is a build requirement.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    """build_py that also writes a .mo next to every .po of the package data.

    A normal build writes into the build directory (what goes into the wheel); an editable
    install reads the source tree, so there the .mo files are written next to the .po files.
    """

    def run(self) -> None:
        super().run()
        try:
            import polib
        except ImportError as error:
            raise RuntimeError(
                "Building Samplan compiles its translation catalogues with polib, a build "
                "requirement (pyproject.toml): install polib, or build with build isolation "
                "(the default of pip and python -m build)"
            ) from error

        for po_path, built_mo in self._catalogues():
            mo_path = po_path.with_suffix(".mo") if self.editable_mode else built_mo
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))

    def get_output_mapping(self) -> dict[str, str]:
        """Add the .mo files (built → source tree) for editable installs in strict mode."""
        mapping = super().get_output_mapping()
        for po_path, built_mo in self._catalogues():
            mapping[str(built_mo)] = str(po_path.with_suffix(".mo"))
        return mapping

    def _catalogues(self) -> Iterator[tuple[Path, Path]]:
        """(.po in the source tree, its .mo in the build directory) for each catalogue."""
        for _package, src_dir, build_dir, filenames in self.data_files:
            for filename in filenames:
                if filename.endswith(".po"):
                    yield Path(src_dir, filename), Path(build_dir, filename).with_suffix(".mo")


setup(cmdclass={"build_py": BuildPyWithCatalogues})
