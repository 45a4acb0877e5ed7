"""settings updated index

Revision ID: 1c9f3b6e0a27
Revises: 1b5e8d2a6f03
Create Date: 2025-09-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1c9f3b6e0a27'
down_revision: Union[str, Sequence[str], None] = '1b5e8d2a6f03'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_settings_updated_at", "settings", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_settings_updated_at", table_name="settings")
