"""delivery sent_at

Revision ID: d1f0a2b3c4e5
Revises: 7f193a1fe5ec
Create Date: 2025-04-02 09:12:44.501877

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "d1f0a2b3c4e5"
down_revision: Union[str, Sequence[str], None] = "7f193a1fe5ec"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("deliveries", sa.Column("sent_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("deliveries", "sent_at")
