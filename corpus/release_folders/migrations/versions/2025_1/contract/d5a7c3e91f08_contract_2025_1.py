"""2025.1 contract: drop the legacy code

Revision ID: d5a7c3e91f08
Revises: 3f1c9a2b7d40
Create Date: 2025-03-17 14:05:31.020984

"""
from alembic import op
import sqlalchemy as sa

import release_labels


revision = "d5a7c3e91f08"
down_revision = "3f1c9a2b7d40"
branch_labels = (release_labels.CONTRACT_BRANCH,)
depends_on = "8b0e4d6a1c52"


def upgrade():
    op.drop_column("accounts", "legacy_code")


def downgrade():
    op.add_column("accounts", sa.Column("legacy_code", sa.String(length=16), nullable=True))
