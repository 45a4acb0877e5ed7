"""note tags

Revision ID: 91d0a6c4e7b8
Revises: 0b7d4e2a9c13
Create Date: 2025-01-20 14:02:11.503822

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "91d0a6c4e7b8"
down_revision: Union[str, Sequence[str], None] = "0b7d4e2a9c13"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch_op:
        batch_op.add_column(sa.Column("tags", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch_op:
        batch_op.drop_column("tags")
