"""audit transactions, with a per-actor report view

Revision ID: f7a84a0605aa
Revises: 92ec16b0c17a
Create Date: 2024-06-12 15:30:41.228719

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f7a84a0605aa'
down_revision: Union[str, Sequence[str], None] = '92ec16b0c17a'
branch_labels: Union[str, Sequence[str], None] = None
# the view reads audit.events.actor, added in ec57f85715ef
depends_on: Union[str, Sequence[str], None] = 'ec57f85715ef'


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        "CREATE TRIGGER transactions_audit "
        "AFTER INSERT OR UPDATE OR DELETE ON transactions "
        "FOR EACH ROW EXECUTE FUNCTION audit.log_change()"
    )
    op.execute(
        """
        CREATE VIEW audit.transaction_changes AS
        SELECT e.row_id AS transaction_id, e.action, e.actor, e.changed_at
        FROM audit.events AS e
        WHERE e.table_name = 'transactions'
        """
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP VIEW audit.transaction_changes")
    op.execute("DROP TRIGGER transactions_audit ON transactions")
