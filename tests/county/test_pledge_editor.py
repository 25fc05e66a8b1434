"""The county edits the pledge texts in the policy editor, on both backends: editing a
text gives it a new version, the required dispositions are published, and the
workstation's parser reads what was signed."""

from __future__ import annotations

import io
import re

import pytest

from checkpoint_app.county.app import create_app
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.keys import init_county_keys
from checkpoint_app.policy.schema import DEFAULT_PLEDGE, parse_policy
from checkpoint_app.records.model import Disposition
from checkpoint_app.sync.protocol import load_public_key, verify_policy_pack
from tests.county.test_decision_pages import PASSWORD, _client, _db_url, _editor_form


@pytest.fixture
def county(county_store, tmp_path, monkeypatch):
    """A county app on each backend with an administrator and a viewer."""
    keys = init_county_keys(tmp_path / "county")[0]
    for name, role in (("admin", "admin"), ("viewer", "viewer")):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        args = ["user", "add", name, "--role", role, "--password-stdin"]
        assert county_main([*args, "--db", _db_url(county_store)]) == 0
    return county_store, keys, create_app(_db_url(county_store), tmp_path / "county")


def _pledge_fields(page: str) -> dict[str, str]:
    """The pledge fields as the browser would send them from the page as shown."""
    section = page.split('id="pledges"')[1].split("</section>", maxsplit=1)[0]
    fields: dict[str, str] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="(pledge_[a-z_0-9]+)" value="([^"]*)"', section
    ):
        fields[name] = value
    for name, value in re.findall(r'<input name="(pledge_title_\d+)" value="([^"]*)"', section):
        fields[name] = value
    for name, value in re.findall(
        r'<textarea name="(pledge_text_\d+)"[^>]*>(.*?)</textarea>', section, re.DOTALL
    ):
        fields[name] = value
    for name in re.findall(
        r'<input type="checkbox" name="(pledge_[a-z_0-9]+)" value="on" checked>', section
    ):
        fields[name] = "on"
    return fields


def _published(county):
    store, keys, _app = county
    pack = verify_policy_pack(
        load_public_key(keys.signing_public_raw), store.latest_policy().envelope
    )
    return pack.content, parse_policy(pack.content)


def test_the_editor_shows_the_built_in_pledge_until_the_county_publishes_its_own(county):
    page = _client(county, "viewer").get("/policy").text
    fields = _pledge_fields(page)
    assert fields["pledge_rows"] == "2"  # the built-in text and an empty one for a new text
    assert fields["pledge_title_0"] == DEFAULT_PLEDGE.title
    assert "如实申报本人14天内" in fields["pledge_text_0"]
    assert "内置文本" in page.split('id="pledges"')[1]


def test_publishing_an_unchanged_editor_keeps_the_built_in_pledge_and_omits_the_section(county):
    client = _client(county, "admin")
    form = _editor_form(client) | _pledge_fields(client.get("/policy").text)
    assert client.post("/policy", data={**form, "action": "publish"}).status_code == 200
    content, policy = _published(county)
    assert "pledges" not in content
    assert policy.pledges.text_for(Disposition.RELEASE) == DEFAULT_PLEDGE


def test_editing_a_text_bumps_its_version_and_a_new_text_is_for_its_dispositions(county):
    client = _client(county, "admin")
    form = _editor_form(client) | _pledge_fields(client.get("/policy").text)
    form |= {
        "pledge_text_0": form["pledge_text_0"] + "\r\n五、配合落地检。",
        "pledge_title_1": "居家隔离承诺书",
        "pledge_text_1": "本人承诺居家隔离期间不外出。",
        "pledge_disp_1_home_quarantine": "on",
        "pledge_required_home_quarantine": "on",
        "pledge_required_turn_back": "on",
    }
    page = client.post("/policy", data={**form, "action": "publish"})
    assert page.status_code == 200, page.text
    content, policy = _published(county)
    versions = [t["version"] for t in content["pledges"]["texts"]]
    assert versions == [1, 2]
    assert policy.pledges.text_for(Disposition.RELEASE).text.endswith("五、配合落地检。")
    assert policy.pledges.text_for(Disposition.HOME_QUARANTINE).title == "居家隔离承诺书"
    assert policy.pledges.required_for == {Disposition.HOME_QUARANTINE, Disposition.TURN_BACK}

    # Edit only the quarantine text: it alone takes the next version.
    form = _editor_form(client) | _pledge_fields(client.get("/policy").text)
    assert form["pledge_required_home_quarantine"] == "on"  # shown as published
    form["pledge_text_1"] = "本人承诺居家隔离14天，不外出、不聚集。"
    assert client.post("/policy", data={**form, "action": "publish"}).status_code == 200
    content, policy = _published(county)
    assert [t["version"] for t in content["pledges"]["texts"]] == [1, 3]
    assert policy.pledges.text_of_version(3).text.startswith("本人承诺居家隔离14天")


def test_a_pledge_without_its_title_or_two_texts_for_one_disposition_are_refused(county):
    client = _client(county, "admin")
    form = _editor_form(client) | _pledge_fields(client.get("/policy").text)
    page = client.post("/policy", data={**form, "pledge_title_0": "", "action": "publish"})
    assert page.status_code == 400 and "承诺书第 1 个：请填写标题" in page.text
    twice = form | {
        "pledge_disp_0_turn_back": "on",
        "pledge_title_1": "劝返承诺书",
        "pledge_text_1": "本人承诺返回出发地。",
        "pledge_disp_1_turn_back": "on",
    }
    page = client.post("/policy", data={**twice, "action": "publish"})
    assert page.status_code == 400 and "已有承诺书文本" in page.text
    assert county[0].latest_policy() is None
