"""`kg extract` end to end: garbage in gives per-file errors, the good files
are processed, and the exit code says that some failed."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli

DEV = Path(__file__).resolve().parents[1] / "data" / "samples" / "dev"
runner = CliRunner()


def test_folder_with_bad_files(tmp_path):
    good = DEV / "004_0e2c83d4f5c3dbf1.txt"
    shutil.copy(good, tmp_path / "good.txt")
    text = good.read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "big5.txt").write_bytes("泰州醫藥高新區位於江蘇省泰州市。".encode("big5"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "empty.txt").write_bytes(b"")

    result = runner.invoke(cli, ["extract", str(tmp_path)])

    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    docs = {d["doc"] for d in lines}
    assert {"good", "gbk", "big5"} <= docs
    assert "binary" not in docs and "empty" not in docs
    by = {d["doc"]: d for d in lines}
    # the GBK copy reads exactly like the UTF-8 original
    assert by["gbk"]["entities"] == by["good"]["entities"]
    assert any(e["name"] == "泰州市" for e in by["big5"]["entities"])
    assert "binary.txt" in result.stderr and "empty.txt" in result.stderr


def test_all_good_exits_zero():
    result = runner.invoke(cli, ["extract", str(DEV / "003_bdf1d6836cfab028.txt")])
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["doc"] == "003_bdf1d6836cfab028"
    assert {"entities", "relations"} <= set(first)
    rel = first["relations"][0]
    assert {"type", "source", "target", "evidence", "confidence"} <= set(rel)
