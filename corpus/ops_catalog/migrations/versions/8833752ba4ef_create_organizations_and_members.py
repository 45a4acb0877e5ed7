"""create organizations and members

Revision ID: 8833752ba4ef
Revises:
Create Date: 2024-01-08 10:12:44.501233

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "8833752ba4ef"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False, unique=True),
        sa.Column(
            "name",
            sa.String(200),
            nullable=False,
            comment="Display name shown on invoices",
        ),
        # plan codes were strings at first; 0c25ba13bc8c turns them into integers
        sa.Column("plan", sa.String(10), nullable=False, server_default="1"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        comment="Customers of the coworking service",
    )
    op.create_table(
        "members",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column(
            "org_id",
            sa.Integer,
            sa.ForeignKey("organizations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(100)),
        sa.Column("role", sa.String(20), nullable=False, server_default="member"),
        # unique + index: one UNIQUE INDEX ix_members_invite_code, no constraint
        sa.Column("invite_code", sa.String(16), unique=True, index=True),
        sa.UniqueConstraint("org_id", "email"),
        sa.CheckConstraint(
            "role IN ('owner', 'admin', 'member')", name="ck_members_role"
        ),
    )
    op.create_table(
        "legacy_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column(
            "member_id", sa.BigInteger, sa.ForeignKey("members.id"), nullable=False
        ),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("legacy_sessions")
    op.drop_table("members")
    op.drop_table("organizations")
