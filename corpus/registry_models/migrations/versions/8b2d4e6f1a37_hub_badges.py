"""hub badges

Revision ID: 8b2d4e6f1a37
Revises: 3f8a1c5e7b20
Create Date: 2025-05-09 16:02:51.440918

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8b2d4e6f1a37"
down_revision: Union[str, Sequence[str], None] = "3f8a1c5e7b20"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "hub_badge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="active", nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_hub_badge_account_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_badge")),
    )
    op.create_index(
        "ix_hub_badge_live",
        "hub_badge",
        ["account_id"],
        unique=False,
        postgresql_where=sa.text("state = 'active'"),
    )


def downgrade() -> None:
    op.drop_index("ix_hub_badge_live", table_name="hub_badge", postgresql_where=sa.text("state = 'active'"))
    op.drop_table("hub_badge")
