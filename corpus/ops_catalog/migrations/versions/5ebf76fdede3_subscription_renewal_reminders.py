"""subscription renewal reminder notifications

Revision ID: 5ebf76fdede3
Revises: 5519ef0cc789
Create Date: 2024-06-27 13:45:03.907611

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5ebf76fdede3"
down_revision: Union[str, Sequence[str], None] = "5519ef0cc789"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # PostgreSQL's names for the unnamed FK and unique constraint would be
    # longer than 63 bytes; it shortens the table and column parts itself.
    op.create_table(
        "subscription_renewal_reminder_notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "organization_id",
            sa.Integer,
            sa.ForeignKey("organizations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("notification_delivery_channel_identifier", sa.String(100), unique=True),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("subscription_renewal_reminder_notifications", if_exists=True)
