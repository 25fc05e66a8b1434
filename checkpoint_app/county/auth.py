"""Dashboard sign-in: Argon2id password hashes, signed session cookies, CSRF tokens, throttling.

The session cookie is signed with HMAC-SHA256 under a random key kept in the county's data
folder (0600). It names the user and carries a fingerprint of that user's password hash;
its nonce is also the id of a server-side session (county/shared_state.py), so a logout,
a new password or a new role ends it at once (throttling is there too). Forms carry a CSRF
token derived from the session's random nonce; the login form gets its own from a
short-lived pre-login cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from checkpoint_app.sync.keys import KeyFileError, write_atomically

SESSION_KEY_FILENAME = "dashboard_session.key"
SESSION_COOKIE = "kdt_session"
LOGIN_COOKIE = "kdt_login"
SESSION_SECONDS = 12 * 3600  # one long duty shift
LOGIN_FORM_SECONDS = 30 * 60
MIN_PASSWORD_LENGTH = 8

# argon2-cffi's defaults are Argon2id with the RFC 9106 "low memory" parameters (64 MiB,
# 3 passes): slow enough to make a stolen hash expensive, fast enough for a login.
_hasher = PasswordHasher()
# Verified when the user does not exist, so that an unknown name takes as long as a wrong
# password and the timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """An Argon2id hash of `password`; refuses passwords shorter than 8 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; False for a wrong one, an unknown user or a bad hash."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def load_session_secret(data_dir: Path) -> bytes:
    """The key that signs dashboard cookies; made on first use (0600), kept across restarts."""
    path = data_dir / SESSION_KEY_FILENAME
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    except OSError as exc:
        raise KeyFileError(f"无法读取 {path.name}") from exc
    if len(secret) < 32:
        secret = secrets.token_bytes(32)
        write_atomically(path, secret)
    return secret


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Session:
    username: str
    nonce: str
    password_fingerprint: str
    expires: int


class CookieSigner:
    """Signs and reads the dashboard's cookies and derives CSRF tokens from their nonces."""

    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def _mac(self, purpose: str, payload: str) -> str:
        message = f"{purpose}\n{payload}".encode()
        return _b64(hmac.new(self._secret, message, hashlib.sha256).digest())

    def _seal(self, purpose: str, data: dict[str, object]) -> str:
        payload = _b64(json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8"))
        return f"{payload}.{self._mac(purpose, payload)}"

    def _open(self, purpose: str, cookie: str | None) -> dict[str, object] | None:
        if not cookie or cookie.count(".") != 1 or len(cookie) > 4096:
            return None
        payload, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac(purpose, payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict):
            return None
        expires = data.get("exp")
        if not isinstance(expires, int) or expires < self._clock():
            return None
        return data

    def issue_session(self, username: str, password_hash: str) -> str:
        """A fresh session cookie (a new nonce: a CSRF token from before login is void)."""
        return self._seal(
            "session",
            {
                "u": username,
                "n": secrets.token_urlsafe(16),
                "p": password_fingerprint(password_hash),
                "exp": int(self._clock()) + SESSION_SECONDS,
            },
        )

    def read_session(self, cookie: str | None) -> Session | None:
        """The session in a cookie if its signature holds and it has not expired."""
        data = self._open("session", cookie)
        if data is None:
            return None
        username, nonce, fingerprint = data.get("u"), data.get("n"), data.get("p")
        if not (
            isinstance(username, str) and isinstance(nonce, str) and isinstance(fingerprint, str)
        ):
            return None
        expires = data["exp"]
        assert isinstance(expires, int)
        return Session(username, nonce, fingerprint, expires)

    def issue_login_cookie(self) -> str:
        """The pre-login cookie whose nonce the login form's CSRF token is bound to."""
        return self._seal(
            "login",
            {"n": secrets.token_urlsafe(16), "exp": int(self._clock()) + LOGIN_FORM_SECONDS},
        )

    def login_nonce(self, cookie: str | None) -> str | None:
        data = self._open("login", cookie)
        nonce = data.get("n") if data else None
        return nonce if isinstance(nonce, str) else None

    def csrf_token(self, nonce: str) -> str:
        """The token a form must send back; bound to the cookie's nonce, so a page of
        another site cannot know it."""
        return self._mac("csrf", nonce)

    def check_csrf(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(token, self.csrf_token(nonce))
