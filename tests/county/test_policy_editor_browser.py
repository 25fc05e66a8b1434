"""The policy editor in real headless Chromium (Debian's, driven by Playwright): a county
administrator adds a high-risk area, previews, publishes; no script runs on the page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from checkpoint_app.county.cli import main as county_main

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "shangshui-2022-04"

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def admin_server(county_server):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        args = ["user", "add", "policy-admin", "--role", "admin", "--password-stdin"]
        assert county_main([*args, "--db", county_server.db_url]) == 0
    return county_server


@pytest.fixture
def page(admin_server):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=admin_server.url,
            viewport={"width": 1400, "height": 900},
            locale="zh-CN",
            java_script_enabled=False,  # the editor must work as plain HTML forms
        )
        yield context.new_page()
        browser.close()


def test_an_administrator_previews_and_publishes_a_new_risk_area_without_javascript(
    page, admin_server
):
    page.goto("/login")
    page.get_by_label("用户名").fill("policy-admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="防控策略").click()
    before = admin_server.store.latest_policy()
    page.locator('input[name="risk_code_0"]').fill("220100")
    page.locator('select[name="risk_level_0"]').select_option("high")
    page.get_by_role("button", name="预览").click()
    first = page.locator("#preview tbody tr").first.inner_text()
    assert "吉林省长春市" in first and "劝返" in first
    assert "吉林省长春市" in page.locator("#risk-areas tbody tr").first.inner_text()
    page.get_by_role("button", name="校验、签名并发布新版本").click()
    published = (before.version if before else 0) + 1
    assert f"已签名并发布第 {published} 版防控策略" in page.locator("#notice").inner_text()
    assert admin_server.store.latest_policy().version == published
    assert "policy-admin" in page.locator("#publish-log tbody tr").first.inner_text()
