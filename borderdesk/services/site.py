"""This database's own site: a border post or a headquarters."""
from __future__ import annotations

from typing import Callable, NamedTuple

from borderdesk.domain.errors import SetupError, ValidationError
from borderdesk.i18n import _
from borderdesk.services import registry, session
from borderdesk.store.models import DB

KINDS = ("post", "headquarters")


class Made(NamedTuple):
    post: object  # the Post row of this site
    officer: object | None  # the Officer row made with it, if one was given


def check_post(data: dict) -> dict:
    """Check a site's post the way :func:`setup` will, writing nothing; raises :class:`ValidationError`."""
    data = {**data, "code": (data.get("code") or "").strip(), "kind": data.get("kind") or "post"}
    if data["kind"] not in KINDS:
        raise ValidationError({"kind": _("Not one of the allowed values: {values}.").format(values=", ".join(KINDS))})
    return registry.check("post", data)


def check(post: dict, officer: dict | None = None) -> None:
    """Check a site and its officer as :func:`setup` will, writing nothing; raises :class:`ValidationError`."""
    values = check_post(post)
    if officer is not None:
        registry.check("officer", {**officer, "post_code": values["code"]})


def setup(post: dict, officer: dict | None = None, then: Callable[[], object] | None = None) -> Made:
    """Give a fresh database its identity, and its first officer, in one transaction.

    *then* runs inside the same transaction once the site exists (``borderdesk.app``
    makes the site's sync key pairs there). Refuses a database that already has a site.
    """
    if session.get_setting("site_code"):
        raise SetupError(_("this database is already set up for {code}; nothing was changed").format(
            code=session.get_setting("site_code")))
    values = check_post(post)
    try:
        with DB.atomic():
            # The identity must exist before the first stamp, which names the site.
            session.set_setting("site_code", values["code"])
            session.set_setting("site_kind", values["kind"])
            session.open_session()
            made_post = registry.create("post", values)
            made_officer = None
            if officer is not None:
                made_officer = registry.create("officer", {**officer, "post_code": values["code"]})
            if then is not None:
                then()
    except BaseException:
        session.open_session()  # the transaction rolled back: forget the half-made identity
        raise
    return Made(made_post, made_officer)


def init_site(code: str, name_vi: str, name_zh: str = "", kind: str = "post", province: str = ""):
    """:func:`setup` of a site without an officer; returns its Post row."""
    return setup({"code": code, "name_vi": name_vi, "name_zh": name_zh, "kind": kind, "province": province}).post
