from registry.db import db


class Annotation(db.Model):
    """Declared before the table its one key names (its module is read first): create_all()
    orders tables by their keys, the target given here by keyword."""

    __tablename__ = "annotations"
    __table_args__ = {"schema": "catalog"}

    id = db.Column(db.Integer, primary_key=True)
    label_id = db.Column(
        db.Integer, db.ForeignKey(column="catalog.labels.id", ondelete="CASCADE"), nullable=False
    )
