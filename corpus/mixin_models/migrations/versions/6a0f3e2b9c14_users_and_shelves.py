"""users and shelves

Revision ID: 6a0f3e2b9c14
Revises:
Create Date: 2025-04-02 16:40:03.118552

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "6a0f3e2b9c14"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("default_shelf_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "shelfs",
        sa.Column("label", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_shelfs_created_by"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label"),
    )
    op.create_index(
        "ix_shelfs_live_label",
        "shelfs",
        ["label"],
        unique=False,
        postgresql_where=sa.text("state IN ('open', 'full')"),
    )
    op.create_foreign_key("fk_users_default_shelf", "users", "shelfs", ["default_shelf_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint("fk_users_default_shelf", "users", type_="foreignkey")
    op.drop_index("ix_shelfs_live_label", table_name="shelfs", postgresql_where=sa.text("state IN ('open', 'full')"))
    op.drop_table("shelfs")
    op.drop_table("users")
