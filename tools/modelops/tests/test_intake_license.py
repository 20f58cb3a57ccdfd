import json

import pytest

from intake_fixtures import make_model, run_json
from modelops.intake.license import main

MIT_TEXT = """MIT License

Copyright (c) 2026 Example

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
"""
APACHE_TEXT = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/
"""


def test_card_license_on_the_allow_list_passes(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="apache-2.0")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "Apache-2.0,mit"], capsys)
    assert code == 0
    assert summary["licenses"] == ["apache-2.0"]
    assert summary["sources"] == [{"source": "README.md license", "license": "apache-2.0"}]


def test_license_not_allowed_fails_and_says_which(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="cc-by-nc-4.0")
    code = main(["--model-dir", str(model), "--allow", "apache-2.0", "--allow", "mit"])
    out = capsys.readouterr().out
    assert code == 1
    assert "license cc-by-nc-4.0 is not on the allow-list (apache-2.0, mit)" in out


def test_other_license_uses_license_name(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="other")
    (model / "README.md").write_text("---\nlicense: other\nlicense_name: acme-model-license\n---\n# x\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "acme-model-license"], capsys)
    assert code == 0 and summary["sources"][0]["source"] == "README.md license_name"
    (model / "README.md").write_text("---\nlicense: other\n---\n# x\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "acme-model-license"], capsys)
    assert code == 1 and "without a license_name" in summary["problems"][0]


def test_license_file_alone_is_recognised(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id=None)
    (model / "LICENSE").write_text(MIT_TEXT)
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "mit"], capsys)
    assert code == 0 and summary["sources"] == [{"source": "LICENSE", "license": "mit"}]


def test_sources_that_disagree_fail(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="apache-2.0")
    (model / "LICENSE").write_text(MIT_TEXT)
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0,mit"], capsys)
    assert code == 1
    assert any(p.startswith("license sources disagree") for p in summary["problems"])


def test_agreeing_sources_and_config_pass(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="apache-2.0")
    (model / "LICENSE").write_text(APACHE_TEXT)
    (model / "config.json").write_text(json.dumps({"model_type": "gpt2", "license": "Apache-2.0"}))
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0"], capsys)
    assert code == 0 and len(summary["sources"]) == 3


def test_custom_license_text_next_to_a_card_is_a_note(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id="apache-2.0")
    (model / "LICENSE").write_text("Acme terms: be nice.\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0"], capsys)
    assert code == 0 and summary["notes"] == ["LICENSE: license text not recognised"]


def test_no_license_fails(tmp_path, capsys):
    model = make_model(tmp_path / "m", license_id=None)
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0"], capsys)
    assert code == 1 and summary["problems"][0].startswith("no license declared")


def test_broken_front_matter_fails(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    (model / "README.md").write_text("---\nlicense: [apache-2.0\n---\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0"], capsys)
    assert code == 1 and "front matter is not valid YAML" in summary["problems"][0]


def test_list_of_licenses_must_all_be_allowed(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    (model / "README.md").write_text("---\nlicense:\n  - apache-2.0\n  - llama3.1\n---\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--allow", "apache-2.0"], capsys)
    assert code == 1 and any("llama3.1 is not on the allow-list" in p for p in summary["problems"])


@pytest.mark.parametrize("content", ["- apache-2.0\n- mit\n", "allowed_licenses: [apache-2.0]\nother: 1\n"])
def test_allow_list_file(tmp_path, capsys, content):
    model = make_model(tmp_path / "m")
    allow = tmp_path / "allow.yaml"
    allow.write_text(content)
    assert main(["--model-dir", str(model), "--allow-list", str(allow)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], "give the allowed licenses"),
        (["--allow", "apache 2.0; rm -rf"], "is not a license id"),
        (["--allow-list", "/nonexistent/allow.yaml"], "is not a file"),
    ],
)
def test_bad_input_exit_2(tmp_path, capsys, argv, expected):
    model = make_model(tmp_path / "m")
    assert main(["--model-dir", str(model), *argv]) == 2
    assert expected in capsys.readouterr().err
