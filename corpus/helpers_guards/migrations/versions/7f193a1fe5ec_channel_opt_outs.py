"""per-channel opt-outs for subscribers

Revision ID: 7f193a1fe5ec
Revises: c0ac7bf99f19
Create Date: 2025-03-24 16:58:03.027714

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "7f193a1fe5ec"
down_revision: Union[str, Sequence[str], None] = "c0ac7bf99f19"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHANNELS = ["email", "sms", "push"]


def opt_out_column(channel):
    return f"{channel}_opt_out"


def upgrade() -> None:
    """Upgrade schema."""
    for channel in CHANNELS:
        op.add_column(
            "subscribers",
            sa.Column(
                opt_out_column(channel),
                sa.Boolean,
                nullable=False,
                server_default=sa.false(),
            ),
        )
        op.execute(
            f"COMMENT ON COLUMN subscribers.{opt_out_column(channel)} "
            f"IS 'Subscriber opted out of {channel} notifications'"
        )
    op.create_check_constraint(
        "ck_subscribers_reachable", "subscribers", "email IS NOT NULL OR phone IS NOT NULL"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("ck_subscribers_reachable", "subscribers", type_="check")
    for channel in reversed(CHANNELS):
        op.drop_column("subscribers", opt_out_column(channel))
