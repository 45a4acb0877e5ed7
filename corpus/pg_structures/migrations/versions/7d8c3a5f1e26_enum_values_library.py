"""enum values with alembic-postgresql-enum

Revision ID: 7d8c3a5f1e26
Revises: e2a7b4c9d615
Create Date: 2025-03-09 14:51:13.905482

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from alembic_postgresql_enum import TableReference


# revision identifiers, used by Alembic.
revision: str = "7d8c3a5f1e26"
down_revision: Union[str, Sequence[str], None] = "e2a7b4c9d615"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE TYPE priority AS ENUM ('low', 'high')")
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "priority",
            postgresql.ENUM("low", "high", name="priority", create_type=False),
            server_default="low",
            nullable=False,
        ),
    )
    op.execute(
        "CREATE TABLE task_archive (id integer PRIMARY KEY, "
        "priority priority DEFAULT 'high')"
    )
    # `before_value`: the library writes ADD VALUE ... AFTER it.
    op.add_enum_value("public", "priority", "medium", before_value="low")
    op.sync_enum_values(
        "public",
        "priority",
        ["low", "normal", "high", "urgent"],
        [
            ("tasks", "priority"),
            TableReference(
                table_schema="public",
                table_name="task_archive",
                column_name="priority",
                existing_server_default="'high'::priority",
            ),
        ],
        enum_values_to_rename=[("medium", "normal")],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.sync_enum_values(
        enum_schema="public",
        enum_name="priority",
        new_values=["low", "high"],
        affected_columns=[("tasks", "priority"), ("task_archive", "priority")],
        enum_values_to_rename=[],
    )
    op.drop_table("task_archive")
    op.drop_table("tasks")
    op.execute("DROP TYPE priority")
