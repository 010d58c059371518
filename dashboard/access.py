"""Who may change the evidence on this dashboard: the one place that decides, per run.

- Sign-in configured (``[auth]`` in ``.streamlit/secrets.toml``): everyone may read and
  export; a user signed in through Streamlit's OpenID Connect login whose email is allowed
  in ``dashboard/access.toml`` may write.
- No sign-in, served on loopback only (``make run``) and not reached through a proxy: one
  local user, whose writes are recorded under the OS user name.
- No sign-in and served on any other address (or through a proxy): read-only.

db.audit checks the editor again where the data is written, so hiding the controls is
not the only line of defence.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from db.audit import Editor, access_file, load_policy

PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Real-Ip")
READ_ONLY = (
    "**Read-only.** This dashboard is served on {where} without sign-in, so nobody can "
    "change the evidence here. To let researchers correct records, configure sign-in in "
    "`.streamlit/secrets.toml` (start from `.streamlit/secrets.toml.example`), list who may "
    "write in `dashboard/access.toml`, and restart: see docs/OPERATIONS.md."
)


@dataclass(frozen=True)
class Access:
    """This visitor's rights: who writes (None: nobody), and what to tell them."""

    editor: Editor | None
    auth: bool = False  # sign-in is configured
    email: str | None = None  # the signed-in user's email
    notice: str | None = None  # why this visitor cannot write, and what would change it
    banner: bool = False  # show `notice` on every page (the operator must act)

    @property
    def can_write(self) -> bool:
        """Show write controls."""
        return self.editor is not None


def is_loopback(address: str | None) -> bool:
    """True for localhost and 127.0.0.0/8 or ::1; unset means every interface."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:  # a host name: may resolve to anything
        return False


def signed_in_email(user: Mapping) -> str | None:
    """The signed-in user's email, unless the provider says it is unverified."""
    email = user.get("email")
    if not user.get("is_logged_in") or not email or user.get("email_verified") is False:
        return None
    return str(email).strip().lower()


def decide(address: str | None, auth: bool, user: Mapping, proxied: bool) -> Access:
    """The access decision from the bind address, sign-in config, user and proxy headers."""
    if auth:
        email = signed_in_email(user)
        if email is None:
            return Access(None, True, None, "Sign in (in the sidebar) to correct records.")
        try:
            allowed = load_policy().allows(email)
        except ValueError as exc:  # a broken access file: nobody writes until it is fixed
            return Access(None, True, email, f"Read-only: {exc}", banner=True)
        if allowed:
            return Access(Editor(email, signed_in=True), True, email)
        return Access(None, True, email, f"Signed in as {email}: you may read and export. "
                      f"To correct records, ask the operator to add you to `{access_file()}`.")  # fmt: skip
    if is_loopback(address) and not proxied:
        return Access(Editor.local())
    where = "every network interface" if not address else f"`{address}`"
    if proxied and is_loopback(address):
        where = "loopback behind a proxy"
    return Access(None, notice=READ_ONLY.format(where=where), banner=True)


def auth_configured() -> bool:
    """True when the secrets have an [auth] section (Streamlit's OIDC sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answers
        return False


def current() -> Access:
    """This visitor's access, from Streamlit's config, secrets, st.user and headers."""
    headers = st.context.headers or {}
    proxied = any(h in headers for h in PROXY_HEADERS)
    auth = auth_configured()
    user = st.user.to_dict() if auth else {}
    return decide(st.get_option("server.address"), auth, user, proxied)


def providers() -> list[str | None]:
    """Sign-in providers: None for a single [auth] provider, else each [auth.<name>]."""
    auth = st.secrets.get("auth", {})
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return [None] if "client_id" in auth or not named else named


def sidebar(access: Access) -> None:
    """Sign-in and sign-out buttons, and who changes are recorded as."""
    if access.email:
        st.sidebar.caption(f"Signed in as {access.email}")
        st.sidebar.button("Sign out", on_click=st.logout, key="access_logout")
    elif access.auth:
        for name in providers():
            label = "Sign in" if name is None else f"Sign in with {name}"
            st.sidebar.button(label, on_click=st.login, args=(name,) if name else (),
                              key=f"access_login_{name}")  # fmt: skip
    elif access.editor:
        st.sidebar.caption(f"Local run: changes are recorded as `{access.editor.user}`.")
