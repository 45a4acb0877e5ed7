"""Flask-SQLAlchemy models for the wiki.

Table names come from Flask-SQLAlchemy (``WikiPage`` -> ``wiki_page``).
Every constraint and index is named by the naming convention below, which
migrations/env.py hands to Alembic as ``target_metadata`` so that
``op.*`` / ``batch_op.*`` calls with ``None`` names get the same names.
"""

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy

convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=sa.MetaData(naming_convention=convention))


class Author(db.Model):
    # the column was renamed from username; its index kept the old name
    __table_args__ = (db.Index("ix_author_username", "handle", unique=True),)

    id = db.Column(db.Integer, primary_key=True)
    handle = db.Column(db.String(64), nullable=False)
    email = db.Column(db.String(120), nullable=False, unique=True, index=True)


class WikiPage(db.Model):
    __table_args__ = (
        db.CheckConstraint("views >= 0", name="views_nonnegative"),
        db.CheckConstraint("char_length(summary) <= 500", name="summary_length"),
        db.Index("ix_wiki_page_category_title", "category", "title"),
    )

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(200), nullable=False, unique=True)
    title = db.Column(db.String(250), nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("author.id"), nullable=False)
    body = db.Column(db.Text)
    views = db.Column(db.Integer, nullable=False, server_default="0")
    summary = db.Column(db.String(500))
    locked = db.Column(db.Boolean, nullable=False, server_default=sa.text("false"))
    category = db.Column(db.String(50))


class PageRevision(db.Model):
    __table_args__ = (db.Index(None, "page_id", "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    page_id = db.Column(
        db.Integer, db.ForeignKey("wiki_page.id", ondelete="CASCADE"), nullable=False
    )
    editor_id = db.Column(db.Integer, db.ForeignKey("author.id"))
    body = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, server_default=sa.func.now())


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False, unique=True)


page_tags = db.Table(
    "page_tags",
    db.Column("page_id", db.ForeignKey("wiki_page.id"), primary_key=True),
    db.Column("tag_id", db.ForeignKey("tag.id"), primary_key=True),
)


class Attachment(db.Model):
    __table_args__ = (
        db.CheckConstraint("size_bytes > 0", name="positive_size"),
        # the convention prefixes this name again:
        # ck_attachment_ck_attachment_known_type
        db.CheckConstraint("content_type <> ''", name="ck_attachment_known_type"),
    )

    id = db.Column(db.Integer, primary_key=True)
    page_id = db.Column(
        db.Integer,
        db.ForeignKey("wiki_page.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    filename = db.Column(db.String(255), nullable=False)
    size_bytes = db.Column(db.BigInteger, nullable=False)
    content_type = db.Column(db.String(100), nullable=False)


class PageRevisionReviewAssignment(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    revision_id = db.Column(
        db.Integer,
        db.ForeignKey("page_revision.id", ondelete="CASCADE"),
        nullable=False,
    )
    # its foreign key's convention name is longer than 63 characters and is
    # shortened to fk_page_revision_review_assignment_assigned_reviewer_au_ee98
    assigned_reviewer_author_id = db.Column(
        db.Integer, db.ForeignKey("author.id"), nullable=False
    )
    due_at = db.Column(db.DateTime)
