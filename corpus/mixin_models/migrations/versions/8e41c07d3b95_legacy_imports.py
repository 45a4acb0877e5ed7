"""legacy imports, with keys that cascade

Revision ID: 8e41c07d3b95
Revises: d29b7c4e1f80
Create Date: 2025-04-16 08:31:12.660194

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8e41c07d3b95"
down_revision: Union[str, Sequence[str], None] = "d29b7c4e1f80"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # A table of the import tool, which the models do not declare (env.py's include_object
    # leaves it out of autogenerate).
    op.create_table(
        "legacy_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shelf_id", sa.Integer(), sa.ForeignKey("shelfs.id", name="fk_legacy_imports_shelf")),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_legacy_imports_user")),
    )
    # Every key of the table made to cascade: the dicts the inspector returns are changed in
    # place, then each key is dropped and created again from them.
    inspector = sa.inspect(op.get_bind())
    keys = inspector.get_foreign_keys("legacy_imports")
    for key in keys:
        key["options"]["ondelete"] = "CASCADE"
    for key in keys:
        op.drop_constraint(key["name"], "legacy_imports", type_="foreignkey")
        op.create_foreign_key(
            key["name"],
            "legacy_imports",
            key["referred_table"],
            key["constrained_columns"],
            key["referred_columns"],
            ondelete=key["options"].get("ondelete"),
        )


def downgrade() -> None:
    op.drop_table("legacy_imports")
