"""The shared fixtures give each test its own post and forget it afterwards."""
from __future__ import annotations

from borderdesk.services import session
from borderdesk.store.models import Post


def test_a_post_database_knows_its_site(post_db, db_path):
    assert db_path.exists()
    assert session.site_code() == "PL"
    assert session.site_kind() == "post"
    post = Post.get(Post.code == "PL")
    assert post.site == "PL" and post.version and not post.deleted


def test_the_next_test_starts_without_a_site(db):
    assert not session.has_site()
    assert Post.select().count() == 0
