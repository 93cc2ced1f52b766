"""The installed package: one top-level name, unshadowed by a notebook's own folders."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from ..conftest import ROOT

EXPECTED_TOP_LEVEL = {"manifesto", "manifesto-0.1.0.dist-info"}


def _source_copy(target: Path) -> Path:
    """The tracked files of this checkout, so the build never writes into the repository."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if name.startswith(("data/", "tests/", "bench/")):
            continue
        source, dest = ROOT / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(source.read_bytes())
    return target


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> tuple[Path, Path, set[str]]:
    """A fresh virtual environment with the wheel installed (non-editable, offline).

    The project's dependencies come from the test environment's site-packages through a
    `.pth` line, which adds that folder to sys.path without running its own `.pth` files
    (so the editable install of this checkout stays invisible).
    """
    work = tmp_path_factory.mktemp("wheel")
    source = _source_copy(work / "src")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(work / "dist"), str(source)], check=True, capture_output=True)
    wheel = next((work / "dist").glob("manifesto-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    before = set(p.name for p in site.iterdir())
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    added = set(p.name for p in site.iterdir()) - before
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python, site, added


def test_wheel_installs_one_top_level_package(wheel_env):
    _python, _site, added = wheel_env
    assert added == EXPECTED_TOP_LEVEL


def test_wheel_import_is_not_shadowed_by_a_notebook_folder(wheel_env, tmp_path):
    python, site, _added = wheel_env
    for decoy in ("models", "pipeline", "extractors"):
        (tmp_path / decoy).mkdir()
        (tmp_path / decoy / "__init__.py").write_text("raise ImportError('the notebook folder was imported')\n")
    (tmp_path / "cli.py").write_text("raise ImportError('the notebook cli.py was imported')\n")
    probe = ("import manifesto, manifesto.cli\n"
             "from manifesto.models import MODELS_DIR\n"
             "from manifesto.extractors import REGISTRY\n"
             "print(manifesto.__file__); print(MODELS_DIR); print(callable(manifesto.load_stage))\n"
             "print(','.join(REGISTRY.names()))\n")
    result = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    package_file, models_dir, loader_ok, stages = result.stdout.splitlines()
    assert Path(package_file).is_relative_to(site)
    assert (Path(models_dir) / "pledges" / "lexicon.toml").is_file()  # rule data ships in the wheel
    assert loader_ok == "True"
    assert "pledges" in stages.split(",")


def test_wheel_ships_the_report_templates(wheel_env, tmp_path):
    python, site, _added = wheel_env
    probe = ("from manifesto.pipeline.report import environment\n"
             "from importlib.resources import files\n"
             "print(environment().get_template('document.html.j2').filename)\n"
             "print((files('manifesto.pipeline.report') / 'templates' / 'report.js').is_file())\n")
    result = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    template, script_ok = result.stdout.splitlines()
    assert Path(template).is_relative_to(site) and script_ok == "True"
