"""create audit schema

Revision ID: 55b17c277a74
Revises: 
Create Date: 2024-02-19 09:14:07.825331

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = '55b17c277a74'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('audit',)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE SCHEMA audit")
    op.create_table(
        'events',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('table_name', sa.Text(), nullable=False),
        sa.Column('row_id', sa.BigInteger(), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        schema='audit',
    )
    # Generic row-level trigger function; tables opt in with
    #   CREATE TRIGGER ... EXECUTE FUNCTION audit.log_change()
    op.execute(
        """
        CREATE FUNCTION audit.log_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO audit.events (table_name, row_id, action, payload)
                VALUES (TG_TABLE_NAME, OLD.id, TG_OP, to_jsonb(OLD));
                RETURN OLD;
            END IF;
            INSERT INTO audit.events (table_name, row_id, action, payload)
            VALUES (TG_TABLE_NAME, NEW.id, TG_OP, to_jsonb(NEW));
            RETURN NEW;
        END;
        $$
        """
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP FUNCTION audit.log_change()")
    op.drop_table('events', schema='audit')
    op.execute("DROP SCHEMA audit")
