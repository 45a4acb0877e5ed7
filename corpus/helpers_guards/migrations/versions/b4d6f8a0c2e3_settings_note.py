"""settings note

Revision ID: b4d6f8a0c2e3
Revises: a3c5e7f9b1d2
Create Date: 2025-06-16 14:03:27.918204

What to change is read from the settings row (through the ORM, on the migration's
connection): the note column came with schema version 2, the legacy flag was dropped before
version 1.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session, declarative_base

# revision identifiers, used by Alembic.
revision: str = "b4d6f8a0c2e3"
down_revision: Union[str, Sequence[str], None] = "a3c5e7f9b1d2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Base = declarative_base()


class Setting(Base):
    __tablename__ = "service_settings"
    name = sa.Column(sa.String(40), primary_key=True)
    value = sa.Column(sa.Integer, nullable=False)


def schema_version() -> int:
    row = Session(bind=op.get_bind()).query(Setting).filter_by(name="schema").first()
    return row.value if row is not None else 0


def upgrade() -> None:
    version = schema_version()
    if version < 2:
        op.add_column("service_settings", sa.Column("note", sa.Text(), nullable=True))
    if version < 1:
        op.add_column("service_settings", sa.Column("legacy", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("service_settings", "note")
