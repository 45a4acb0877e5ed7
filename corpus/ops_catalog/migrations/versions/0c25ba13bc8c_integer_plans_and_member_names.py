"""integer plan codes, required member names, column comments

Revision ID: 0c25ba13bc8c
Revises: 537689de5938
Create Date: 2024-04-10 15:30:58.245006

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0c25ba13bc8c"
down_revision: Union[str, Sequence[str], None] = "537689de5938"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # The varchar default '1' cannot be cast to integer automatically, so the
    # default goes first and comes back after the type change.
    op.alter_column("organizations", "plan", server_default=None)
    op.alter_column(
        "organizations",
        "plan",
        type_=sa.Integer,
        existing_type=sa.String(10),
        existing_nullable=False,
        postgresql_using="plan::integer",
    )
    op.alter_column("organizations", "plan", server_default=sa.text("1"))
    op.alter_column(
        "organizations",
        "name",
        comment=None,
        existing_comment="Display name shown on invoices",
        existing_type=sa.String(200),
    )

    op.execute("UPDATE members SET display_name = email WHERE display_name IS NULL")
    # TYPE, SET NOT NULL, COMMENT, then RENAME: all in one call
    op.alter_column(
        "members",
        "display_name",
        new_column_name="full_name",
        type_=sa.String(200),
        nullable=False,
        comment="As printed on the badge",
        existing_type=sa.String(100),
        existing_nullable=True,
    )
    op.alter_column(
        table_name="members",
        column_name="role",
        server_default=None,
        existing_server_default="member",
        existing_type=sa.String(20),
    )
    op.alter_column("members", "timezone", nullable=True, existing_type=sa.String(64))
    op.alter_column("rooms", "capacity", server_default="10", existing_type=sa.Integer)
    # account numbers may no longer be chosen by the application:
    # ALTER COLUMN account_no SET GENERATED ALWAYS
    op.alter_column(
        "organizations",
        "account_no",
        server_default=sa.Identity(always=True, start=100000, increment=1),
        existing_server_default=sa.Identity(start=100000, increment=1),
        existing_type=sa.BigInteger,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.alter_column(
        "organizations",
        "account_no",
        server_default=sa.Identity(start=100000, increment=1),
        existing_server_default=sa.Identity(always=True, start=100000, increment=1),
        existing_type=sa.BigInteger,
    )
    op.alter_column("rooms", "capacity", server_default=None, existing_type=sa.Integer)
    op.execute("UPDATE members SET timezone = 'UTC' WHERE timezone IS NULL")
    op.alter_column("members", "timezone", nullable=False, existing_type=sa.String(64))
    op.alter_column(
        table_name="members",
        column_name="role",
        server_default="member",
        existing_type=sa.String(20),
    )
    op.alter_column(
        "members",
        "full_name",
        new_column_name="display_name",
        type_=sa.String(100),
        nullable=True,
        comment=None,
        existing_type=sa.String(200),
        existing_comment="As printed on the badge",
    )
    op.alter_column(
        "organizations",
        "name",
        comment="Display name shown on invoices",
        existing_type=sa.String(200),
    )
    op.alter_column("organizations", "plan", server_default=None)
    op.alter_column(
        "organizations",
        "plan",
        type_=sa.String(10),
        existing_type=sa.Integer,
        postgresql_using="plan::varchar",
    )
    op.alter_column("organizations", "plan", server_default="1")
