"""The public pre-registration page on a real county server process, over HTTP and in
headless Chromium (Debian's, driven by Playwright) with JavaScript switched off.

The phone-sized screenshot is docs/images/preregistration-phone.png.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from checkpoint_app.county.preregistration import SubmissionRate
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.preregistration import Preregistration, verify_preregistration
from checkpoint_app.scanning.decode import decode_codes
from checkpoint_app.scanning.images import load_image
from checkpoint_app.sync.protocol import public_key_bytes
from tests.county_fixtures import REPO_ROOT, CountyServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = REPO_ROOT / "docs" / "images" / "preregistration-phone.png"
PHONE = {"width": 360, "height": 740}
FORM = {
    "name": "张伟",
    "document_type": "resident_id",
    "document_number": "411623199004151232",
    "phone": "13812345678",
    "plate": "沪A12345",
    "origin": "上海市浦东新区",
    "destination_township": "谭庄镇",
    "reason": "探亲访友",
    "plan": "到谭庄镇父母家，住两周",
}


@contextmanager
def _serving(server: CountyServer) -> Iterator[CountyServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.store.close()


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    """A county server whose policy pack names the townships (one is not in the bundle)."""
    root = tmp_path_factory.mktemp("prereg-county")
    server = CountyServer(root)
    townships = ("谭庄镇", "张明乡", "郝岗镇", "新设乡")
    content = replace(default_policy(), townships=townships).to_content()
    server.store.publish_policy(server.keys.signing, content)
    with _serving(server):
        yield server


def test_the_form_offers_the_policy_townships_and_the_reasons(county):
    page = httpx.get(f"{county.url}/preregister")
    assert page.status_code == 200
    assert '<option value="新设乡">新设乡</option>' in page.text
    assert '<option value="探亲访友">探亲访友</option>' in page.text
    assert "<script" not in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["cache-control"] == "no-store"


def test_bad_fields_are_answered_next_to_each_field_and_keep_what_was_typed(county):
    answer = httpx.post(
        f"{county.url}/preregister",
        data={
            **FORM,
            "document_number": "411623199004151238",
            "phone": "1381234567",
            "origin": "火星",
            "destination_township": "不存在乡",
        },
    )
    assert answer.status_code == 400
    text = answer.text
    assert '<span class="error" id="document_number-error">校验位不符' in text
    assert '<span class="error" id="phone-error">手机号应为11位，现在是10位</span>' in text
    assert 'id="origin_code-error">没有找到这个地方' in text
    assert 'id="destination_township-error">请从列表中选择目的乡镇' in text
    assert 'value="张伟"' in text  # nothing typed is lost
    assert "<svg" not in text


def test_a_valid_form_answers_a_qr_with_its_expiry_and_stores_nothing(county):
    answer = httpx.post(f"{county.url}/preregister", data=FORM)
    assert answer.status_code == 200
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="qr">', answer.text)
    assert "有效期至" in answer.text
    assert "4116**********1232" in answer.text and "411623199004151232" not in answer.text
    assert "138****5678" in answer.text
    assert "上海市浦东新区" in answer.text
    # The county keeps no copy: no table anywhere holds the traveller's phone or ID.
    database = county.data_dir / "county.db"
    with sqlite3.connect(database) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                assert "13812345678" not in repr(row), table


def test_too_many_submissions_from_one_address_are_refused(tmp_path):
    with _serving(CountyServer(tmp_path)) as server:
        answers = [
            httpx.post(f"{server.url}/preregister", data={**FORM, "phone": ""}).status_code
            for _ in range(21)
        ]
        assert answers[:20] == [400] * 20
        assert answers[20] == 429
        refused = httpx.post(f"{server.url}/preregister", data=FORM)
        assert refused.status_code == 429
        assert "提交太频繁，请 10 分钟后再试" in refused.text


def test_submission_rate_forgets_old_submissions():
    now = [0.0]
    rate = SubmissionRate(limit=2, window_seconds=60, clock=lambda: now[0])
    assert rate.admit("a") == 0 and rate.admit("a") == 0
    assert rate.admit("a") == pytest.approx(60)
    assert rate.admit("b") == 0
    now[0] = 61
    assert rate.admit("a") == 0


# ------------------------------------------------------------------------ in Chromium

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, county):
    """A phone-sized page with JavaScript off: the page must work without it."""
    context = browser.new_context(
        base_url=county.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        java_script_enabled=False,
    )
    yield context.new_page()
    context.close()


def _fill(page, values):
    for field in ("name", "document_number", "phone", "plate", "origin", "plan"):
        page.fill(f"#{field}", values[field])
    page.select_option("#document_type", values["document_type"])
    page.select_option("#destination_township", values["destination_township"])
    page.select_option("#reason", values["reason"])


def _fits_width(page) -> bool:
    box = page.locator("main").bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_phone_form_shows_errors_beside_fields_without_javascript(phone):
    phone.goto("/preregister")
    _fill(phone, {**FORM, "phone": "1381234"})
    phone.click("button[type=submit]")
    error = phone.locator("#phone-error")
    assert error.inner_text() == "手机号应为11位，现在是7位"
    # The message sits right under its own field.
    field_box = phone.locator("#phone").bounding_box()
    error_box = error.bounding_box()
    assert (
        field_box
        and error_box
        and 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 20
    )
    assert phone.input_value("#name") == "张伟"
    assert _fits_width(phone)


def test_phone_gets_a_code_the_checkpoint_reads_and_verifies(phone, county):
    phone.goto("/preregister")
    assert _fits_width(phone)
    _fill(phone, FORM)
    phone.click("button[type=submit]")
    assert "有效期至" in phone.locator(".expiry").inner_text()
    qr = phone.locator("svg.qr").bounding_box()
    assert qr is not None and qr["x"] >= 0 and qr["x"] + qr["width"] <= PHONE["width"]
    assert qr["width"] >= 250  # big enough to scan from the phone's screen
    assert _fits_width(phone)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOT), full_page=True)

    # The screenshot is what a traveller would send: the workstation's decoder reads it
    # and the code verifies against the county's key.
    image = load_image(SCREENSHOT.read_bytes())
    texts = [code.text for code in decode_codes(image.bgr).codes]
    assert len(texts) == 1
    verified = verify_preregistration(
        texts[0], public_key_bytes(county.keys.signing), now=datetime.now(UTC)
    )
    assert verified.details == Preregistration(
        name="张伟",
        document_type=DocumentType.RESIDENT_ID,
        document_number="411623199004151232",
        phone="13812345678",
        plate="沪A12345",
        origin_code="310115",
        destination_township="谭庄镇",
        reason="探亲访友",
        plan="到谭庄镇父母家，住两周",
    )
    assert timedelta(hours=23) < verified.expires_at - datetime.now(UTC) <= timedelta(hours=24)
