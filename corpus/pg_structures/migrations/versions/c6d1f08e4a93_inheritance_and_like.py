"""inheritance and LIKE

Revision ID: c6d1f08e4a93
Revises: 9b3e5d7a2c41
Create Date: 2025-02-18 11:02:57.118204

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c6d1f08e4a93"
down_revision: Union[str, Sequence[str], None] = "9b3e5d7a2c41"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("now()")),
        sa.CheckConstraint("length(body) > 0", name="ck_notes_body"),
    )
    op.create_index("ix_notes_created_at", "notes", ["created_at"])
    # Inheritance: the parent's columns first, its NOT NULL, defaults and checks; not its
    # primary key or indexes.
    op.create_table(
        "pinned_notes",
        sa.Column("pinned_by", sa.String(40), nullable=False),
        postgresql_inherits="notes",
    )
    op.execute(
        """
        CREATE TABLE archived_notes (
            archived_at timestamptz,
            body text DEFAULT 'archived',
            CONSTRAINT archived_notes_pkey PRIMARY KEY (id)
        ) INHERITS (notes)
        """
    )
    # LIKE: columns and NOT NULL always; the rest as INCLUDING says.
    op.execute("CREATE TABLE notes_copy (LIKE notes INCLUDING ALL, extra integer)")
    op.execute("CREATE TABLE notes_shape (note_id integer, LIKE notes)")
    # A column added to the parent reaches the children.
    op.execute("ALTER TABLE notes ADD COLUMN tag varchar(20) DEFAULT 'none'")
    op.create_check_constraint("ck_notes_tag", "notes", "tag <> ''")
    # A table joins and leaves the hierarchy.
    op.execute(
        "CREATE TABLE draft_notes (id integer NOT NULL, body text NOT NULL, "
        "created_at timestamp, tag varchar(20), "
        "CONSTRAINT ck_notes_body CHECK (length(body) > 0), "
        "CONSTRAINT ck_notes_tag CHECK (tag <> ''))"
    )
    op.execute("ALTER TABLE draft_notes INHERIT notes")
    op.execute("ALTER TABLE archived_notes NO INHERIT notes")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("ALTER TABLE archived_notes INHERIT notes")
    op.execute("DROP TABLE draft_notes")
    op.drop_constraint("ck_notes_tag", "notes", type_="check")
    op.execute("ALTER TABLE notes DROP COLUMN tag")
    op.drop_table("notes_shape")
    op.drop_table("notes_copy")
    op.execute("DROP TABLE notes CASCADE")
