"""kg eval: the contract's matching rules, on hand-checked cases."""

import json

from loaders.evaluate import evaluate, norm

GOLD = {
    "doc": "d1",
    "entities": [
        {"type": "Park", "name": "湘潭天易经济技术开发区", "aliases": ["天易经开区"]},
        {"type": "Region", "name": "湘潭县", "aliases": ["湘潭县"]},
        {"type": "Region", "name": "湘潭市", "aliases": ["湘潭"]},
        {"type": "Company", "name": "中车", "aliases": ["中国中车"]},
        {"type": "Organization", "name": "招商局", "aliases": []},
    ],
    "relations": [
        {"type": "PARK_IN", "source": {"type": "Park", "name": "湘潭天易经济技术开发区"},
         "target": [{"type": "Region", "name": "湘潭县"}, {"type": "Region", "name": "湘潭市"}]},
        {"type": "SUPPLIES", "source": {"type": "Park", "name": "湘潭天易经济技术开发区"},
         "target": {"type": "Company", "name": "中车"}},
    ],
}


def _write(tmp_path, name, docs):
    p = tmp_path / name
    p.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    return p


def test_gold_against_itself_is_perfect(tmp_path):
    g = _write(tmp_path, "g.jsonl", [GOLD])
    s = evaluate(g, g)
    assert s.micro("entities").prf() == (1.0, 1.0, 1.0)
    assert s.micro("relations").prf() == (1.0, 1.0, 1.0)
    assert "Organization" not in s.entities  # not scored as an entity


def test_aliases_traditional_and_list_targets(tmp_path):
    pred = {
        "doc": "d1",
        "entities": [
            {"type": "Park", "name": "湖南湘潭天易经济开发区", "mentions": ["天易經開區"]},
            {"type": "Region", "name": "湘潭市", "mentions": ["湘潭"]},
            {"type": "Company", "name": "三一", "mentions": []},
            {"type": "Company", "name": "中国中车", "mentions": []},
        ],
        "relations": [
            {"type": "PARK_IN", "source": {"type": "Park", "name": "湖南湘潭天易经济开发区"},
             "target": {"type": "Region", "name": "湘潭市"}},
            {"type": "PARK_IN", "source": {"type": "Park", "name": "湖南湘潭天易经济开发区"},
             "target": {"type": "Region", "name": "湘潭市"}},  # the same fact twice counts once
            {"type": "SUPPLIES", "source": {"type": "Park", "name": "湖南湘潭天易经济开发区"},
             "target": {"type": "Company", "name": "三一"}},
        ],
    }
    s = evaluate(_write(tmp_path, "g.jsonl", [GOLD]), _write(tmp_path, "p.jsonl", [pred]))
    ent = s.micro("entities")
    assert (ent.gold, ent.pred, ent.hit) == (4, 4, 3)  # 三一 is not gold; 湘潭县 missed
    rel = s.micro("relations")
    assert (rel.gold, rel.pred, rel.hit) == (2, 2, 1)
    assert s.relations["SUPPLIES"].hit == 0


def test_missing_document_counts_as_all_missed(tmp_path):
    s = evaluate(_write(tmp_path, "g.jsonl", [GOLD]), _write(tmp_path, "p.jsonl", [{"doc": "other"}]))
    assert s.micro("entities").hit == 0 and s.micro("entities").gold == 4
    assert s.micro("relations").prf() == (0.0, 0.0, 0.0)


def test_norm_spaces_width_and_script():
    assert norm(" 高新區 ") == "高新区"
    assert norm("ＡＢＣ１") == "ABC1"
