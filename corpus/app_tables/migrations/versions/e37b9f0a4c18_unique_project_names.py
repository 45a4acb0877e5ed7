"""unique project names, drop the legacy flag

Revision ID: e37b9f0a4c18
Revises: a94c02f6d5e1
Create Date: 2025-05-08 09:03:27.904611

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e37b9f0a4c18"
down_revision: Union[str, Sequence[str], None] = "a94c02f6d5e1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_unique_constraint("uq_projects_name", "projects", ["name"])
    op.drop_column("projects", "legacy_flag")


def downgrade() -> None:
    op.add_column("projects", sa.Column("legacy_flag", sa.Boolean(), nullable=True))
    op.drop_constraint("uq_projects_name", "projects", type_="unique")
