"""This database's own site: a border post or a headquarters."""
from __future__ import annotations

from typing import Callable

from borderdesk.domain.errors import SetupError, ValidationError
from borderdesk.i18n import _
from borderdesk.services import registry, session
from borderdesk.store.models import DB

#: Called with the new Post row after a site is created, in the same transaction
#: (the sync package adds the making of the site's key pairs here).
ON_INIT: list[Callable] = []


def init_site(code: str, name_vi: str, name_zh: str = "", kind: str = "post", province: str = ""):
    """Give a fresh database its identity. Refuses a database that already has one."""
    if session.get_setting("site_code"):
        raise SetupError(_("this database is already set up for {code}; nothing was changed").format(
            code=session.get_setting("site_code")))
    if kind not in ("post", "headquarters"):
        raise ValidationError({"kind": _("Not one of the allowed values: {values}.").format(values="post, headquarters")})
    code = (code or "").strip()
    try:
        return _create_identity(code, name_vi, name_zh, kind, province)
    except Exception:
        session.open_session()  # the transaction rolled back: forget the half-made identity
        raise


def _create_identity(code, name_vi, name_zh, kind, province):
    with DB.atomic():
        # The identity must exist before the first stamp, which names the site.
        session.set_setting("site_code", code)
        session.set_setting("site_kind", kind)
        session.open_session()
        post = registry.create("post", {"code": code, "name_vi": name_vi, "name_zh": name_zh,
                                        "province": province, "kind": kind})
        for hook in ON_INIT:
            hook(post)
    return post


def this_post():
    from borderdesk.store.models import Post

    return Post.get_or_none(Post.code == session.site_code())
